#pragma once
// Japanese-aware text handling for search (docs/search.md): normalisation,
// character classes and index keys. Text is UTF-16, as in the browser, so
// that lengths and positions agree with the search client.

#include <string>
#include <string_view>
#include <vector>

namespace tebiki::text {

// NFKC, then lower case, then katakana folded to hiragana.
std::u16string normalize_for_search(std::string_view utf8);
std::u16string normalize_for_search(std::u16string_view utf16);

enum class SearchCharClass { Cjk, Word, Separator };
SearchCharClass search_char_class(char32_t c);

// Index keys of normalised text: overlapping bigrams of CJK runs (a lone CJK
// character by itself) and Word runs as words. In text order, repeats kept.
struct IndexKeys {
    std::vector<std::u16string> cjk;
    std::vector<std::u16string> words;
};
IndexKeys index_keys(std::u16string_view normalized);

// The same keys as views into `normalized` (no allocation per key), for
// building indexes.
struct IndexKeyViews {
    std::vector<std::u16string_view> cjk;
    std::vector<std::u16string_view> words;
};
IndexKeyViews index_key_views(std::u16string_view normalized);

// Normalises `original` code point by code point, so that every normalised
// code unit can be traced back to the original text (for highlighting).
// `origin[i]` is the original UTF-16 index that normalised unit i came from;
// origin has one extra entry: the original length.
struct TracedText {
    std::u16string normalized;
    std::vector<std::size_t> origin;
};
TracedText normalize_traced(std::u16string_view original);

std::u16string to_utf16(std::string_view utf8);
std::string to_utf8(std::u16string_view utf16);

}  // namespace tebiki::text
