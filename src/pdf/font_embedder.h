#pragma once
// Embedding a subset of a face as a PDF composite (Type0) font.
//
// PoDoFo 0.9.8's own PdfFontCID subsets only glyf-based TrueType faces and
// only Basic Multilingual Plane characters, so it cannot embed Noto CJK
// (CFF outlines, in a .ttc) nor encode 𠮟 (U+20B9F). Here hb-subset cuts the
// face down to the glyphs a document uses, and the font dictionaries are
// built through PoDoFo's object layer: Type0 with Identity-H encoding over a
// CIDFontType0 (the bare CFF program as FontFile3/CIDFontType0C) or a
// CIDFontType2 (the TrueType subset as FontFile2), with widths (/W) and a
// ToUnicode CMap that covers every glyph used. Codes are the original glyph
// ids, so a page's content stream reads the same in any PDF that embeds
// the face (a TrueType subset through a /CIDToGIDMap stream).

#include <cstdint>
#include <map>
#include <string>

#include "pdf/font_face.h"

namespace PoDoFo {
class PdfObject;
class PdfVecObjects;
}  // namespace PoDoFo

namespace tebiki::pdf {

// The glyphs a document uses from one face, each with the text it stands
// for (a ligature stands for several characters; a glyph that is part of a
// cluster stands for none).
class GlyphUsage {
public:
    void add(GlyphId glyph, std::u32string_view text);
    const std::map<GlyphId, std::u32string>& glyphs() const { return glyphs_; }
    bool empty() const { return glyphs_.empty(); }

private:
    std::map<GlyphId, std::u32string> glyphs_;
};

// A face cut down to a document's glyphs, its program compressed, ready to
// be added to a PDF. Made without PoDoFo, so that the faces of one PDF are
// cut on every core; then added to the PDF one after another.
struct CutFont {
    const FontFace* face = nullptr;
    std::string base_font;           // "ABCDEF+NotoSerifCJKjp-Regular"
    std::string compressed_program;  // Flate: the CFF program, or the TrueType file
    std::size_t program_length = 0;  // uncompressed, for FontFile2's /Length1
    std::map<std::uint16_t, int> widths;                 // code → 1/1000 em, where not /DW 1000
    std::map<std::uint16_t, std::u32string> text_of_code;
    std::string compressed_cid_to_gid_map;  // TrueType: code (the original glyph id) → the subset's glyph id
};

// The two-byte code that shows `glyph` (an id of the original face) in a
// content stream: the id itself, in every PDF, whatever its subset.
inline std::uint16_t glyph_code(GlyphId glyph) { return static_cast<std::uint16_t>(glyph); }

// Subsets `face` to `usage`. Thread-safe. Throws FontError when HarfBuzz
// cannot subset the face.
CutFont cut_font(const FontFace& face, const GlyphUsage& usage);

class EmbeddedFont {
public:
    PoDoFo::PdfObject* font_dictionary() const { return font_; }

private:
    friend EmbeddedFont embed_font(PoDoFo::PdfVecObjects&, const CutFont&);
    PoDoFo::PdfObject* font_ = nullptr;
};

// Adds the font's objects to `objects`.
EmbeddedFont embed_font(PoDoFo::PdfVecObjects& objects, const CutFont& font);
// Both steps at once.
EmbeddedFont embed_font(PoDoFo::PdfVecObjects& objects, const FontFace& face, const GlyphUsage& usage);

// "ABCDEF+": the six-letter subset tag, derived from the glyph set so that
// the same document always gets the same name.
std::string subset_tag(const FontFace& face, const GlyphUsage& usage);

}  // namespace tebiki::pdf
