#include <catch2/catch.hpp>

#include <filesystem>

#include "document/catalog.h"
#include "document/metadata.h"
#include "reuse/read_file_codec.h"
#include "source/history.h"
#include "test_repo.h"

using namespace tebiki;
using tebiki::testing::sample_config;
using tebiki::testing::sample_document;
using tebiki::testing::TestRepo;

namespace {

Catalog catalog_with_history(TestRepo& repo, bool worktree = false) {
    auto snapshot = worktree ? source::read_worktree(repo.path("content"))
                             : source::read_revision(repo.path("content"), "HEAD");
    return build_catalog(std::move(snapshot), CatalogOptions{Date{2026, 11, 25}, true});
}

std::string versions(const Document& doc) {
    std::string out;
    for (const auto& r : doc.history) out += (out.empty() ? "" : " ") + (r.version.empty() ? "-" : r.version);
    return out;
}

}  // namespace

TEST_CASE("Revisions are numbered and versioned from trailers") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/a.md", sample_document("A-1", "規程", "初版\n"));
    repo.commit("A-1 を制定", 1774000000);
    repo.write("content/a.md", sample_document("A-1", "規程", "誤字を修正\n"));
    repo.commit("誤字の修正\n\nApproved-by: 医療情報部長\n", 1774100000);
    repo.write("content/a.md", sample_document("A-1", "規程", "全面改訂\n"));
    repo.commit("全面改訂\n\n手順を見直した。\n\nApproved-by: 病院長\nChange-type: major\n", 1774200000);
    repo.write("content/b.md", sample_document("B-1", "別文書", "本文\n"));
    repo.commit("B-1 を追加", 1774300000);

    const Catalog c = catalog_with_history(repo);
    const Document& a = *c.find_by_id("A-1");
    REQUIRE(a.history.size() == 3);
    CHECK(versions(a) == "2.0 1.1 1.0");
    CHECK(a.version() == "2.0");
    CHECK(a.history[0].number == 3);
    CHECK(a.history[0].approved_by == "病院長");
    CHECK(a.history[0].summary == "全面改訂");
    CHECK(a.history[1].approved_by == "医療情報部長");
    CHECK(a.history[2].approved_by.empty());
    CHECK(a.history[2].kind == source::ChangeKind::Added);
    CHECK(a.history[0].author == "看護 花子");
    CHECK(a.history[0].date == Date::from_unix_time(1774200000, 540));
    CHECK(a.history[0].short_id.size() == 7);
    CHECK(c.find_by_id("B-1")->history.size() == 1);
}

TEST_CASE("A document is followed across renames and moves") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/old/a.md", sample_document("A-1", "規程", "同じ本文が続く長めの段落です。\n"));
    repo.commit("制定");
    std::filesystem::create_directories(repo.path("content/rules"));
    std::filesystem::rename(repo.path("content/old/a.md"), repo.path("content/rules/a.md"));
    repo.commit("rules/ へ移動");
    // Moved and rewritten in one commit: git's similarity check cannot pair
    // them, the document's id does.
    repo.remove("content/rules/a.md");
    repo.write("content/procedures/renamed.md",
               sample_document("A-1", "規程（改）", "まったく別の内容に書き換えた。\n"));
    repo.commit("移動して書き換え");

    const Catalog c = catalog_with_history(repo);
    const Document& a = *c.find_by_id("A-1");
    REQUIRE(a.history.size() == 3);
    CHECK(a.history[0].kind == source::ChangeKind::Renamed);
    CHECK(a.history[0].previous_path == "rules/a.md");
    CHECK(a.history[1].kind == source::ChangeKind::Renamed);
    CHECK(a.history[1].previous_path == "old/a.md");
    CHECK(a.history[2].kind == source::ChangeKind::Added);
    CHECK(a.history[2].path == "old/a.md");
}

TEST_CASE("A document deleted and restored keeps its earlier history") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/a.md", sample_document("A-1", "規程", "本文\n"));
    repo.commit("制定");
    repo.remove("content/a.md");
    repo.commit("誤って削除");
    repo.write("content/a.md", sample_document("A-1", "規程", "本文\n"));
    repo.commit("復元");

    const Catalog c = catalog_with_history(repo);
    const Document& a = *c.find_by_id("A-1");
    REQUIRE(a.history.size() == 3);
    CHECK(a.history[0].kind == source::ChangeKind::Added);
    CHECK(a.history[1].kind == source::ChangeKind::Deleted);
    CHECK(a.history[2].kind == source::ChangeKind::Added);
    CHECK(versions(a) == "1.1 - 1.0");
}

TEST_CASE("An uncommitted edit shows on top of the work tree's history") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/a.md", sample_document("A-1", "規程", "本文\n"));
    repo.write("content/b.md", sample_document("B-1", "別", "本文\n"));
    repo.commit("制定");
    repo.write("content/a.md", sample_document("A-1", "規程", "編集中\n"));
    repo.write("content/new.md", sample_document("N-1", "新規", "本文\n"));

    const Catalog c = catalog_with_history(repo, true);
    const Document& a = *c.find_by_id("A-1");
    REQUIRE(a.history.size() == 2);
    CHECK(a.history[0].uncommitted);
    CHECK(a.version() == "1.0");
    CHECK(c.find_by_id("B-1")->history.size() == 1);
    REQUIRE(c.find_by_id("N-1")->history.size() == 1);
    CHECK(c.find_by_id("N-1")->history[0].uncommitted);
}

TEST_CASE("Two similar documents swapped in one commit are not one document moved") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/old.md", sample_document("OLD-1", "旧", "本文\n"));
    repo.commit("旧を制定");
    // Same front matter but the id and title: git alone would call it a rename.
    repo.remove("content/old.md");
    repo.write("content/new.md", sample_document("NEW-1", "新", "本文\n"));
    repo.commit("旧を削除し新を制定");

    const Catalog c = catalog_with_history(repo);
    const Document& fresh = *c.find_by_id("NEW-1");
    REQUIRE(fresh.history.size() == 1);
    CHECK(fresh.history[0].kind == source::ChangeKind::Added);
    CHECK(fresh.version() == "1.0");
}

TEST_CASE("A walk that stops at an earlier walk's commit finds what a whole walk finds") {
    // After each commit, the history is walked twice: whole, and from the
    // walk of the commit before (as a build after a commit does). Both must
    // give the same bytes, through renames, moves, deletions and a restore.
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/a.md", sample_document("A-1", "規程", "同じ本文が続く長めの段落です。\n"));
    repo.write("content/b.md", sample_document("B-1", "手順書", "手順の本文です。\n"));
    repo.write("content/c.md", sample_document("C-1", "連絡網", "連絡先の一覧です。\n"));
    repo.commit("制定", 1774000000);

    const auto wanted = [](std::string_view path) { return path.ends_with(".md"); };
    const auto walk_from = [&](const source::WalkedHistories* earlier) {
        return source::read_histories(source::read_revision(repo.path("content"), "HEAD"), wanted, document_facts,
                                      earlier);
    };
    source::WalkedHistories last = walk_from(nullptr);
    const auto after_commit = [&](const std::string& step, bool may_stop_early) {
        INFO("after: " << step);
        const source::WalkedHistories whole = walk_from(nullptr);
        const source::WalkedHistories from_last = walk_from(&last);
        CHECK(reuse::to_bytes(from_last) == reuse::to_bytes(whole));
        CHECK(from_last.commits_read == (may_stop_early ? 1 : whole.commits_read));
        last = from_last;  // the next step starts from a walk that itself stopped early
    };

    repo.write("content/a.md", sample_document("A-1", "規程", "同じ本文が続く長めの段落です。追記。\n"));
    repo.commit("改訂\n\nApproved-by: 病院長\n", 1774100000);
    after_commit("an edit", true);

    std::filesystem::create_directories(repo.path("content/rules"));
    std::filesystem::rename(repo.path("content/a.md"), repo.path("content/rules/a.md"));
    repo.commit("rules/ へ移動", 1774200000);
    after_commit("a move", true);

    repo.remove("content/b.md");
    repo.write("content/procedures/b2.md", sample_document("B-1", "手順書（改）", "まったく別の内容に書き換えた。\n"));
    repo.commit("移動して書き換え", 1774300000);
    after_commit("a move and rewrite", true);

    repo.remove("content/c.md");
    repo.commit("連絡網を廃止", 1774400000);
    after_commit("a deletion", false);  // the earlier walk followed c.md, this one does not

    repo.write("content/d.md", sample_document("D-1", "新しい文書", "本文\n"));
    repo.commit("追加", 1774500000);
    after_commit("a new document", true);  // no older commit touched d.md

    repo.write("content/c.md", sample_document("C-1", "連絡網", "連絡先の一覧です。\n"));
    repo.commit("連絡網を復元", 1774600000);
    after_commit("a restore", false);  // older commits touched c.md: walked to the root

    const auto histories = walk_from(&last).histories;
    REQUIRE(histories.count("c.md") == 1);
    CHECK(histories.at("c.md").size() == 3);  // added, deleted, added again
    REQUIRE(histories.count("rules/a.md") == 1);
    CHECK(histories.at("rules/a.md").size() == 3);
    CHECK(histories.at("rules/a.md").back().kind == source::ChangeKind::Added);
}

TEST_CASE("A walk is not stopped by an earlier walk of a commit it never reaches") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/a.md", sample_document("A-1", "規程", "本文\n"));
    repo.commit("制定", 1774000000);
    const auto wanted = [](std::string_view path) { return path.ends_with(".md"); };
    source::WalkedHistories other = source::read_histories(source::read_revision(repo.path("content"), "HEAD"), wanted,
                                                           document_facts);
    other.commit_id = std::string(40, 'f');  // a commit of another branch, say
    other.histories.clear();
    const auto walked =
        source::read_histories(source::read_revision(repo.path("content"), "HEAD"), wanted, document_facts, &other);
    CHECK(walked.commits_read == 1);
    REQUIRE(walked.histories.count("a.md") == 1);
    CHECK(walked.histories.at("a.md").size() == 1);
}
