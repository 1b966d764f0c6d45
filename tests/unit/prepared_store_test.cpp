// Prepared search documents survive the trip through bytes (the build
// cache keeps them so), and anything else is refused, not misread.

#include <catch2/catch.hpp>

#include "search/prepared_store.h"
#include "search/search_index.h"

namespace tebiki::search {

namespace {

PreparedDocument sample() {
    SearchDocument doc{"OPS-003", "サイバー攻撃に備えたバックアップ取得規則", Status::Approved, "docs/OPS-003.html",
                       {"バックアップ", "BCP"},
                       {{"", "", "バックアップは毎日取得する。"},
                        {"復元手順", "restore", "EMRサーバを停止し、ﾃｰﾌﾟから復元する。</script>"}}};
    return prepare_document(std::move(doc));
}

}  // namespace

TEST_CASE("a prepared document reads back from its bytes as it was", "[search]") {
    const PreparedDocument original = sample();
    REQUIRE_FALSE(original.cjk_keys.empty());
    REQUIRE_FALSE(original.word_keys.empty());
    const auto back = prepared_from_bytes(to_bytes(original));
    REQUIRE(back);
    CHECK(back->card_json == original.card_json);
    CHECK(back->sections_json == original.sections_json);
    CHECK(back->document.id == original.document.id);
    CHECK(back->document.status == original.document.status);
    CHECK(back->document.tags == original.document.tags);
    REQUIRE(back->document.sections.size() == 2);
    CHECK(back->document.sections[1].anchor == "restore");
    CHECK(back->document.sections[1].text == original.document.sections[1].text);
    CHECK(back->fields.title == original.fields.title);
    CHECK(back->fields.tags == original.fields.tags);
    CHECK(back->fields.section_texts == original.fields.section_texts);
    CHECK(back->fields.headings == original.fields.headings);
    CHECK(back->fields.texts == original.fields.texts);
    CHECK(back->cjk_keys == original.cjk_keys);
    CHECK(back->word_keys == original.word_keys);

    // The index made from it is the index made from the original.
    const SearchIndex a(std::vector<const PreparedDocument*>{&original});
    const SearchIndex b(std::vector<const PreparedDocument*>{&*back});
    CHECK(a.to_javascript() == b.to_javascript());
    const std::size_t part = search_part_of(original.document.id);
    CHECK(a.part_javascript(part) == b.part_javascript(part));
}

TEST_CASE("bytes that are not a prepared document of this format are refused", "[search]") {
    CHECK_FALSE(prepared_from_bytes(""));
    CHECK_FALSE(prepared_from_bytes("not a prepared document at all"));
    const std::string bytes = to_bytes(sample());
    REQUIRE(prepared_from_bytes(bytes));
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
        INFO("cut at " << cut);
        CHECK_FALSE(prepared_from_bytes(std::string_view(bytes).substr(0, cut)));
    }
    CHECK_FALSE(prepared_from_bytes(bytes + '\0'));
    // The same layout under another format number (the first byte).
    std::string other_format = bytes;
    other_format[0] = static_cast<char>(other_format[0] + 1);
    CHECK_FALSE(prepared_from_bytes(other_format));
}

}  // namespace tebiki::search
