#include "bundle/manifest.h"

#include <openssl/evp.h>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "bundle/file_digest.h"

namespace tebiki::bundle {

namespace fs = std::filesystem;

namespace {

std::string to_hex(const unsigned char* digest, unsigned int length) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += digits[digest[i] >> 4];
        out += digits[digest[i] & 0xf];
    }
    return out;
}

bool is_hex64(const std::string& s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

}  // namespace

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    if (ctx_ == nullptr || EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256: cannot initialise OpenSSL digest");
}
Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }
void Sha256::update(const void* data, std::size_t size) {
    if (EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data, size) != 1)
        throw std::runtime_error("SHA-256: digest update failed");
}
std::string Sha256::hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), digest, &length) != 1)
        throw std::runtime_error("SHA-256: digest final failed");
    return to_hex(digest, length);
}

std::string sha256_hex(const void* data, std::size_t size) {
    Sha256 h;
    h.update(data, size);
    return h.hex();
}

std::string sha256_file(const fs::path& file, std::uint64_t* size) {
    // One reading loop for the bundle's files (bundle/file_digest.h); the
    // CRC-32 it also makes is cheap beside the SHA-256.
    const FileDigest digest = digest_file(file);
    if (size) *size = digest.size;
    return digest.sha256;
}

bool is_safe_relative_path(const std::string& path) {
    if (path.empty() || path.front() == '/' || path.back() == '/') return false;
    if (path.find('\\') != std::string::npos || path.find('\0') != std::string::npos) return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        const std::string part = path.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") return false;
        start = end + 1;
    }
    return true;
}

std::string Manifest::to_json() const {
    nlohmann::json files_json = nlohmann::json::array();
    for (const auto& f : files) files_json.push_back({{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}});
    nlohmann::json j = {{"format", format},
                        {"audience", audience},
                        {"audience_name", audience_name},
                        {"edition", edition ? nlohmann::json(*edition) : nlohmann::json(nullptr)},
                        {"source_commit", source_commit},
                        {"published_at", published_at},
                        {"tebiki_version", tebiki_version},
                        {"files", files_json}};
    if (!successor_keys.empty()) j["successor_keys"] = successor_keys;
    return j.dump(1) + "\n";  // nlohmann::json objects keep their keys sorted
}

void require_sane_time(long long value, const std::string& field) {
    if (value < kEarliestTime || value >= kLatestTime)
        throw std::runtime_error(field + " " + std::to_string(value) +
                                 " is not a time between 1980 and 2200 (Unix seconds); refused as damaged or forged");
}

bool is_audience_key(const std::string& key) {
    const auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    return !key.empty() && key.size() <= kMaxAudienceKeyBytes && lower_alnum(key.front()) &&
           std::all_of(key.begin(), key.end(), [&](char c) { return lower_alnum(c) || c == '-' || c == '_'; });
}

namespace {

// The reading side's checks, one field at a time, each naming the field.
std::string label_at(const nlohmann::json& j, const char* field, std::size_t max_bytes, bool may_be_empty) {
    const std::string value = j.at(field).get<std::string>();
    if (value.size() > max_bytes)
        throw std::runtime_error(std::string(field) + " is " + std::to_string(value.size()) +
                                 " bytes long, more than the " + std::to_string(max_bytes) + " allowed");
    if (value.empty() && !may_be_empty) throw std::runtime_error(std::string(field) + " is empty");
    return value;
}

long long integer_at(const nlohmann::json& j, const char* field) {
    const auto& value = j.at(field);
    if (!value.is_number_integer()) throw std::runtime_error(std::string(field) + " is not a whole number");
    return value.get<long long>();
}

bool is_commit_id(const std::string& s) {
    return (s.size() == 40 || s.size() == 64) && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

void require_sane_path(const std::string& path) {
    if (path.size() > kMaxPathBytes)
        throw std::runtime_error("a path of " + std::to_string(path.size()) + " bytes, more than the " +
                                 std::to_string(kMaxPathBytes) + " allowed: '" + path.substr(0, 80) + "…'");
    for (std::size_t start = 0, end; start < path.size(); start = end + 1) {
        end = std::min(path.find('/', start), path.size());
        if (end - start > kMaxNameBytes)
            throw std::runtime_error("'" + path.substr(0, 80) + "…': a name of " + std::to_string(end - start) +
                                     " bytes, more than the " + std::to_string(kMaxNameBytes) + " allowed");
    }
    if (!is_safe_relative_path(path)) throw std::runtime_error("unsafe path '" + path + "'");
}

ManifestFile file_of(const nlohmann::json& f) {
    ManifestFile file;
    file.path = f.at("path").get<std::string>();
    require_sane_path(file.path);
    const auto& size = f.at("size");
    if (!size.is_number_unsigned() || size.get<std::uint64_t>() > kMaxFileBytes)
        throw std::runtime_error("size of '" + file.path + "' is " + size.dump() +
                                 ": not a whole number of bytes from 0 to " + std::to_string(kMaxFileBytes));
    file.size = size.get<std::uint64_t>();
    file.sha256 = f.at("sha256").get<std::string>();
    if (!is_hex64(file.sha256)) throw std::runtime_error("bad sha256 for '" + file.path + "'");
    return file;
}

}  // namespace

Manifest Manifest::from_json(const std::string& bytes) {
    Manifest m;
    try {
        const auto j = nlohmann::json::parse(bytes);
        m.format = static_cast<int>(integer_at(j, "format"));
        if (m.format != kManifestFormat)
            throw std::runtime_error("unsupported manifest format " + j.at("format").dump());
        m.audience = j.at("audience").get<std::string>();
        if (!is_audience_key(m.audience))
            throw std::runtime_error("audience '" + m.audience.substr(0, 80) +
                                     "' is not an audience key (lower-case letters, digits, '-', '_'; at most " +
                                     std::to_string(kMaxAudienceKeyBytes) + " bytes)");
        m.audience_name = label_at(j, "audience_name", kMaxLabelBytes, true);
        if (!j.at("edition").is_null()) m.edition = label_at(j, "edition", kMaxLabelBytes, false);
        m.source_commit = j.at("source_commit").get<std::string>();
        if (!is_commit_id(m.source_commit))
            throw std::runtime_error("source_commit '" + m.source_commit.substr(0, 80) + "' is not a git commit id");
        m.published_at = integer_at(j, "published_at");
        require_sane_time(m.published_at, "published_at");
        m.tebiki_version = label_at(j, "tebiki_version", kMaxLabelBytes, false);
        const auto& files = j.at("files");
        if (!files.is_array()) throw std::runtime_error("files is not a list");
        if (files.size() > kMaxManifestFiles)
            throw std::runtime_error("files lists " + std::to_string(files.size()) + " files, more than the " +
                                     std::to_string(kMaxManifestFiles) + " allowed");
        std::uint64_t total = 0;
        for (const auto& f : files) {
            ManifestFile file = file_of(f);
            total += file.size;  // each at most 16 GiB, at most 200,000 of them: no overflow
            if (total > kMaxBundleBytes)
                throw std::runtime_error("the files add up to more than the " + std::to_string(kMaxBundleBytes) +
                                         " bytes allowed");
            if (!m.files.empty() && !(m.files.back().path < file.path))
                throw std::runtime_error("files not sorted or duplicated at '" + file.path + "'");
            m.files.push_back(std::move(file));
        }
        if (j.contains("successor_keys")) {
            m.successor_keys = j.at("successor_keys").get<std::vector<std::string>>();
            if (m.successor_keys.size() > kMaxSuccessorKeys)
                throw std::runtime_error("successor_keys names " + std::to_string(m.successor_keys.size()) +
                                         " keys, more than the " + std::to_string(kMaxSuccessorKeys) + " allowed");
            for (const auto& key : m.successor_keys)
                if (key.size() > kMaxKeyBytes)
                    throw std::runtime_error("a successor key of " + std::to_string(key.size()) +
                                             " bytes; a public key is far shorter");
        }
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(std::string("malformed manifest: ") + e.what());
    }
    return m;
}

namespace {

// The NFC form of a UTF-8 name (ICU).
std::string nfc_of(const std::string& name) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU has no NFC normaliser");
    const icu::UnicodeString normal = nfc->normalize(icu::UnicodeString::fromUTF8(name), status);
    if (U_FAILURE(status)) throw std::runtime_error(name + ": cannot normalise the name");
    std::string out;
    normal.toUTF8String(out);
    return out;
}

// Bundle names are NFC: a zip reader (libarchive among them) composes the
// UTF-8 names it reads, so an NFD name would come back as another name and
// its file would not verify. Names that differ only in case are two files
// on the Linux terminals and stay so.
void refuse_non_nfc(const std::vector<ManifestFile>& files) {
    std::map<std::string, std::string> by_nfc;
    for (const auto& f : files)  // first the pairs, so that the error names both files
        if (const auto [it, added] = by_nfc.emplace(nfc_of(f.path), f.path); !added)
            throw std::runtime_error(it->second + " and " + f.path +
                                     ": two names for one in Unicode NFC (composed and decomposed kana or "
                                     "accents); keep one file, named in NFC");
    for (const auto& f : files)
        if (const std::string nfc = nfc_of(f.path); nfc != f.path)
            throw std::runtime_error(f.path + ": the file name is not in Unicode NFC (decomposed, as some Mac "
                                     "tools write it); rename it to " + nfc);
}

}  // namespace

std::vector<ManifestFile> scan_files(const fs::path& site_dir, FileCrcs* crcs) {
    std::vector<ManifestFile> files;
    // The iterator's paths all start with site_dir and a separator: cheaper
    // to cut than fs::relative, which resolves both paths.
    const std::size_t prefix = (site_dir / "").native().size();
    for (auto it = fs::recursive_directory_iterator(site_dir); it != fs::recursive_directory_iterator(); ++it) {
        const auto status = it->symlink_status();
        const std::string rel = fs::path(it->path().native().substr(prefix)).generic_string();
        if (fs::is_directory(status)) continue;
        if (!fs::is_regular_file(status)) throw std::runtime_error(rel + ": not a regular file");
        if (rel == kManifestFile || rel == kSignatureFile) continue;
        ManifestFile f;
        f.path = rel;
        const FileDigest digest = known_or_fresh_digest(it->path());
        f.sha256 = digest.sha256;
        f.size = digest.size;
        if (crcs != nullptr) (*crcs)[rel] = digest.crc32;
        files.push_back(std::move(f));
    }
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    refuse_non_nfc(files);
    return files;
}

Manifest write_manifest(const fs::path& site_dir, Manifest header, FileCrcs* crcs) {
    header.files = scan_files(site_dir, crcs);
    write_bytes(site_dir / kManifestFile, header.to_json());
    return header;
}

std::string read_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write_bytes(const fs::path& file, const std::string& bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace tebiki::bundle
