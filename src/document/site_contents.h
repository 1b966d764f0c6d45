#pragma once
// Which documents one site carries: an audience's documents, and for a
// published edition only those fit to publish (no drafts, nothing under
// review).

#include <optional>
#include <string>
#include <vector>

#include "document/catalog.h"

namespace tebiki {

// A published edition of the whole set: a git tag.
struct Edition {
    std::string name;  // the tag: "edition/2026-04"
    Date date;         // the tagged commit's date
};

struct SiteContents {
    Audience audience;
    std::vector<const Document*> documents;  // sorted by id
    std::optional<Edition> edition;          // set when publishing an edition
    bool with_pdf = true;                    // the site carries pdf/<id>.pdf and pdf/binder.pdf

    bool contains(const Document& doc) const;
};

// Statuses a published edition carries: approved, and obsolete (listed as
// withdrawn). Drafts and documents under review stay out.
bool is_published_status(Status status);

SiteContents select_site(const Catalog& catalog, const Audience& audience, const std::optional<Edition>& edition);

// A site's search index is index.js (postings and each document's card)
// and this many part scripts holding the documents' sections, a document
// in the part its id hashes to, so that one edit rewrites one part
// (docs/search.md). Pages load them all, in the order given here.
inline constexpr std::size_t kSearchIndexParts = 16;
// "search/index.js", then "search/part-00.js" ... "search/part-15.js".
std::vector<std::string> search_index_scripts();

}  // namespace tebiki
