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

std::string search_part_script(std::size_t part, std::size_t file) {
    static constexpr const char* kNames[] = {"match", "readings", "text"};
    return fmt::format("search/{}-{:02}.js", kNames[file % 3], part);
}

std::vector<std::string> search_index_scripts() {
    std::vector<std::string> scripts{"search/index.js", "search/docs.js"};
    for (std::size_t shard = 0; shard < kSearchKeyShards; ++shard)
        scripts.push_back(fmt::format("search/keys-{:02}.js", shard));
    for (std::size_t part = 0; part < kSearchIndexParts; ++part)
        for (std::size_t file = 0; file < 3; ++file) scripts.push_back(search_part_script(part, file));
    return scripts;
}

}  // namespace tebiki
