#pragma once
// A document's revision history (改訂履歴): the commits that touched it,
// numbered, with versions from the commits' trailers
// (`Change-type: major|minor`, `Approved-by: …`).

#include <string>
#include <vector>

#include "document/date.h"
#include "source/history.h"

namespace tebiki {

struct DocumentRevision {
    int number = 0;       // 1 for the first revision; 0 for a deletion
    // "0.1", "0.2" before the first approval, "1.0" at it, then "1.1", "2.0"
    // from Change-type; empty for a deletion or an uncommitted change. A
    // move alone keeps the version it had.
    std::string version;
    Date date;            // the commit's local date
    std::string author;
    std::string summary;
    std::string commit_id;
    std::string short_id;
    std::string approved_by;  // from the Approved-by trailer, if any
    source::ChangeKind kind = source::ChangeKind::Modified;
    std::string path;
    std::string previous_path;  // for a rename
    bool uncommitted = false;   // the work tree's edit, not yet committed
    std::string change_type;    // the Change-type trailer as written, if any
    bool first_approval = false;    // the revision that first made the document approved
    bool before_approval = false;   // the document had never been approved yet
    bool move_only = false;         // a move, the file's bytes unchanged
    // It changed an approved document's text (or approved it) without an
    // Approved-by trailer: reported, and refused by `publishing.require_approved_by`.
    bool lacks_approval = false;
};

// Whether a Change-type trailer's value is one tebiki knows (major, minor,
// any case) or absent.
bool is_known_change_type(std::string_view value);

// Numbers a file's history (given newest first) and returns it newest first.
// Versions are 0.x until the first revision whose status is approved (or
// obsolete), which is 1.0; after it a major change starts the next major
// version, any other change the next minor one.
std::vector<DocumentRevision> number_revisions(const std::vector<source::FileRevision>& newest_first);

// What kind of revision it was, in the words of a register: 起案, 改訂（案）,
// 制定, 改訂, 移動, 移動・改訂, 削除, 再登録, 未コミット.
std::string change_label_ja(const DocumentRevision& r);

// The revision an uncommitted edit in the work tree adds on top.
DocumentRevision uncommitted_revision(const std::string& path, Date today);

}  // namespace tebiki
