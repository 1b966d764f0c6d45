#include <catch2/catch.hpp>

#include "document/content_config.h"
#include "document/metadata.h"

using namespace tebiki;

namespace {

ContentConfig test_config() {
    Diagnostics ignored;
    return parse_content_config(
        "audiences:\n  - key: all\n    name: 全職員\n  - key: it\n    name: 医療情報部\n", "content/tebiki.yml",
        ignored);
}

std::string messages(const Diagnostics& diags) {
    std::string out;
    for (const auto& d : diags.sorted()) out += d.format() + "\n";
    return out;
}

}  // namespace

TEST_CASE("Front matter is split from the body with the body's first line") {
    const auto split = split_front_matter("---\nid: A-1\ntitle: 題\n---\n# 本文\n");
    REQUIRE(split.has_front_matter);
    CHECK(split.front_matter == "id: A-1\ntitle: 題\n");
    CHECK(split.body == "# 本文\n");
    CHECK(split.body_first_line == 5);
    CHECK(split.closing_line == 4);

    CHECK(split_front_matter("\xEF\xBB\xBF---\r\nid: A\r\n---\r\nbody").has_front_matter);  // BOM and CRLF
    CHECK_FALSE(split_front_matter("# no front matter\n").has_front_matter);
    const auto unclosed = split_front_matter("---\nid: A\n");
    CHECK(unclosed.has_front_matter);
    CHECK(unclosed.closing_line == 0);
}

TEST_CASE("Valid metadata is read completely") {
    Diagnostics diags;
    const auto meta = parse_metadata(
        "id: OPS-003\ntitle: バックアップ取得規則\nstatus: approved\nowner: 医療情報部\napprover: 病院長\n"
        "effective: 2026-04-01\nreview_months: 12\naudience: [it]\ncategory: 規程\ntags: [バックアップ, 復元]\n",
        2, test_config(), "content/a.md", diags);
    INFO(messages(diags));
    CHECK(diags.items().empty());
    CHECK(meta.id == "OPS-003");
    CHECK(meta.status == Status::Approved);
    CHECK(meta.effective == Date{2026, 4, 1});
    CHECK(meta.review_by == Date{2027, 4, 1});
    CHECK(meta.audience == std::vector<std::string>{"it"});
    CHECK(meta.tags.size() == 2);
    CHECK(meta.position_of("effective").line == 7);
    CHECK(meta.position_of("effective").column == 12);
}

TEST_CASE("Invalid metadata gives one positioned message per problem") {
    struct Case {
        const char* yaml;
        const char* expected;
    };
    const std::string base = "title: 題\nowner: 部\n";
    const Case cases[] = {
        {"id: A-1\nstatus: draft\neffective: 2026-4-1\n",
         "content/a.md:6:12: error: front matter: 'effective' must be written as YYYY-MM-DD (got '2026-4-1'): write 2026-04-01"},
        {"id: A-1\nstatus: final\neffective: 2026-04-01\n",
         "content/a.md:5:9: error: front matter: 'status' unknown status 'final': use draft, review, approved or "
         "obsolete"},
        {"id: A-1\nstatus: draft\neffective: 2026-04-01\naudience: [ward-9]\n",
         "error: front matter: 'audience' unknown audience 'ward-9': tebiki.yml defines all, it"},
        {"status: draft\neffective: 2026-04-01\n", "content/a.md:1:1: error: front matter: 'id' is required"},
        {"id: A-1\nstatus: approved\neffective: 2026-04-01\n",
         "error: front matter: an approved document needs an 'approver'"},
        {"id: A 1\nstatus: draft\neffective: 2026-04-01\n", "'A 1' is not a valid id"},
        {"id: A-1\nstatus: draft\neffective: 2026-04-01\nreviw_by: 2027-01-01\n",
         "content/a.md:7:1: warning: front matter: unknown key 'reviw_by' (did you mean 'review_by'?)"},
        {"id: A-1\nstatus: draft\neffective: [2026-04-01]\n", "'effective' must be a single value"},
        {"id: A-1\nstatus: draft\neffective: 2026-04-01\n  bad: indent\n", "front matter: invalid YAML"},
    };
    for (const auto& c : cases) {
        Diagnostics diags;
        parse_metadata(base + c.yaml, 2, test_config(), "content/a.md", diags);
        INFO(c.yaml);
        CHECK_THAT(messages(diags), Catch::Contains(c.expected));
    }
}

TEST_CASE("The content config names audiences and requires 'all'") {
    Diagnostics diags;
    const auto config = parse_content_config(
        "organisation: さくら病院\nsite_title: 文書集\naudiences:\n  - key: all\n    name: 全職員\n  - key: ward-5w\n"
        "    name: 5階西病棟\n",
        "content/tebiki.yml", diags);
    CHECK(diags.items().empty());
    CHECK(config.organisation == "さくら病院");
    REQUIRE(config.audiences.size() == 2);
    CHECK(config.find_audience("ward-5w")->name == "5階西病棟");

    Diagnostics missing_all;
    parse_content_config("audiences:\n  - key: it\n    name: 医療情報部\n", "content/tebiki.yml", missing_all);
    CHECK_THAT(messages(missing_all), Catch::Contains("the audience 'all' (all staff) must be defined"));

    Diagnostics bad_key;
    parse_content_config("audiences:\n  - key: all\n    name: 全\n  - key: Ward 5\n    name: 病棟\n",
                         "content/tebiki.yml", bad_key);
    CHECK_THAT(messages(bad_key), Catch::Contains("content/tebiki.yml:4:10: error: config: audience key 'Ward 5'"));
}

TEST_CASE("A tab in the front matter is blamed on its own line, with a Japanese explanation for the preview") {
    using namespace tebiki;
    Diagnostics diags;
    ContentConfig config;
    config.audiences = {{"all", "全職員"}};
    parse_metadata("id: A-1\ntags:\n\t- 手順\n", 2, config, "content/a.md", diags);
    REQUIRE(diags.items().size() == 1);
    const Diagnostic& d = diags.items().front();
    CHECK(d.format() == "content/a.md:4:1: error: front matter: this line is indented with a tab, which YAML does "
                        "not allow: indent with spaces");
    CHECK(d.hint_ja == "前付け（--- と --- の間）のこの行はタブで字下げされています。タブではなく半角空白で字下げしてください。");
}
