#include "pdf/kinsoku.h"

#include <algorithm>
#include <string_view>

namespace tebiki::pdf {

namespace {

// JLREQ cl-02 (closing brackets), cl-04 (hyphens), cl-05 (dividing
// punctuation), cl-06 (middle dots), cl-07 (full stops), cl-08 (commas),
// cl-09 (iteration marks), cl-10 (prolonged sound mark), cl-11 (small kana),
// and their half-width and ASCII counterparts.
constexpr std::u32string_view kLineStartProhibited =
    U"、。，．,.）〕］｝〉》」』】〙〗〟’”｠»)]}"
    U"‐゠–〜～"
    U"？！‼⁇⁈⁉?!"
    U"・：；:;"
    U"ヽヾゝゞ々〻"
    U"ー"
    U"ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    U"ｧｨｩｪｫｯｬｭｮｰ｡､｣･"
    // Postfix marks (UAX #14 class PO, which CSS line-break: strict keeps
    // off a line's start): a number's unit stays with the number.
    U"%％‰‱°℃℉′″‴¢￠";

// The full-width punctuation whose glyph sits in half of its em (JLREQ
// cl-01, cl-02, cl-07, cl-08) or in its middle (cl-05 colons, cl-06 dots).
constexpr std::u32string_view kOpening = U"（〔［｛〈《「『【〘〖〝‘“｟";
constexpr std::u32string_view kClosing = U"、。，．）〕］｝〉》」』】〙〗〟’”｠";
constexpr std::u32string_view kMiddle = U"・：；";

// JLREQ cl-01 (opening brackets).
constexpr std::u32string_view kLineEndProhibited = U"（〔［｛〈《「『【〘〖〝‘“｟«([{｢";

}  // namespace

bool is_line_start_prohibited(char32_t c) { return kLineStartProhibited.find(c) != std::u32string_view::npos; }

bool is_line_end_prohibited(char32_t c) { return kLineEndProhibited.find(c) != std::u32string_view::npos; }

PunctuationSpacing punctuation_spacing(char32_t c) {
    if (kOpening.find(c) != std::u32string_view::npos) return PunctuationSpacing::Opening;
    if (kClosing.find(c) != std::u32string_view::npos) return PunctuationSpacing::Closing;
    if (kMiddle.find(c) != std::u32string_view::npos) return PunctuationSpacing::Middle;
    return PunctuationSpacing::None;
}

bool is_cjk(char32_t c) {
    return (c >= 0x3000 && c <= 0x30FF) ||    // CJK punctuation, hiragana, katakana
           (c >= 0x31F0 && c <= 0x31FF) ||    // katakana phonetic extensions
           (c >= 0x3400 && c <= 0x4DBF) ||    // CJK extension A
           (c >= 0x4E00 && c <= 0x9FFF) ||    // CJK unified ideographs
           (c >= 0xF900 && c <= 0xFAFF) ||    // compatibility ideographs
           (c >= 0xFF01 && c <= 0xFF60) ||    // full-width forms
           (c >= 0xFF61 && c <= 0xFF9F) ||    // half-width katakana
           (c >= 0x20000 && c <= 0x3FFFF);    // supplementary ideographs (𠮟)
}

}  // namespace tebiki::pdf
