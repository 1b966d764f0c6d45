#include "pdf/png_passthrough.h"

#include <libdeflate.h>
#include <png.h>

#include <csetjmp>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace tebiki::pdf {

namespace {

// Larger pictures (over 64 MB of pixels) are left to PoDoFo: checking their
// rows would hold them whole once more.
constexpr std::uint64_t kMostBytes = 64ull << 20;

struct PngHeader {
    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0, interlace = 0;
    bool transparent_colour = false;  // a tRNS chunk
};

struct MemoryReader {
    std::string_view bytes;
    std::size_t at = 0;
};

void read_from_memory(png_structp png, png_bytep out, png_size_t length) {
    auto* reader = static_cast<MemoryReader*>(png_get_io_ptr(png));
    if (reader->bytes.size() - reader->at < length) png_error(png, "truncated");
    std::memcpy(out, reader->bytes.data() + reader->at, length);
    reader->at += length;
}

// The header and the chunks before the pixels, read (and their CRCs
// checked) by libpng.
std::optional<PngHeader> read_header(std::string_view bytes) {
    if (bytes.size() < 8 || png_sig_cmp(reinterpret_cast<png_const_bytep>(bytes.data()), 0, 8) != 0) return std::nullopt;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    if (png == nullptr) return std::nullopt;
    png_infop info = png_create_info_struct(png);
    if (info == nullptr) {
        png_destroy_read_struct(&png, nullptr, nullptr);
        return std::nullopt;
    }
    MemoryReader reader{bytes, 0};
    PngHeader header;
    bool read = false;
    if (setjmp(png_jmpbuf(png)) == 0) {
        png_set_read_fn(png, &reader, read_from_memory);
        png_read_info(png, info);
        png_get_IHDR(png, info, &header.width, &header.height, &header.bit_depth, &header.color_type, &header.interlace,
                     nullptr, nullptr);
        header.transparent_colour = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
        read = true;
    }
    png_destroy_read_struct(&png, &info, nullptr);
    if (!read) return std::nullopt;
    return header;
}

std::uint32_t big_endian(const char* p) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(p[0])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(p[1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(p[2])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(p[3]));
}

// The data of every IDAT chunk, in order (PNG's chunk layout: length, type,
// data, CRC). Empty when the chunks run past the end.
std::string joined_idat(std::string_view bytes) {
    std::string out;
    std::size_t at = 8;
    while (bytes.size() - at >= 12) {
        const std::uint32_t length = big_endian(bytes.data() + at);
        const std::string_view type = bytes.substr(at + 4, 4);
        if (length > bytes.size() - at - 12) return {};
        if (type == "IDAT") out.append(bytes.data() + at + 8, length);
        if (type == "IEND") return out;
        at += 12 + static_cast<std::size_t>(length);
    }
    return {};
}

struct DecompressorDeleter {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

// The stream inflates to exactly `height` rows of `row_bytes`, each led by a
// filter type PNG defines (0-4): what a PDF viewer's predictor can undo.
// A damaged picture is left out of the PDF, as PoDoFo's decoder leaves it.
bool rows_sound(const std::string& stream, std::size_t height, std::size_t row_bytes) {
    const std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> d(libdeflate_alloc_decompressor());
    if (!d) return false;
    std::vector<unsigned char> rows(height * (row_bytes + 1));
    std::size_t size = 0;
    if (libdeflate_zlib_decompress(d.get(), stream.data(), stream.size(), rows.data(), rows.size(), &size) !=
            LIBDEFLATE_SUCCESS ||
        size != rows.size())
        return false;
    for (std::size_t row = 0; row < height; ++row)
        if (rows[row * (row_bytes + 1)] > 4) return false;
    return true;
}

}  // namespace

std::optional<PngPixels> png_pixels_as_stored(std::string_view png) {
    const std::optional<PngHeader> header = read_header(png);
    if (!header || header->interlace != PNG_INTERLACE_NONE || header->bit_depth != 8 || header->transparent_colour)
        return std::nullopt;
    PngPixels pixels;
    if (header->color_type == PNG_COLOR_TYPE_GRAY)
        pixels.colors = 1;
    else if (header->color_type == PNG_COLOR_TYPE_RGB)
        pixels.colors = 3;
    else
        return std::nullopt;  // a palette or alpha: decoded by PoDoFo
    // Bounds that keep the row arithmetic small (a PNG allows 2^31 - 1).
    if (header->width == 0 || header->height == 0 || header->width > 30000 || header->height > 30000 ||
        std::uint64_t{header->width} * header->height * pixels.colors > kMostBytes)
        return std::nullopt;
    pixels.width = static_cast<int>(header->width);
    pixels.height = static_cast<int>(header->height);
    pixels.zlib_stream = joined_idat(png);
    if (pixels.zlib_stream.empty() ||
        !rows_sound(pixels.zlib_stream, header->height, static_cast<std::size_t>(header->width) * pixels.colors))
        return std::nullopt;
    return pixels;
}

}  // namespace tebiki::pdf
