// The output directory appears whole or not at all: a failed build leaves
// the previous output byte for byte as it was, and no staging directory.

#include <sys/stat.h>

#include "fixtures.h"

using namespace tebiki::testing;

namespace {

void write_good_set(const ContentRepo& repo) {
    repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n\n[取得](b.md#取得)\n"));
    repo.write_content("b.md", sample_document("B-001", "バックアップ取得規則", "## 取得\n\n毎日。\n"));
}

// Builds the committed good set into dist/ and returns its snapshot.
std::vector<std::pair<std::string, std::string>> build_good(ContentRepo& repo) {
    write_good_set(repo);
    repo.commit("初版");
    const auto r = repo.tebiki({"build"});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    auto snapshot = snapshot_tree(repo.path("dist"));
    // Every site's register and pages, and the marker that makes it tebiki's.
    for (const std::string site : {"all", "ward-5w", "it"})
        REQUIRE(std::count_if(snapshot.begin(), snapshot.end(),
                              [&](const auto& f) { return f.first.starts_with(site + "/docs/"); }) >= 2);
    REQUIRE(std::count_if(snapshot.begin(), snapshot.end(), [](const auto& f) { return f.first == ".tebiki-output"; }) == 1);
    return snapshot;
}

// A theme whose assets hold a dangling symbolic link: the templates load,
// the pages are written into the staging directory, then copying the
// assets fails.
void switch_to_broken_theme(ContentRepo& repo) {
    repo.write("content/tebiki.yml", "theme: broken\n" + sample_config());
    repo.commit("テーマ変更");
    repo.write("themes/broken/templates/index.mustache", "<html lang=\"ja\">{{site_title}}</html>\n");
    repo.write("themes/broken/templates/document.mustache", "<html lang=\"ja\">{{doc.title}}</html>\n");
    fs::create_directories(repo.path("themes/broken/assets"));
    fs::create_symlink(repo.path("themes/broken/no-such-file.css"), repo.path("themes/broken/assets/style.css"));
}

}  // namespace

TEST_CASE("a build with content errors leaves the previous output untouched", "[atomic]") {
    ContentRepo repo;
    const auto before = build_good(repo);

    repo.write_content("broken.md", document_with(with_value(sample_front_matter("X-001"), "effective", "2026-02-30")));
    repo.write_content("a.md", sample_document("A-001", "運用規程（改）", ""));
    repo.commit("壊れた日付");
    const auto r = repo.tebiki({"build"});
    INFO(describe(r));

    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("content/broken.md:7:12: error: front matter: 'effective' names a day that does not "
                               "exist (got '2026-02-30')"));
    CHECK_THAT(r.err, Contains("'dist' was left as it was"));
    CHECK(snapshot_tree(repo.path("dist")) == before);
    CHECK(staging_leftovers(repo.root()).empty());
}

TEST_CASE("a build that cannot create its output directory fails with exit 3 and changes nothing", "[atomic]") {
    ContentRepo repo;
    const auto before = build_good(repo);
    // A regular file where the output's parent directory should be: creating
    // the output must fail whoever runs the test (root ignores chmod).
    repo.write("blocker", "not a directory\n");

    const auto r = repo.tebiki({"build", "--out", "blocker/site"});
    INFO(describe(r));
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, StartsWith("tebiki: error: "));
    CHECK_THAT(r.err, Contains("blocker"));
    CHECK(r.out.empty());
    CHECK(read_file(repo.path("blocker")) == "not a directory\n");
    CHECK(snapshot_tree(repo.path("dist")) == before);
    CHECK(staging_leftovers(repo.root()).empty());
}

TEST_CASE("a build that fails half-way through writing removes its staging directory", "[atomic]") {
    ContentRepo repo;
    const auto before = build_good(repo);
    switch_to_broken_theme(repo);

    const auto r = repo.tebiki({"build"});
    INFO(describe(r));
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, StartsWith("tebiki: error: "));
    CHECK_THAT(r.err, Contains("'dist' was left as it was"));
    CHECK(snapshot_tree(repo.path("dist")) == before);
    CHECK(staging_leftovers(repo.root()).empty());
}

TEST_CASE("a theme that does not exist fails with exit 3 and changes nothing", "[atomic]") {
    ContentRepo repo;
    const auto before = build_good(repo);
    repo.write("content/tebiki.yml", "theme: nosuchtheme\n" + sample_config());
    repo.commit("テーマ変更");

    const auto r = repo.tebiki({"build"});
    INFO(describe(r));
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Contains("theme 'nosuchtheme' not found"));
    CHECK(snapshot_tree(repo.path("dist")) == before);
    CHECK(staging_leftovers(repo.root()).empty());
}

TEST_CASE("a successful build replaces the previous output instead of merging into it", "[atomic]") {
    ContentRepo repo;
    build_good(repo);
    REQUIRE(fs::exists(repo.path("dist/all/docs/B-001.html")));
    repo.write("dist/all/stray.txt", "left by hand\n");

    repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n"));
    repo.remove("content/b.md");
    repo.commit("B-001 を廃止");
    const auto r = repo.tebiki({"build"});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    CHECK(fs::exists(repo.path("dist/all/docs/A-001.html")));
    CHECK_FALSE(fs::exists(repo.path("dist/all/docs/B-001.html")));
    CHECK_FALSE(fs::exists(repo.path("dist/all/stray.txt")));
    CHECK(staging_leftovers(repo.root()).empty());
}

TEST_CASE("build refuses to replace a regular file given as --out", "[atomic]") {
    ContentRepo repo;
    write_good_set(repo);
    repo.commit("初版");
    repo.write("notes.txt", "大事なメモ\n");

    const auto r = repo.tebiki({"build", "--out", "notes.txt"});
    INFO(describe(r));
    CHECK(r.exit_code != 0);
    CHECK(fs::is_regular_file(repo.path("notes.txt")));
    CHECK(read_file(repo.path("notes.txt")) == "大事なメモ\n");
    CHECK(staging_leftovers(repo.root()).empty());
}

TEST_CASE("build refuses to replace the content root given as --out", "[atomic]") {
    ContentRepo repo;
    write_good_set(repo);
    repo.commit("初版");
    repo.write_content("wip.md", sample_document("W-001", "書きかけ", "未コミット\n"));

    const auto r = repo.tebiki({"build", "--out", "content"});
    INFO(describe(r));
    CHECK(r.exit_code != 0);
    CHECK(fs::is_regular_file(repo.path("content/wip.md")));
    CHECK(fs::is_regular_file(repo.path("content/tebiki.yml")));
    CHECK_FALSE(fs::exists(repo.path("content/all")));
}

TEST_CASE("the output directory gets the same permissions as the directories inside it", "[atomic]") {
    ContentRepo repo;
    write_good_set(repo);
    repo.commit("初版");
    const mode_t previous = ::umask(022);
    const auto r = repo.tebiki({"build"});
    ::umask(previous);
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    const auto dist = fs::status(repo.path("dist")).permissions();
    const auto site = fs::status(repo.path("dist/all")).permissions();
    CHECK(site == (fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                   fs::perms::others_exec));
    CHECK(dist == site);
}

TEST_CASE("a failed build that started from the output before the last leaves the output as it was", "[atomic]") {
    ContentRepo repo;
    build_good(repo);
    repo.write_content("b.md", sample_document("B-001", "バックアップ取得規則", "## 取得\n\n毎日、二重に。\n"));
    repo.commit("改訂");
    REQUIRE(repo.tebiki({"build"}).exit_code == 0);
    REQUIRE(fs::is_directory(repo.path(".dist.tebiki-previous")));  // the first output, kept for the next build
    const auto before = snapshot_tree(repo.path("dist"));

    // The next build takes the kept output as its staging directory, then fails.
    switch_to_broken_theme(repo);
    const auto failed = repo.tebiki({"build"});
    INFO(describe(failed));
    CHECK(failed.exit_code == 3);
    CHECK(snapshot_tree(repo.path("dist")) == before);
    CHECK(staging_leftovers(repo.root()).empty());

    // Fixed: the build after it starts afresh and is whole.
    repo.write("content/tebiki.yml", sample_config());
    repo.commit("テーマを戻す");
    REQUIRE(repo.tebiki({"build"}).exit_code == 0);
    REQUIRE(repo.tebiki({"build", "--out", "clean", "--no-cache"}).exit_code == 0);
    CHECK(snapshot_tree(repo.path("dist")) == snapshot_tree(repo.path("clean")));
}
