// An earlier output updated in place keeps only what its record vouches
// for: the files the build claims with the same key, unchanged since.

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>

#include <fstream>

#include "reuse/output_cache.h"
#include "reuse/recycled_output.h"
#include "run_command.h"
#include "temp_dir.h"

using namespace tebiki;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

struct stat status_of(const fs::path& p) {
    struct stat status {};
    REQUIRE(::lstat(p.c_str(), &status) == 0);
    return status;
}

// A tree with two keyed pages, one other file, and its record in `cache`.
struct EarlierOutput {
    tebiki::testing::TempDir dir;
    reuse::OutputCache cache{dir.root() / "cache"};
    fs::path tree = dir.root() / "tree";

    EarlierOutput() {
        write(tree / "all/docs/A.html", "A");
        write(tree / "all/docs/B.html", "B");
        write(tree / "all/assets/style.css", "css");
        reuse::OutputRecord record;
        record.add(tree / "all/docs/A.html", "key-a", status_of(tree / "all/docs/A.html"));
        record.add(tree / "all/docs/B.html", "key-b", status_of(tree / "all/docs/B.html"));
        record.write(tree, cache);
    }
};

}  // namespace

TEST_CASE("Files the record does not list are removed before the build writes", "[recycle]") {
    EarlierOutput earlier;
    write(earlier.tree / "stray/notes.txt", "left by someone");
    reuse::RecycledOutput recycled(earlier.tree, earlier.cache);
    CHECK(recycled.files() == 2);
    CHECK_FALSE(fs::exists(earlier.tree / "all/assets/style.css"));
    CHECK_FALSE(fs::exists(earlier.tree / "all/assets"));  // left empty
    CHECK_FALSE(fs::exists(earlier.tree / "stray"));
    CHECK(fs::exists(earlier.tree / "all/docs/A.html"));
}

TEST_CASE("A listed file stays only under its key and as it was recorded", "[recycle]") {
    EarlierOutput earlier;
    reuse::RecycledOutput recycled(earlier.tree, earlier.cache);
    struct stat status {};
    CHECK(recycled.keeps(earlier.tree / "all/docs/A.html", "key-a", status));
    CHECK(status.st_ino == status_of(earlier.tree / "all/docs/A.html").st_ino);
    CHECK_FALSE(recycled.keeps(earlier.tree / "all/docs/B.html", "another key", status));
    CHECK_FALSE(recycled.keeps(earlier.tree / "all/docs/C.html", "key-a", status));  // never recorded

    // Written in place after it was recorded: its time changed.
    EarlierOutput edited;
    const timespec later[2] = {{0, UTIME_OMIT}, {2000000000, 0}};
    REQUIRE(::utimensat(AT_FDCWD, (edited.tree / "all/docs/A.html").c_str(), later, 0) == 0);
    reuse::RecycledOutput recycled_edited(edited.tree, edited.cache);
    CHECK_FALSE(recycled_edited.keeps(edited.tree / "all/docs/A.html", "key-a", status));
}

TEST_CASE("Listed files no output claims are removed; files rewritten in their place stay", "[recycle]") {
    EarlierOutput earlier;
    write(earlier.tree / "it/docs/C.html", "C");
    {
        reuse::OutputRecord record;  // a record with a second site
        for (const char* page : {"all/docs/A.html", "all/docs/B.html", "it/docs/C.html"})
            record.add(earlier.tree / page, page, status_of(earlier.tree / page));
        record.write(earlier.tree, earlier.cache);
    }
    reuse::RecycledOutput recycled(earlier.tree, earlier.cache);
    REQUIRE(recycled.files() == 3);
    struct stat status {};
    CHECK(recycled.keeps(earlier.tree / "all/docs/A.html", "all/docs/A.html", status));
    // B is written anew at its path without being asked about (a new inode).
    write(earlier.tree / "all/docs/B.html.tmp", "B, again");
    fs::rename(earlier.tree / "all/docs/B.html.tmp", earlier.tree / "all/docs/B.html");
    recycled.remove_unclaimed(earlier.tree / "all");
    CHECK(fs::exists(earlier.tree / "all/docs/A.html"));
    CHECK(tebiki::testing::read_file(earlier.tree / "all/docs/B.html") == "B, again");
    CHECK(fs::exists(earlier.tree / "it/docs/C.html"));  // another site: not yet
    recycled.remove_unclaimed(earlier.tree);             // the site is no longer built
    CHECK_FALSE(fs::exists(earlier.tree / "it"));
}

TEST_CASE("Without a sound record the earlier output is emptied", "[recycle]") {
    EarlierOutput earlier;
    fs::remove_all(earlier.dir.root() / "cache");  // the cache was deleted
    const reuse::OutputCache fresh(earlier.dir.root() / "cache");
    reuse::RecycledOutput recycled(earlier.tree, fresh);
    CHECK(recycled.files() == 0);
    CHECK(fs::is_empty(earlier.tree));
}
