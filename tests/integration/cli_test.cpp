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
