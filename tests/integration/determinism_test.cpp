// The same commit always gives the same bytes.

#include "fixtures.h"

using namespace tebiki::testing;

namespace {

void write_set(const ContentRepo& repo) {
    repo.write_content("a.md", sample_document("A-001", "運用規程",
                                               "## 目的\n\n[復元手順](procedures/b.md#復元手順)、[IT](c.md)\n\n"
                                               "| 項目 | 内容 |\n|---|---|\n| 頻度 | 毎日 |\n\n注記[^1]\n\n"
                                               "[^1]: 脚注。\n",
                                               "category: 運用管理規程\ntags: [バックアップ, 復元]\n"));
    repo.write_content("procedures/b.md", sample_document("B-001", "復元手順書",
                                                          "## 復元手順\n\n![構成図](../images/layout.png)\n"));
    repo.write_content("c.md", sample_document("C-001", "サーバ室", "## 入室\n", "audience: [it]\n"));
    repo.write_content("images/layout.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
}

}  // namespace

TEST_CASE("building the same commit twice gives byte-identical trees", "[determinism]") {
    ContentRepo repo;
    write_set(repo);
    const std::string commit = repo.commit("初版");

    const auto first = repo.tebiki({"build", "--out", "out-a"});
    INFO(describe(first));
    REQUIRE(first.exit_code == 0);
    const auto second = repo.tebiki({"build", "--out", "elsewhere/out-b"});
    INFO(describe(second));
    REQUIRE(second.exit_code == 0);

    const auto a = snapshot_tree(repo.path("out-a"));
    const auto b = snapshot_tree(repo.path("elsewhere/out-b"));
    REQUIRE(a.size() > 10);
    CHECK(a == b);
    // The image was published with the pages.
    CHECK(fs::is_regular_file(repo.path("out-a/all/assets/media/images/layout.png")));

    SECTION("and the same again when the commit is named by --rev") {
        const auto third = repo.tebiki({"build", "--rev", commit, "--out", "out-c"});
        INFO(describe(third));
        REQUIRE(third.exit_code == 0);
        CHECK(snapshot_tree(repo.path("out-c")) == a);
    }
    SECTION("and the same again after rebuilding over the previous output") {
        const auto again = repo.tebiki({"build", "--out", "out-a"});
        INFO(describe(again));
        REQUIRE(again.exit_code == 0);
        CHECK(snapshot_tree(repo.path("out-a")) == b);
    }
}
