#pragma once
// Japanese line-breaking rules (禁則処理) after JIS X 4051 and W3C JLREQ:
// the characters no line may start with (closing brackets, 、。, iteration
// marks, prolonged sound mark, small kana, middle dots, ？！ and the like)
// and those no line may end with (opening brackets); postfix marks
// (％ ℃ ° ‰ ′ ″) never start a line either.

namespace tebiki::pdf {

bool is_line_start_prohibited(char32_t c);
bool is_line_end_prohibited(char32_t c);

// Where a full-width punctuation mark's glyph leaves white inside its em,
// which JLREQ 3.1.4 takes out between two marks and line adjustment may
// take out elsewhere: an opening bracket's left half, a closing bracket's
// or comma's right half, a quarter either side of a middle dot.
enum class PunctuationSpacing { None, Opening, Closing, Middle };
PunctuationSpacing punctuation_spacing(char32_t c);

// Han, kana, full-width forms and CJK punctuation: the characters set on the
// em grid, between which justification may add space.
bool is_cjk(char32_t c);

}  // namespace tebiki::pdf
