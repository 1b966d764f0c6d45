#pragma once
// The commits that touched each content file, read with libgit2 along the
// first-parent history of a revision, following renames and moves.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "source/content_source.h"

namespace tebiki::source {

enum class ChangeKind { Added, Modified, Renamed, Deleted };

struct FileRevision {
    CommitInfo commit;
    std::string author;          // the author's name
    std::string path;            // content-relative path in this commit
    std::string previous_path;   // for Renamed: the path before
    ChangeKind kind = ChangeKind::Modified;
    std::map<std::string, std::string> trailers;  // "Approved-by" → "病院長"
};

// Newest first, keyed by the file's path at the snapshot's revision.
using FileHistories = std::map<std::string, std::vector<FileRevision>, std::less<>>;

// Says which document a file's bytes are (its id), so that a document moved
// and edited in the same commit, which git's similarity check may miss, is
// still followed. Returns "" when the bytes are not a document.
using DocumentIdentifier = std::function<std::string(std::string_view bytes)>;

// Histories of the snapshot's files matching `wanted` (e.g. "*.md"), along the
// first-parent history of the snapshot's commit. For a work-tree snapshot the
// history is HEAD's. Commits are read once, newest first.
FileHistories read_histories(const SourceSnapshot& snapshot, const std::function<bool(std::string_view)>& wanted,
                             const DocumentIdentifier& identify);

}  // namespace tebiki::source
