#include "bundle/bundle.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <locale.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>

#include "bundle/fail_point.h"
#include "bundle/signing.h"

namespace tebiki::bundle {

namespace fs = std::filesystem;

namespace {

struct ReadFree {
    void operator()(archive* a) const { archive_read_free(a); }
};

// Zip entry names are UTF-8 (tebiki's zips set the zip UTF-8 flag). libarchive
// converts them to the current locale's charset, which fails for Japanese
// names under LANG=C ("Pathname cannot be converted from UTF-8 to current
// locale"); and the CLI never calls setlocale(), so that is always the case.
// While a zip is read, this thread's LC_CTYPE is C.UTF-8, whatever LANG is:
// names come through byte for byte (UTF-8 to UTF-8 is no conversion).
class Utf8Names {
public:
    Utf8Names() {
        utf8_ = ::newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
        if (utf8_ == static_cast<locale_t>(nullptr))
            throw std::runtime_error("the C.UTF-8 locale is missing (glibc 2.35 or later has it built in)");
        previous_ = ::uselocale(utf8_);
    }
    ~Utf8Names() {
        ::uselocale(previous_);
        ::freelocale(utf8_);
    }
    Utf8Names(const Utf8Names&) = delete;
    Utf8Names& operator=(const Utf8Names&) = delete;

private:
    locale_t utf8_;
    locale_t previous_;
};

// An open zip, read with UTF-8 names; the locale is restored when it closes.
struct Reader {
    std::unique_ptr<Utf8Names> names;
    std::unique_ptr<archive, ReadFree> handle;
    archive* get() const { return handle.get(); }
};

// The entry's name as the zip stores it (UTF-8), or "" when it has none.
std::string name_of(archive_entry* entry) {
    const char* utf8 = archive_entry_pathname_utf8(entry);
    if (utf8 == nullptr) utf8 = archive_entry_pathname(entry);
    return utf8 ? utf8 : "";
}

// Why libarchive stopped. It sets no message for some damage (a central
// directory entry cut short, found by fuzzing): a null pointer then, which
// std::string cannot take.
std::string archive_problem(archive* a) {
    const char* message = archive_error_string(a);
    return message != nullptr ? message : "unreadable entry (libarchive gives no reason)";
}

Reader open_zip(const fs::path& zip) {
    Reader a;
    a.names = std::make_unique<Utf8Names>();  // before the reader exists: it picks its charset once
    a.handle.reset(archive_read_new());
    // Seekable: the central directory must be there and whole (a truncated
    // zip is rejected even when every local entry survived).
    archive_read_support_format_zip_seekable(a.get());
    if (archive_read_open_filename(a.get(), zip.c_str(), 1 << 16) != ARCHIVE_OK)
        throw std::runtime_error(std::string("cannot open zip: ") + archive_problem(a.get()));
    return a;
}

// Opens `zip` into `a`; false, with the reason in `report`, when it
// cannot be read as a zip.
bool open_zip_reporting(const fs::path& zip, Reader& a, VerifyReport& report) {
    try {
        a = open_zip(zip);
        return true;
    } catch (const std::exception& e) {
        report.errors.push_back(e.what());
        return false;
    }
}

// What is wrong with an entry's name or type, or "" when it may be unpacked.
std::string entry_problem(archive_entry* entry, const std::string& name) {
    const auto type = archive_entry_filetype(entry);
    if (type == AE_IFLNK || archive_entry_symlink(entry) != nullptr || archive_entry_hardlink(entry) != nullptr)
        return "link entry rejected";
    if (type != AE_IFREG && type != AE_IFDIR) return "entry is not a regular file";
    std::string path = name;
    if (type == AE_IFDIR && !path.empty() && path.back() == '/') path.pop_back();
    if (!is_safe_relative_path(path)) return "unsafe entry path (absolute or with '..')";
    return "";
}

struct Found {
    std::uint64_t size = 0;
    std::string sha256;
};

void compare(const Manifest& manifest, const std::map<std::string, Found>& found, VerifyReport& report) {
    std::map<std::string, const ManifestFile*> listed;
    for (const auto& f : manifest.files) listed[f.path] = &f;
    for (const auto& [path, f] : listed) {
        const auto it = found.find(path);
        if (it == found.end()) {
            report.errors.push_back(path + ": missing");
        } else if (it->second.size != f->size) {
            report.errors.push_back(path + ": size " + std::to_string(it->second.size) + " instead of " +
                                    std::to_string(f->size));
        } else if (it->second.sha256 != f->sha256) {
            report.errors.push_back(path + ": SHA-256 mismatch");
        }
    }
    for (const auto& [path, f] : found)
        if (!listed.count(path)) report.errors.push_back(path + ": extra file, not in the manifest");
}

void check_manifest_and_signature(const std::optional<std::string>& manifest_bytes,
                                  const std::optional<std::string>& signature,
                                  const std::vector<std::string>& key_pems, VerifyReport& report) {
    report.has_signature = signature.has_value();
    if (!manifest_bytes) {
        report.errors.push_back(std::string(kManifestFile) + ": missing");
        return;
    }
    try {
        report.manifest = Manifest::from_json(*manifest_bytes);
    } catch (const std::exception& e) {
        report.errors.push_back(std::string(kManifestFile) + ": " + e.what());
    }
    if (key_pems.empty()) return;
    if (!signature) {
        report.errors.push_back(std::string(kSignatureFile) + ": missing (the bundle is unsigned)");
        return;
    }
    for (const auto& pem : key_pems)
        if (verify_signature_pem(*manifest_bytes, *signature, pem)) {
            report.signature_checked = true;
            report.signer = key_fingerprint(pem);
            return;
        }
    report.errors.push_back(std::string(kSignatureFile) + ": invalid signature (manifest altered, or signed by "
                                                          "another key)");
}

VerifyReport verify_directory(const fs::path& dir, const std::vector<std::string>& pubkey) {
    VerifyReport report;
    std::optional<std::string> manifest_bytes, signature;
    std::map<std::string, Found> found;
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
        const auto status = it->symlink_status();
        const std::string rel = fs::relative(it->path(), dir).generic_string();
        if (fs::is_directory(status)) continue;
        if (!fs::is_regular_file(status)) {
            report.errors.push_back(rel + ": not a regular file (symlink or special file)");
            continue;
        }
        if (rel == kManifestFile) {
            manifest_bytes = read_bytes(it->path());
        } else if (rel == kSignatureFile) {
            signature = read_bytes(it->path());
        } else {
            Found f;
            f.sha256 = sha256_file(it->path(), &f.size);
            found[rel] = f;
        }
    }
    check_manifest_and_signature(manifest_bytes, signature, pubkey, report);
    if (report.manifest) compare(*report.manifest, found, report);
    return report;
}

// Far above any real manifest (about 100 bytes a file), far below memory.
constexpr std::size_t kMaxManifestBytes = 64u << 20;

// The sizes the manifest lists, by path: what the full pass holds each entry to.
using ListedSizes = std::map<std::string, std::uint64_t>;

// The zip's manifest and signature alone, every other entry skipped unread,
// so that a bundle no trusted key signed costs no more than its manifest.
// With keys, returns a report with errors when the signature does not check
// out; an empty one otherwise. Fills `listed` when the manifest parses.
VerifyReport manifest_first(const fs::path& zip, const std::vector<std::string>& keys, ListedSizes& listed) {
    VerifyReport report;
    Reader a;
    if (!open_zip_reporting(zip, a, report)) return report;
    std::optional<std::string> manifest_bytes, signature;
    archive_entry* entry = nullptr;
    std::vector<char> buffer(1 << 16);
    while (archive_read_next_header(a.get(), &entry) == ARCHIVE_OK) {
        const std::string name = name_of(entry);
        std::optional<std::string>* keep = name == kManifestFile ? &manifest_bytes
                                           : name == kSignatureFile ? &signature
                                                                    : nullptr;
        if (keep == nullptr || keep->has_value()) continue;  // the full pass reports duplicates
        std::string bytes;
        for (la_ssize_t n; (n = archive_read_data(a.get(), buffer.data(), buffer.size())) > 0;) {
            report.inflated += static_cast<std::uint64_t>(n);
            bytes.append(buffer.data(), static_cast<std::size_t>(n));
            if (bytes.size() > kMaxManifestBytes) {
                report.errors.push_back(name + ": larger than any manifest (" + std::to_string(kMaxManifestBytes) +
                                        " bytes); not read further");
                return report;
            }
        }
        *keep = std::move(bytes);
    }
    check_manifest_and_signature(manifest_bytes, signature, keys, report);
    // No manifest, or one refused (malformed, values out of range): nothing
    // to hold the entries to, so nothing else is read, signed or not.
    if (!report.manifest) return report;
    if (report.manifest)
        for (const auto& f : report.manifest->files) listed[f.path] = f.size;
    if (keys.empty() || report.signature_checked) {
        VerifyReport passed;  // the full pass reports the rest
        passed.inflated = report.inflated;
        return passed;
    }
    if (report.errors.empty()) report.errors.push_back("the signature could not be checked");
    return report;
}

VerifyReport verify_zip(const fs::path& zip, const std::vector<std::string>& pubkey) {
    ListedSizes listed;
    VerifyReport first = manifest_first(zip, pubkey, listed);
    if (!first.ok()) return first;
    VerifyReport report;
    report.inflated = first.inflated;
    std::optional<std::string> manifest_bytes, signature;
    std::map<std::string, Found> found;
    Reader a;
    if (!open_zip_reporting(zip, a, report)) return report;
    archive_entry* entry = nullptr;
    std::vector<char> buffer(1 << 16);
    for (;;) {
        const int rc = archive_read_next_header(a.get(), &entry);
        if (rc == ARCHIVE_EOF) break;
        if (rc != ARCHIVE_OK) {
            report.errors.push_back(std::string("damaged zip: ") + archive_problem(a.get()));
            return report;
        }
        const std::string name = name_of(entry);
        if (const std::string problem = entry_problem(entry, name); !problem.empty()) {
            report.errors.push_back(name + ": " + problem);
            continue;
        }
        if (archive_entry_filetype(entry) == AE_IFDIR) continue;
        if (found.count(name) || (name == kManifestFile && manifest_bytes) || (name == kSignatureFile && signature)) {
            report.errors.push_back(name + ": duplicate entry");
            continue;
        }
        Sha256 hash;
        std::string keep;
        const bool is_meta = name == kManifestFile || name == kSignatureFile;
        // Held to the manifest before a byte is inflated: an unlisted entry,
        // or one whose declared size is not the listed one, is skipped unread
        // (compare() reports it), so a small zip cannot cost gigabytes.
        const auto listing = listed.find(name);
        const bool has_listing = !listed.empty() && !is_meta;
        if (has_listing && (listing == listed.end() ||
                            (archive_entry_size_is_set(entry) &&
                             static_cast<std::uint64_t>(archive_entry_size(entry)) != listing->second))) {
            found[name] = Found{static_cast<std::uint64_t>(std::max<la_int64_t>(archive_entry_size(entry), 0)), ""};
            continue;
        }
        std::uint64_t size = 0;
        for (;;) {
            const la_ssize_t n = archive_read_data(a.get(), buffer.data(), buffer.size());
            if (n < 0) {
                report.errors.push_back(name + ": damaged zip: " + archive_problem(a.get()));
                return report;
            }
            if (n == 0) break;
            size += static_cast<std::uint64_t>(n);
            report.inflated += static_cast<std::uint64_t>(n);
            if (has_listing && size > listing->second) break;  // more than listed: no need to read on
            if (is_meta) keep.append(buffer.data(), static_cast<std::size_t>(n));
            else hash.update(buffer.data(), static_cast<std::size_t>(n));
        }
        if (name == kManifestFile) manifest_bytes = std::move(keep);
        else if (name == kSignatureFile) signature = std::move(keep);
        else found[name] = Found{size, hash.hex()};
    }
    check_manifest_and_signature(manifest_bytes, signature, pubkey, report);
    if (report.manifest) compare(*report.manifest, found, report);
    return report;
}

}  // namespace

VerifyReport verify_bundle(const fs::path& bundle, const std::optional<fs::path>& pubkey) {
    std::vector<std::string> keys;
    if (pubkey) {
        if (!fs::is_regular_file(*pubkey)) throw std::runtime_error("cannot read key " + pubkey->string());
        keys.push_back(read_bytes(*pubkey));
        try {
            key_fingerprint(keys.back());
        } catch (const std::exception&) {
            throw std::runtime_error(pubkey->string() + " is not an Ed25519 public key in PEM");
        }
    }
    return verify_bundle_by_keys(bundle, keys);
}

VerifyReport verify_bundle_by_keys(const fs::path& bundle, const std::vector<std::string>& key_pems) {
    const auto status = fs::status(bundle);
    if (fs::is_directory(status)) return verify_directory(bundle, key_pems);
    if (fs::is_regular_file(status)) return verify_zip(bundle, key_pems);
    VerifyReport report;
    report.errors.push_back("no such bundle (a directory or a .zip)");
    return report;
}

void fsync_path(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot open " + path.string() + " to sync it");
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) throw std::runtime_error("cannot sync " + path.string());
}

namespace {

// A failed write while unpacking, said plainly: "no space left on device"
// when that is the cause (a full disk or quota), else the system's reason.
[[noreturn]] void throw_unpack_error(int error, const std::string& what) {
    if (error == ENOSPC || error == EDQUOT) throw std::runtime_error("no space left on device: " + what);
    throw std::runtime_error(what + ": " + std::strerror(error));
}

}  // namespace

void unpack_zip(const fs::path& zip, const fs::path& dest) {
    if (fs::exists(dest)) throw std::runtime_error(dest.string() + " exists already");
    fs::create_directories(dest);
    Reader a = open_zip(zip);
    archive_entry* entry = nullptr;
    std::vector<char> buffer(1 << 16);
    std::vector<fs::path> dirs{dest};
    for (;;) {
        const int rc = archive_read_next_header(a.get(), &entry);
        if (rc == ARCHIVE_EOF) break;
        if (rc != ARCHIVE_OK) throw std::runtime_error(std::string("damaged zip: ") + archive_problem(a.get()));
        const std::string name = name_of(entry);
        if (const std::string problem = entry_problem(entry, name); !problem.empty())
            throw std::runtime_error(name + ": " + problem);
        if (archive_entry_filetype(entry) == AE_IFDIR) continue;
        const fs::path target = dest / fs::path(name);
        std::error_code made;
        if (fs::create_directories(target.parent_path(), made))
            for (fs::path d = target.parent_path(); d != dest; d = d.parent_path()) dirs.push_back(d);
        if (made) throw_unpack_error(made.value(), "cannot create " + target.parent_path().string());
        const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0) throw_unpack_error(errno, "cannot create " + target.string());
        bool ok = true;
        int write_errno = 0;
        for (;;) {
            const la_ssize_t n = archive_read_data(a.get(), buffer.data(), buffer.size());
            if (n < 0) {
                ok = false;
                break;
            }
            if (n == 0) break;
            for (la_ssize_t done = 0; done < n;) {
                const ssize_t w = ::write(fd, buffer.data() + done, static_cast<std::size_t>(n - done));
                if (w <= 0) {
                    write_errno = errno;
                    ok = false;
                    break;
                }
                done += w;
            }
            if (!ok) break;
        }
        if (ok && ::fsync(fd) != 0) {
            write_errno = errno;
            ok = false;
        }
        ::close(fd);
        if (write_errno != 0) throw_unpack_error(write_errno, "cannot unpack " + name + " into " + target.string());
        if (!ok) throw std::runtime_error("cannot unpack " + name + " into " + target.string() + ": damaged zip");
        fail_point("unpacking");
    }
    std::sort(dirs.begin(), dirs.end());
    dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
    // Deepest first, so that each directory's entry is synced after its content.
    for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) fsync_path(*it);
    fsync_path(dest.parent_path());
}

}  // namespace tebiki::bundle
