#pragma once
// Flate (zlib format, PDF's FlateDecode) compression of the streams tebiki
// writes into PDFs itself: page contents, font programs, ToUnicode maps.
// libdeflate at level 6: the same bytes every time, smaller than zlib's
// default level and about twice as fast (docs/decisions.md, issue 19 continued).

#include <string>
#include <string_view>

namespace PoDoFo {
class PdfObject;
}

namespace tebiki::pdf {

std::string flate_compress(std::string_view bytes);

// Gives `object` the stream `bytes`, compressed, with /Filter /FlateDecode.
void set_flate_stream(PoDoFo::PdfObject& object, std::string_view bytes);
// The same for bytes flate_compress already compressed (on another thread).
void set_compressed_flate_stream(PoDoFo::PdfObject& object, std::string_view compressed);

}  // namespace tebiki::pdf
