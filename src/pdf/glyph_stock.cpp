#include "pdf/glyph_stock.h"

#include <algorithm>
#include <new>

namespace tebiki::pdf {

namespace {
constexpr int kExpectedBeforeCut = 3;
}  // namespace

HbSubsetInput cff_subset_input(const std::set<GlyphId>& glyphs, bool keep_maxp) {
    HbSubsetInput input(hb_subset_input_create_or_fail());
    if (!input) throw std::bad_alloc();
    hb_set_t* set = hb_subset_input_glyph_set(input.get());
    hb_set_add(set, 0);
    for (GlyphId glyph : glyphs) hb_set_add(set, glyph);
    // The PDF shows glyphs by id; shaping has been done. Layout features, and
    // the glyphs their substitutions would pull in, are dead weight.
    hb_set_clear(hb_subset_input_set(input.get(), HB_SUBSET_SETS_LAYOUT_FEATURE_TAG));
    // Only the bare CFF program is embedded (FontFile3), without its hints:
    // hinting helps glyphs on a coarse screen grid, not on paper, and takes a
    // sixth of a CJK glyph's bytes. Subroutines are inlined: a few hundred
    // glyphs share few of a CJK face's subroutines, so the flat charstrings
    // deflate 9-13% smaller and are quicker to cut.
    if (!keep_maxp) hb_set_add(hb_subset_input_set(input.get(), HB_SUBSET_SETS_DROP_TABLE_TAG), HB_TAG('m', 'a', 'x', 'p'));
    hb_subset_input_set_flags(input.get(), HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_DESUBROUTINIZE);
    return input;
}

GlyphStock::GlyphStock(hb_face_t* source, std::string name) : source_(source), name_(std::move(name)) {}

void GlyphStock::expect(std::vector<GlyphId> glyphs) {
    std::sort(glyphs.begin(), glyphs.end());
    glyphs.erase(std::unique(glyphs.begin(), glyphs.end()), glyphs.end());
    const std::lock_guard<std::mutex> lock(mutex_);
    bool beyond = false;
    for (GlyphId glyph : glyphs) {
        wanted_.insert(glyph);
        beyond |= !cut_for_.count(glyph);
    }
    if (beyond) ++expected_beyond_stock_;
}

bool GlyphStock::covers(const std::set<GlyphId>& glyphs) const {
    return current_ && std::includes(cut_for_.begin(), cut_for_.end(), glyphs.begin(), glyphs.end());
}

std::shared_ptr<const StockedFace> GlyphStock::covering(const std::set<GlyphId>& glyphs) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (covers(glyphs)) return current_;
    wanted_.insert(glyphs.begin(), glyphs.end());
    if (expected_beyond_stock_ < kExpectedBeforeCut) return nullptr;
    expected_beyond_stock_ = 0;
    // Cut under the lock: a thread that needs the stock meanwhile waits for
    // this cut rather than making one of its own.
    const HbSubsetInput input = cff_subset_input(wanted_, /*keep_maxp=*/true);
    // A stock that cannot be made is no error: every PDF is then cut from
    // the face, as it was before there were stocks.
    const HbSubsetPlan plan(hb_subset_plan_create_or_fail(source_, input.get()));
    if (!plan) return nullptr;
    auto stock = std::make_shared<StockedFace>();
    const hb_map_t* mapping = hb_subset_plan_old_to_new_glyph_mapping(plan.get());
    for (GlyphId glyph : wanted_) {
        const hb_codepoint_t mapped = hb_map_get(mapping, glyph);
        if (mapped != HB_MAP_VALUE_INVALID) stock->stock_glyph.emplace(glyph, mapped);
    }
    const HbFace cut(hb_subset_plan_execute_or_fail(plan.get()));
    if (!cut) return nullptr;
    stock->face.reset(hb_subset_preprocess(cut.get()));
    if (!stock->face) return nullptr;
    hb_face_make_immutable(stock->face.get());
    current_ = std::move(stock);
    // A glyph the face does not have (an id past its end) is not in the
    // stock's map, and counts as covered: hb-subset leaves it out of a cut
    // from the face too.
    cut_for_ = wanted_;
    return covers(glyphs) ? current_ : nullptr;
}

}  // namespace tebiki::pdf
