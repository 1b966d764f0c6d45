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
    std::string version;  // "1.0", "1.1", "2.0"; empty for a deletion or an uncommitted change
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
};

// Numbers a file's history (given newest first) and returns it newest first.
// Versions start at 1.0; a major change starts the next major version, any
// other change the next minor one.
std::vector<DocumentRevision> number_revisions(const std::vector<source::FileRevision>& newest_first);

// What kind of revision it was, in the words of a register: 制定, 改訂,
// 移動・改訂, 削除, 再登録, 未コミット.
std::string change_label_ja(const DocumentRevision& r);

// The revision an uncommitted edit in the work tree adds on top.
DocumentRevision uncommitted_revision(const std::string& path, Date today);

}  // namespace tebiki
