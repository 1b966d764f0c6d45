#pragma once
// What a soft line break in the source becomes in text made from it.
// Japanese writers keep one sentence per line and Word hard-wraps pasted
// text: a break between two East Asian characters is no space at all, while
// a break between Latin words stays one space. The rule is CSS Text Level 3's
// segment break transformation: the break vanishes when the characters on
// both sides are East Asian Wide, Fullwidth or Halfwidth (and not Hangul).

#include <string_view>

namespace tebiki::text {

// True when a soft break between `before` and `after` joins them with
// nothing; 0 stands for "no character" (the start or end of a block), which
// keeps the space.
bool soft_break_vanishes(char32_t before, char32_t after);

// The last code point of UTF-8 text, or 0 when empty; and the first.
char32_t last_code_point(std::string_view utf8);
char32_t first_code_point(std::string_view utf8);

}  // namespace tebiki::text
