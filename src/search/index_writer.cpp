#include "search/index_writer.h"

#include <unordered_set>

#include "foundation/atomic_write.h"
#include "search/search_index.h"

namespace tebiki::search {

namespace {

// A part's file as an output item: its part and its kind in one number
// (publish/output_keys.cpp takes the part's documents from it).
reuse::OutputItem part_item(std::size_t part, std::size_t file) {
    return reuse::OutputItem{reuse::OutputItem::Kind::SearchPart, nullptr, part + kSearchIndexParts * file};
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
        bool restored = reuse != nullptr;
        for (std::size_t file = 0; file < kPartFiles && restored; ++file)
            restored = reuse->restore(part_item(part, file), site_dir / search_part_script(part, file));
        if (!restored) pending.parts_.push_back(part);
    }
    return pending;
}

std::vector<const Document*> PendingSearchParts::all_documents() const {
    std::vector<const Document*> out;
    for (const auto& part : documents_) out.insert(out.end(), part.begin(), part.end());
    return out;
}

std::vector<const Document*> documents_to_index(const std::vector<PendingSearchParts>& sites) {
    // docs.js and the key shards hold every document of a site.
    std::vector<const Document*> all;
    std::unordered_set<const Document*> seen;
    for (const auto& site : sites)
        for (const Document* doc : site.all_documents())
            if (seen.insert(doc).second) all.push_back(doc);
    return all;
}

void write_search_index(const std::filesystem::path& site_dir, const PendingSearchParts& pending,
                        SearchCorpus& corpus, reuse::OutputReuse* reuse) {
    const std::vector<std::string> scripts = search_index_scripts();  // index.js, docs.js, the key shards, …
    write_output_file(site_dir / scripts[0], index_javascript());
    const auto every = corpus.indexed(pending.all_documents());
    write_output_file(site_dir / scripts[1], docs_javascript(every));
    const auto shards = key_shards_javascript(every);
    for (std::size_t shard = 0; shard < shards.size(); ++shard) write_output_file(site_dir / scripts[2 + shard], shards[shard]);
    for (const std::size_t part : pending.parts()) {
        const auto documents = corpus.indexed(pending.documents_in(part));
        for (std::size_t file = 0; file < kPartFiles; ++file) {
            const std::filesystem::path path = site_dir / search_part_script(part, file);
            write_output_file(path, part_javascript(documents, part, static_cast<PartFile>(file)));
            if (reuse != nullptr) reuse->remember(part_item(part, file), path);
        }
    }
}

}  // namespace tebiki::search
