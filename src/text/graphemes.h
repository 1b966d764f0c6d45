#pragma once
// User-perceived characters (grapheme clusters), through ICU: the unit of a
// character-level diff, so that a kana with its voiced mark, an emoji with
// its modifiers or a non-BMP kanji is never split.

#include <string>
#include <string_view>
#include <vector>

namespace tebiki::text {

std::vector<std::string> split_graphemes(std::string_view utf8);

}  // namespace tebiki::text
