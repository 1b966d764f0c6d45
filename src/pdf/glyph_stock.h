#pragma once
// A CFF face cut down to the glyphs a build's PDFs use, prepared once
// (hb_subset_preprocess) so that each PDF's subset is cut from it rather
// than from the 65,000-glyph face: a document's cut then costs a tenth of
// what it did, and a binder's five faces of thousands of glyphs no longer
// parse the whole face each. The subset cut from the stock is byte for byte
// the one cut from the face (hb-subset renumbers subroutines, font dicts and
// glyphs in their old order, and the stock has already lost its hints;
// tests/unit/pdf_font_test.cpp holds it to that), so no PDF's bytes depend
// on which other PDFs a build makes, and the build cache stays sound.

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "pdf/hb_handles.h"

namespace tebiki::pdf {

using GlyphId = std::uint32_t;

// A stock face and where each of its glyphs came from.
struct StockedFace {
    HbFace face;                                     // preprocessed
    std::unordered_map<GlyphId, GlyphId> stock_glyph;  // the face's glyph id → the stock's
};

class GlyphStock {
public:
    // `source`: the face to cut the stock from (CFF and maxp only); `name`
    // for messages. The source outlives the stock.
    GlyphStock(hb_face_t* source, std::string name);

    // The glyphs of one PDF the build is about to make: stocked with the
    // next cut, so that a build cuts the face once for all of its documents
    // rather than once per PDF that needs a glyph the stock lacks.
    // (In any order, repeated or not.)
    void expect(std::vector<GlyphId> glyphs);
    // A stock holding every glyph of `glyphs`: the current one, or one cut
    // (again) from the source with everything expected so far, when three or
    // more expected PDFs need glyphs the current stock (if any) lacks. Null
    // otherwise: a stock costs about what three or four PDFs' cuts from the
    // face cost, so a PDF or two with glyphs of their own (the one document
    // `serve` saves, a document only one site carries) are cut straight from
    // the face, and their glyphs go into the next stock. Null
    // too when HarfBuzz cannot make a stock: the face is cut instead.
    // Thread-safe: the stock given stays valid while it is held.
    std::shared_ptr<const StockedFace> covering(const std::set<GlyphId>& glyphs);

private:
    bool covers(const std::set<GlyphId>& glyphs) const;

    hb_face_t* source_;
    std::string name_;
    std::mutex mutex_;
    std::set<GlyphId> wanted_;   // every glyph asked for or expected so far
    std::set<GlyphId> cut_for_;  // what the current stock was cut for
    int expected_beyond_stock_ = 0;  // PDFs expected since the last cut that it cannot serve
    std::shared_ptr<const StockedFace> current_;
};

// The CFF subset input every PDF's font uses (and the stock, with maxp kept
// so that it can be cut from again): the glyphs and .notdef, no layout
// features, no hints.
HbSubsetInput cff_subset_input(const std::set<GlyphId>& glyphs, bool keep_maxp);

}  // namespace tebiki::pdf
