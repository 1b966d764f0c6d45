#include "search/key_table.h"

#include <algorithm>
#include <bit>
#include <memory>
#include <numeric>
#include <string_view>

#include "text/search_text.h"

namespace tebiki::search {

namespace {

// Numbers distinct keys in the order they are first seen. Open addressing
// over one flat array: a build looks up a million keys, mostly ones it has
// seen, and a chained hash map's node per key made that a walk through
// memory. Keys are views into the documents' key lists, which outlive it.
class KeyNumbering {
public:
    explicit KeyNumbering(std::size_t expected_keys) : slots_(std::bit_ceil(std::max<std::size_t>(expected_keys * 2, 16))) {
        keys_.reserve(expected_keys);
    }

    std::uint32_t number(std::u16string_view key) {
        const std::uint32_t hash = hash_of(key);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
            Slot& slot = slots_[at];
            if (slot.number_plus_one == 0) {
                slot = Slot{hash, static_cast<std::uint32_t>(keys_.size()) + 1};
                keys_.push_back(key);
                if (keys_.size() * 2 > slots_.size()) grow();
                return static_cast<std::uint32_t>(keys_.size() - 1);
            }
            if (slot.hash == hash && keys_[slot.number_plus_one - 1] == key) return slot.number_plus_one - 1;
        }
    }

    const std::vector<std::u16string_view>& keys() const { return keys_; }

private:
    struct Slot {
        std::uint32_t hash = 0;
        std::uint32_t number_plus_one = 0;  // 0: empty
    };

    // Keys are short (a bigram is two code units): a multiplicative hash
    // of the units, mixed at the end so that the low bits index well.
    static std::uint32_t hash_of(std::u16string_view key) {
        std::uint32_t h = static_cast<std::uint32_t>(key.size());
        for (const char16_t unit : key) h = (h ^ unit) * 0x9E3779B1u;
        return h ^ (h >> 15);
    }

    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (const Slot& slot : old) {
            if (slot.number_plus_one == 0) continue;
            std::size_t at = slot.hash & mask;
            while (slots_[at].number_plus_one != 0) at = (at + 1) & mask;
            slots_[at] = slot;
        }
    }

    std::vector<Slot> slots_;
    std::vector<std::u16string_view> keys_;
};

// Numbers each distinct key in the order of its UTF-8 bytes (the order of
// a JSON object's members in index.js); `numbered` gets each document's
// keys as those numbers.
template <typename KeysOf>
std::vector<std::string> rank_keys(const std::vector<const IndexedDocument*>& documents, const KeysOf& keys_of,
                                   std::vector<std::vector<std::uint32_t>>& numbered) {
    std::size_t total = 0;
    for (const IndexedDocument* document : documents) total += keys_of(*document).size();
    KeyNumbering numbering(total / 4);  // documents share most of their keys
    numbered.assign(documents.size(), {});
    for (std::size_t d = 0; d < documents.size(); ++d) {
        const auto& document_keys = keys_of(*documents[d]);
        numbered[d].reserve(document_keys.size());
        for (const std::u16string_view key : document_keys) numbered[d].push_back(numbering.number(key));
    }
    const std::vector<std::u16string_view>& keys = numbering.keys();
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
