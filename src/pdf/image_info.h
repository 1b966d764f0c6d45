#pragma once
// The pixel size and kind of a PNG or JPEG image, read from its header so
// that the layout can size the picture before PoDoFo embeds it.

#include <optional>
#include <string_view>

namespace tebiki::pdf {

struct ImageInfo {
    int width = 0, height = 0;
    bool jpeg = false;
};

// Nullopt when the bytes are neither a PNG nor a baseline/progressive JPEG.
std::optional<ImageInfo> read_image_info(std::string_view bytes);

}  // namespace tebiki::pdf
