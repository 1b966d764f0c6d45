#include <catch2/catch.hpp>

#include "text/search_text.h"

using namespace tebiki::text;

namespace {
std::string norm(const std::string& s) { return to_utf8(normalize_for_search(std::string_view(s))); }
std::string keys_of(const std::string& s) {
    const auto keys = index_keys(normalize_for_search(std::string_view(s)));
    std::string out;
    for (const auto& k : keys.cjk) out += to_utf8(k) + "|";
    out += "/";
    for (const auto& k : keys.words) out += to_utf8(k) + "|";
    return out;
}
}  // namespace

TEST_CASE("Search normalisation folds widths, case and kana") {
    struct Case {
        const char* input;
        const char* normalized;
    };
    const Case cases[] = {
        {"ＡＢＣ１２３", "abc123"},               // full-width Latin and digits
        {"ﾊﾞｯｸｱｯﾌﾟ", "ばっくあっぷ"},            // half-width katakana, voiced marks composed
        {"バックアップ", "ばっくあっぷ"},          // katakana to hiragana
        {"ばっくあっぷ", "ばっくあっぷ"},          // hiragana unchanged
        {"EMR端末", "emr端末"},                    // case
        {"サーバー", "さーば"},                    // a final long vowel mark goes (issue 20)
        {"ヴ", "ゔ"},                              // U+30F4 folds too
        {"３条", "3条"},                           // full-width digit
        {"㍻", "平成"},                            // compatibility ideographs
        {"①", "1"},
        {"　全角スペース", " 全角すぺーす"},       // ideographic space
        {"🏥病院", "🏥病院"},                      // emoji kept, as a separator
    };
    for (const auto& c : cases) {
        INFO(c.input);
        CHECK(norm(c.input) == c.normalized);
    }
}

TEST_CASE("Invalid UTF-8 becomes a replacement character, not a crash") {
    CHECK(norm("ab\xFF" "cd") == "ab\xEF\xBF\xBD" "cd");
    CHECK(keys_of("ab\xFF" "cd") == "/ab|cd|");
}

TEST_CASE("Index keys: CJK bigrams, lone characters, words") {
    CHECK(keys_of("復元手順") == "復元|元手|手順|/");
    CHECK(keys_of("非常時用機能") == "非常|常時|時用|用機|機能|/");
    CHECK(keys_of("泉") == "泉|/");
    CHECK(keys_of("第3条の規定") == "第|条の|の規|規定|/3|");
    CHECK(keys_of("ＯＰＳ-003、EMR端末。") == "端末|/ops|003|emr|");
    CHECK(keys_of("々") == "々|/");
    CHECK(keys_of("𠮟責") == "𠮟責|/");  // non-BMP kanji are CJK
    CHECK(keys_of("😀!?") == "/");
}

TEST_CASE("Character classes") {
    CHECK(search_char_class(U'漢') == SearchCharClass::Cjk);
    CHECK(search_char_class(U'ー') == SearchCharClass::Cjk);
    CHECK(search_char_class(U'a') == SearchCharClass::Word);
    CHECK(search_char_class(U'9') == SearchCharClass::Word);
    CHECK(search_char_class(U'、') == SearchCharClass::Separator);
    CHECK(search_char_class(U'😀') == SearchCharClass::Separator);
}

TEST_CASE("Traced normalisation maps back to the original text") {
    const auto traced = normalize_traced(to_utf16("ﾊﾞｯｸ取得"));
    // Per code point: ﾊ ﾞ ｯ ｸ are four code points; ﾞ becomes a combining mark.
    CHECK(traced.normalized.size() == traced.origin.size() - 1);
    CHECK(traced.origin.back() == 6);
    CHECK(traced.origin[0] == 0);
}
