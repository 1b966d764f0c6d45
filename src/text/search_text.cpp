#include "text/search_text.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <vector>

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

bool is_katakana(UChar32 c) {
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(c, &status) == USCRIPT_KATAKANA;
}

constexpr char16_t kLongVowelMark = 0x30FC;  // ー (NFKC makes half-width ｰ this)

// Which code units of `s` (NFKC, before kana folding) are a katakana word's
// final long-vowel marks that search leaves out: ユーザー and ユーザ,
// サーバー and サーバ are the same word to a reader (JIS Z 8301 drops the
// final ー of words of three or more sounds; vendors and writers disagree).
// A katakana word is a run of Katakana-script characters and ー; its final
// ー (one or more) go when what remains is at least three code points.
// Shorter words keep it: キー is not キ, コピー not コピ.
std::vector<bool> final_long_vowels(const icu::UnicodeString& s) {
    std::vector<bool> dropped(static_cast<std::size_t>(s.length()), false);
    int32_t i = 0;
    while (i < s.length()) {
        const UChar32 c = s.char32At(i);
        if (c != kLongVowelMark && !is_katakana(c)) {
            i = s.moveIndex32(i, 1);
            continue;
        }
        // The run [i, end): its code points' starts, and where its final ー begin.
        std::vector<int32_t> starts;
        int32_t end = i;
        bool has_kana = false;
        while (end < s.length()) {
            const UChar32 d = s.char32At(end);
            if (d != kLongVowelMark && !is_katakana(d)) break;
            has_kana = has_kana || d != kLongVowelMark;
            starts.push_back(end);
            end = s.moveIndex32(end, 1);
        }
        std::size_t body = starts.size();
        while (body > 0 && s.charAt(starts[body - 1]) == kLongVowelMark) --body;
        if (has_kana && body >= 3)
            for (std::size_t k = body; k < starts.size(); ++k) dropped[static_cast<std::size_t>(starts[k])] = true;
        i = end;
    }
    return dropped;
}

icu::UnicodeString without_final_long_vowels(const icu::UnicodeString& s) {
    if (s.indexOf(kLongVowelMark) < 0) return s;
    const std::vector<bool> dropped = final_long_vowels(s);
    icu::UnicodeString out;
    for (int32_t i = 0; i < s.length(); ++i)
        if (!dropped[static_cast<std::size_t>(i)]) out.append(s.charAt(i));
    return out;
}

// NFKC and lower case: the normalisation before long vowels and kana folding.
icu::UnicodeString fold_width_and_case(const icu::UnicodeString& source) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString out = nfkc().normalize(source, status);
    if (U_FAILURE(status)) out = source;
    out.toLower(icu::Locale::getRoot());
    return out;
}

icu::UnicodeString normalize(const icu::UnicodeString& source) {
    icu::UnicodeString out = without_final_long_vowels(fold_width_and_case(source));
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

bool is_letter(char32_t c) { return (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_L_MASK) != 0; }
bool is_number(char32_t c) { return (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_N_MASK) != 0; }

bool starts_after_number(std::u16string_view text, std::size_t pos) {
    if (pos == 0 || pos >= text.size()) return false;
    UChar32 before, at;
    auto index = static_cast<int32_t>(pos);
    U16_PREV(text.data(), 0, index, before);
    U16_GET(text.data(), 0, static_cast<int32_t>(pos), static_cast<int32_t>(text.size()), at);
    return is_number(static_cast<char32_t>(before)) && is_letter(static_cast<char32_t>(at));
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
            // 5ml, 120mmhg: the letters after a number are a word too.
            for (std::size_t k = 1; k + 1 < bounds.size(); ++k)
                if (starts_after_number(text, static_cast<std::size_t>(bounds[k])))
                    keys.words.push_back(piece(k, bounds.size() - 1));
        } else if (bounds.size() == 2) {
            keys.cjk.push_back(piece(0, 1));
        } else {
            for (std::size_t k = 0; k + 2 < bounds.size(); ++k) keys.cjk.push_back(piece(k, k + 2));
        }
    }
    return keys;
}

TracedText normalize_traced(std::u16string_view original) {
    // Code point by code point up to the long vowels, which depend on the
    // word around them, then the whole text.
    icu::UnicodeString folded;
    std::vector<std::size_t> origin;
    const auto length = static_cast<int32_t>(original.size());
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c;
        U16_NEXT(original.data(), i, length, c);
        const icu::UnicodeString piece = fold_width_and_case(icu::UnicodeString(original.data() + start, i - start));
        folded.append(piece);
        origin.insert(origin.end(), static_cast<std::size_t>(piece.length()), static_cast<std::size_t>(start));
    }
    const std::vector<bool> dropped = final_long_vowels(folded);
    icu::UnicodeString kept;
    TracedText traced;
    for (int32_t i = 0; i < folded.length(); ++i) {
        if (dropped[static_cast<std::size_t>(i)]) continue;
        kept.append(folded.charAt(i));
        traced.origin.push_back(origin[static_cast<std::size_t>(i)]);
    }
    fold_katakana(kept);
    traced.normalized = to_u16(kept);
    traced.origin.push_back(original.size());
    return traced;
}

}  // namespace tebiki::text
