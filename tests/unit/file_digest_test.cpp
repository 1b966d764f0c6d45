// Digests kept on a file are believed only while the file is as it was
// when they were made; a bundle's manifest made from them equals one made
// by hashing every byte.

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "bundle/file_digest.h"
#include "bundle/manifest.h"

namespace fs = std::filesystem;
using namespace tebiki::bundle;

namespace {

struct TemporaryDir {
    fs::path path = fs::temp_directory_path() / ("tebiki-digest-test-" + std::to_string(::getpid()));
    TemporaryDir() {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TemporaryDir() { fs::remove_all(path); }
};

void write(const fs::path& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

// The build cache stamps its entries so (2000-01-01T00:00:00Z).
void set_mtime(const fs::path& file, std::chrono::seconds since_epoch) {
    const timespec times[2] = {{since_epoch.count(), 0}, {since_epoch.count(), 0}};
    REQUIRE(::utimensat(AT_FDCWD, file.c_str(), times, 0) == 0);
}

}  // namespace

TEST_CASE("A file's digest is its SHA-256, size and zip CRC-32") {
    TemporaryDir dir;
    const fs::path file = dir.path / "page.html";
    const std::string bytes = "<p>停電時は非常用電源に切り替える。</p>\n";
    write(file, bytes);
    const FileDigest digest = digest_file(file);
    CHECK(digest.size == bytes.size());
    CHECK(digest.sha256 == sha256_hex(bytes.data(), bytes.size()));
    CHECK(digest.crc32 == crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

TEST_CASE("A remembered digest is believed only while size and modification time are unchanged") {
    TemporaryDir dir;
    const fs::path file = dir.path / "page.html";
    write(file, "first version\n");
    const FileDigest digest = digest_file(file);
    INFO("the file system of " << dir.path << " must keep user extended attributes (ext4, xfs, tmpfs do)");
    REQUIRE(remember_digest(file, digest));
    CHECK(remembered_digest(file) == digest);
    CHECK(known_or_fresh_digest(file) == digest);

    SECTION("written in place: another modification time") {
        set_mtime(file, std::chrono::seconds(946684800));
        REQUIRE(remember_digest(file, digest));
        write(file, "other version!\n");  // same size, written now
        CHECK_FALSE(remembered_digest(file));
        CHECK(known_or_fresh_digest(file) == digest_file(file));
    }
    SECTION("the same modification time but another size") {
        set_mtime(file, std::chrono::seconds(946684800));
        REQUIRE(remember_digest(file, digest));
        write(file, "a longer second version\n");
        set_mtime(file, std::chrono::seconds(946684800));
        CHECK_FALSE(remembered_digest(file));
    }
    SECTION("a value that is not ours") {
        const std::string junk = "tebiki-digest-1 14 0.0 nothex 0";
        REQUIRE(::setxattr(file.c_str(), "user.tebiki.digest", junk.data(), junk.size(), 0) == 0);
        CHECK_FALSE(remembered_digest(file));
    }
}

TEST_CASE("A manifest made from remembered digests equals one made by hashing") {
    TemporaryDir dir;
    const fs::path site = dir.path / "site";
    fs::create_directories(site / "docs");
    write(site / "index.html", "register\n");
    write(site / "docs/A-1.html", "page A\n");
    write(site / "docs/B-1.html", "page B\n");
    const auto hashed = scan_files(site);
    for (const char* name : {"docs/A-1.html", "docs/B-1.html"})
        REQUIRE(remember_digest(site / name, digest_file(site / name)));
    CHECK(scan_files(site) == hashed);

    // A digest that no longer fits the file is not used: the file is hashed.
    set_mtime(site / "docs/A-1.html", std::chrono::seconds(946684800));
    const FileDigest old = digest_file(site / "docs/A-1.html");
    REQUIRE(remember_digest(site / "docs/A-1.html", old));
    write(site / "docs/A-1.html", "page Z\n");
    const auto rescanned = scan_files(site);
    REQUIRE(rescanned.size() == 3);
    CHECK(rescanned[0].path == "docs/A-1.html");
    CHECK(rescanned[0].sha256 == sha256_hex("page Z\n", 7));
}
