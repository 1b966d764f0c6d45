#include "text/soft_break.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace tebiki::text {

namespace {

bool is_east_asian(char32_t c) {
    if (c == 0) return false;
    const auto cp = static_cast<UChar32>(c);
    const auto width = static_cast<UEastAsianWidth>(u_getIntPropertyValue(cp, UCHAR_EAST_ASIAN_WIDTH));
    if (width != U_EA_WIDE && width != U_EA_FULLWIDTH && width != U_EA_HALFWIDTH) return false;
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(cp, &status) != USCRIPT_HANGUL;  // Korean separates words with spaces
}

}  // namespace

bool soft_break_vanishes(char32_t before, char32_t after) { return is_east_asian(before) && is_east_asian(after); }

char32_t last_code_point(std::string_view utf8) {
    if (utf8.empty()) return 0;
    auto i = static_cast<int32_t>(utf8.size());
    UChar32 c;
    U8_PREV(reinterpret_cast<const uint8_t*>(utf8.data()), 0, i, c);
    return c < 0 ? 0 : static_cast<char32_t>(c);
}

char32_t first_code_point(std::string_view utf8) {
    if (utf8.empty()) return 0;
    int32_t i = 0;
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, static_cast<int32_t>(utf8.size()), c);
    return c < 0 ? 0 : static_cast<char32_t>(c);
}

}  // namespace tebiki::text
