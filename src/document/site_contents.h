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

// A site's search index (docs/search.md): index.js, which pages load;
// docs.js, every document's card; kSearchKeyShards key shards holding the
// postings, a key in the shard of its first code point; and for each of
// kSearchIndexParts parts (a document in the part its id hashes to, so that
// one edit rewrites one part) a match, a readings and a text script. The
// search client loads the rest, and only what a query needs.
inline constexpr std::size_t kSearchIndexParts = 16;
inline constexpr std::size_t kSearchKeyShards = 16;
// "search/index.js", "search/docs.js", "search/keys-00.js" … then each
// part's "search/match-NN.js", "search/readings-NN.js", "search/text-NN.js".
std::vector<std::string> search_index_scripts();
// The script of a part's file (0 match, 1 readings, 2 text).
std::string search_part_script(std::size_t part, std::size_t file);

}  // namespace tebiki
