#include "pdf/svg_image.h"

#include <cairo.h>
#include <librsvg/rsvg.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace tebiki::pdf {

namespace {

struct HandleDeleter {
    void operator()(RsvgHandle* h) const { g_object_unref(h); }
};
struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};

// Three device pixels to a CSS pixel: 288 per inch, enough for print; no
// side longer than this many pixels, so that a huge drawing stays affordable.
constexpr double kScale = 3;
constexpr double kMaxSide = 6000;

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

bool looks_like_svg(std::string_view bytes) {
    const std::string_view head = bytes.substr(0, 4096);
    return head.find("<svg") != std::string_view::npos;
}

std::optional<RenderedSvg> render_svg(std::string_view bytes) {
    GError* error = nullptr;
    std::unique_ptr<RsvgHandle, HandleDeleter> handle(
        rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(bytes.data()), bytes.size(), &error));
    if (!handle) {
        if (error != nullptr) g_error_free(error);
        return std::nullopt;
    }
    rsvg_handle_set_dpi(handle.get(), 96);
    double w = 0, h = 0;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(handle.get(), &w, &h)) {
        // Only a viewBox: its size is the drawing's size.
        gboolean has_width = FALSE, has_height = FALSE, has_viewbox = FALSE;
        RsvgLength lw, lh;
        RsvgRectangle viewbox;
        rsvg_handle_get_intrinsic_dimensions(handle.get(), &has_width, &lw, &has_height, &lh, &has_viewbox, &viewbox);
        if (!has_viewbox) return std::nullopt;
        w = viewbox.width;
        h = viewbox.height;
    }
    if (!(w > 0 && h > 0) || !std::isfinite(w) || !std::isfinite(h)) return std::nullopt;
    const double scale = std::min(kScale, kMaxSide / std::max(w, h));
    const int pw = std::max(1, static_cast<int>(std::lround(w * scale)));
    const int ph = std::max(1, static_cast<int>(std::lround(h * scale)));
    std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pw, ph));
    std::unique_ptr<cairo_t, ContextDeleter> cr(cairo_create(surface.get()));
    // Paper is white: the drawing is set on white rather than on transparency.
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    const RsvgRectangle viewport{0, 0, static_cast<double>(pw), static_cast<double>(ph)};
    if (!rsvg_handle_render_document(handle.get(), cr.get(), &viewport, &error)) {
        if (error != nullptr) g_error_free(error);
        return std::nullopt;
    }
    cairo_surface_flush(surface.get());
    RenderedSvg out;
    if (cairo_surface_write_to_png_stream(surface.get(), append_png, &out.png) != CAIRO_STATUS_SUCCESS) return std::nullopt;
    out.pixel_width = pw;
    out.pixel_height = ph;
    out.css_width = w;
    out.css_height = h;
    return out;
}

}  // namespace tebiki::pdf
