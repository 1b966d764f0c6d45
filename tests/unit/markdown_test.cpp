#include <catch2/catch.hpp>

#include "document/markdown.h"

using namespace tebiki;

TEST_CASE("Headings get stable ids, Japanese included") {
    auto tree = MarkdownTree::parse(
        "# バックアップ取得規則\n\n## 復元手順\n\n## 対象 `DB`\n\n## 復元手順\n\n### 復元の確認 {#verify}\n\n## verify\n");
    const auto outline = tree.extract_outline();
    REQUIRE(outline.headings.size() == 6);
    CHECK(outline.headings[1].id == "復元手順");
    CHECK(outline.headings[2].text == "対象 DB");
    CHECK(outline.headings[2].id == "対象-db");
    CHECK(outline.headings[3].id == "復元手順-1");  // a repeated heading
    CHECK(outline.headings[4].id == "verify");     // explicit id wins
    CHECK(outline.headings[4].text == "復元の確認");
    CHECK(outline.headings[4].explicit_id);
    CHECK(outline.headings[5].id == "verify-1");  // never steals an explicit id
    CHECK(outline.headings[3].line == 7);
}

TEST_CASE("A heading's id does not change when other headings change") {
    auto before = MarkdownTree::parse("## 目的\n\n## 復元手順\n").extract_outline();
    auto after = MarkdownTree::parse("## 目的と適用範囲\n\n## 新しい節\n\n## 復元手順\n").extract_outline();
    CHECK(before.headings[1].id == after.headings[2].id);
}

TEST_CASE("Links and images are listed with their positions") {
    auto tree = MarkdownTree::parse(
        "本文は[復元手順](restore.md#復元手順)を参照。\n\n![構成図](images/a.png)\n\n<https://example.jp>\n\n"
        "<div>raw</div>\n");
    const auto outline = tree.extract_outline();
    REQUIRE(outline.links.size() == 3);
    CHECK(outline.links[0].url.find("restore.md#") == 0);
    CHECK_FALSE(outline.links[0].is_image);
    CHECK(outline.links[0].line == 1);
    CHECK(outline.links[1].is_image);
    CHECK(outline.links[1].line == 3);
    CHECK(outline.links[2].url == "https://example.jp");
    CHECK(outline.raw_html_lines == std::vector<int>{7});
}
