#include "bundle/zip_writer.h"

#include <zip.h>

#include <algorithm>
#include <ctime>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/file_digest.h"

namespace tebiki::bundle {

namespace fs = std::filesystem;

namespace {

struct ZipDiscard {
    void operator()(zip_t* archive) const { zip_discard(archive); }
};
using Zip = std::unique_ptr<zip_t, ZipDiscard>;

// Unix regular file, rw-r--r--, in the high half of the external attributes.
constexpr zip_uint32_t kFileAttributes = (0100644u) << 16;

std::string error_of(zip_t* archive) { return zip_strerror(archive); }

// Zip entries carry MS-DOS times, which have no time zone, and libzip makes
// them with localtime(). The same commit must give the same zip on a
// terminal in Tokyo and a CI machine in UTC, so tebiki hands libzip the
// instant whose local time reads as `utc_seconds` does in UTC.
time_t local_reading_as_utc(long long utc_seconds) {
    const auto t = static_cast<time_t>(utc_seconds);
    std::tm local{};
    time_t shifted = t;
    for (int attempt = 0; attempt < 2; ++attempt) {  // twice: a daylight-saving change may lie in between
        localtime_r(&shifted, &local);
        shifted = t - local.tm_gmtoff;
    }
    return shifted;
}

// The CRC-32 of the file at `path`: from the manifest's scan, else from its
// remembered digest, else read.
std::uint32_t crc_of(const std::string& manifest_path, const fs::path& path, const FileCrcs* crcs) {
    if (crcs != nullptr)
        if (const auto it = crcs->find(manifest_path); it != crcs->end()) return it->second;
    return known_or_fresh_digest(path).crc32;
}

// A previous zip of the site, with what its own manifest says of each file.
class PreviousZip {
public:
    explicit PreviousZip(const fs::path& path) {
        int error = 0;
        archive_.reset(zip_open(path.c_str(), ZIP_RDONLY, &error));
        if (!archive_) return;
        try {
            for (auto& file : Manifest::from_json(read_entry(kManifestFile)).files)
                listed_.emplace(file.path, std::move(file));
        } catch (const std::exception&) {
            archive_.reset();  // not a bundle tebiki can vouch for: nothing is copied from it
            listed_.clear();
        }
    }

    zip_t* archive() const { return archive_.get(); }

    // The index of the entry holding exactly the bytes of `file`, found at
    // `path`, if there is one. The previous manifest's SHA-256 says which
    // entry should; its size and CRC-32 confirm that it still does, so a
    // damaged previous zip is never copied from.
    std::optional<zip_uint64_t> entry_with(const ManifestFile& file, const fs::path& path, const FileCrcs* crcs) const {
        const auto it = listed_.find(file.path);
        if (!archive_ || it == listed_.end() || it->second.sha256 != file.sha256 || it->second.size != file.size)
            return std::nullopt;
        const zip_int64_t index = zip_name_locate(archive_.get(), file.path.c_str(), ZIP_FL_ENC_UTF_8);
        zip_stat_t stat;
        constexpr auto kNeeded = ZIP_STAT_SIZE | ZIP_STAT_CRC;
        if (index < 0 || zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0 ||
            (stat.valid & kNeeded) != kNeeded || stat.size != file.size || stat.crc != crc_of(file.path, path, crcs))
            return std::nullopt;
        return static_cast<zip_uint64_t>(index);
    }

private:
    std::string read_entry(const char* name) const {
        zip_stat_t stat;
        if (zip_stat(archive_.get(), name, ZIP_FL_ENC_UTF_8, &stat) != 0 || (stat.valid & ZIP_STAT_SIZE) == 0)
            throw std::runtime_error("no manifest");
        std::unique_ptr<zip_file_t, decltype(&zip_fclose)> entry(zip_fopen(archive_.get(), name, 0), &zip_fclose);
        std::string bytes(stat.size, '\0');
        if (!entry || zip_fread(entry.get(), bytes.data(), stat.size) != static_cast<zip_int64_t>(stat.size))
            throw std::runtime_error("unreadable manifest");
        return bytes;
    }

    Zip archive_;
    std::map<std::string, ManifestFile> listed_;
};

// Every file the zip carries, sorted: the manifest's, the manifest itself
// and its signature.
std::vector<std::string> entry_names(const fs::path& site_dir, const Manifest& manifest) {
    std::vector<std::string> names;
    for (const auto& file : manifest.files) names.push_back(file.path);
    names.emplace_back(kManifestFile);
    if (fs::exists(site_dir / kSignatureFile)) names.emplace_back(kSignatureFile);
    std::sort(names.begin(), names.end());
    return names;
}

// Files that are compressed already (PDF streams, images, fonts) are stored:
// deflating them again costs time (a sixth of a sample build's CPU) and
// saves almost nothing. The choice depends on the name only, so that an
// entry copied from a previous zip and one written afresh are the same.
zip_int32_t compression_for(const std::string& name) {
    static constexpr std::string_view kCompressed[] = {".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff2", ".gz"};
    const auto ends_with = [&](std::string_view extension) {  // in any case: writers' images are often .JPG
        if (name.size() < extension.size()) return false;
        return std::equal(extension.begin(), extension.end(), name.end() - static_cast<std::ptrdiff_t>(extension.size()),
                          [](char a, char b) { return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b); });
    };
    for (const std::string_view extension : kCompressed)
        if (ends_with(extension)) return ZIP_CM_STORE;
    return ZIP_CM_DEFLATE;
}

void add_entry(zip_t* archive, const std::string& name, zip_source_t* source, time_t entry_time) {
    if (source == nullptr) throw std::runtime_error(name + ": " + error_of(archive));
    const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
        zip_source_free(source);
        throw std::runtime_error(name + ": " + error_of(archive));
    }
    const auto i = static_cast<zip_uint64_t>(index);
    if (zip_set_file_compression(archive, i, compression_for(name), 1) != 0 ||
        zip_file_set_mtime(archive, i, entry_time, 0) != 0 ||
        zip_file_set_external_attributes(archive, i, 0, ZIP_OPSYS_UNIX, kFileAttributes) != 0)
        throw std::runtime_error(name + ": " + error_of(archive));
}

}  // namespace

ZipWritten write_zip(const fs::path& site_dir, const Manifest& manifest, const fs::path& zip_path, long long mtime,
                     const std::optional<fs::path>& previous_zip, const FileCrcs* crcs) {
    std::optional<PreviousZip> previous;
    if (previous_zip) previous.emplace(*previous_zip);
    std::map<std::string, const ManifestFile*> listed;
    for (const auto& file : manifest.files) listed[file.path] = &file;

    int error = 0;
    // libzip writes to a temporary file beside zip_path and renames it at close.
    Zip archive(zip_open(zip_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error));
    if (!archive) {
        zip_error_t reason;
        zip_error_init_with_code(&reason, error);
        const std::string message = zip_error_strerror(&reason);
        zip_error_fini(&reason);
        throw std::runtime_error("cannot write " + zip_path.string() + ": " + message);
    }
    const time_t entry_time = local_reading_as_utc(mtime);  // the same for every entry
    ZipWritten written;
    for (const auto& name : entry_names(site_dir, manifest)) {
        const auto it = listed.find(name);
        const fs::path path = site_dir / name;
        const auto reusable = previous && it != listed.end() ? previous->entry_with(*it->second, path, crcs) : std::nullopt;
        // Start 0 and length -1: the compressed bytes as they are (zip_source_zip(3)).
        zip_source_t* source =
            reusable ? zip_source_zip(archive.get(), previous->archive(), *reusable, 0, 0, -1)
                     : zip_source_file(archive.get(), path.c_str(), 0, -1);
        add_entry(archive.get(), name, source, entry_time);
        ++written.entries;
        if (reusable) ++written.copied_from_previous;
    }
    if (zip_close(archive.get()) != 0)
        throw std::runtime_error("cannot write " + zip_path.string() + ": " + error_of(archive.get()));
    archive.release();  // closed: nothing left to discard
    return written;
}

}  // namespace tebiki::bundle
