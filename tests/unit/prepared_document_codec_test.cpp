// Prepared search documents survive the trip through bytes (the build
// cache keeps them so), and anything else is refused, not misread.

#include <catch2/catch.hpp>

#include "reuse/prepared_document_codec.h"
#include "search/search_index.h"

namespace tebiki::search {

namespace {

PreparedDocument sample() {
    SearchDocument doc{"OPS-003", "サイバー攻撃に備えたバックアップ取得規則", Status::Approved, "docs/OPS-003.html",
                       {"バックアップ", "BCP"},
                       {{"", "", "バックアップは毎日取得する。"},
                        {"復元手順", "restore", "EMRサーバを停止し、ﾃｰﾌﾟから復元する。</script>"}},
                       "フッキュウ テジュン"};
    return prepare_document(std::move(doc));
}

}  // namespace

TEST_CASE("a prepared document reads back from its bytes as it was", "[search]") {
    const PreparedDocument original = sample();
    const IndexedDocument& indexed = original.indexed;
    REQUIRE_FALSE(indexed.cjk_keys.empty());
    REQUIRE_FALSE(indexed.word_keys.empty());
    const auto back = reuse::prepared_from_bytes(reuse::to_bytes(indexed));
    REQUIRE(back);
    CHECK(back->id == "OPS-003");
    CHECK(back->card_json == indexed.card_json);
    CHECK(back->match_json == indexed.match_json);
    CHECK(back->readings_json == indexed.readings_json);
    CHECK(back->texts_json == indexed.texts_json);
    CHECK(back->cjk_keys == indexed.cjk_keys);
    CHECK(back->word_keys == indexed.word_keys);
    CHECK(back->reading_cjk_keys == indexed.reading_cjk_keys);
    CHECK_FALSE(back->reading_cjk_keys.empty());
    CHECK(back->fields.texts.empty());  // the fields are the other entry's

    // The other entry: the card and the normalised fields, for `tebiki search`.
    const auto fields = reuse::fields_from_bytes(reuse::fields_to_bytes(indexed));
    REQUIRE(fields);
    CHECK(fields->id == "OPS-003");
    CHECK(fields->card_json == indexed.card_json);
    CHECK(fields->fields.texts == original.fields.texts);
    CHECK(fields->fields.headings == original.fields.headings);
    CHECK(fields->fields.section_texts == original.fields.section_texts);
    CHECK(fields->fields.readings == original.fields.readings);
    CHECK(fields->fields.tags == original.fields.tags);
    CHECK_FALSE(reuse::fields_from_bytes(reuse::to_bytes(indexed)));
    CHECK_FALSE(reuse::prepared_from_bytes(reuse::fields_to_bytes(indexed)));

    // The browser's copy made from it is the one made from the original.
    const std::vector<const IndexedDocument*> from_original{&indexed}, from_bytes{&*back};
    const std::size_t part = search_part_of(indexed.id);
    for (const PartFile file : {PartFile::Match, PartFile::Readings, PartFile::Text})
        CHECK(part_javascript(from_bytes, part, file) == part_javascript(from_original, part, file));
    CHECK(docs_javascript(from_bytes) == docs_javascript(from_original));
    CHECK(key_shards_javascript(from_bytes) == key_shards_javascript(from_original));
    CHECK_THAT(part_javascript(from_bytes, part, PartFile::Text), Catch::Contains("ﾃｰﾌﾟから復元する。<\\/script>"));

    // `tebiki search` reads it without its sections, and adds them for a result shown.
    auto light = prepare_indexed(*fields, /*with_sections=*/false);
    REQUIRE(light);
    CHECK(light->document.sections.empty());
    CHECK(light->fields.texts == original.fields.texts);
    light->indexed.match_json = back->match_json;
    light->indexed.texts_json = back->texts_json;
    REQUIRE(complete_sections(*light));
    CHECK(light->document.sections[1].text == original.document.sections[1].text);

    // `tebiki search` makes the whole document again from it (issue 20).
    IndexedDocument both = *back;
    both.fields = fields->fields;
    const auto again = prepare_indexed(both);
    REQUIRE(again);
    CHECK(again->document.title == original.document.title);
    CHECK(again->document.tags == original.document.tags);
    REQUIRE(again->document.sections.size() == 2);
    CHECK(again->document.sections[1].text == original.document.sections[1].text);
    CHECK(again->document.sections[1].anchor == "restore");
    CHECK(again->fields.texts == original.fields.texts);
    CHECK(again->fields.readings == original.fields.readings);
}

TEST_CASE("bytes that are not a prepared document of this format are refused", "[search]") {
    CHECK_FALSE(reuse::prepared_from_bytes(""));
    CHECK_FALSE(reuse::prepared_from_bytes("not a prepared document at all"));
    const std::string bytes = reuse::to_bytes(sample().indexed);
    REQUIRE(reuse::prepared_from_bytes(bytes));
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
        INFO("cut at " << cut);
        CHECK_FALSE(reuse::prepared_from_bytes(std::string_view(bytes).substr(0, cut)));
    }
    CHECK_FALSE(reuse::prepared_from_bytes(bytes + '\0'));
    // The same layout under another format number (the first byte).
    std::string other_format = bytes;
    other_format[0] = static_cast<char>(other_format[0] + 1);
    CHECK_FALSE(reuse::prepared_from_bytes(other_format));
}

}  // namespace tebiki::search

namespace tebiki::search {

TEST_CASE("a key list keeps its keys in one buffer and takes only a consistent layout", "[search]") {
    KeyList keys;
    keys.push_back(u"復元");
    keys.push_back(u"");
    keys.push_back(u"backup");
    REQUIRE(keys.size() == 3);
    CHECK(keys[0] == u"復元");
    CHECK(keys[1].empty());
    CHECK(keys[2] == u"backup");
    CHECK(std::vector<std::u16string_view>(keys.begin(), keys.end()) ==
          std::vector<std::u16string_view>{u"復元", u"", u"backup"});

    KeyList copy;
    CHECK(copy.assign(keys.chars(), keys.ends()));
    CHECK(copy == keys);
    KeyList refused = keys;
    CHECK_FALSE(refused.assign(u"復元backup", {2, 1, 8}));  // ends must ascend
    CHECK_FALSE(refused.assign(u"復元backup", {2, 2, 7}));  // and end where the code units do
    CHECK(refused == keys);                                // a refused layout changes nothing
}

}  // namespace tebiki::search
