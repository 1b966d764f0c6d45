#pragma once
// Template text left in a document: `tebiki new` fills a template whose
// placeholders (「（最初に行うこと）」, the owner 「所管部署未定」) the writer
// is to replace. A document under review or approved that still carries one
// would publish an instruction to the writer as a rule.

#include <string>
#include <vector>

#include "document/catalog.h"

namespace tebiki {

// The owner `tebiki new` writes when none is given.
inline constexpr std::string_view kOwnerPlaceholder = "所管部署未定";

class TemplatePlaceholders {
public:
    // The placeholders of the given templates' bodies: each phrase in
    // full-width parentheses on one line (「（…）」), template fields aside.
    static TemplatePlaceholders from_templates(const std::vector<std::string>& template_texts);

    // One error per placeholder left in a document under review or approved,
    // at its line and column.
    Diagnostics check(const Catalog& catalog) const;

    const std::vector<std::string>& phrases() const { return phrases_; }

private:
    void check_document(const Document& doc, Diagnostics& out) const;
    std::vector<std::string> phrases_;  // sorted, unique
};

}  // namespace tebiki
