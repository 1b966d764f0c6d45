// Which content a build reads: HEAD (default), --rev <revision>, or
// --worktree (a writer's preview, uncommitted edits and new files included).

#include "fixtures.h"

using namespace tebiki::testing;

namespace {

struct ThreeStates {
    ContentRepo repo;
    std::string v1_commit;

    ThreeStates() {
        repo.write_content("a.md", sample_document("A-001", "初版の題名", "## 目的\n\n本文。\n"));
        v1_commit = repo.commit("初版", 1774000000);
        repo.tag("edition-1");
        repo.write_content("a.md", sample_document("A-001", "第二版の題名", "## 目的\n\n本文。\n"));
        repo.commit("第二版", 1774086400);
        // Uncommitted: the title edited again, and a new untracked document.
        repo.write_content("a.md", sample_document("A-001", "作業中の題名", "## 目的\n\n本文。\n"));
        repo.write_content("new.md", sample_document("N-001", "新規の文書", "## 概要\n"));
    }
};

std::string page(const ContentRepo& repo, const std::string& out, const std::string& relative) {
    return read_file(repo.path(out) / relative);
}

}  // namespace

TEST_CASE("build without --rev publishes HEAD", "[revision]") {
    ThreeStates s;
    const auto r = s.repo.tebiki({"build"});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    const std::string a = page(s.repo, "dist", "all/docs/A-001.html");
    CHECK_THAT(a, Contains("第二版の題名"));
    CHECK_THAT(a, !Contains("初版の題名"));
    CHECK_THAT(a, !Contains("作業中の題名"));
    CHECK_FALSE(fs::exists(s.repo.path("dist/all/docs/N-001.html")));
    CHECK_THAT(a, !Contains("プレビュー"));
    CHECK_THAT(page(s.repo, "dist", "all/index.html"), !Contains("プレビュー"));
}

TEST_CASE("build --rev publishes a tag or a commit", "[revision]") {
    ThreeStates s;
    const std::string revision = GENERATE(as<std::string>{}, "edition-1", "commit");
    const std::string rev = revision == "commit" ? s.v1_commit : revision;
    INFO("--rev " << rev);

    const auto r = s.repo.tebiki({"build", "--rev", rev, "--out", "v1"});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    const std::string a = page(s.repo, "v1", "all/docs/A-001.html");
    CHECK_THAT(a, Contains("初版の題名"));
    CHECK_THAT(a, !Contains("第二版の題名"));
    CHECK_THAT(a, !Contains("作業中の題名"));
    CHECK_THAT(a, !Contains("プレビュー"));
    // The footer names the commit published.
    CHECK_THAT(a, Contains("コミット " + s.v1_commit.substr(0, 7)));
    CHECK_FALSE(fs::exists(s.repo.path("v1/all/docs/N-001.html")));
}

TEST_CASE("build --worktree publishes uncommitted edits and new files as a preview", "[revision]") {
    ThreeStates s;
    const auto r = s.repo.tebiki({"build", "--worktree", "--out", "preview"});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);

    const std::string a = page(s.repo, "preview", "all/docs/A-001.html");
    CHECK_THAT(a, Contains("作業中の題名"));
    CHECK_THAT(a, !Contains("第二版の題名"));
    REQUIRE(fs::is_regular_file(s.repo.path("preview/all/docs/N-001.html")));
    CHECK_THAT(page(s.repo, "preview", "all/docs/N-001.html"), Contains("新規の文書"));

    // Every page says it is a preview, in its title and in a banner.
    for (const char* p : {"all/index.html", "all/docs/A-001.html", "all/docs/N-001.html"}) {
        INFO(p);
        const std::string html = page(s.repo, "preview", p);
        CHECK_THAT(html, Contains("<title>［プレビュー］"));
        CHECK_THAT(html, Contains("<strong class=\"preview-label\">プレビュー</strong>"));
    }
    CHECK_THAT(page(s.repo, "preview", "all/index.html"), Contains("新規の文書"));
}

TEST_CASE("build --worktree makes no bundle: its bytes are not the commit a manifest would name", "[revision]") {
    ThreeStates s;
    const auto preview = s.repo.tebiki({"build", "--worktree", "--no-pdf", "--out", "preview"});
    INFO(describe(preview));
    REQUIRE(preview.exit_code == 0);
    REQUIRE(fs::is_regular_file(s.repo.path("preview/all/index.html")));
    CHECK_FALSE(fs::exists(s.repo.path("preview/all/manifest.json")));
    CHECK_FALSE(fs::exists(s.repo.path("preview/all.zip")));
    const auto verify = s.repo.tebiki({"verify", "preview/all"});
    CHECK(verify.exit_code != 0);

    // The same build of the commit is a bundle.
    const auto committed = s.repo.tebiki({"build", "--no-pdf", "--out", "committed"});
    INFO(describe(committed));
    REQUIRE(committed.exit_code == 0);
    CHECK(fs::is_regular_file(s.repo.path("committed/all/manifest.json")));
    CHECK(fs::is_regular_file(s.repo.path("committed/all.zip")));

    const auto signed_preview = s.repo.tebiki({"build", "--worktree", "--sign-key", "key.pem", "--out", "signed"});
    CHECK(signed_preview.exit_code == 2);
    CHECK_THAT(signed_preview.err, Contains("--worktree excludes --sign-key"));
    CHECK_FALSE(fs::exists(s.repo.path("signed")));
}

TEST_CASE("build --worktree leaves out files git ignores", "[revision]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程", ""));
    repo.write(".gitignore", "content/scratch/\n");
    repo.commit("初版");
    repo.write_content("scratch/notes.md", "メモ（front matter なし）\n");

    const auto r = repo.tebiki({"build", "--worktree"});
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK(error_lines(r.err).empty());
}

TEST_CASE("build --rev with an unknown revision is a usage error naming it", "[revision]") {
    ThreeStates s;
    const auto r = s.repo.tebiki({"build", "--rev", "nosuchrev"});
    INFO(describe(r));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, StartsWith("tebiki: error: revision 'nosuchrev' not found"));
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists(s.repo.path("dist")));
}

TEST_CASE("check --rev with an unknown revision is a usage error naming it", "[revision]") {
    ThreeStates s;
    const auto r = s.repo.tebiki({"check", "--rev", "edition-9"});
    INFO(describe(r));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("revision 'edition-9'"));
}

TEST_CASE("outside any git repository, build and check fail with exit 3", "[revision]") {
    TempDir plain;
    fs::create_directories(plain.root() / "content");
    std::ofstream(plain.root() / "content/tebiki.yml") << sample_config();
    const std::string command = GENERATE(as<std::string>{}, "build", "check");
    INFO(command);

    const auto r = run_tebiki({command}, plain.root());
    INFO(describe(r));
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Contains("tebiki: error: no git repository found at or above 'content'"));
    CHECK_FALSE(fs::exists(plain.root() / "dist"));
}
