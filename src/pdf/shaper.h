#pragma once
// Shaping a run of text with HarfBuzz: which glyphs, where.

#include <cstdint>
#include <string_view>
#include <vector>

#include "pdf/font_face.h"

namespace tebiki::pdf {

struct ShapedGlyph {
    GlyphId glyph = 0;
    int advance = 0;  // font units
    int x_offset = 0;
    int y_offset = 0;
    std::uint32_t cluster = 0;  // index into the text of the first character this glyph belongs to
};

// Shapes text[start, start + length) horizontally, with the rest of `text` as
// context. The language is Japanese, so that HarfBuzz picks the Japanese
// forms of the font's han glyphs.
std::vector<ShapedGlyph> shape(const FontFace& face, std::u32string_view text, std::size_t start, std::size_t length);

}  // namespace tebiki::pdf
