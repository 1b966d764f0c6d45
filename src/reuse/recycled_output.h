#pragma once
// An output tree made from the one before the last, rather than from
// nothing. A build writes into a staging directory that replaces the
// output whole (staged_directory.h); with the build cache, the tree it
// replaces is kept aside, and the next build's staging directory starts as
// that tree. Its keyed outputs (document pages and PDFs, registers, search
// parts, binders) that still have the same key stay where they are: an
// incremental build then neither links 3,000 unchanged pages into a fresh
// tree nor unlinks the old one, which was most of its file system work.
//
// What may stay is decided by a record the build keeps in the build cache
// under its tree's root directory (its device and inode, which renames
// keep): each keyed output's path, key, inode, size and modification time.
// The tree itself stays byte for byte a clean build's, and deleting the
// cache leaves the next build nothing to vouch for, so it starts empty. A file stays only when the record vouches for it and it is still
// that inode, size and time (a cache entry's time is fixed, so a page
// edited in place is not vouched for); every other file of the tree is
// removed before the build writes anything, and every vouched-for file
// that the build does not claim is removed before the site is bundled.
// A tree without a readable record is emptied: the build is then a
// clean one.

#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "reuse/output_cache.h"

namespace tebiki::reuse {

// The keyed outputs a build wrote or kept, recorded as they are made (from
// any thread) and written into the tree before it is swapped in.
class OutputRecord {
public:
    // `path` now holds the output of `key` (stat taken after it was written).
    void add(const std::filesystem::path& path, std::string_view key, const struct stat& status);
    // Keeps the record of `tree` in `cache`, paths relative to `tree`.
    void write(const std::filesystem::path& tree, const OutputCache& cache) const;

private:
    friend class RecycledOutput;
    struct Entry {
        std::string key;
        ino_t inode = 0;
        off_t size = 0;
        std::int64_t modified_ns = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::string, Entry> entries_;  // by path, absolute
};

class RecycledOutput {
public:
    // Takes the earlier output now at `tree` (the staging directory): reads
    // its record from `cache`, then removes the files it does not list and
    // every directory left empty.
    RecycledOutput(std::filesystem::path tree, const OutputCache& cache);

    // True when `path` holds the output of `key` as the record says; the
    // file is then claimed (kept) and its status given.
    bool keeps(const std::filesystem::path& path, std::string_view key, struct stat& status);
    // Removes every listed file under `dir` that no output claimed (a page of
    // a document since removed, an audience no longer configured), and the
    // directories that leaves empty.
    void remove_unclaimed(const std::filesystem::path& dir);

    std::size_t files() const { return files_.size(); }

private:
    struct File {
        OutputRecord::Entry recorded;
        bool claimed = false;
    };
    // Removes what `dir` holds that the record does not list; false when
    // some of it could not be read or removed.
    bool keep_listed_files(const std::filesystem::path& dir);

    std::filesystem::path tree_;
    std::mutex mutex_;
    std::unordered_map<std::string, File> files_;  // by path, absolute
};

// Removes the empty directories under `dir` (not `dir` itself).
void remove_empty_directories(const std::filesystem::path& dir);

}  // namespace tebiki::reuse
