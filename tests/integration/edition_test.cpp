// Editions: `publish --edition`, its refusals, the document log and the
// review list, on repositories made by the tests.

#include <nlohmann/json.hpp>

#include "fixtures.h"

namespace tebiki::testing {

namespace {

// Two approved documents, a draft and an obsolete one, committed and tagged.
void write_edition(ContentRepo& repo) {
    repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n\n本文\n"));
    repo.write_content("b.md", sample_document("B-001", "復元手順", "[規程](a.md#目的)\n"));
    repo.write_content("draft.md", document_with(with_value(sample_front_matter("D-001", "検討中の手順"), "status", "draft"),
                                                 "下書き\n"));
    repo.write_content("old.md", document_with(with_value(sample_front_matter("O-001", "旧手順"), "status", "obsolete"),
                                               "廃止\n"));
    repo.commit("初版を制定\n\nApproved-by: 病院長\n", 1774000000);  // 2026-03-20 (+09:00)
    repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n\n本文を改訂\n"));
    repo.commit("目的を改訂\n\nApproved-by: 医療情報部長\nChange-type: major\n", 1775000000);  // 2026-04-01
    repo.tag("edition/2026-04");
}

}  // namespace

TEST_CASE("publish builds an edition from its tag, without drafts, stamped", "[edition]") {
    ContentRepo repo;
    write_edition(repo);
    const auto r = repo.tebiki({"publish", "--edition", "edition/2026-04"});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    const fs::path all = repo.path("dist/all");
    CHECK(fs::exists(all / "docs/A-001.html"));
    CHECK_FALSE(fs::exists(all / "docs/D-001.html"));  // drafts stay out
    CHECK(fs::exists(all / "docs/O-001.html"));        // obsolete: kept, marked withdrawn
    const std::string index = read_file(all / "index.html");
    CHECK_THAT(index, !Contains("D-001"));
    CHECK_THAT(index, Contains("edition/2026-04"));
    CHECK_THAT(read_search_index(all), Contains("A-001") && !Contains("D-001"));
    const std::string page = read_file(all / "docs/A-001.html");
    CHECK_THAT(page, Contains("edition/2026-04"));
    CHECK_THAT(page, Contains("医療情報部長"));  // the approver of the newest revision, from its trailer
    CHECK_THAT(page, Contains("2.0"));           // a major change
}

TEST_CASE("publishing the same tag twice gives identical bytes", "[edition]") {
    ContentRepo repo;
    write_edition(repo);
    REQUIRE(repo.tebiki({"publish", "--edition", "edition/2026-04", "--out", "first"}).exit_code == 0);
    repo.write_content("a.md", sample_document("A-001", "運用規程", "HEAD では別の本文\n"));
    repo.commit("タグの後の変更", 1776000000);
    REQUIRE(repo.tebiki({"publish", "--edition", "edition/2026-04", "--out", "second"}).exit_code == 0);
    const auto first = snapshot_tree(repo.path("first"));
    REQUIRE(first.size() > 10);
    CHECK(first == snapshot_tree(repo.path("second")));
}

TEST_CASE("publish refuses what is not an edition", "[edition]") {
    ContentRepo repo;
    write_edition(repo);
    repo.tag("v1");

    SECTION("a tag that does not match the pattern") {
        const auto r = repo.tebiki({"publish", "--edition", "v1"});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Contains("tag 'v1' is not an edition: edition tags match 'edition/*'"));
    }
    SECTION("an untagged commit") {
        const auto r = repo.tebiki({"publish", "--edition", "HEAD"});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Contains("no tag named 'HEAD'"));
    }
    SECTION("a tag that does not exist") {
        const auto r = repo.tebiki({"publish", "--edition", "edition/2099-01"});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Contains("no tag named 'edition/2099-01'"));
    }
    SECTION("a dirty work tree, naming the files") {
        repo.write_content("a.md", "編集中\n");
        repo.write_content("new.md", "新規\n");
        const auto r = repo.tebiki({"publish", "--edition", "edition/2026-04"});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Contains("uncommitted changes"));
        CHECK_THAT(r.err, Contains("content/a.md"));
        CHECK_THAT(r.err, Contains("content/new.md"));
        CHECK_FALSE(fs::exists(repo.path("dist")));
    }
    SECTION("a pattern from the config") {
        repo.write("content/tebiki.yml", sample_config() + "publishing:\n  edition_tag_pattern: \"v*\"\n");
        repo.commit("版のタグ名を変更", 1776000000);
        repo.tag("v2");
        CHECK(repo.tebiki({"publish", "--edition", "v2"}).exit_code == 0);
        // Each tag is judged by the config it carries: the older one still has edition/*.
        CHECK(repo.tebiki({"publish", "--edition", "edition/2026-04", "--out", "old"}).exit_code == 0);
    }
}

TEST_CASE("publish names every violation of the approval policy", "[edition]") {
    ContentRepo repo;
    auto no_review = without_key(sample_front_matter("A-001"), "review_by");
    repo.write_content("a.md", document_with(no_review, "本文\n"));
    repo.write_content("b.md", document_with(with_value(sample_front_matter("B-001"), "effective", "2026-05-01")));
    repo.commit("制定", 1775000000);  // 2026-04-01
    repo.tag("edition/2026-04");
    const auto r = repo.tebiki({"publish", "--edition", "edition/2026-04"});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("content/a.md:4:9: error: publishing: an approved document needs a review date"));
    CHECK_THAT(r.err, Contains("content/b.md:7:12: error: publishing: effective date 2026-05-01 is after the "
                               "edition's date 2026-04-01"));
    CHECK_THAT(r.err, Contains("2 violations of the approval policy"));
    CHECK_FALSE(fs::exists(repo.path("dist")));
}

TEST_CASE("log prints one document's history, following a move", "[edition]") {
    ContentRepo repo;
    write_edition(repo);
    fs::create_directories(repo.path("content/rules"));
    fs::rename(repo.path("content/a.md"), repo.path("content/rules/a.md"));
    repo.commit("規程を rules/ へ移動", 1776000000);
    const auto r = repo.tebiki({"log", "A-001"});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "A-001 運用規程 (content/rules/a.md)");
    CHECK_THAT(lines[1], StartsWith(" 2.0  2026-04-12  看護 花子"));  // a move alone keeps the version
    CHECK_THAT(lines[1], EndsWith("(moved from a.md)"));
    CHECK_THAT(lines[2], Contains("2.0  2026-04-01"));
    CHECK_THAT(lines[2], Contains("[Approved-by: 医療情報部長]"));
    CHECK_THAT(lines[3], Contains("1.0  2026-03-20"));

    const auto json = nlohmann::json::parse(repo.tebiki({"log", "A-001", "--json"}).out);
    CHECK(json["history"].size() == 3);
    CHECK(json["history"][1]["approved_by"] == "医療情報部長");
    CHECK(repo.tebiki({"log", "NOPE-1"}).exit_code == 2);
}

TEST_CASE("review lists due and overdue documents with their owners", "[edition]") {
    ContentRepo repo;
    repo.write_content("a.md", document_with(with_value(sample_front_matter("A-001", "期限超過"), "review_by", "2026-09-30")));
    repo.write_content("b.md", document_with(with_value(sample_front_matter("B-001", "もうすぐ"), "review_by", "2026-12-10")));
    repo.write_content("c.md", document_with(with_value(sample_front_matter("C-001", "まだ先"), "review_by", "2027-09-30")));
    repo.commit("制定");
    const auto r = repo.tebiki({"review", "--as-of", "2026-11-25"});
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK(lines_of(r.out) ==
          std::vector<std::string>{"overdue  2026-09-30  A-001  期限超過  医療情報部  (56 days ago)",
                                   "due      2026-12-10  B-001  もうすぐ  医療情報部  (in 15 days)"});
    CHECK(repo.tebiki({"review", "--as-of", "someday"}).exit_code == 2);
}

TEST_CASE("diff and the change notice of the next edition", "[edition]") {
    ContentRepo repo;
    write_edition(repo);
    repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n\n本文を再び改訂\n"));
    repo.remove("content/b.md");
    repo.write_content("n.md", sample_document("N-001", "新しい手順", "本文\n"));
    repo.commit("2026年10月版\n\nApproved-by: 病院長\n", 1790000000);  // 2026-09-22
    repo.tag("edition/2026-10");

    const auto r = repo.tebiki({"diff", "edition/2026-04", "edition/2026-10"});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    CHECK(lines_of(r.out) == std::vector<std::string>{
                                 "Changes from edition/2026-04 to edition/2026-10: 3 documents",
                                 "",
                                 "Added:",
                                 "  N-001 新しい手順 (- → 1.0)",
                                 "",
                                 "Changed:",
                                 "  A-001 運用規程 (2.0 → 2.1)",
                                 "    ~ 本文を{+再び+}改訂",
                                 "",
                                 "Retracted (no longer in the edition):",
                                 "  B-001 復元手順 (1.0 → -)",
                                 "    deleted",
                                 "",
                                 "Left out (an edition carries only approved and obsolete documents):",
                                 "  D-001 検討中の手順  (content/draft.md: draft)",
                             });

    const auto published = repo.tebiki({"publish", "--edition", "edition/2026-10"});
    INFO(describe(published));
    REQUIRE(published.exit_code == 0);
    const std::string page = read_file(repo.path("dist/all/changes.html"));
    CHECK_THAT(page, Contains("edition/2026-04 から edition/2026-10 への変更：追加 1件、改訂 1件、廃止 0件、取り下げ 1件"));
    CHECK_THAT(page, Contains("文書が削除されたため、この配布版には含まれません。"));
    CHECK_THAT(page, Contains("本文を<ins>再び</ins>改訂"));
    CHECK_THAT(read_file(repo.path("dist/all/index.html")), Contains("href=\"changes.html\""));
    // The first edition has nothing to compare with.
    REQUIRE(repo.tebiki({"publish", "--edition", "edition/2026-04", "--out", "first"}).exit_code == 0);
    CHECK_FALSE(fs::exists(repo.path("first/all/changes.html")));
    CHECK(repo.tebiki({"diff", "edition/2026-04", "nope"}).exit_code == 2);
}

}  // namespace tebiki::testing
