#pragma once
// The change notice (今回の改訂) between two versions of the document set:
// documents added, changed and withdrawn, with a readable diff of each
// changed document, by paragraph and, inside a changed paragraph, by
// character.

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
    enum class Kind { Removed, Added, Rewritten };
    Kind kind;
    std::string old_text;          // Removed, Rewritten
    std::string new_text;          // Added, Rewritten
    std::vector<TextSpan> spans;   // Rewritten: the character-level diff
};

struct DocumentChange {
    enum class Kind { Added, Changed, Withdrawn };
    Kind kind;
    std::string id;
    std::string title;  // the newer title when there is one
    std::string old_version;
    std::string new_version;
    std::vector<std::string> audiences;         // of the newer version, else the older
    std::vector<std::string> metadata_changes;  // "施行日: 2026-04-01 → 2026-10-01"
    std::vector<ParagraphChange> paragraphs;
};

struct ChangeNotice {
    std::string old_label;  // the tags or revisions compared
    std::string new_label;
    std::vector<DocumentChange> documents;  // by kind (added, changed, withdrawn), then id

    // Only what an audience's site concerns.
    ChangeNotice for_audience(const std::string& audience_key) const;
};

ChangeNotice compare_catalogs(const Catalog& older, const Catalog& newer, std::string old_label, std::string new_label);

// The blocks of a Markdown body, separated by blank lines, trimmed.
std::vector<std::string> split_paragraphs(std::string_view body);

}  // namespace tebiki::changes
