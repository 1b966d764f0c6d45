#pragma once
// A PNG whose compressed pixels a PDF image can carry as they are: PNG's
// IDAT data is a zlib stream of rows, each led by its filter byte, which is
// what PDF's FlateDecode with /Predictor 15 reads (PDF 32000-1 §7.4.4.4;
// pdfTeX embeds PNGs so). Nothing is inflated and deflated again for each
// PDF that shows the picture. Pictures with alpha, a palette, a transparent
// colour, 16 bits or interlacing still go through PoDoFo's decoder.

#include <optional>
#include <string>
#include <string_view>

namespace tebiki::pdf {

struct PngPixels {
    int width = 0, height = 0;
    int colors = 0;             // 1 (grey) or 3 (RGB)
    int bits_per_component = 8;
    std::string zlib_stream;    // the IDAT chunks' data, joined
};

// Nullopt when the PNG needs decoding (see above) or is damaged (its header,
// its chunks, or a zlib stream that does not inflate to its rows).
std::optional<PngPixels> png_pixels_as_stored(std::string_view png);

}  // namespace tebiki::pdf
