#include "pdf/font_face.h"

#include <hb-ot.h>

#include <algorithm>

namespace tebiki::pdf {

namespace {

std::uint16_t read_u16(const char* p) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(p[0]) << 8) | static_cast<unsigned char>(p[1]));
}

// The font's bounding box from its 'head' table (xMin, yMin, xMax, yMax at
// offset 36): HarfBuzz has no public call for it, and PDF wants it in the
// font descriptor.
std::array<int, 4> head_bbox(hb_face_t* face, const std::array<int, 4>& fallback) {
    HbBlob head(hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd')));
    unsigned length = 0;
    const char* data = hb_blob_get_data(head.get(), &length);
    if (data == nullptr || length < 44) return fallback;
    std::array<int, 4> box{};
    for (int i = 0; i < 4; ++i) box[i] = static_cast<std::int16_t>(read_u16(data + 36 + 2 * i));
    return box;
}

std::string postscript_name_of(hb_face_t* face, const std::filesystem::path& file) {
    unsigned size = 128;
    char name[128];
    if (hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &size, name) > 0 && size > 0)
        return std::string(name, size);
    return file.stem().string();
}

}  // namespace

FontFace::FontFace(std::filesystem::path file, unsigned face_index) : file_(std::move(file)), face_index_(face_index) {
    HbBlob blob(hb_blob_create_from_file_or_fail(file_.c_str()));
    if (!blob) throw FontError("cannot read font file '" + file_.string() + "'");
    if (face_index_ >= hb_face_count(blob.get()))
        throw FontError("font file '" + file_.string() + "' has no face " + std::to_string(face_index_));
    face_.reset(hb_face_create(blob.get(), face_index_));
    hb_face_make_immutable(face_.get());
    font_.reset(hb_font_create(face_.get()));
    hb_font_make_immutable(font_.get());

    metrics_.units_per_em = static_cast<int>(hb_face_get_upem(face_.get()));
    hb_font_extents_t extents{};
    if (hb_font_get_h_extents(font_.get(), &extents)) {
        metrics_.ascender = extents.ascender;
        metrics_.descender = extents.descender;
    } else {
        metrics_.ascender = metrics_.units_per_em * 88 / 100;
        metrics_.descender = -metrics_.units_per_em * 12 / 100;
    }
    hb_position_t cap = 0;
    metrics_.cap_height = hb_ot_metrics_get_position(font_.get(), HB_OT_METRICS_TAG_CAP_HEIGHT, &cap)
                              ? cap
                              : metrics_.ascender * 8 / 10;
    metrics_.bbox = head_bbox(face_.get(), {0, metrics_.descender, metrics_.units_per_em, metrics_.ascender});
    {
        HbBlob cff(hb_face_reference_table(face_.get(), HB_TAG('C', 'F', 'F', ' ')));
        has_cff_ = hb_blob_get_length(cff.get()) > 0;
    }
    if (!has_cff_) {
        HbBlob glyf(hb_face_reference_table(face_.get(), HB_TAG('g', 'l', 'y', 'f')));
        if (hb_blob_get_length(glyf.get()) == 0)
            throw FontError("font '" + file_.string() + "' has neither CFF nor TrueType outlines");
    }
    if (has_cff_) {
        subset_source_.reset(hb_face_builder_create());
        for (hb_tag_t tag : {HB_TAG('C', 'F', 'F', ' '), HB_TAG('m', 'a', 'x', 'p')}) {
            HbBlob table(hb_face_reference_table(face_.get(), tag));
            hb_face_builder_add_table(subset_source_.get(), tag, table.get());
        }
        hb_face_make_immutable(subset_source_.get());
    }
    postscript_name_ = postscript_name_of(face_.get(), file_);
    if (has_cff_) stock_ = std::make_unique<GlyphStock>(subset_source_.get(), postscript_name_);
}

GlyphId FontFace::glyph_for(char32_t c) const {
    hb_codepoint_t glyph = 0;
    return hb_font_get_nominal_glyph(font_.get(), c, &glyph) ? glyph : 0;
}

int FontFace::advance(GlyphId glyph) const { return hb_font_get_glyph_h_advance(font_.get(), glyph); }

}  // namespace tebiki::pdf
