#include "pdf/image_info.h"

#include <cstdint>

namespace tebiki::pdf {

namespace {

std::uint32_t be(std::string_view b, std::size_t at, int n) {
    std::uint32_t v = 0;
    for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
    return v;
}

}  // namespace

std::optional<ImageInfo> read_image_info(std::string_view b) {
    // PNG: signature, then the IHDR chunk with width and height.
    if (b.size() >= 33 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8) && b.substr(12, 4) == "IHDR") {
        const auto w = be(b, 16, 4), h = be(b, 20, 4);
        if (w == 0 || h == 0 || w > 30000 || h > 30000) return std::nullopt;
        return ImageInfo{static_cast<int>(w), static_cast<int>(h), false};
    }
    // JPEG: walk the markers to the first start-of-frame.
    if (b.size() >= 4 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8) {
        std::size_t at = 2;
        while (at + 9 < b.size()) {
            if (static_cast<unsigned char>(b[at]) != 0xFF) return std::nullopt;
            const unsigned marker = static_cast<unsigned char>(b[at + 1]);
            if (marker == 0xFF) {
                ++at;
                continue;
            }
            const std::uint32_t length = be(b, at + 2, 2);
            const bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (frame) {
                const auto h = be(b, at + 5, 2), w = be(b, at + 7, 2);
                if (w == 0 || h == 0) return std::nullopt;
                return ImageInfo{static_cast<int>(w), static_cast<int>(h), true};
            }
            at += 2 + length;
        }
    }
    return std::nullopt;
}

}  // namespace tebiki::pdf
