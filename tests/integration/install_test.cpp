// Installed like a real tool: `cmake --install` into a prefix, then the
// installed tebiki publishes the sample content with the source tree it was
// built from out of reach (an empty file system mounted over it, in a mount
// namespace of the test's own, so no other test is disturbed).

#include "fixtures.h"

using namespace tebiki::testing;

namespace {

// Runs `program args...` in `cwd` with an empty tmpfs over `hidden`. The
// script fails (99) if anything of `hidden` is still visible.
CommandResult run_with_hidden(const fs::path& hidden, const fs::path& cwd, const std::string& program,
                              const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"--mount", "sh", "-c",
                                     "mount -t tmpfs none \"$1\" || exit 98\n"
                                     "[ -z \"$(ls -A \"$1\")\" ] || exit 99\n"
                                     "shift; exec \"$@\"",
                                     "sh", hidden.string(), program};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command("/usr/bin/unshare", argv, cwd);
}

}  // namespace

TEST_CASE("an installed tebiki publishes the sample content without its source tree", "[install]") {
    TempDir dir;
    const fs::path prefix = dir.root() / "prefix";
    const auto install = run_command("/usr/bin/cmake", {"--install", TEBIKI_BUILD_DIR, "--prefix", prefix.string()}, dir.root());
    INFO(describe(install));
    REQUIRE(install.exit_code == 0);
    const fs::path program = prefix / "bin/tebiki";
    CHECK(fs::is_regular_file(program));
    CHECK(fs::is_regular_file(prefix / "share/tebiki/themes/default/templates/index.mustache"));
    CHECK(fs::is_regular_file(prefix / "share/tebiki/themes/default/new/tebiki.yml"));
    CHECK(fs::is_regular_file(prefix / "share/man/man1/tebiki.1.gz"));
    CHECK(fs::is_regular_file(prefix / "share/bash-completion/completions/tebiki"));

    // The installed theme is marked, so the output shows which theme it used.
    const std::string marker = "/* the theme installed under the prefix */\n";
    std::ofstream(prefix / "share/tebiki/themes/default/assets/style.css", std::ios::app) << marker;

    TestRepo repo;
    fs::copy(fs::path(TEBIKI_SOURCE_DIR) / "content", repo.path("content"), fs::copy_options::recursive);
    repo.commit("見本の文書集");

    const fs::path source_tree = TEBIKI_SOURCE_DIR;
    SECTION("build, from a folder of the content") {
        const auto r = run_with_hidden(source_tree, repo.path("content/procedures"), program.string(), {"build"});
        INFO(describe(r));
        REQUIRE(r.exit_code == 0);
        for (const char* audience : {"all", "ward-5w", "it"}) {
            INFO(audience);
            CHECK(fs::is_regular_file(repo.path(std::string("dist/") + audience + "/index.html")));
            CHECK(fs::is_regular_file(repo.path(std::string("dist/") + audience + "/pdf/binder.pdf")));
        }
        CHECK_THAT(read_file(repo.path("dist/all/assets/style.css")), EndsWith(marker));
    }
    SECTION("init and new take their templates from the prefix too") {
        const auto init = run_with_hidden(source_tree, dir.root(), program.string(), {"init", "hospital"});
        INFO(describe(init));
        REQUIRE(init.exit_code == 0);
        const auto added = run_with_hidden(source_tree, dir.root() / "hospital/content", program.string(),
                                           {"new", "PRC-001", "--title", "夜間の連絡", "--template", "procedure"});
        INFO(describe(added));
        CHECK(added.exit_code == 0);
        CHECK(fs::is_regular_file(dir.root() / "hospital/content/PRC-001.md"));
    }
    SECTION("a theme missing from the prefix is named with where to put it") {
        fs::remove_all(prefix / "share/tebiki/themes/default");
        const auto r = run_with_hidden(source_tree, repo.root(), program.string(), {"check"});
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("content/tebiki.yml:3:1: error: config: theme 'default' not found"));
    }
}
