#pragma once
// The change notice (今回の改訂) between two editions of the document set,
// as one site's readers see it: documents the site carries now and did not
// (追加), changed (改訂), made obsolete (廃止) or taken out (取り下げ), with
// a diff of what the pages show, by block and, inside a rewritten block, by
// character. Nothing the site does not carry appears in its notice.

#include <map>
#include <string>
#include <vector>

#include "changes/sequence_diff.h"
#include "document/catalog.h"

namespace tebiki::changes {

struct TextSpan {
    EditKind kind;  // Equal, Delete or Insert
    std::string text;
};

struct ParagraphChange {
    enum class Kind { Removed, Added, Rewritten, LinkTargetChanged };
    Kind kind;
    std::string old_text;          // Removed, Rewritten
    std::string new_text;          // Added, Rewritten, LinkTargetChanged
    std::vector<TextSpan> spans;   // Rewritten: the character-level diff
};

struct DocumentChange {
    enum class Kind { Added, Changed, Withdrawn, Retracted };
    Kind kind;
    std::string id;
    std::string title;  // the newer title when there is one
    std::string old_version;
    std::string new_version;
    std::vector<std::string> metadata_changes;  // "施行日：2026-04-01 → 2026-10-01"
    std::vector<ParagraphChange> paragraphs;
    // Retracted: why the site no longer carries it.
    enum class Retraction { None, Deleted, BackToDraft, BackToReview, OtherAudience };
    Retraction retraction = Retraction::None;
};

// 「下書きに戻されたため」: the reason, in the words of the notice page.
std::string retraction_reason_ja(DocumentChange::Retraction r);

// A document of the newer set that an edition leaves out, and why.
struct LeftOutDocument {
    std::string id;
    std::string title;
    std::string display_path;
    Status status;
};

struct ChangeNotice {
    std::string old_label;  // the tags or revisions compared
    std::string new_label;
    std::vector<DocumentChange> documents;  // by kind (added, changed, withdrawn, retracted), then id
    std::vector<LeftOutDocument> left_out;  // drafts and documents under review, by id
};

// The notice for one audience's site (`audience_key`), or, with an empty
// key, for the documents of every audience. Both sets are read as editions:
// only approved and obsolete documents are carried.
ChangeNotice compare_catalogs(const Catalog& older, const Catalog& newer, std::string old_label, std::string new_label,
                              const std::string& audience_key = "");

// One notice per audience of the newer set's config.
struct ChangeNotices {
    std::map<std::string, ChangeNotice, std::less<>> by_audience;
    const ChangeNotice* find(std::string_view audience_key) const;
};
ChangeNotices compare_sites(const Catalog& older, const Catalog& newer, const std::string& old_label,
                            const std::string& new_label);

}  // namespace tebiki::changes
