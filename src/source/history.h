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
    // The document's status as this commit left it ("approved"); empty for
    // a deletion or bytes that are not a document.
    std::string status;
    // Whether this commit changed the file's bytes (false for a move alone)
    // and the document's text, its body (false for a move or an edit of the
    // front matter alone).
    bool bytes_changed = true;
    bool text_changed = true;
};

// Newest first, keyed by the file's path at the snapshot's revision.
using FileHistories = std::map<std::string, std::vector<FileRevision>, std::less<>>;

// What the document layer reads from one revision of a file: which document
// it is (its id, so that a document moved and edited in the same commit,
// which git's similarity check may miss, is still followed), its status, and
// a digest of its text, so that a move or a front-matter edit is told from a
// change of the text.
struct DocumentFacts {
    std::string id;      // "" when the bytes are not a document
    std::string status;  // as the front matter writes it, or ""
    std::size_t text_digest = 0;
};
using DocumentReader = std::function<DocumentFacts(std::string_view bytes)>;

// One walk of the history from a commit: the histories it found, and what
// a later walk needs in order to stop where this one began.
struct WalkedHistories {
    std::string commit_id;              // the commit the walk began at
    std::vector<std::string> tracked;   // the paths it followed from there, sorted
    std::vector<std::string> changed;   // every path a commit on the way changed, sorted
    FileHistories histories;
    std::size_t commits_read = 0;       // commits this walk read itself (not kept by the cache)
};

// A commit or tag message's trailers ("Approved-by: 病院長"), as git reads them.
std::map<std::string, std::string> message_trailers(const std::string& message);

// Histories of the snapshot's files matching `wanted` (e.g. "*.md"), along the
// first-parent history of the snapshot's commit. For a work-tree snapshot the
// history is HEAD's. Commits are read once, newest first.
//
// With `earlier` (a walk of the same content root from an older commit),
// the walk stops when it reaches that commit and takes the rest of each
// file's history from it: after a commit, one commit is read instead of
// hundreds. It does so only when the result is the same as a whole walk's:
// the files followed into that commit are the ones `earlier` followed, and
// any more of them are files no older commit touched. Otherwise it walks on.
WalkedHistories read_histories(const SourceSnapshot& snapshot, const std::function<bool(std::string_view)>& wanted,
                               const DocumentReader& read_facts, const WalkedHistories* earlier = nullptr);

}  // namespace tebiki::source
