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

// A part's share of docs.js and the key shards, kept as bytes.
reuse::OutputItem share_item(std::size_t part) {
    return reuse::OutputItem{reuse::OutputItem::Kind::SearchShare, nullptr, part};
}

// index.js, docs.js or a key shard (`number` in search_index_scripts()),
// keyed by its bytes: an edit changes docs.js and a few key shards, and the
// others stay where an earlier build put them (no file made or removed).
void write_index_file(const std::filesystem::path& site_dir, std::size_t number, const std::string& bytes,
                      reuse::OutputReuse* reuse) {
    static const std::vector<std::string> scripts = search_index_scripts();
    const std::filesystem::path path = site_dir / scripts[number];
    const reuse::OutputItem item{reuse::OutputItem::Kind::SearchIndexFile, nullptr, number, bytes};
    if (reuse != nullptr && reuse->restore(item, path)) return;
    write_output_file(path, bytes);
    if (reuse != nullptr) reuse->remember(item, path);
}

// The share kept for `part` by an earlier build, if any.
std::optional<PartIndexShare> recalled_share(reuse::OutputReuse& reuse, std::size_t part) {
    const auto bytes = reuse.recall(share_item(part));
    return bytes ? PartIndexShare::decode(std::move(*bytes)) : std::nullopt;
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
        bool restored = reuse != nullptr && (pending.shares_[part] = recalled_share(*reuse, part)).has_value();
        for (std::size_t file = 0; file < kPartFiles && restored; ++file)
            restored = reuse->restore(part_item(part, file), site_dir / search_part_script(part, file));
        if (!restored) {
            pending.shares_[part].reset();
            pending.parts_.push_back(part);
        }
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
    write_index_file(site_dir, 0, index_javascript(), reuse);
    std::array<PartIndexShare, kSearchIndexParts> made;
    std::array<const PartIndexShare*, kSearchIndexParts> shares{};
    for (std::size_t part = 0; part < kSearchIndexParts; ++part)
        if (pending.share_of(part)) shares[part] = &*pending.share_of(part);
    for (const std::size_t part : pending.parts()) {
        const auto documents = corpus.indexed(pending.documents_in(part));
        for (std::size_t file = 0; file < kPartFiles; ++file) {
            const std::filesystem::path path = site_dir / search_part_script(part, file);
            write_output_file(path, part_javascript(documents, part, static_cast<PartFile>(file)));
            if (reuse != nullptr) reuse->remember(part_item(part, file), path);
        }
        made[part] = part_index_share(documents, part);
        if (reuse != nullptr) reuse->keep(share_item(part), made[part].encoded());
        shares[part] = &made[part];
    }
    write_index_file(site_dir, 1, docs_javascript(shares), reuse);
    const auto shards = key_shards_javascript(shares);
    for (std::size_t shard = 0; shard < shards.size(); ++shard) write_index_file(site_dir, 2 + shard, shards[shard], reuse);
}

}  // namespace tebiki::search
