#pragma once
// Japanese-aware text handling for search (docs/search.md): normalisation,
// character classes and index keys. Text is UTF-16, as in the browser, so
// that lengths and positions agree with the search client.

#include <string>
#include <string_view>
#include <vector>

namespace tebiki::text {

// NFKC, then lower case, then a katakana word's final long-vowel mark
// dropped (ユーザー → ユーザ; words of three or more code points), then
// katakana folded to hiragana.
std::u16string normalize_for_search(std::string_view utf8);
std::u16string normalize_for_search(std::u16string_view utf16);

enum class SearchCharClass { Cjk, Word, Separator };
SearchCharClass search_char_class(char32_t c);

bool is_letter(char32_t c);  // general category L
bool is_number(char32_t c);  // general category N

// True when the code point at `pos` is a letter and the one before it a
// number: the start of a unit after digits (the "ml" of "5ml"), where a word
// may be found on its own.
bool starts_after_number(std::u16string_view normalized, std::size_t pos);

// Index keys of normalised text: overlapping bigrams of CJK runs (a lone CJK
// character by itself) and Word runs as words, and each part of a Word run
// from a letter that follows a number to the run's end ("5ml" gives "5ml"
// and "ml"). In text order, repeats kept.
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
