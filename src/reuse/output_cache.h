#pragma once
// The build cache: files an earlier build rendered, kept under a key that
// digests every input they were made from (src/reuse/output_keys.h). It is
// only ever a shortcut: deleting the directory at any time costs one slower
// build, never a wrong one. Entries are written to a temporary name and
// renamed, so a build killed half-way leaves no half-written entry, and two
// builds may share the directory.
//
// An entry is put into the output as a hard link where it can be (a copy
// where it cannot: another file system), and a page just rendered is kept
// as a link to it, which spares the file system a new inode for every page
// of every site. Entries carry a fixed modification time (and so do the
// output's files linked to them), so an entry that was written in place
// through such a link (an editor saving a page of the output) shows it and
// is never used again.
// The inode's change time, which every link updates, says when a build last
// used an entry.

#include <filesystem>
#include <functional>
#include <optional>
#include <system_error>
#include <string>
#include <string_view>

namespace tebiki::reuse {

class OutputCache {
public:
    // Creates the directory and its tag when it can; a cache that cannot be
    // made is no reason to fail a build (nothing is then kept).
    explicit OutputCache(std::filesystem::path dir);

    const std::filesystem::path& dir() const { return dir_; }
    // Links (or copies) the entry for `key` to `destination`, replacing a
    // file there in one rename; false when there is no sound entry.
    bool restore(std::string_view key, const std::filesystem::path& destination) const;
    // Keeps `source` under `key`: a link to it (it takes the entry's fixed
    // modification time), or a copy on another file system. A cache that cannot be written
    // (a full disk, a read-only directory) is no reason to fail the build:
    // the entry is skipped.
    void store(std::string_view key, const std::filesystem::path& source) const;
    // Entries of bytes rather than files (prepared search documents); read()
    // gives none for a missing or altered entry.
    std::optional<std::string> read(std::string_view key) const;
    void write(std::string_view key, std::string_view bytes) const;
    // Removes entries no build has used for `days` days; at most once a
    // day (a stamp in the directory says when it last did), so an entry
    // may outlive `days` by a day.
    void prune_unused(int days) const;

private:
    std::filesystem::path entry_path(std::string_view key) const;
    // Makes the entry for `key` whole or not at all: fill() writes a
    // temporary file (setting the error code on failure), which is then
    // stamped and renamed into place. Files of the output also carry their
    // digests (bundle/file_digest.h), so that the bundle step does not read
    // them again.
    enum class Digests { Remember, Skip };
    void put_entry(std::string_view key,
                   const std::function<void(const std::filesystem::path&, std::error_code&)>& fill,
                   Digests digests = Digests::Skip) const;

    std::filesystem::path dir_;
};

// Where the cache of a content repository lives by default.
std::filesystem::path default_cache_dir(const std::filesystem::path& repository_root);

// A build cache carries a CACHEDIR.TAG (the Cache Directory Tagging
// Specification), so that backup tools skip it and `publish` does not take
// it for uncommitted content in a repository that does not ignore it.
inline constexpr const char* kCacheTagFile = "CACHEDIR.TAG";
// True when `dir` is a build cache of tebiki's (by its tag).
bool is_build_cache(const std::filesystem::path& dir);

}  // namespace tebiki::reuse
