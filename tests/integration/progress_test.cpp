// What a build says while it runs: a progress line only on a terminal,
// nothing but problems with --quiet, each step's time with --verbose.

#include "fixtures.h"

namespace tebiki::testing {

namespace {

// Two documents for every audience: 6 document pages and 3 registers.
void commit_two_documents(ContentRepo& repo) {
    repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n"));
    repo.write_content("b.md", sample_document("B-001", "復元手順書", "## 復元手順\n"));
    repo.commit("初版");
}

}  // namespace

TEST_CASE("A build whose output is not a terminal draws no progress line", "[progress]") {
    ContentRepo repo;
    commit_two_documents(repo);
    const auto result = repo.tebiki({"build", "--no-pdf"});
    INFO(describe(result));
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.err, Contains("tebiki: built 9 pages for 3 audiences"));
    CHECK_THAT(result.err, !Contains("\r"));
    CHECK_THAT(result.err, !Contains("\x1b["));
    CHECK_THAT(result.err, !Contains("tebiki: document pages "));
}

TEST_CASE("--quiet prints only problems, --verbose each step", "[progress]") {
    ContentRepo repo;
    commit_two_documents(repo);
    const auto quiet = repo.tebiki({"build", "--no-pdf", "--quiet"});
    INFO(describe(quiet));
    REQUIRE(quiet.exit_code == 0);
    CHECK(quiet.err.empty());
    CHECK_THAT(quiet.out, Contains("all/index.html"));  // where the sites are, still on stdout

    repo.write_content("b.md", sample_document("B-001", "復元手順書", "## 復元手順\n", "review_by: 2020-01-01\n"));
    const auto warned = repo.tebiki({"build", "--worktree", "--no-pdf", "--quiet"});
    INFO(describe(warned));
    CHECK_THAT(warned.err, Contains("content/b.md:"));
    CHECK_THAT(warned.err, Contains("warning:"));

    const auto verbose = repo.tebiki({"build", "--no-pdf", "--verbose"});
    INFO(describe(verbose));
    REQUIRE(verbose.exit_code == 0);
    for (const char* step : {"tebiki: read source", "tebiki: catalog and history", "tebiki: html all",
                             "tebiki: search ward-5w", "tebiki: bundle it", "tebiki: swap into place"})
        CHECK_THAT(verbose.err, Contains(step));
    CHECK_THAT(verbose.err, Contains("tebiki: 6 document pages made, "));

    const auto both = repo.tebiki({"build", "--quiet", "--verbose"});
    CHECK(both.exit_code == 2);
}

TEST_CASE("A build on a terminal shows documents done, total and rate", "[progress]") {
    ContentRepo repo;
    commit_two_documents(repo);
    // script(1) gives tebiki a pseudo-terminal and copies what it draws.
    const auto result = run_command(
        "/usr/bin/script", {"--quiet", "--return", "--command", std::string(TEBIKI_BINARY) + " build --no-pdf", "/dev/null"},
        repo.root());
    INFO(describe(result));
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.out, Contains("tebiki: document pages 6/6 ("));
    // The total is said once: never a count against a smaller total.
    for (const char* partial : {"/2 (", "/4 ("}) CHECK_THAT(result.out, !Contains(partial));
    CHECK_THAT(result.out, Contains("/s, 0 from cache)"));
    CHECK_THAT(result.out, Contains("\r\x1b[K"));  // the line is cleared before the summary
    CHECK_THAT(result.out, Contains("tebiki: built 9 pages"));
}

}  // namespace tebiki::testing
