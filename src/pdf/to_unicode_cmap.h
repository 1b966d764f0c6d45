#pragma once
// The ToUnicode CMap of a composite font: which text each two-byte glyph
// code stands for, so that copying, searching and pdftotext give the text
// back. Characters outside the BMP (𠮟 U+20B9F) become UTF-16 surrogate
// pairs, as the PDF reference asks.

#include <cstdint>
#include <map>
#include <string>

namespace tebiki::pdf {

std::string to_unicode_cmap(const std::map<std::uint16_t, std::u32string>& text_of_code);

}  // namespace tebiki::pdf
