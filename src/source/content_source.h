#pragma once
// The content tree as tebiki sees it: the files under the content root at a
// git revision, or in the work tree for a writer's preview. This module is
// the only one that touches git or the content files on disk.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tebiki::source {

// A file's bytes: read already, or read (from the repository) when first
// asked for, from any thread, once.
class FileBytes {
public:
    explicit FileBytes(std::string bytes) : bytes_(std::move(bytes)) {}
    explicit FileBytes(std::function<std::string()> read) : read_(std::move(read)) {}

    const std::string& get() const {
        if (read_) std::call_once(read_once_, [this] { bytes_ = read_(); });
        return bytes_;
    }

private:
    mutable std::once_flag read_once_;
    mutable std::string bytes_;
    const std::function<std::string()> read_;
};

struct SourceFile {
    std::string path;     // relative to the content root, '/'-separated
    std::string blob_id;  // git blob id (hex), also for work-tree files
    // Work tree only: the file differs from HEAD's version, or is new.
    bool uncommitted = false;
    // Work tree only: the size and modification time (Unix nanoseconds)
    // stat gave when the file was listed, so that a later read can tell an
    // untouched file without reading it (see read_worktree).
    std::uint64_t disk_size = 0;
    std::int64_t modified_ns = 0;

    // The file's bytes, exactly as stored. A file of a revision, or one
    // the work tree holds as HEAD does, is taken from the repository by its
    // blob id when first asked for (from any thread): a build that finds a
    // document's reading in its cache never needs its bytes. Throws
    // SourceError when the repository no longer has the blob.
    const std::string& bytes() const;

    std::shared_ptr<const FileBytes> content;  // made by this module only
};

struct CommitInfo {
    std::string id;        // full hex id; empty when the repository has no commit
    std::string short_id;  // first 7 hex digits
    long long time = 0;    // committer time, Unix seconds
    int utc_offset_minutes = 0;
    std::string summary;
};

struct SourceSnapshot {
    std::filesystem::path repository_root;  // the work directory of the repository
    std::string content_prefix;             // content root relative to repository_root ("content")
    bool from_worktree = false;
    std::string revision;  // what was asked for ("HEAD", a tag); empty for the work tree
    CommitInfo commit;     // the revision's commit, or HEAD's for the work tree
    std::vector<SourceFile> files;  // sorted by path
    // Work tree only: when reading began (Unix nanoseconds, the clock that
    // stamps modification times).
    std::int64_t read_started_ns = 0;

    // The path of a content file as writers see it from the repository root.
    std::string display_path(std::string_view content_path) const;
    const SourceFile* find(std::string_view content_path) const;
};

// A problem with the repository or the revision asked for.
class SourceError : public std::runtime_error {
public:
    enum class Kind { BadRevision, NoRepository, Io };
    SourceError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

// The content root's files at `revision` (any git revision expression).
SourceSnapshot read_revision(const std::filesystem::path& content_dir, const std::string& revision);

// The content root's files in the work tree, uncommitted edits and new
// (not ignored) files included: HEAD's files and those git status finds
// changed or new. Only the changed and new ones are read and hashed; the
// others are HEAD's blobs, read from the repository when needed (so a work
// tree whose checkout converts line endings gives the committed bytes). With
// `previous`, an earlier read of the same work tree (`tebiki serve` reads
// it after every save), a file whose size and modification time are
// unchanged, and were already settled when `previous` was read, is taken
// from it instead of being read again.
SourceSnapshot read_worktree(const std::filesystem::path& content_dir, const SourceSnapshot* previous = nullptr);

}  // namespace tebiki::source
