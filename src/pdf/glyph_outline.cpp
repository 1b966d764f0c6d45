#include "pdf/glyph_outline.h"

namespace tebiki::pdf {

namespace {

using Path = std::vector<PathSegment>;

void move_to(hb_draw_funcs_t*, void* data, hb_draw_state_t*, float x, float y, void*) {
    static_cast<Path*>(data)->push_back({PathSegment::Kind::MoveTo, 0, 0, 0, 0, x, y});
}
void line_to(hb_draw_funcs_t*, void* data, hb_draw_state_t*, float x, float y, void*) {
    static_cast<Path*>(data)->push_back({PathSegment::Kind::LineTo, 0, 0, 0, 0, x, y});
}
void quadratic_to(hb_draw_funcs_t*, void* data, hb_draw_state_t* st, float cx, float cy, float x, float y, void*) {
    // The cubic with the same curve: control points two thirds of the way
    // from each end towards the quadratic's control point.
    const double x0 = st->current_x, y0 = st->current_y;
    static_cast<Path*>(data)->push_back({PathSegment::Kind::CubicTo, x0 + 2.0 / 3 * (cx - x0), y0 + 2.0 / 3 * (cy - y0),
                                         x + 2.0 / 3 * (cx - x), y + 2.0 / 3 * (cy - y), x, y});
}
void cubic_to(hb_draw_funcs_t*, void* data, hb_draw_state_t*, float c1x, float c1y, float c2x, float c2y, float x, float y,
              void*) {
    static_cast<Path*>(data)->push_back({PathSegment::Kind::CubicTo, c1x, c1y, c2x, c2y, x, y});
}
void close_path(hb_draw_funcs_t*, void* data, hb_draw_state_t*, void*) {
    static_cast<Path*>(data)->push_back({PathSegment::Kind::Close});
}

struct DrawFuncsDeleter {
    void operator()(hb_draw_funcs_t* f) const { hb_draw_funcs_destroy(f); }
};

hb_draw_funcs_t* draw_funcs() {
    static const std::unique_ptr<hb_draw_funcs_t, DrawFuncsDeleter> funcs = [] {
        hb_draw_funcs_t* f = hb_draw_funcs_create();
        hb_draw_funcs_set_move_to_func(f, move_to, nullptr, nullptr);
        hb_draw_funcs_set_line_to_func(f, line_to, nullptr, nullptr);
        hb_draw_funcs_set_quadratic_to_func(f, quadratic_to, nullptr, nullptr);
        hb_draw_funcs_set_cubic_to_func(f, cubic_to, nullptr, nullptr);
        hb_draw_funcs_set_close_path_func(f, close_path, nullptr, nullptr);
        hb_draw_funcs_make_immutable(f);
        return std::unique_ptr<hb_draw_funcs_t, DrawFuncsDeleter>(f);
    }();
    return funcs.get();
}

}  // namespace

std::vector<PathSegment> glyph_outline(const FontFace& face, GlyphId glyph) {
    Path path;
    hb_font_get_glyph_shape(face.hb_font(), glyph, draw_funcs(), &path);
    return path;
}

}  // namespace tebiki::pdf
