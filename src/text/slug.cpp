#include "text/slug.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace tebiki::text {

namespace {
bool kept_in_slug(UChar32 c) {
    if (c == '_' || c == '-') return true;
    const int32_t category_mask = U_GET_GC_MASK(c);
    return (category_mask & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) != 0;
}
}  // namespace

std::string heading_slug(std::string_view heading_text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    icu::UnicodeString source = icu::UnicodeString::fromUTF8(
        icu::StringPiece(heading_text.data(), static_cast<int32_t>(heading_text.size())));
    icu::UnicodeString normalized = U_SUCCESS(status) ? nfkc->normalize(source, status) : source;
    if (U_FAILURE(status)) normalized = source;
    normalized.trim();

    icu::UnicodeString slug;
    for (int32_t i = 0; i < normalized.length(); i = normalized.moveIndex32(i, 1)) {
        const UChar32 c = normalized.char32At(i);
        if (u_isUWhiteSpace(c)) {
            slug.append(static_cast<UChar32>('-'));
        } else if (kept_in_slug(c)) {
            slug.append(u_tolower(c));
        }
    }
    std::string out;
    slug.toUTF8String(out);
    return out.empty() ? std::string("section") : out;
}

}  // namespace tebiki::text
