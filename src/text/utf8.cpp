#include "text/utf8.h"

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uscript.h>
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

namespace {

struct ConverterCloser {
    void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// True when every byte decodes strictly in `encoding` and the text holds
// Japanese kana or kanji: random bytes or Latin-1 text almost never do both.
bool decodes_as_japanese(std::string_view bytes, const char* encoding) {
    UErrorCode status = U_ZERO_ERROR;
    ConverterPtr converter(ucnv_open(encoding, &status));
    if (U_FAILURE(status)) return false;
    ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    std::u16string decoded(bytes.size() + 1, u'\0');
    const int32_t length = ucnv_toUChars(converter.get(), decoded.data(), static_cast<int32_t>(decoded.size()),
                                         bytes.data(), static_cast<int32_t>(bytes.size()), &status);
    if (U_FAILURE(status)) return false;
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U16_NEXT(decoded.data(), i, length, c);
        UErrorCode script_status = U_ZERO_ERROR;
        const UScriptCode script = uscript_getScript(c, &script_status);
        if (script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA || script == USCRIPT_HAN) return true;
    }
    return false;
}

std::optional<std::string> detector_guess(std::string_view bytes) {
    UErrorCode status = U_ZERO_ERROR;
    CharsetDetectorPtr detector(ucsdet_open(&status));
    if (U_FAILURE(status)) return std::nullopt;
    ucsdet_setText(detector.get(), bytes.data(), static_cast<int32_t>(bytes.size()), &status);
    const UCharsetMatch* best = ucsdet_detect(detector.get(), &status);
    if (U_FAILURE(status) || best == nullptr) return std::nullopt;
    const char* name = ucsdet_getName(best, &status);
    const int32_t confidence = ucsdet_getConfidence(best, &status);
    if (U_FAILURE(status) || name == nullptr || confidence < 30) return std::nullopt;
    const std::string_view n(name);
    // Japanese legacy encodings, and UTF-16 (Windows Notepad's "Unicode").
    if (n == "Shift_JIS" || n == "EUC-JP" || n == "ISO-2022-JP" || n == "UTF-16LE" || n == "UTF-16BE")
        return std::string(n);
    return std::nullopt;
}

}  // namespace

std::optional<std::string> guess_encoding_of_non_utf8(std::string_view bytes) {
    // ICU's detector is reliable on long text; short files (a few kanji in a
    // title) are better judged by a strict decode.
    if (auto guess = detector_guess(bytes)) return guess;
    if (decodes_as_japanese(bytes, "windows-31j")) return std::string("Shift_JIS");
    if (decodes_as_japanese(bytes, "EUC-JP")) return std::string("EUC-JP");
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
