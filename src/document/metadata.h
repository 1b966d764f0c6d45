#pragma once
// Document-control metadata carried in a document's YAML front matter.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "document/content_config.h"
#include "document/date.h"
#include "document/diagnostic.h"
#include "source/history.h"

namespace tebiki {

enum class Status { Draft, Review, Approved, Obsolete };

std::optional<Status> parse_status(std::string_view text);
std::string_view status_key(Status s);    // "approved"
std::string_view status_label(Status s);  // "承認済"

struct FieldPosition {
    int line = 0;
    int column = 0;
};

struct DocumentMetadata {
    std::string id;
    std::string title;
    Status status = Status::Draft;
    std::string owner;
    std::string approver;
    std::optional<Date> effective;
    std::optional<Date> review_by;  // given, or effective + review_months
    std::vector<std::string> audience{std::string(kAllStaffAudience)};
    std::string category;
    std::vector<std::string> tags;
    // Where each key's value is in the file, for later diagnostics.
    std::map<std::string, FieldPosition, std::less<>> positions;

    FieldPosition position_of(std::string_view key) const;
};

// The front matter and the Markdown body of a document's bytes.
struct SplitDocument {
    bool has_front_matter = false;
    std::string_view front_matter;  // the YAML between the '---' lines
    std::string_view body;          // everything after the closing line
    int body_first_line = 1;        // 1-based line of the body's first line in the file
    int closing_line = 0;           // 0 when the front matter is never closed
};

SplitDocument split_front_matter(std::string_view text);

// Letters, digits, '.', '_' or '-', starting with a letter or digit: ids
// name files (docs/<id>.html), so nothing else is allowed.
bool is_valid_document_id(std::string_view id);

// What git history needs of one revision of a document: its id (to follow
// it across moves), its status and a digest of its body.
source::DocumentFacts document_facts(std::string_view text);

// Parses the front matter's YAML and validates every field against the
// config. `front_matter_first_line` is the file line of the YAML's first line.
DocumentMetadata parse_metadata(std::string_view front_matter, int front_matter_first_line,
                                const ContentConfig& config, const std::string& file, Diagnostics& diags);

}  // namespace tebiki
