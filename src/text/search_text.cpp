#include "text/search_text.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

namespace tebiki::text {

namespace {

const icu::Normalizer2& nfkc() {
    UErrorCode status = U_ZERO_ERROR;
    static const icu::Normalizer2* instance = icu::Normalizer2::getNFKCInstance(status);
    return *instance;
}

void fold_katakana(icu::UnicodeString& s) {
    const int32_t length = s.length();  // before getBuffer(), which hides the length until released
    char16_t* buffer = s.getBuffer(length);
    for (int32_t i = 0; i < length; ++i) {
        const char16_t c = buffer[i];
        if ((c >= 0x30A1 && c <= 0x30F6) || c == 0x30FD || c == 0x30FE) buffer[i] = static_cast<char16_t>(c - 0x60);
    }
    s.releaseBuffer(length);
}

icu::UnicodeString normalize(const icu::UnicodeString& source) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString out = nfkc().normalize(source, status);
    if (U_FAILURE(status)) out = source;
    out.toLower(icu::Locale::getRoot());
    fold_katakana(out);
    return out;
}

std::u16string to_u16(const icu::UnicodeString& s) { return std::u16string(s.getBuffer(), static_cast<std::size_t>(s.length())); }

icu::UnicodeString from_u16(std::u16string_view s) {
    return icu::UnicodeString(s.data(), static_cast<int32_t>(s.size()));
}

}  // namespace

std::u16string to_utf16(std::string_view utf8) {
    return to_u16(icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size()))));
}

std::string to_utf8(std::u16string_view utf16) {
    std::string out;
    from_u16(utf16).toUTF8String(out);
    return out;
}

std::u16string normalize_for_search(std::string_view utf8) {
    return to_u16(normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())))));
}

std::u16string normalize_for_search(std::u16string_view utf16) { return to_u16(normalize(from_u16(utf16))); }

SearchCharClass search_char_class(char32_t c) {
    if (c == 0x30FC || c == 0x3005 || c == 0x3006 || c == 0x30F6) return SearchCharClass::Cjk;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
    if (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA) return SearchCharClass::Cjk;
    const int32_t mask = U_GET_GC_MASK(static_cast<UChar32>(c));
    if ((mask & (U_GC_L_MASK | U_GC_N_MASK)) != 0) return SearchCharClass::Word;
    return SearchCharClass::Separator;
}

IndexKeys index_keys(std::u16string_view text) {
    const IndexKeyViews views = index_key_views(text);
    return {std::vector<std::u16string>(views.cjk.begin(), views.cjk.end()),
            std::vector<std::u16string>(views.words.begin(), views.words.end())};
}

IndexKeyViews index_key_views(std::u16string_view text) {
    IndexKeyViews keys;
    const auto length = static_cast<int32_t>(text.size());
    int32_t i = 0;
    while (i < length) {
        int32_t start = i;
        UChar32 c;
        U16_NEXT(text.data(), i, length, c);
        const SearchCharClass kind = search_char_class(static_cast<char32_t>(c));
        if (kind == SearchCharClass::Separator) continue;
        // The run of this class, as a list of code point boundaries.
        std::vector<int32_t> bounds{start, i};
        while (i < length) {
            int32_t next = i;
            U16_NEXT(text.data(), next, length, c);
            if (search_char_class(static_cast<char32_t>(c)) != kind) break;
            i = next;
            bounds.push_back(i);
        }
        const auto piece = [&](std::size_t from, std::size_t to) {
            return text.substr(static_cast<std::size_t>(bounds[from]), static_cast<std::size_t>(bounds[to] - bounds[from]));
        };
        if (kind == SearchCharClass::Word) {
            keys.words.push_back(piece(0, bounds.size() - 1));
        } else if (bounds.size() == 2) {
            keys.cjk.push_back(piece(0, 1));
        } else {
            for (std::size_t k = 0; k + 2 < bounds.size(); ++k) keys.cjk.push_back(piece(k, k + 2));
        }
    }
    return keys;
}

TracedText normalize_traced(std::u16string_view original) {
    TracedText traced;
    const auto length = static_cast<int32_t>(original.size());
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c;
        U16_NEXT(original.data(), i, length, c);
        const std::u16string piece =
            to_u16(normalize(icu::UnicodeString(original.data() + start, i - start)));
        traced.normalized += piece;
        traced.origin.insert(traced.origin.end(), piece.size(), static_cast<std::size_t>(start));
    }
    traced.origin.push_back(original.size());
    return traced;
}

}  // namespace tebiki::text
