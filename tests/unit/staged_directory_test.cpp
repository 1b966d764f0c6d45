#include <catch2/catch.hpp>

#include <fstream>

#include "publish/staged_directory.h"
#include "run_command.h"
#include "test_repo.h"

using tebiki::publish::StagedDirectory;
namespace fs = std::filesystem;

namespace {
void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
}
size_t entries_in(const fs::path& dir) {
    return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}
}  // namespace

TEST_CASE("A committed staging directory replaces the target whole") {
    tebiki::testing::TestRepo scratch;  // only for its temporary directory
    const fs::path target = scratch.path("dist");
    write(target / "old.html", "old");
    write(target / tebiki::publish::kOutputMarker, "");
    {
        StagedDirectory staged(target);
        write(staged.path() / "all/index.html", "new");
        CHECK(tebiki::testing::read_file(target / "old.html") == "old");  // untouched until commit
        staged.commit();
    }
    CHECK(tebiki::testing::read_file(target / "all/index.html") == "new");
    CHECK_FALSE(fs::exists(target / "old.html"));
    CHECK(entries_in(scratch.root()) == 2);  // .git and dist: no staging leftovers
}

TEST_CASE("An abandoned staging directory leaves the target as it was") {
    tebiki::testing::TestRepo scratch;
    const fs::path target = scratch.path("dist");
    write(target / "index.html", "good");
    write(target / tebiki::publish::kOutputMarker, "");
    const auto before = tebiki::testing::snapshot_tree(target);
    {
        StagedDirectory staged(target);
        write(staged.path() / "index.html", "half-written");
        // No commit: as when rendering throws.
    }
    CHECK(tebiki::testing::snapshot_tree(target) == before);
    CHECK(entries_in(scratch.root()) == 2);
}

TEST_CASE("A first build creates the target") {
    tebiki::testing::TestRepo scratch;
    const fs::path target = scratch.path("out/dist");
    StagedDirectory staged(target);
    write(staged.path() / "x", "1");
    staged.commit();
    CHECK(tebiki::testing::read_file(target / "x") == "1");
}

TEST_CASE("What tebiki did not write is never replaced") {
    tebiki::testing::TestRepo scratch;
    write(scratch.path("content/a.md"), "a writer's work");
    CHECK_THROWS_WITH(StagedDirectory(scratch.path("content")), Catch::Contains("refusing to replace"));
    write(scratch.path("notes.txt"), "notes");
    CHECK_THROWS_WITH(StagedDirectory(scratch.path("notes.txt")), Catch::Contains("not an output of tebiki"));
    CHECK(tebiki::testing::read_file(scratch.path("content/a.md")) == "a writer's work");
    fs::create_directories(scratch.path("empty"));
    CHECK_NOTHROW(StagedDirectory(scratch.path("empty")));
}

TEST_CASE("With recycling, the output a commit replaces is the next staging directory") {
    tebiki::testing::TestRepo scratch;
    const fs::path target = scratch.path("dist");
    for (const char* generation : {"first", "second"}) {
        StagedDirectory staged(target, /*recycle=*/true);
        CHECK_FALSE(staged.holds_earlier_output());  // nothing replaced yet
        write(staged.path() / "page.html", generation);
        staged.commit();
    }
    {
        StagedDirectory staged(target, /*recycle=*/true);
        REQUIRE(staged.holds_earlier_output());
        CHECK(tebiki::testing::read_file(staged.path() / "page.html") == "first");
        CHECK(tebiki::testing::read_file(target / "page.html") == "second");
        write(staged.path() / "page.html", "third");
        staged.commit();
    }
    CHECK(tebiki::testing::read_file(target / "page.html") == "third");
    CHECK(entries_in(scratch.root()) == 3);  // .git, dist and the output kept beside it
    // A build without recycling removes what recycling kept.
    {
        StagedDirectory staged(target);
        write(staged.path() / "page.html", "fourth");
        staged.commit();
    }
    CHECK(entries_in(scratch.root()) == 2);
}
