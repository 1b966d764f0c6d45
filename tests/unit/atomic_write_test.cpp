// Output files are written under a temporary name and renamed over their
// target; a link to another output is put in place the same way.

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "foundation/atomic_write.h"
#include "test_repo.h"

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

ino_t inode_of(const fs::path& path) {
    struct stat status {};
    REQUIRE(::stat(path.c_str(), &status) == 0);
    return status.st_ino;
}

}  // namespace

TEST_CASE("an output linked to another is the same file, put in place whole", "[foundation][output]") {
    const tebiki::testing::TestRepo dir;
    const fs::path first = dir.path("all/pdf/OPS-001.pdf");
    const fs::path second = dir.path("it/pdf/OPS-001.pdf");
    tebiki::write_output_file(first, "%PDF-1.6 停電時の対応");
    tebiki::write_output_file(second, "an earlier build's copy");

    REQUIRE(tebiki::link_output_file(first, second));  // over the earlier file, its directory made as needed
    CHECK(read_text(second) == "%PDF-1.6 停電時の対応");
    CHECK(inode_of(second) == inode_of(first));
    CHECK(fs::hard_link_count(first) == 2);
    CHECK_FALSE(fs::exists(second.string() + ".partial"));

    // Writing one of them again replaces that name only.
    tebiki::write_output_file(second, "%PDF-1.6 改訂");
    CHECK(read_text(first) == "%PDF-1.6 停電時の対応");
    CHECK(fs::hard_link_count(first) == 1);

    // Nothing to link to: false, and the target is left as it was.
    CHECK_FALSE(tebiki::link_output_file(dir.path("all/pdf/missing.pdf"), second));
    CHECK(read_text(second) == "%PDF-1.6 改訂");
    CHECK_FALSE(fs::exists(second.string() + ".partial"));
}
