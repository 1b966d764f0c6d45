#include "pdf/shaper.h"

namespace tebiki::pdf {

std::vector<ShapedGlyph> shape(const FontFace& face, std::u32string_view text, std::size_t start, std::size_t length) {
    // A buffer per thread: shaping happens for every run of every paragraph.
    thread_local HbBuffer buffer(hb_buffer_create());
    hb_buffer_t* b = buffer.get();
    hb_buffer_clear_contents(b);
    hb_buffer_add_utf32(b, reinterpret_cast<const std::uint32_t*>(text.data()), static_cast<int>(text.size()),
                        static_cast<unsigned>(start), static_cast<int>(length));
    hb_buffer_set_direction(b, HB_DIRECTION_LTR);
    static const hb_language_t japanese = hb_language_from_string("ja", -1);
    hb_buffer_set_language(b, japanese);
    hb_buffer_guess_segment_properties(b);
    hb_buffer_set_cluster_level(b, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    hb_shape(face.hb_font(), b, nullptr, 0);

    unsigned count = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(b, &count);
    const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(b, &count);
    std::vector<ShapedGlyph> out;
    out.reserve(count);
    for (unsigned i = 0; i < count; ++i)
        out.push_back({info[i].codepoint, pos[i].x_advance, pos[i].x_offset, pos[i].y_offset, info[i].cluster});
    return out;
}

}  // namespace tebiki::pdf
