#include "search/key_table.h"

#include <algorithm>
#include <memory>
#include <numeric>
#include <string_view>

#include "text/search_text.h"

namespace tebiki::search {

namespace {

// Numbers each distinct key in the order of its UTF-8 bytes (the order of
// a JSON object's members in index.js); `numbered` gets each document's
// keys as those numbers.
template <typename KeysOf>
std::vector<std::string> rank_keys(const std::vector<const IndexedDocument*>& documents, const KeysOf& keys_of,
                                   std::vector<std::vector<std::uint32_t>>& numbered) {
    std::unordered_map<std::u16string_view, std::uint32_t> ids;
    std::vector<std::u16string_view> keys;
    numbered.assign(documents.size(), {});
    for (std::size_t d = 0; d < documents.size(); ++d) {
        for (const std::u16string_view key : keys_of(*documents[d])) {
            const auto [it, added] = ids.try_emplace(key, static_cast<std::uint32_t>(keys.size()));
            if (added) keys.push_back(key);
            numbered[d].push_back(it->second);
        }
    }
    std::vector<std::string> utf8(keys.size());
    for (std::size_t id = 0; id < keys.size(); ++id) utf8[id] = text::to_utf8(keys[id]);
    std::vector<std::uint32_t> by_bytes(keys.size());
    std::iota(by_bytes.begin(), by_bytes.end(), 0u);
    std::sort(by_bytes.begin(), by_bytes.end(), [&](std::uint32_t a, std::uint32_t b) { return utf8[a] < utf8[b]; });
    std::vector<std::uint32_t> rank(keys.size());
    std::vector<std::string> json(keys.size());
    for (std::size_t r = 0; r < by_bytes.size(); ++r) {
        rank[by_bytes[r]] = static_cast<std::uint32_t>(r);
        json[r] = json_in_script(utf8[by_bytes[r]]);
    }
    for (auto& ids_of_document : numbered)
        for (auto& id : ids_of_document) id = rank[id];
    return json;
}

}  // namespace

KeyTable::KeyTable(const std::vector<const IndexedDocument*>& documents) {
    std::vector<std::vector<std::uint32_t>> cjk, words;
    cjk_.json = rank_keys(documents, [](const IndexedDocument& p) -> const auto& { return p.cjk_keys; }, cjk);
    words_.json = rank_keys(documents, [](const IndexedDocument& p) -> const auto& { return p.word_keys; }, words);
    for (std::size_t d = 0; d < documents.size(); ++d)
        documents_[documents[d]] = DocumentKeys{std::move(cjk[d]), std::move(words[d])};
}

bool KeyTable::covers(const std::vector<const IndexedDocument*>& site) const {
    return std::all_of(site.begin(), site.end(), [this](const IndexedDocument* p) { return documents_.count(p) != 0; });
}

// {"key":"postings",...}: the site's documents counted per key, then listed
// per key in index order, so every list comes out ascending.
void KeyTable::append_postings(std::string& out, const Kind& kind, const std::vector<const IndexedDocument*>& site,
                               std::vector<std::uint32_t> DocumentKeys::*which) const {
    std::vector<const std::vector<std::uint32_t>*> keys_of(site.size());
    for (std::size_t d = 0; d < site.size(); ++d) keys_of[d] = &(documents_.at(site[d]).*which);
    std::vector<std::uint32_t> start(kind.json.size() + 1, 0);
    for (const auto* keys : keys_of)
        for (const std::uint32_t rank : *keys) ++start[rank + 1];
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
    // Every slot is written below: left uninitialised (a million per site).
    const std::unique_ptr<std::uint32_t[]> documents(new std::uint32_t[start.back()]);
    for (std::size_t d = 0; d < keys_of.size(); ++d)
        for (const std::uint32_t rank : *keys_of[d]) documents[next[rank]++] = static_cast<std::uint32_t>(d);
    out += '{';
    bool first = true;
    for (std::size_t rank = 0; rank < kind.json.size(); ++rank) {
        if (start[rank] == start[rank + 1]) continue;  // no document of this site has the key
        if (!first) out += ',';
        first = false;
        out += kind.json[rank];
        out += ":\"";
        append_encoded_postings(out, std::span<const std::uint32_t>(documents.get() + start[rank], start[rank + 1] - start[rank]));
        out += '"';
    }
    out += '}';
}

std::string KeyTable::index_javascript(const std::vector<const IndexedDocument*>& site) const {
    std::string cjk, words;
    append_postings(cjk, cjk_, site, &DocumentKeys::cjk);
    append_postings(words, words_, site, &DocumentKeys::words);
    return search::index_javascript(cjk, site, words);
}

}  // namespace tebiki::search
