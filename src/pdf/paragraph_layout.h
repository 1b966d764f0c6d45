#pragma once
// Setting a paragraph of styled text into lines: fonts per character (with
// fallback faces), HarfBuzz shaping, line breaks at ICU's strict Japanese
// opportunities, kana and kanji set solid on the em grid, the white between
// adjacent punctuation marks taken out (JLREQ 3.1.4), a quarter em between
// Japanese and Latin letters or digits (JLREQ 3.2.3), lines chosen for the
// whole paragraph (line_fitting.h) and justified by shrinking punctuation's
// white or stretching the gaps between characters (never inside a Latin
// word); the last line of a paragraph and a line ended by a hard break are
// ragged.

#include <string>
#include <vector>

#include "pdf/font_set.h"
#include "pdf/pdf_style.h"

namespace tebiki::pdf {

struct TextStyle {
    FontRole role = FontRole::Body;
    bool bold = false;
    double size = 10.5;
    Color color;
    bool underline = false;
    bool strike = false;
    bool code = false;  // inline code: shaded behind
    int link = -1;      // index into the document's link targets, or -1
};

struct StyledText {
    std::u32string text;  // '\n' is a hard line break
    TextStyle style;
};

// (Members ordered to leave no padding: a binder holds millions of these.)
struct PlacedGlyph {
    const FontFace* face = nullptr;
    double size = 0;
    Color color;
    double x = 0;         // from the line's left edge, points
    double y_offset = 0;  // up from the baseline, points
    std::u32string text;  // the characters this glyph stands for (empty inside a cluster)
    GlyphId glyph = 0;
    bool missing = false; // no installed font has the character: shown as .notdef
};

struct LineDecoration {
    enum class Kind { Underline, Strike, CodeBackground } kind;
    double x = 0, width = 0;
    double size = 0;  // of the text decorated
    Color color;
};

struct LineLink {
    int link = -1;
    double x = 0, width = 0;
};

struct Line {
    std::vector<PlacedGlyph> glyphs;
    std::vector<LineDecoration> decorations;
    std::vector<LineLink> links;
    double width = 0;     // as set (justified lines fill the measure)
    double height = 0;    // line box
    double baseline = 0;  // from the line box's top
    std::u32string text;  // the line's characters, for tests and diagnostics
};

struct ParagraphOptions {
    double width = 400;
    double line_height = 1.7;  // multiple of the largest font size in the line
    double inter_script_space_em = 0.25;
    bool justify = true;
};

// The widest piece of the text that no line break may divide (a word, a
// date, an identifier): the least width a table column needs for it.
double longest_unbreakable_width(const FontSet& fonts, const std::vector<StyledText>& spans);

std::vector<Line> layout_paragraph(const FontSet& fonts, const std::vector<StyledText>& spans,
                                   const ParagraphOptions& options);

}  // namespace tebiki::pdf
