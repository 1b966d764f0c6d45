// PNGs carried into PDFs without decoding (pdf/png_passthrough.h): which
// kinds are carried as stored, and that damaged ones are not.

#include <catch2/catch.hpp>
#include <png.h>

#include <string>
#include <vector>

#include "pdf/png_passthrough.h"

using namespace tebiki::pdf;

namespace {

// A small PNG written by libpng: `color_type` with 8 bits a sample.
std::string make_png(int color_type, bool interlaced = false, bool transparent_colour = false) {
    std::string out;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    png_set_write_fn(
        png, &out,
        [](png_structp p, png_bytep data, png_size_t length) {
            static_cast<std::string*>(png_get_io_ptr(p))->append(reinterpret_cast<const char*>(data), length);
        },
        nullptr);
    const int width = 37, height = 11;
    png_set_IHDR(png, info, width, height, 8, color_type, interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    int channels = 1;
    if (color_type == PNG_COLOR_TYPE_RGB) channels = 3;
    if (color_type == PNG_COLOR_TYPE_RGB_ALPHA) channels = 4;
    if (color_type == PNG_COLOR_TYPE_GRAY_ALPHA) channels = 2;
    std::vector<png_color> palette(16);
    if (color_type == PNG_COLOR_TYPE_PALETTE) {
        for (int i = 0; i < 16; ++i) palette[i] = {static_cast<png_byte>(i * 16), 0, static_cast<png_byte>(255 - i * 16)};
        png_set_PLTE(png, info, palette.data(), 16);
    }
    png_color_16 key{};
    if (transparent_colour) png_set_tRNS(png, info, nullptr, 0, &key);
    png_write_info(png, info);
    std::vector<png_byte> row(static_cast<std::size_t>(width * channels));
    const int passes = png_set_interlace_handling(png);
    for (int pass = 0; pass < passes; ++pass)
        for (int y = 0; y < height; ++y) {
            for (std::size_t x = 0; x < row.size(); ++x) row[x] = static_cast<png_byte>((x * 7 + y * 13) % (color_type == PNG_COLOR_TYPE_PALETTE ? 16 : 256));
            png_write_row(png, row.data());
        }
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return out;
}

}  // namespace

TEST_CASE("8-bit RGB and grey PNGs are carried as stored, with their size and colours", "[pdf][images]") {
    const auto rgb = png_pixels_as_stored(make_png(PNG_COLOR_TYPE_RGB));
    REQUIRE(rgb);
    CHECK(rgb->width == 37);
    CHECK(rgb->height == 11);
    CHECK(rgb->colors == 3);
    CHECK(rgb->bits_per_component == 8);
    CHECK(rgb->zlib_stream.size() > 2);
    const auto grey = png_pixels_as_stored(make_png(PNG_COLOR_TYPE_GRAY));
    REQUIRE(grey);
    CHECK(grey->colors == 1);
}

TEST_CASE("PNGs with alpha, a palette, a transparent colour or interlacing are left to the decoder", "[pdf][images]") {
    CHECK_FALSE(png_pixels_as_stored(make_png(PNG_COLOR_TYPE_RGB_ALPHA)));
    CHECK_FALSE(png_pixels_as_stored(make_png(PNG_COLOR_TYPE_GRAY_ALPHA)));
    CHECK_FALSE(png_pixels_as_stored(make_png(PNG_COLOR_TYPE_PALETTE)));
    CHECK_FALSE(png_pixels_as_stored(make_png(PNG_COLOR_TYPE_RGB, /*interlaced=*/true)));
    CHECK_FALSE(png_pixels_as_stored(make_png(PNG_COLOR_TYPE_RGB, false, /*transparent_colour=*/true)));
}

TEST_CASE("a damaged PNG is not carried", "[pdf][images]") {
    const std::string good = make_png(PNG_COLOR_TYPE_RGB);
    REQUIRE(png_pixels_as_stored(good));
    // Cut short inside its pixels.
    CHECK_FALSE(png_pixels_as_stored(good.substr(0, good.size() / 2)));
    // Its header cut short.
    CHECK_FALSE(png_pixels_as_stored(good.substr(0, 20)));
    CHECK_FALSE(png_pixels_as_stored("not a picture"));
    // A flipped byte inside the zlib stream: the rows no longer inflate to
    // the picture (or its checksum fails), whichever the flip breaks.
    const std::size_t idat = good.find("IDAT");
    REQUIRE(idat != std::string::npos);
    std::string flipped = good;
    flipped[idat + 4 + 6] = static_cast<char>(flipped[idat + 4 + 6] ^ 0x5A);
    CHECK_FALSE(png_pixels_as_stored(flipped));
}
