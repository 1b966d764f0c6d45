// The command line itself: version, help, and usage errors (exit 2).

#include "fixtures.h"

using namespace tebiki::testing;

TEST_CASE("--version prints the version", "[cli]") {
    TempDir dir;
    const auto r = run_tebiki({"--version"}, dir.root());
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK(r.out == "tebiki 0.1.0\n");
}

TEST_CASE("--help lists the subcommands", "[cli]") {
    TempDir dir;
    const auto r = run_tebiki({"--help"}, dir.root());
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("Usage: tebiki"));
    CHECK_THAT(r.out, Contains("build"));
    CHECK_THAT(r.out, Contains("check"));
}

TEST_CASE("help lists the subcommands", "[cli]") {
    TempDir dir;
    const auto r = run_tebiki({"help"}, dir.root());
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("build"));
    CHECK_THAT(r.out, Contains("check"));
}

TEST_CASE("help exits 0", "[cli]") {
    TempDir dir;
    const auto r = run_tebiki({"help"}, dir.root());
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK_FALSE(r.out.empty());
}

TEST_CASE("no arguments prints the help and exits 0", "[cli]") {
    TempDir dir;
    const auto r = run_tebiki({}, dir.root());
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("build"));
    CHECK_THAT(r.out, Contains("check"));
}

TEST_CASE("build --help and check --help describe their options", "[cli]") {
    TempDir dir;
    SECTION("build") {
        const auto r = run_tebiki({"build", "--help"}, dir.root());
        INFO(describe(r));
        CHECK(r.exit_code == 0);
        CHECK_THAT(r.out, Contains("Usage: tebiki build"));
        for (const char* option : {"--rev", "--worktree", "--content", "--out"}) CHECK_THAT(r.out, Contains(option));
    }
    SECTION("check") {
        const auto r = run_tebiki({"check", "--help"}, dir.root());
        INFO(describe(r));
        CHECK(r.exit_code == 0);
        CHECK_THAT(r.out, Contains("Usage: tebiki check"));
        for (const char* option : {"--rev", "--worktree", "--content", "--as-of"}) CHECK_THAT(r.out, Contains(option));
    }
    // Help is printed before anything is read: no repository needed, nothing written.
    CHECK(snapshot_tree(dir.root()).empty());
}

TEST_CASE("an unknown subcommand or option is a usage error", "[cli]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程", ""));
    repo.commit("初版");
    const auto args = GENERATE(values<std::vector<std::string>>({
        {"publish"},
        {"--frobnicate"},
        {"build", "--frobnicate"},
        {"check", "--frobnicate"},
        {"build", "extra-argument"},
        {"build", "--out"},
        {"check", "--as-of"},
    }));
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    INFO("tebiki " << joined);

    const auto r = repo.tebiki(args);
    INFO(describe(r));
    CHECK(r.exit_code == 2);
    CHECK_FALSE(r.err.empty());
    CHECK_FALSE(fs::exists(repo.path("dist")));
}

TEST_CASE("--rev and --worktree together are a usage error", "[cli]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程", ""));
    repo.commit("初版");
    const std::string command = GENERATE(as<std::string>{}, "build", "check");
    INFO(command);

    const auto r = repo.tebiki({command, "--rev", "HEAD", "--worktree"});
    INFO(describe(r));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("--rev excludes --worktree"));
    CHECK_FALSE(fs::exists(repo.path("dist")));
}

TEST_CASE("--content names another content root", "[cli]") {
    ContentRepo repo;
    repo.write("docs/handbook/tebiki.yml", sample_config());
    repo.write("docs/handbook/a.md", sample_document("A-001", "運用規程", "[なし](none.md)\n"));
    repo.commit("別の場所");

    const auto r = repo.tebiki({"check", "--content", "docs/handbook"});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    // Paths in diagnostics are shown from the repository root.
    CHECK_THAT(r.out, Contains("docs/handbook/a.md:10:1: error: link 'none.md'"));
}

// Issue 21: a first hour without surprises.

TEST_CASE("commands find the content root from any directory inside the repository", "[cli][content-root]") {
    ContentRepo repo;
    repo.write_content("procedures/a.md", sample_document("A-001", "運用規程", "[なし](none.md)\n"));
    repo.commit("初版");
    const fs::path deep = repo.path("content/procedures");
    SECTION("check in a folder of the content") {
        const auto r = run_tebiki({"check"}, deep);
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("content/procedures/a.md:10:1: error: link 'none.md'"));
        CHECK_THAT(r.err, Contains("1 document, 1 error, 0 warnings"));
    }
    SECTION("check in a folder of the repository beside the content") {
        repo.write("tools/readme.txt", "道具\n");
        const auto r = run_tebiki({"check"}, repo.path("tools"));
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("content/procedures/a.md:10:1"));
    }
    SECTION("build writes dist at the top of the repository, not in the content") {
        repo.write_content("procedures/a.md", sample_document("A-001", "運用規程", "本文\n"));
        repo.commit("リンクを直す");
        const auto r = run_tebiki({"build", "--no-pdf"}, deep);
        INFO(describe(r));
        CHECK(r.exit_code == 0);
        CHECK(fs::is_regular_file(repo.path("dist/all/index.html")));
        CHECK_FALSE(fs::exists(deep / "dist"));
    }
    SECTION("a content root with tebiki.yml elsewhere than content/") {
        repo.write("docs/handbook/tebiki.yml", sample_config());
        repo.write("docs/handbook/guide/b.md", sample_document("B-001", "手引き", "[なし](gone.md)\n"));
        repo.commit("別の場所");
        const auto r = run_tebiki({"check"}, repo.path("docs/handbook/guide"));
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("docs/handbook/guide/b.md:10:1: error: link 'gone.md'"));
        CHECK_THAT(r.out, !Contains("content/procedures/a.md"));
    }
    SECTION("an explicit --content is taken as given") {
        const auto r = run_tebiki({"check", "--content", "content"}, deep);
        INFO(describe(r));
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Contains("content directory 'content' does not exist"));
    }
}

TEST_CASE("outside any repository tebiki says there is no content to find", "[cli][content-root]") {
    TempDir dir;
    const auto r = run_tebiki({"check"}, dir.root());
    INFO(describe(r));
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Contains("no git repository found"));
}

TEST_CASE("help COMMAND prints that command's help with examples", "[cli][help]") {
    TempDir dir;
    for (const std::string command : {"build", "check", "search", "new", "init", "serve", "publish", "log", "review",
                                      "diff", "keygen", "verify", "install", "rollback", "status"}) {
        INFO(command);
        const auto via_help = run_tebiki({"help", command}, dir.root());
        const auto via_flag = run_tebiki({command, "--help"}, dir.root());
        INFO(describe(via_help));
        CHECK(via_help.exit_code == 0);
        CHECK(via_flag.exit_code == 0);
        CHECK(via_help.out == via_flag.out);
        CHECK_THAT(via_help.out, Contains("Usage: tebiki " + command));
        const auto examples = lines_containing(via_help.out.substr(via_help.out.find("Examples:")), "  tebiki " + command);
        CHECK(examples.size() >= 1);
        CHECK(examples.size() <= 2);
    }
    const auto unknown = run_tebiki({"help", "biuld"}, dir.root());
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.err, Contains("there is no command 'biuld'"));
    const auto overview = run_tebiki({"help"}, dir.root());
    CHECK_THAT(overview.out, Contains("tebiki help COMMAND"));
}

TEST_CASE("a tab in tebiki.yml is reported once, first, with the fix", "[cli][config]") {
    ContentRepo repo;
    repo.write("content/tebiki.yml",
               "organisation: さくら病院\nsite_title: 文書集\naudiences:\n  - key: all\n\t  name: 全職員\n");
    for (int i = 1; i <= 3; ++i)
        repo.write_content("d" + std::to_string(i) + ".md",
                           sample_document("D-00" + std::to_string(i), "文書", "本文\n"));
    repo.commit("タブ入り");
    const auto r = repo.tebiki({"check"});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    const auto errors = error_lines(r.out);
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0], StartsWith("content/tebiki.yml:5:1: error: "));
    CHECK_THAT(errors[0], Contains("indented with a tab"));
    CHECK_THAT(errors[0], Contains("タブではなく空白で字下げ"));
    CHECK_THAT(r.out, !Contains("unknown audience"));
    CHECK_THAT(r.out, !Contains("illegal"));
    CHECK_THAT(r.err, Contains("content/tebiki.yml did not load (1 error)"));

    const auto build = repo.tebiki({"build", "--no-pdf"});
    INFO(describe(build));
    CHECK(build.exit_code == 1);
    CHECK(error_lines(build.err).size() == 1);
    CHECK_FALSE(fs::exists(repo.path("dist")));
}

TEST_CASE("a config that does not load stops documents being judged against it", "[cli][config]") {
    ContentRepo repo;
    repo.write("content/tebiki.yml", "organisation: さくら病院\naudiences:\n  - key: [all\n");
    repo.write_content("a.md", sample_document("A-001", "文書", "[なし](none.md)\n"));
    repo.commit("壊れた設定");
    const auto r = repo.tebiki({"check"});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    const auto errors = error_lines(r.out);
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0], StartsWith("content/tebiki.yml:"));
    CHECK_THAT(errors[0], Contains("could not be read as YAML"));
    CHECK_THAT(r.out, !Contains("a.md"));
}

TEST_CASE("check reports an unknown theme, as build would refuse it", "[cli][config]") {
    ContentRepo repo;
    repo.write("content/tebiki.yml", sample_config() + "theme: defualt\n");
    repo.write_content("a.md", sample_document("A-001", "文書", "本文\n"));
    repo.commit("綴り間違い");
    const auto check = repo.tebiki({"check"});
    INFO(describe(check));
    CHECK(check.exit_code == 1);
    const auto errors = error_lines(check.out);
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0], Contains("content/tebiki.yml:"));
    CHECK_THAT(errors[0], Contains("theme 'defualt' not found (themes: 'default')"));
    const auto build = repo.tebiki({"build", "--no-pdf"});
    INFO(describe(build));
    CHECK(build.exit_code != 0);
    CHECK_THAT(build.err, Contains("theme 'defualt' not found"));
}

TEST_CASE("check reports a theme of the repository's own that build could not use", "[cli][config]") {
    ContentRepo repo;
    repo.write("content/tebiki.yml", sample_config() + "theme: mine\n");
    repo.write_content("a.md", sample_document("A-001", "文書", "本文\n"));
    fs::create_directories(repo.path("themes"));
    fs::copy(fs::path(TEBIKI_SOURCE_DIR) / "themes/default", repo.path("themes/mine"), fs::copy_options::recursive);
    SECTION("a bad value in its pdf.yml") {
        repo.write("themes/mine/pdf.yml", "paper: A4\nmargins_mm:\n  top: 500\n");
        repo.commit("独自の体裁");
        const auto check = repo.tebiki({"check"});
        INFO(describe(check));
        CHECK(check.exit_code == 1);
        const auto errors = error_lines(check.out);
        REQUIRE(errors.size() == 1);
        CHECK_THAT(errors[0], StartsWith("content/tebiki.yml:10:1: error: config: theme 'mine': bad PDF style: "));
        CHECK_THAT(errors[0], Contains("themes/mine/pdf.yml: margins_mm.top: must be between"));
    }
    SECTION("a missing template") {
        repo.remove("themes/mine/templates/document.mustache");
        repo.commit("ひな形を消す");
        const auto check = repo.tebiki({"check"});
        INFO(describe(check));
        CHECK(check.exit_code == 1);
        CHECK_THAT(check.out, Contains("has no templates/document.mustache"));
    }
    SECTION("a complete theme passes") {
        repo.commit("独自の体裁");
        const auto check = repo.tebiki({"check"});
        INFO(describe(check));
        CHECK(check.exit_code == 0);
    }
}

TEST_CASE("a link to chapter.html where chapter.md exists goes to the document, with a warning", "[cli][links]") {
    ContentRepo repo;
    repo.write_content("rules/a.md", sample_document("A-001", "運用規程",
                                                     "[手順](../procedures/restore.html#手順)\n"));
    repo.write_content("procedures/restore.md", sample_document("P-001", "復元手順", "## 手順\n"));
    repo.write_content("procedures/real.html", "<p>本物のHTML</p>\n");
    repo.write_content("procedures/b.md", sample_document("P-002", "別の手順", "[本物](real.html)\n[ない](none.html)\n"));
    repo.commit("他の道具の書き方");
    const auto check = repo.tebiki({"check"});
    INFO(describe(check));
    CHECK(check.exit_code == 1);  // none.html: neither a file nor a document
    const auto warnings = warning_lines(check.out);
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], StartsWith("content/rules/a.md:10:1: warning: link '../procedures/restore.html#手順': "));
    CHECK_THAT(warnings[0], Contains("'../procedures/restore.md'"));
    const auto errors = error_lines(check.out);
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0], StartsWith("content/procedures/b.md:11:1: error: link 'none.html'"));

    repo.write_content("procedures/b.md", sample_document("P-002", "別の手順", "[本物](real.html)\n"));
    repo.commit("直す");
    const auto build = repo.tebiki({"build", "--no-pdf"});
    INFO(describe(build));
    REQUIRE(build.exit_code == 0);
    CHECK(has(hrefs(read_file(repo.path("dist/all/docs/A-001.html"))), "P-001.html#手順"));
}

TEST_CASE("counts in messages are grammatical", "[cli]") {
    ContentRepo repo;
    repo.write("content/tebiki.yml", "organisation: 病院\nsite_title: 文書集\naudiences:\n  - key: all\n    name: 全職員\n");
    repo.write_content("a.md", sample_document("A-001", "運用規程", "本文\n"));
    repo.commit("一つだけ");
    const auto build = repo.tebiki({"build", "--no-pdf"});
    INFO(describe(build));
    REQUIRE(build.exit_code == 0);
    CHECK_THAT(build.err, Contains("tebiki: built 2 pages for 1 audience (1 document, 0 errors, 0 warnings)"));
}
