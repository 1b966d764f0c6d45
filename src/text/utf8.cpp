#include "text/utf8.h"

#include <unicode/ucsdet.h>
#include <unicode/utf8.h>

#include <memory>

namespace tebiki::text {

std::optional<TextPosition> find_invalid_utf8(std::string_view bytes) {
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    const auto length = static_cast<int32_t>(bytes.size());
    int32_t i = 0;
    while (i < length) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) return position_of(bytes, static_cast<std::size_t>(start));
    }
    return std::nullopt;
}

namespace {
struct CharsetDetectorCloser {
    void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};
using CharsetDetectorPtr = std::unique_ptr<UCharsetDetector, CharsetDetectorCloser>;
}  // namespace

std::optional<std::string> detect_legacy_japanese_encoding(std::string_view bytes) {
    UErrorCode status = U_ZERO_ERROR;
    CharsetDetectorPtr detector(ucsdet_open(&status));
    if (U_FAILURE(status)) return std::nullopt;
    ucsdet_setText(detector.get(), bytes.data(), static_cast<int32_t>(bytes.size()), &status);
    int32_t count = 0;
    const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &status);
    if (U_FAILURE(status)) return std::nullopt;
    for (int32_t i = 0; i < count; ++i) {
        const char* name = ucsdet_getName(matches[i], &status);
        if (U_FAILURE(status) || name == nullptr) return std::nullopt;
        const std::string_view n(name);
        if (n == "Shift_JIS" || n == "EUC-JP" || n == "ISO-2022-JP") return std::string(n);
    }
    return std::nullopt;
}

int character_column(std::string_view line, std::size_t byte_offset) {
    int column = 1;
    for (std::size_t i = 0; i < byte_offset && i < line.size(); ++i) {
        // Count lead bytes only: continuation bytes are 10xxxxxx.
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++column;
    }
    return column;
}

TextPosition position_of(std::string_view text, std::size_t byte_offset) {
    TextPosition pos;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++pos.line;
            line_start = i + 1;
        }
    }
    pos.column = character_column(text.substr(line_start), byte_offset - line_start);
    return pos;
}

}  // namespace tebiki::text
