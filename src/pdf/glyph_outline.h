#pragma once
// A glyph's outline from HarfBuzz, for drawing as a vector path rather than
// as text: the watermark is a picture on the page, not words that copying,
// searching or pdftotext should pick up.

#include <vector>

#include "pdf/font_face.h"

namespace tebiki::pdf {

struct PathSegment {
    enum class Kind { MoveTo, LineTo, CubicTo, Close } kind;
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;  // control points of a cubic
    double x = 0, y = 0;                    // end point
};

// In font units, y up from the baseline. Quadratic (TrueType) curves come
// back as the equivalent cubics.
std::vector<PathSegment> glyph_outline(const FontFace& face, GlyphId glyph);

}  // namespace tebiki::pdf
