#pragma once
// The index keys of every document a build prepared, numbered once in the
// order index.js lists them (by their UTF-8 bytes). Each site's postings
// are then gathered by number, in two passes over its documents, instead of
// hashing every key of every document again for every site, and each key's
// JSON is made once. A hospital publishes a site per ward and department,
// mostly from the same documents.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "search/search_index.h"

namespace tebiki::search {

class KeyTable {
public:
    explicit KeyTable(const std::vector<const IndexedDocument*>& documents);

    // True when every one of `site` is a document the table was made from.
    bool covers(const std::vector<const IndexedDocument*>& site) const;
    // index.js of a site of these documents, in index order: the same bytes
    // as the to_javascript() of a SearchIndex of the site's documents.
    std::string index_javascript(const std::vector<const IndexedDocument*>& site) const;

private:
    // One kind of key (CJK bigrams, words): each key's JSON by rank.
    struct Kind {
        std::vector<std::string> json;
    };
    // A document's keys of each kind, as ranks.
    struct DocumentKeys {
        std::vector<std::uint32_t> cjk;
        std::vector<std::uint32_t> words;
    };

    void append_postings(std::string& out, const Kind& kind, const std::vector<const IndexedDocument*>& site,
                         std::vector<std::uint32_t> DocumentKeys::*which) const;

    Kind cjk_;
    Kind words_;
    std::unordered_map<const IndexedDocument*, DocumentKeys> documents_;
};

}  // namespace tebiki::search
