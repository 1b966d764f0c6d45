#include "search/index_writer.h"

#include <unordered_set>

#include "foundation/atomic_write.h"
#include "search/search_index.h"

namespace tebiki::search {

namespace {

std::filesystem::path part_path(const std::filesystem::path& site_dir, std::size_t part) {
    static const std::vector<std::string> names = search_index_scripts();  // index.js, then the parts in order
    return site_dir / names[1 + part];
}

}  // namespace

PendingSearchParts::PendingSearchParts(const SiteContents& site) {
    for (const Document* doc : site.documents) documents_[search_part_of(doc->meta.id)].push_back(doc);
}

std::vector<const Document*> PendingSearchParts::documents() const {
    std::vector<const Document*> out;
    for (const std::size_t part : parts_) out.insert(out.end(), documents_[part].begin(), documents_[part].end());
    return out;
}

PendingSearchParts restore_search_parts(const SiteContents& site, const std::filesystem::path& site_dir,
                                        reuse::OutputReuse* reuse) {
    PendingSearchParts pending(site);
    if (reuse != nullptr) std::filesystem::create_directories(site_dir / "search");
    for (std::size_t part = 0; part < kSearchIndexParts; ++part) {
        const reuse::OutputItem item{reuse::OutputItem::Kind::SearchPart, nullptr, part};
        if (reuse == nullptr || !reuse->restore(item, part_path(site_dir, part))) pending.parts_.push_back(part);
    }
    return pending;
}

std::vector<const Document*> documents_to_index(const std::vector<PendingSearchParts>& sites) {
    std::vector<const Document*> all;
    std::unordered_set<const Document*> seen;
    for (const auto& site : sites)
        for (const Document* doc : site.documents())
            if (seen.insert(doc).second) all.push_back(doc);
    return all;
}

void write_search_index(const std::filesystem::path& site_dir, const PendingSearchParts& pending,
                        SearchCorpus& corpus, reuse::OutputReuse* reuse) {
    write_output_file(site_dir / search_index_scripts().front(), index_javascript());
    for (const std::size_t part : pending.parts()) {
        const std::filesystem::path path = part_path(site_dir, part);
        write_output_file(path, part_javascript(corpus.indexed(pending.documents_in(part)), part));
        if (reuse != nullptr) reuse->remember(reuse::OutputItem{reuse::OutputItem::Kind::SearchPart, nullptr, part}, path);
    }
}

}  // namespace tebiki::search
