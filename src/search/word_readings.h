#pragma once
// The readings of a text's kanji words (復旧 → フッキュウ), so that a reader
// who types a word in hiragana, before converting it or without knowing its
// kanji, finds it (docs/search.md "Readings"). MeCab with Debian's IPA
// dictionary (mecab-ipadic-utf8), at build time only: the browser gets the
// readings as text in the index and never segments anything itself.

#include <string>
#include <string_view>

namespace tebiki::search {

// Each distinct reading (katakana, as the dictionary gives it) of the words
// of `text` that contain a kanji, in order of first appearance, joined by a
// space. Words the dictionary does not know give nothing. Thread-safe.
// Throws std::runtime_error when MeCab or its dictionary cannot be loaded.
std::string kanji_word_readings(std::string_view text);

}  // namespace tebiki::search
