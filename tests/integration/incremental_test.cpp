// Incremental builds: the build cache reuses document pages and PDFs whose
// inputs did not change, and the result is byte for byte what a clean build
// makes, edit after edit, cross-document effects included.

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>

#include "document/site_contents.h"
#include "search/search_index.h"
#include "fixtures.h"

namespace tebiki::testing {

namespace {

// Paths of the files that differ between two trees (or exist in one only).
std::vector<std::string> differing_files(const fs::path& a, const fs::path& b) {
    const auto left = snapshot_tree(a);
    const auto right = snapshot_tree(b);
    std::map<std::string, std::string> right_files(right.begin(), right.end());
    std::vector<std::string> out;
    for (const auto& [path, bytes] : left) {
        auto it = right_files.find(path);
        if (it == right_files.end() || it->second != bytes) out.push_back(path);
        if (it != right_files.end()) right_files.erase(it);
    }
    for (const auto& [path, bytes] : right_files) out.push_back(path + " (only in the clean build)");
    return out;
}

// Each file of `dir` by its inode: a file taken from the cache is a link
// to the same entry as before, a file written afresh is a new inode.
std::map<std::string, ino_t> inodes_of(const fs::path& dir) {
    std::map<std::string, ino_t> inodes;
    for (const auto& entry : fs::directory_iterator(dir)) {
        struct stat status {};
        REQUIRE(::stat(entry.path().c_str(), &status) == 0);
        inodes[entry.path().filename().string()] = status.st_ino;
    }
    return inodes;
}

std::set<std::string> files_written_afresh_names(const std::map<std::string, ino_t>& before,
                                                const std::map<std::string, ino_t>& after) {
    std::set<std::string> names;
    for (const auto& [name, inode] : after) {
        const auto it = before.find(name);
        if (it == before.end() || it->second != inode) names.insert(name);
    }
    return names;
}

std::map<std::string, std::string> contents_of(const fs::path& dir) {
    std::map<std::string, std::string> contents;
    for (const auto& entry : fs::directory_iterator(dir)) contents[entry.path().filename().string()] = read_file(entry.path());
    return contents;
}

std::string two_digits(std::size_t n) { return (n < 10 ? "0" : "") + std::to_string(n); }

std::size_t reused_count(const std::string& verbose_err) {
    const std::string marker = " made, ";  // "tebiki: N document pages and PDFs made, R of them reused"
    const auto pos = verbose_err.find(marker);
    return pos == std::string::npos ? 0 : std::stoul(verbose_err.substr(pos + marker.size()));
}

}  // namespace

TEST_CASE("an incremental build equals a clean build after every edit", "[incremental]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n\n[復元の手順](b.md#restore)を参照。\n"));
    repo.write_content("b.md", sample_document("B-001", "復元手順書", "## 復元手順 {#restore}\n\n![構成図](images/layout.png)\n"));
    repo.write_content("c.md", sample_document("C-001", "サーバ室", "## 入室\n", "audience: [it]\n"));
    repo.write_content("images/layout.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    repo.commit("初版");

    const auto build_and_compare = [&](const std::string& step) {
        INFO("after: " << step);
        const auto incremental = repo.tebiki({"build", "--worktree", "--out", "dist", "--verbose"});
        INFO(describe(incremental));
        REQUIRE(incremental.exit_code == 0);
        const auto clean = repo.tebiki({"build", "--worktree", "--out", "clean", "--no-cache"});
        INFO(describe(clean));
        REQUIRE(clean.exit_code == 0);
        CHECK(differing_files(repo.path("dist"), repo.path("clean")) == std::vector<std::string>{});
        return reused_count(incremental.err);
    };

    build_and_compare("the first build");
    CHECK(fs::is_directory(repo.path(".tebiki-cache")));
    // Nothing changed: every page and PDF comes from the cache.
    CHECK(build_and_compare("no change") > 0);

    const auto search_files = inodes_of(repo.path("dist/it/search"));
    const auto search_bytes = contents_of(repo.path("dist/it/search"));
    repo.write_content("c.md", sample_document("C-001", "サーバ室", "## 入室\n\n入室記録を残す。\n", "audience: [it]\n"));
    CHECK(build_and_compare("an edit of one document's body") > 0);
    // Written afresh: the three scripts of the part that holds C, and of
    // docs.js and the key shards (postings over every document, keyed by
    // their bytes) only those whose bytes changed: docs.js (C's length)
    // and the shards of C's new keys. index.js and the other key shards
    // stay, as do the other parts' scripts (docs/search.md "Index files").
    const auto after_edit = contents_of(repo.path("dist/it/search"));
    std::set<std::string> expected;
    for (const auto& [name, bytes] : after_edit)
        if (search_bytes.count(name) == 0 || search_bytes.at(name) != bytes) expected.insert(name);
    const std::string part = two_digits(search::search_part_of("C-001"));
    for (const std::string kind : {"match-", "readings-", "text-"}) expected.insert(kind + part + ".js");
    CHECK(expected.count("docs.js") == 1);
    CHECK(expected.count("index.js") == 0);
    const std::size_t changed_shards =
        std::count_if(expected.begin(), expected.end(), [](const std::string& name) { return name.rfind("keys-", 0) == 0; });
    CHECK(changed_shards >= 1);
    CHECK(changed_shards < kSearchKeyShards);
    CHECK(files_written_afresh_names(search_files, inodes_of(repo.path("dist/it/search"))) == expected);

    // A's bytes never change below, but its pages do.
    repo.write_content("b.md", sample_document("B-001", "復元手順書", "## 復元の手順 {#restore}\n\n本文\n"));
    build_and_compare("a heading reworded in the linked document");

    // B leaves the ward's site: A's link there becomes 未収録, titled with B's title.
    repo.write_content("b.md", sample_document("B-001", "復元手順書", "## 復元の手順 {#restore}\n\n本文\n",
                                               "audience: [it]\n"));
    build_and_compare("the linked document leaving an audience");
    CHECK_THAT(read_file(repo.path("dist/ward-5w/docs/A-001.html")), Contains("B-001「復元手順書」"));

    repo.write_content("b.md", sample_document("B-001", "復元手順書（改）", "## 復元の手順 {#restore}\n\n本文\n",
                                               "audience: [it]\n"));
    build_and_compare("the linked document's title");
    CHECK_THAT(read_file(repo.path("dist/ward-5w/docs/A-001.html")), Contains("B-001「復元手順書（改）」"));

    fs::remove(repo.path("content/c.md"));
    build_and_compare("a deleted document");

    repo.write_content("tebiki.yml", sample_config() + "stale_after_days: 30\n");
    build_and_compare("a config change");

    // From the third build on, each starts from the output before the last:
    // a site whose audience went must not survive in it.
    repo.write_content("tebiki.yml", sample_config() + "  - key: ward-3e\n    name: 3階東病棟\n");
    build_and_compare("an audience added");
    build_and_compare("no change, with the audience");
    repo.write_content("tebiki.yml", sample_config());
    build_and_compare("the audience removed");
    build_and_compare("no change, without the audience");
    CHECK_FALSE(fs::exists(repo.path("dist/ward-3e")));

    repo.commit("改訂");  // every page names the commit
    build_and_compare("a commit");
}

TEST_CASE("an incremental build of a commit equals a clean one, zips included", "[incremental]") {
    // A preview makes no bundle, so the zips' reuse of the entries of the
    // zip they replace is compared here, on builds of commits.
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n"));
    repo.write_content("b.md", sample_document("B-001", "復元手順書", "## 復元手順\n"));
    repo.commit("初版");
    REQUIRE(repo.tebiki({"build", "--no-pdf", "--out", "dist"}).exit_code == 0);

    repo.write_content("b.md", sample_document("B-001", "復元手順書", "## 復元手順\n\n改めた本文\n"));
    repo.commit("改訂");
    // Every page names the commit, so the pages change; the theme's assets
    // and most of the search index's parts keep their zip entries.
    const auto incremental = repo.tebiki({"build", "--no-pdf", "--out", "dist"});
    INFO(describe(incremental));
    REQUIRE(incremental.exit_code == 0);
    REQUIRE(repo.tebiki({"build", "--no-pdf", "--out", "clean", "--no-cache"}).exit_code == 0);
    REQUIRE(fs::is_regular_file(repo.path("dist/all.zip")));
    CHECK(differing_files(repo.path("dist"), repo.path("clean")).empty());

    // The third build starts from the first one's output (kept aside):
    // its pages, zips and manifests are still a clean build's.
    repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n\n追記\n"));
    fs::remove(repo.path("content/b.md"));
    repo.commit("B を廃止");
    const auto third = repo.tebiki({"build", "--no-pdf", "--out", "dist"});
    INFO(describe(third));
    REQUIRE(third.exit_code == 0);
    fs::remove_all(repo.path("clean"));
    REQUIRE(repo.tebiki({"build", "--no-pdf", "--out", "clean", "--no-cache"}).exit_code == 0);
    CHECK(differing_files(repo.path("dist"), repo.path("clean")) == std::vector<std::string>{});
    CHECK_FALSE(fs::exists(repo.path("dist/all/docs/B-001.html")));
}

TEST_CASE("the build cache can be deleted at any time without harm", "[incremental]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n"));
    repo.commit("初版");
    REQUIRE(repo.tebiki({"build", "--no-pdf", "--out", "clean", "--no-cache"}).exit_code == 0);
    REQUIRE(repo.tebiki({"build", "--no-pdf", "--out", "dist"}).exit_code == 0);
    fs::remove_all(repo.path(".tebiki-cache"));
    const auto after_delete = repo.tebiki({"build", "--no-pdf", "--out", "dist"});
    INFO(describe(after_delete));
    REQUIRE(after_delete.exit_code == 0);
    CHECK(differing_files(repo.path("dist"), repo.path("clean")).empty());

    SECTION("a custom cache directory is used and the default one is not") {
        REQUIRE(repo.tebiki({"build", "--no-pdf", "--out", "dist", "--cache", "elsewhere"}).exit_code == 0);
        CHECK(fs::is_directory(repo.path("elsewhere/v1")));
    }
}

TEST_CASE("a page written in place in the output does not reach the cache or the next build", "[incremental]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n"));
    repo.commit("初版");
    REQUIRE(repo.tebiki({"build", "--no-pdf", "--out", "clean", "--no-cache"}).exit_code == 0);
    REQUIRE(repo.tebiki({"build", "--no-pdf", "--out", "dist"}).exit_code == 0);  // renders, fills the cache
    REQUIRE(repo.tebiki({"build", "--no-pdf", "--out", "dist"}).exit_code == 0);  // from the cache
    // Pages come from the cache as hard links where they can: writing one in
    // place (as an editor keeping links does) writes the cache entry too.
    const fs::path page = repo.path("dist/all/docs/A-001.html");
    REQUIRE(fs::is_regular_file(page));
    {
        std::ofstream in_place(page, std::ios::binary | std::ios::in | std::ios::out);
        in_place << "<!-- 手で書き換えた -->";
    }
    const auto next = repo.tebiki({"build", "--no-pdf", "--out", "dist", "--verbose"});
    INFO(describe(next));
    REQUIRE(next.exit_code == 0);
    CHECK(differing_files(repo.path("dist"), repo.path("clean")).empty());
    REQUIRE(repo.tebiki({"build", "--no-pdf", "--out", "dist"}).exit_code == 0);
    CHECK(differing_files(repo.path("dist"), repo.path("clean")).empty());
}

TEST_CASE("a build cache the repository does not ignore is tagged, and publish does not count it as a change",
          "[incremental]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n"));
    repo.commit("初版", 1776000000);  // 2026-04-12: after the documents' effective date
    repo.tag("edition/2026-04");
    REQUIRE(repo.tebiki({"build", "--no-pdf", "--out", "dist"}).exit_code == 0);
    CHECK_THAT(read_file(repo.path(".tebiki-cache/CACHEDIR.TAG")),
               StartsWith("Signature: 8a477f597d28d172789f06886806bc55\n"));

    const auto published = repo.tebiki({"publish", "--edition", "edition/2026-04", "--out", "edition"});
    INFO(describe(published));
    CHECK(published.exit_code == 0);

    // Any other untracked file still is one.
    repo.write("notes.txt", "メモ\n");
    const auto refused = repo.tebiki({"publish", "--edition", "edition/2026-04", "--out", "edition"});
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.err, Contains("notes.txt"));
    CHECK_THAT(refused.err, !Contains(".tebiki-cache"));
}

}  // namespace tebiki::testing
