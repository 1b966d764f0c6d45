#pragma once
// Answers a query on a SearchIndex by the rules of docs/search.md, which the
// browser client follows too.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "search/search_index.h"

namespace tebiki::search {

struct SearchOptions {
    bool include_obsolete = false;
};

struct Snippet {
    std::string text;                                       // a window of the section's original text
    std::vector<std::pair<std::size_t, std::size_t>> marks;  // highlighted byte ranges [begin, end) in text
};

struct SearchResult {
    std::size_t doc = 0;  // index into SearchIndex::documents()
    double score = 0;
    bool on_surface = true;  // every term occurs as written, not only in a reading
    std::size_t section = 0;  // the best section
    Snippet snippet;
};

// The query's terms, normalised: split at white space except inside quotes.
std::vector<std::u16string> parse_query(std::string_view query);

// Non-overlapping occurrences of a normalised term in a normalised field.
std::size_t count_occurrences(std::u16string_view field, std::u16string_view term);

// The snippet of a section's original text for the query's terms (results
// of documents without their sections get none from run_search()).
Snippet make_snippet(const std::string& original_utf8, const std::vector<std::u16string>& terms);

std::vector<SearchResult> run_search(const SearchIndex& index, std::string_view query, const SearchOptions& options);

}  // namespace tebiki::search
