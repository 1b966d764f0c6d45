#pragma once
// SVG pictures (draw.io flowcharts and the like) for print: librsvg renders
// the drawing to a PNG at print resolution, which the PDF embeds like any
// other picture.

#include <optional>
#include <string>
#include <string_view>

namespace tebiki::pdf {

struct RenderedSvg {
    std::string png;
    int pixel_width = 0, pixel_height = 0;   // of the PNG
    double css_width = 0, css_height = 0;    // the drawing's own size, CSS pixels (96 per inch)
};

// Whether the bytes look like an SVG document (an XML file whose root is <svg>).
bool looks_like_svg(std::string_view bytes);

// Nullopt when librsvg cannot read the drawing or it has no size.
std::optional<RenderedSvg> render_svg(std::string_view bytes);

}  // namespace tebiki::pdf
