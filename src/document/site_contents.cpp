#include "document/site_contents.h"

#include <fmt/format.h>

#include <algorithm>

namespace tebiki {

bool SiteContents::contains(const Document& doc) const {
    return std::binary_search(documents.begin(), documents.end(), &doc,
                              [](const Document* a, const Document* b) { return a->meta.id < b->meta.id; });
}

bool is_published_status(Status status) { return status == Status::Approved || status == Status::Obsolete; }

SiteContents select_site(const Catalog& catalog, const Audience& audience, const std::optional<Edition>& edition) {
    SiteContents site{audience, catalog.documents_for(audience.key), edition};
    if (edition)
        std::erase_if(site.documents, [](const Document* d) { return !is_published_status(d->meta.status); });
    return site;
}

std::vector<std::string> search_index_scripts() {
    std::vector<std::string> scripts{"search/index.js"};
    for (std::size_t part = 0; part < kSearchIndexParts; ++part)
        scripts.push_back(fmt::format("search/part-{:02}.js", part));
    return scripts;
}

}  // namespace tebiki
