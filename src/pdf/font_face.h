#pragma once
// One face of a font file (a .ttc holds several), ready for shaping and for
// subsetting. Immutable once loaded and shared between threads.

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "pdf/glyph_stock.h"
#include "pdf/hb_handles.h"

namespace tebiki::pdf {

class FontError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Design metrics in font units (units_per_em of them to the em).
struct FontMetrics {
    int units_per_em = 1000;
    int ascender = 880;
    int descender = -120;  // negative: below the baseline
    int cap_height = 700;
    std::array<int, 4> bbox{0, -120, 1000, 880};  // xMin yMin xMax yMax
};

class FontFace {
public:
    // Throws FontError when the file cannot be read or holds no such face.
    FontFace(std::filesystem::path file, unsigned face_index);

    const std::filesystem::path& file() const { return file_; }
    unsigned face_index() const { return face_index_; }
    const std::string& postscript_name() const { return postscript_name_; }
    const FontMetrics& metrics() const { return metrics_; }
    // PostScript (CFF) outlines, as in Noto CJK; otherwise TrueType (glyf).
    bool has_cff_outlines() const { return has_cff_; }

    hb_face_t* hb_face() const { return face_.get(); }
    // What subsets are cut from. For a CFF face, a face of only its 'CFF '
    // and 'maxp' tables (the same bytes, not copied): the PDF embeds the
    // bare CFF program, and hb-subset's plan on the whole face reads cmap,
    // the layout tables and the rest of a 65,000-glyph CJK face for every
    // subset (docs/decisions.md, issue 19 continued). The whole face otherwise.
    hb_face_t* subset_source() const { return subset_source_ ? subset_source_.get() : face_.get(); }
    // For a CFF face, the build's stock of its glyphs that every PDF's
    // subset is cut from (glyph_stock.h); null otherwise.
    GlyphStock* stock() const { return stock_.get(); }
    // Scaled to units_per_em: advances and positions come out in font units.
    hb_font_t* hb_font() const { return font_.get(); }

    GlyphId glyph_for(char32_t c) const;  // 0 (.notdef) when the font lacks it
    int advance(GlyphId glyph) const;     // horizontal, font units

    // Font units to points at `size` points.
    double to_points(double units, double size) const { return units * size / metrics_.units_per_em; }

private:
    std::filesystem::path file_;
    unsigned face_index_ = 0;
    std::string postscript_name_;
    FontMetrics metrics_;
    bool has_cff_ = false;
    HbFace face_;
    HbFont font_;
    HbFace subset_source_;  // CFF faces only
    std::unique_ptr<GlyphStock> stock_;  // CFF faces only; cut from subset_source_
};

}  // namespace tebiki::pdf
