#include "pdf/flate.h"

#include <libdeflate.h>
#include <podofo/podofo.h>

#include <memory>
#include <stdexcept>

namespace tebiki::pdf {

namespace {

struct CompressorDeleter {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

// One compressor per thread: a compressor is not to be shared between
// threads, and making one costs more than compressing a small stream.
libdeflate_compressor& compressor() {
    thread_local const std::unique_ptr<libdeflate_compressor, CompressorDeleter> made(libdeflate_alloc_compressor(6));
    if (!made) throw std::bad_alloc();
    return *made;
}

}  // namespace

std::string flate_compress(std::string_view bytes) {
    libdeflate_compressor& c = compressor();
    std::string out(libdeflate_zlib_compress_bound(&c, bytes.size()), '\0');
    const std::size_t size = libdeflate_zlib_compress(&c, bytes.data(), bytes.size(), out.data(), out.size());
    if (size == 0) throw std::runtime_error("PDF: cannot compress a stream");  // the bound was too small: never
    out.resize(size);
    return out;
}

void set_flate_stream(PoDoFo::PdfObject& object, std::string_view bytes) {
    set_compressed_flate_stream(object, flate_compress(bytes));
}

void set_compressed_flate_stream(PoDoFo::PdfObject& object, std::string_view compressed) {
    object.GetDictionary().AddKey("Filter", PoDoFo::PdfName("FlateDecode"));
    PoDoFo::PdfMemoryInputStream input(compressed.data(), static_cast<PoDoFo::pdf_long>(compressed.size()));
    object.GetStream()->SetRawData(&input, static_cast<PoDoFo::pdf_long>(compressed.size()));
}

}  // namespace tebiki::pdf
