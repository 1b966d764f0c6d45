#include "text/unicode_form.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <stdexcept>

namespace tebiki::text {

namespace {

const icu::Normalizer2& nfc() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU has no NFC normaliser");
    return *normalizer;
}

icu::UnicodeString unicode_of(std::string_view utf8) {
    return icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
}

}  // namespace

std::string nfc_form(std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString normal = nfc().normalize(unicode_of(utf8), status);
    if (U_FAILURE(status)) throw std::runtime_error("cannot normalise a name to NFC");
    std::string out;
    normal.toUTF8String(out);
    return out;
}

bool is_nfc(std::string_view utf8) {
    // ASCII is NFC: most paths need no ICU at all.
    bool ascii = true;
    for (const char c : utf8) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    return ascii || nfc_form(utf8) == utf8;
}

}  // namespace tebiki::text
