#include <catch2/catch.hpp>

#include "document/catalog.h"
#include "reuse/catalog_memo.h"
#include "test_repo.h"

using namespace tebiki;
using tebiki::testing::sample_config;
using tebiki::testing::sample_document;
using tebiki::testing::TestRepo;

namespace {

Catalog catalog_of(TestRepo& repo, Date as_of = Date{2026, 11, 25}) {
    repo.commit("content");
    return build_catalog(source::read_revision(repo.path("content"), "HEAD"), CatalogOptions{as_of});
}

std::string messages(const Catalog& c) {
    std::string out;
    for (const auto& d : c.diagnostics().sorted()) out += d.format() + "\n";
    return out;
}

}  // namespace

TEST_CASE("Documents are catalogued by id and audience") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/rules/b.md", sample_document("B-1", "復元", "## 復元手順\n"));
    repo.write("content/rules/a.md", sample_document("A-1", "規程", "本文\n"));
    repo.write("content/it.md", sample_document("C-1", "IT向け", "本文\n", "audience: [it]\n"));
    repo.write("content/images/x.png", "not really a png");
    const Catalog c = catalog_of(repo);
    INFO(messages(c));
    CHECK_FALSE(c.diagnostics().has_errors());
    REQUIRE(c.documents().size() == 3);
    CHECK(c.documents()[0].meta.id == "A-1");  // sorted by id, not path
    CHECK(c.find_by_path("rules/b.md")->meta.id == "B-1");
    CHECK(c.documents_for("all").size() == 2);
    CHECK(c.documents_for("it").size() == 3);
    CHECK(c.documents_for("ward-5w").size() == 2);
}

TEST_CASE("Links resolve to documents, headings and assets") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/rules/a.md", sample_document("A-1", "規程", "## 目的\n"));
    repo.write("content/procedures/restore.md", sample_document("P-1", "復元", "## 3. 復元手順\n\n## 確認 {#verify}\n"));
    repo.write("content/images/layout.png", "png");
    const Catalog c = catalog_of(repo);
    const Document& a = *c.find_by_id("A-1");

    auto t = c.resolve_link(a, "../procedures/restore.md#3-復元手順");
    CHECK(t.kind == LinkTarget::Kind::Document);
    CHECK(t.document->meta.id == "P-1");
    CHECK(t.fragment == "3-復元手順");
    // Percent-encoded (as cmark stores non-ASCII) and heading text as typed.
    t = c.resolve_link(a, "../procedures/restore.md#3.%20%E5%BE%A9%E5%85%83%E6%89%8B%E9%A0%86");
    CHECK(t.fragment == "3-復元手順");
    CHECK(c.resolve_link(a, "/procedures/restore.md#verify").fragment == "verify");
    CHECK(c.resolve_link(a, "#目的").kind == LinkTarget::Kind::SameDocument);
    CHECK(c.resolve_link(a, "https://www.mhlw.go.jp/").kind == LinkTarget::Kind::External);
    CHECK(c.resolve_link(a, "mailto:it@example.jp").kind == LinkTarget::Kind::External);
    t = c.resolve_link(a, "../images/layout.png");
    CHECK(t.kind == LinkTarget::Kind::Asset);
    CHECK(t.asset_path == "images/layout.png");

    t = c.resolve_link(a, "../procedures/restore.md#存在しない");
    CHECK(t.kind == LinkTarget::Kind::Broken);
    CHECK_THAT(t.problem, Catch::Contains("its heading ids are: 3-復元手順, verify"));
    CHECK(c.resolve_link(a, "missing.md").kind == LinkTarget::Kind::Broken);
    t = c.resolve_link(a, "../../etc/passwd");
    CHECK(t.kind == LinkTarget::Kind::Broken);
    CHECK_THAT(t.problem, Catch::Contains("outside the content root"));
}

TEST_CASE("A document's own links are resolved once, into the catalog's documents, moved or not") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/rules/a.md",
               sample_document("A-1", "規程", "## 目的\n\n[復元](../procedures/restore.md#3-復元手順)、[目的](#目的)、"
                                            "![図](../images/layout.png)\n"));
    repo.write("content/procedures/restore.md", sample_document("P-1", "復元", "## 3. 復元手順\n"));
    repo.write("content/images/layout.png", "png");
    Catalog built = catalog_of(repo);
    REQUIRE(built.find_by_id("A-1")->outline.links.size() == 3);

    const Catalog c = std::move(built);
    const Document& a = *c.find_by_id("A-1");
    const auto restore = c.resolve_link(a, "../procedures/restore.md#3-復元手順");
    CHECK(restore.kind == LinkTarget::Kind::Document);
    CHECK(restore.document == c.find_by_id("P-1"));  // this catalog's document, not a moved-from one
    CHECK(restore.fragment == "3-復元手順");
    const auto same = c.resolve_link(a, "#目的");
    CHECK(same.kind == LinkTarget::Kind::SameDocument);
    CHECK(same.document == &a);
    CHECK(c.resolve_link(a, "../images/layout.png").asset_path == "images/layout.png");
    // A URL the document does not hold is resolved afresh, the same way.
    CHECK(c.resolve_link(a, "/procedures/restore.md").document == c.find_by_id("P-1"));
}

TEST_CASE("Broken links, images and duplicate ids are reported where they are") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/a.md", sample_document("A-1", "一", "本文は[二](b.md#なし)を参照。\n\n![図](../x.png)\n"));
    repo.write("content/b.md", sample_document("A-1", "二", "## 節\n"));
    const Catalog c = catalog_of(repo);
    const std::string m = messages(c);
    CHECK(c.diagnostics().error_count() == 3);
    // Front matter is 9 lines, so the body starts on line 10.
    CHECK_THAT(m, Catch::Contains("content/a.md:10:4: error: link 'b.md#"));
    CHECK_THAT(m, Catch::Contains("has no heading with id 'なし'"));
    CHECK_THAT(m, Catch::Contains("content/a.md:12:1: error: image '../x.png': '../x.png' points outside the content root"));
    CHECK_THAT(m, Catch::Contains("content/b.md:2:5: error: duplicate id 'A-1': already used by content/a.md:2:5"));
}

TEST_CASE("Review dates are judged against the as-of day") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/a.md",
               "---\nid: A-1\ntitle: 一\nstatus: approved\nowner: 部\napprover: 長\neffective: 2025-10-01\n"
               "review_by: 2026-09-30\n---\n本文\n");
    const Catalog late = catalog_of(repo, Date{2026, 11, 25});
    CHECK(late.review_state(late.documents()[0]) == ReviewState::Overdue);
    CHECK_THAT(messages(late), Catch::Contains("content/a.md:8:12: warning: review was due on 2026-09-30 (56 days ago)"));
    CHECK_FALSE(late.diagnostics().has_errors());

    const Catalog soon = catalog_of(repo, Date{2026, 9, 10});
    CHECK(soon.review_state(soon.documents()[0]) == ReviewState::DueSoon);
    const Catalog early = catalog_of(repo, Date{2026, 4, 1});
    CHECK(early.review_state(early.documents()[0]) == ReviewState::Current);
    CHECK(early.diagnostics().items().empty());
}

TEST_CASE("Files that are not UTF-8 are named with the way to convert them") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    // 「---」, then "title: 運用規程" in CP932.
    repo.write("content/sjis.md", "---\nid: S-1\ntitle: \x89\x5E\x97\x70\x8B\x4B\x92\xF6\n---\n");
    const Catalog c = catalog_of(repo);
    CHECK_THAT(messages(c), Catch::Contains("content/sjis.md:3:8: error: not valid UTF-8: the file looks like "
                                            "Shift_JIS (CP932)"));
    CHECK_THAT(messages(c), Catch::Contains("iconv -f CP932 -t UTF-8"));
    CHECK(c.documents().empty());
}

TEST_CASE("A missing content config is an error") {
    TestRepo repo;
    repo.write("content/a.md", sample_document("A-1", "一", "本文\n"));
    const Catalog c = catalog_of(repo);
    CHECK_THAT(messages(c), Catch::Contains("content/tebiki.yml: error: content config not found"));
}

TEST_CASE("A catalog built with a memo equals one built without, diagnostics included") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/a.md", sample_document("A-1", "規程", "[壊れた参照](missing.md)\n"));
    repo.write("content/b.md", "---\nid: B-1\ntitle: [閉じていない\n---\n本文\n");
    repo.commit("content");
    reuse::CatalogMemo memo;
    const auto build = [&](reuse::CatalogMemo* with) {
        return build_catalog(source::read_worktree(repo.path("content")),
                             CatalogOptions{Date{2026, 11, 25}, /*with_history=*/true, with});
    };
    const Catalog plain = build(nullptr);
    REQUIRE(plain.diagnostics().error_count() == 2);
    for (int round = 0; round < 2; ++round) {  // the second round is served from the memo
        INFO("round " << round);
        const Catalog memoised = build(&memo);
        CHECK(messages(memoised) == messages(plain));
        REQUIRE(memoised.documents().size() == plain.documents().size());
        CHECK(memoised.documents()[0].body() == plain.documents()[0].body());
        CHECK(memoised.documents()[0].history.size() == plain.documents()[0].history.size());
    }

    // An edit is read again; the memo does not hold on to the old bytes.
    repo.write("content/a.md", sample_document("A-1", "規程（改）", "本文\n"));
    const Catalog edited = build(&memo);
    CHECK(edited.diagnostics().error_count() == 1);
    CHECK(edited.find_by_id("A-1")->meta.title == "規程（改）");
    CHECK(edited.find_by_id("A-1")->history.front().uncommitted);
}
