#include <catch2/catch.hpp>

#include "text/japanese_date.h"
#include "text/slug.h"
#include "text/utf8.h"

using namespace tebiki::text;

TEST_CASE("Heading slugs keep Japanese and drop punctuation") {
    struct Case {
        const char* heading;
        const char* slug;
    };
    const Case cases[] = {
        {"復元手順", "復元手順"},
        {"3. 復元手順", "3-復元手順"},
        {"３．復元手順（概要）", "3復元手順概要"},  // NFKC: full-width digits and brackets
        {"ﾊﾞｯｸｱｯﾌﾟ の取得", "バックアップ-の取得"},  // half-width katakana folded
        {"Backup Policy", "backup-policy"},
        {"「非常時」・緊急時の対応", "非常時緊急時の対応"},
        {"第3条 目的", "第3条-目的"},
        {"EMR_端末-設定", "emr_端末-設定"},
        {"！？", "section"},
        {"", "section"},
    };
    for (const auto& c : cases) {
        INFO(c.heading);
        CHECK(heading_slug(c.heading) == c.slug);
    }
}

TEST_CASE("Invalid UTF-8 is located by line and character column") {
    CHECK_FALSE(find_invalid_utf8("運用規程\nバックアップ\n"));
    CHECK_FALSE(find_invalid_utf8("𠮟る"));  // a non-BMP Jōyō kanji is valid UTF-8
    const std::string bad = "一行目\nあい\xFFう\n";
    auto pos = find_invalid_utf8(bad);
    REQUIRE(pos);
    CHECK(pos->line == 2);
    CHECK(pos->column == 3);
    // A truncated sequence at the end.
    auto truncated = find_invalid_utf8(std::string("abc\xE3\x81"));
    REQUIRE(truncated);
    CHECK(truncated->column == 4);
    // Overlong encodings are not UTF-8.
    CHECK(find_invalid_utf8(std::string("\xC0\xAF")));
}

TEST_CASE("Shift_JIS text is recognised as such") {
    // 「情報システム運用管理規程の目的は、診療の継続である。」 in CP932, repeated so the detector has enough to go on.
    const std::string sjis_sentence =
        "\x8F\xEE\x95\xF1\x83\x56\x83\x58\x83\x65\x83\x80\x89\x5E\x97\x70\x8A\xC7\x97\x9D\x8B\x4B\x92\xF6"
        "\x82\xCC\x96\xDA\x93\x49\x82\xCD\x81\x41\x90\x66\x97\xC3\x82\xCC\x8C\x70\x91\xB1\x82\xC5\x82\xA0"
        "\x82\xE9\x81\x42\r\n";
    std::string text;
    for (int i = 0; i < 8; ++i) text += sjis_sentence;
    REQUIRE(find_invalid_utf8(text));
    auto encoding = guess_encoding_of_non_utf8(text);
    REQUIRE(encoding);
    CHECK(*encoding == "Shift_JIS");
    // A short front matter line is recognised too.
    CHECK(guess_encoding_of_non_utf8("id: OPS-1\ntitle: \x89\x5E\x97\x70\x8B\x4B\x92\xF6\n") == "Shift_JIS");
    // Latin-1 and binary junk are not mistaken for Japanese.
    CHECK_FALSE(guess_encoding_of_non_utf8("caf\xE9 na\xEFve r\xE9sum\xE9 text"));
    CHECK_FALSE(guess_encoding_of_non_utf8("\x80\x81\x82 binary \xFF"));
    // Notepad's "Unicode" is UTF-16 with a byte order mark.
    const std::string utf16{"\xFF\xFE\x4B\x30\x6A\x30\x0A\x00", 8};  // "かな\n"
    CHECK(guess_encoding_of_non_utf8(utf16) == "UTF-16LE");
}

TEST_CASE("Character columns count code points, not bytes") {
    CHECK(character_column("abc", 2) == 3);
    CHECK(character_column("あいう", 6) == 3);  // two 3-byte characters before
    CHECK(position_of("a\nあいx", 8).line == 2);
    CHECK(position_of("a\nあいx", 8).column == 3);
}

TEST_CASE("Dates are written the Japanese way") {
    CHECK(format_date_japanese(2026, 4, 1) == "2026年4月1日");
    CHECK(format_date_wareki(2026, 4, 1) == "令和8年4月1日");
    CHECK(format_date_wareki(2019, 5, 1) == "令和元年5月1日");
    CHECK(format_date_wareki(2019, 4, 30) == "平成31年4月30日");
}
