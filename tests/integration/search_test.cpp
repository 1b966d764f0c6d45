#include <nlohmann/json.hpp>

#include "fixtures.h"

namespace tebiki::testing {

namespace {

void write_search_set(ContentRepo& repo) {
    repo.write_content("backup.md", sample_document("OPS-003", "バックアップ取得規則",
                                                    "## 復元手順\n\nバックアップから復元する。\n", "tags: [バックアップ]\n"));
    repo.write_content("screen.md", sample_document("MAN-002", "画面の説明", "サイドバーに一覧が表示される。\n"));
    repo.write_content("it.md", sample_document("IT-001", "サーバ室のバックアップ", "テープ装置。\n", "audience: [it]\n"));
    repo.write_content("old.md", document_with(with_value(sample_front_matter("OLD-001", "旧バックアップ手順"), "status",
                                                          "obsolete"),
                                               "廃止された手順。\n"));
    repo.commit("検索用の文書");
}

}  // namespace

TEST_CASE("search prints ranked results with the section to open", "[search]") {
    ContentRepo repo;
    write_search_set(repo);
    const auto r = repo.tebiki({"search", "ばっくあっぷ"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, StartsWith("1. OPS-003 バックアップ取得規則 [承認済]\n"));
    CHECK_THAT(r.out, Contains("2. IT-001 サーバ室のバックアップ"));
    CHECK_THAT(r.out, !Contains("OLD-001"));
    CHECK_THAT(r.out, !Contains("\x1b["));  // no terminal escapes when piped

    const auto restore = repo.tebiki({"search", "復元"});
    CHECK_THAT(restore.out, Contains("docs/OPS-003.html#復元手順  (復元手順)"));
}

TEST_CASE("search --json, --audience and --include-obsolete", "[search]") {
    ContentRepo repo;
    write_search_set(repo);
    const auto r = repo.tebiki({"search", "バックアップ", "--json", "--audience", "all", "--include-obsolete"});
    REQUIRE(r.exit_code == 0);
    const auto json = nlohmann::json::parse(r.out);
    std::vector<std::string> ids;
    for (const auto& item : json["results"]) ids.push_back(item["id"]);
    CHECK(ids == std::vector<std::string>{"OPS-003", "OLD-001"});  // IT-001 is not in the all site; obsolete last
    CHECK(json["results"][0]["status"] == "approved");
    CHECK(json["results"][0]["href"] == "docs/OPS-003.html");
    const std::string snippet = json["results"][0]["snippet"];
    const auto mark = json["results"][0]["marks"][0];
    CHECK(snippet.substr(mark[0].get<std::size_t>(), mark[1].get<std::size_t>() - mark[0].get<std::size_t>()) ==
          "バックアップ");
}

TEST_CASE("search finds no false hits and says so", "[search]") {
    ContentRepo repo;
    write_search_set(repo);
    const auto r = repo.tebiki({"search", "サイバー"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "no documents match 'サイバー'\n");
}

TEST_CASE("search refuses an unknown audience and needs a query", "[search]") {
    ContentRepo repo;
    write_search_set(repo);
    CHECK(repo.tebiki({"search", "x", "--audience", "ward-9"}).exit_code == 2);
    CHECK(repo.tebiki({"search"}).exit_code == 2);
}

TEST_CASE("every site gets its own search index", "[search]") {
    ContentRepo repo;
    write_search_set(repo);
    REQUIRE(repo.tebiki({"build"}).exit_code == 0);
    const std::string all = read_search_index(repo.path("dist/all"));
    const std::string it = read_search_index(repo.path("dist/it"));
    CHECK_THAT(all, StartsWith("window.tebikiSearchIndex = {"));
    CHECK_THAT(all, Contains("\"id\":\"OPS-003\""));
    CHECK_THAT(all, !Contains("IT-001"));
    CHECK_THAT(it, Contains("\"id\":\"IT-001\""));
}

TEST_CASE("search after a build reads the build cache and finds the same", "[search]") {
    ContentRepo repo;
    write_search_set(repo);
    const std::vector<std::string> query{"search", "バックアップ", "--json", "--include-obsolete", "--limit", "0"};
    const auto fresh = repo.tebiki(query);
    REQUIRE(fresh.exit_code == 0);
    CHECK_FALSE(std::filesystem::exists(repo.path(".tebiki-cache")));  // search never starts a cache
    REQUIRE(repo.tebiki({"build", "--no-pdf"}).exit_code == 0);
    REQUIRE(std::filesystem::is_directory(repo.path(".tebiki-cache")));
    // From the cache's cards, sections and keys: the same results, scores,
    // sections and snippets as from the Markdown.
    const auto cached = repo.tebiki(query);
    REQUIRE(cached.exit_code == 0);
    CHECK(cached.out == fresh.out);
}

}  // namespace tebiki::testing
