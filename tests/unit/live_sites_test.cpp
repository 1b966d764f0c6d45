// The preview's in-place sites (publish/live_sites.h) with the catalog memo:
// after every edit they hold exactly what a clean build makes, and files
// whose inputs did not change are not written again.

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <optional>

#include "document/catalog.h"
#include "publish/live_sites.h"
#include "publish/site_build.h"
#include "publish/staged_directory.h"
#include "reuse/catalog_memo.h"
#include "run_command.h"
#include "source/content_source.h"
#include "test_repo.h"

using namespace tebiki;
using tebiki::testing::read_file;
using tebiki::testing::sample_config;
using tebiki::testing::sample_document;
using tebiki::testing::TestRepo;
namespace fs = std::filesystem;

namespace {

const Date kToday{2026, 11, 29};

// Every file under `dir` by relative path, with its bytes.
std::map<std::string, std::string> tree_of(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file()) files[entry.path().lexically_relative(dir).generic_string()] = read_file(entry.path());
    return files;
}

// A clean build of the work tree (a preview: no bundle), less the output marker.
std::map<std::string, std::string> clean_build(const TestRepo& repo) {
    const Catalog catalog = build_catalog(source::read_worktree(repo.path("content")), CatalogOptions{kToday, true});
    REQUIRE_FALSE(catalog.diagnostics().has_errors());
    publish::SiteBuildOptions options;
    options.with_pdf = false;
    const fs::path out = repo.path("clean");
    publish::build_sites(catalog, out, options);
    auto files = tree_of(out);
    files.erase(publish::kOutputMarker);
    return files;
}

ino_t inode_of(const fs::path& path) {
    struct stat info {};
    REQUIRE(stat(path.c_str(), &info) == 0);
    return info.st_ino;
}

class Preview {
public:
    explicit Preview(const TestRepo& repo, const std::optional<fs::path>& cache_dir = std::nullopt)
        : repo_(repo), sites_(repo.path("live"), false, cache_dir) {}

    // Updates the live sites from the work tree; true when the pages were
    // ready before the slower outputs.
    void update(publish::BuildObserver& observer = publish::silent_observer()) {
        const Catalog catalog =
            build_catalog(source::read_worktree(repo_.path("content")), CatalogOptions{kToday, true, &memo_});
        REQUIRE_FALSE(catalog.diagnostics().has_errors());
        bool pages_ready = false;
        sites_.update(catalog, observer, [&] {
            pages_ready = true;
            CHECK_FALSE(fs::exists(repo_.path("live/all/search/index.js.partial")));
        });
        CHECK(pages_ready);
    }

    void require_equal_to_clean_build(const std::string& step) {
        INFO("after: " << step);
        const auto live = tree_of(repo_.path("live"));
        const auto clean = clean_build(repo_);
        for (const auto& [path, bytes] : clean) {
            INFO(path);
            REQUIRE(live.count(path) == 1);
            CHECK(live.at(path) == bytes);
        }
        for (const auto& [path, bytes] : live) {
            INFO("only in the live sites: " << path);
            CHECK(clean.count(path) == 1);
        }
    }

private:
    const TestRepo& repo_;
    reuse::CatalogMemo memo_;
    publish::LiveSites sites_;
};

// Counts the documents built and those taken from where they were kept.
class CountingObserver : public publish::BuildObserver {
public:
    void document_done(bool reused) override { (reused ? reused_ : rendered_)++; }
    int reused() const { return reused_; }
    int rendered() const { return rendered_; }

private:
    std::atomic<int> reused_{0}, rendered_{0};
};

}  // namespace

TEST_CASE("Live sites follow every edit and equal a clean build", "[serve]") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/a.md", sample_document("A-001", "運用規程", "## 目的\n\n[復元の手順](b.md#restore)を参照。\n"));
    repo.write("content/b.md", sample_document("B-001", "復元手順書", "## 復元手順 {#restore}\n\n本文\n"));
    repo.write("content/c.md", sample_document("C-001", "サーバ室", "## 入室\n", "audience: [it]\n"));
    repo.commit("初版");

    Preview preview(repo);
    preview.update();
    preview.require_equal_to_clean_build("the first update");

    const fs::path untouched = repo.path("live/all/docs/A-001.html");
    const ino_t before = inode_of(untouched);
    repo.write("content/c.md", sample_document("C-001", "サーバ室", "## 入室\n\n入室記録を残す。\n", "audience: [it]\n"));
    preview.update();
    preview.require_equal_to_clean_build("an edit of one document's body");
    CHECK(inode_of(untouched) == before);  // not written again
    CHECK_THAT(read_file(repo.path("live/it/docs/C-001.html")), Catch::Contains("入室記録を残す。"));

    repo.write("content/b.md", sample_document("B-001", "復元手順書", "## 復元の手順 {#restore}\n\n本文\n"));
    preview.update();
    preview.require_equal_to_clean_build("a heading reworded in the linked document");

    repo.write("content/b.md", sample_document("B-001", "復元手順書", "## 復元の手順 {#restore}\n\n本文\n",
                                               "audience: [it]\n"));
    preview.update();
    preview.require_equal_to_clean_build("the linked document leaving an audience");
    CHECK_FALSE(fs::exists(repo.path("live/ward-5w/docs/B-001.html")));

    repo.write("content/b.md", sample_document("B-001", "復元手順書（改）", "## 復元の手順 {#restore}\n\n本文\n",
                                               "audience: [it]\n"));
    preview.update();
    preview.require_equal_to_clean_build("the linked document's title (the register shows it)");
    CHECK_THAT(read_file(repo.path("live/it/index.html")), Catch::Contains("復元手順書（改）"));

    repo.remove("content/c.md");
    repo.write("content/d.md", sample_document("D-001", "停電時の対応", "## 初動\n"));
    preview.update();
    preview.require_equal_to_clean_build("a document deleted, another added");
    CHECK_FALSE(fs::exists(repo.path("live/it/docs/C-001.html")));

    repo.write("content/tebiki.yml", sample_config() + "stale_after_days: 30\n");
    preview.update();
    preview.require_equal_to_clean_build("a config change");

    repo.commit("改訂");
    preview.update();
    preview.require_equal_to_clean_build("a commit");
}

TEST_CASE("An audience removed from the config takes its live site with it", "[serve]") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/a.md", sample_document("A-001", "運用規程", "本文\n"));
    repo.commit("初版");
    Preview preview(repo);
    preview.update();
    REQUIRE(fs::is_directory(repo.path("live/it")));

    std::string config = sample_config();
    config.erase(config.find("  - key: it\n"));
    repo.write("content/tebiki.yml", config);
    preview.update();
    CHECK_FALSE(fs::exists(repo.path("live/it")));
    preview.require_equal_to_clean_build("an audience removed");
}

TEST_CASE("A preview starts from what the build cache holds, and keeps what it renders there", "[serve]") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/a.md", sample_document("A-001", "運用規程", "## 目的\n\n[復元の手順](b.md#restore)を参照。\n"));
    repo.write("content/b.md", sample_document("B-001", "復元手順書", "## 復元手順 {#restore}\n\n本文\n"));
    repo.commit("初版");
    const fs::path cache = repo.path(".cache");
    {
        const Catalog catalog = build_catalog(source::read_worktree(repo.path("content")), CatalogOptions{kToday, true});
        publish::SiteBuildOptions options;
        options.with_pdf = false;
            options.cache_dir = cache;
        publish::build_sites(catalog, repo.path("dist"), options);
    }

    Preview preview(repo, cache);
    CountingObserver first;
    preview.update(first);
    preview.require_equal_to_clean_build("the first update");
    CHECK(first.rendered() == 0);
    CHECK(first.reused() > 0);

    const std::string original = read_file(repo.path("content/b.md"));
    repo.write("content/b.md", sample_document("B-001", "復元手順書", "## 復元手順 {#restore}\n\n改めた本文\n"));
    CountingObserver edited;
    preview.update(edited);
    preview.require_equal_to_clean_build("an edit");
    CHECK(edited.rendered() > 0);

    // Back to the bytes the cache holds pages for: they replace the live ones.
    repo.write("content/b.md", original);
    CountingObserver reverted;
    preview.update(reverted);
    preview.require_equal_to_clean_build("the edit undone");
    CHECK(reverted.rendered() == 0);
}
