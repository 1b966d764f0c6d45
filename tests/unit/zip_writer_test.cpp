// The bundle's zip: deterministic, readable by the verifier, and copying
// unchanged entries from a previous zip only when they are really unchanged.

#include <catch2/catch.hpp>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <clocale>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>

#include "bundle/bundle.h"
#include "bundle/manifest.h"
#include "bundle/zip_writer.h"
#include "temp_dir.h"

namespace tebiki::bundle {

namespace fs = std::filesystem;

namespace {

constexpr long long kMtime = 1775001600;  // 2026-04-01

// A small site: pages, a search index, an image-like binary file.
void write_site(const fs::path& site, const std::string& page_b) {
    fs::create_directories(site / "docs");
    fs::create_directories(site / "search");
    write_bytes(site / "index.html", "<!doctype html><title>手順書</title>");
    write_bytes(site / "docs/A.html", std::string(5000, 'a') + "停電時の手順");
    write_bytes(site / "docs/B.html", page_b);
    write_bytes(site / "search/index.js", "window.tebikiSearchIndex = {};");
    write_bytes(site / "empty.txt", "");
}

Manifest manifest_of(const fs::path& site) {
    Manifest header;
    header.audience = "ward-5w";
    header.audience_name = "5階西病棟";
    header.source_commit = std::string(40, 'c');
    header.published_at = kMtime;
    header.tebiki_version = "test";
    return write_manifest(site, header);
}

// Writes the site's zip, with or without a previous one to copy from.
ZipWritten zip_site(const fs::path& site, const fs::path& zip, const std::optional<fs::path>& previous = {}) {
    return write_zip(site, manifest_of(site), zip, kMtime, previous);
}

}  // namespace

TEST_CASE("an unchanged entry is copied from the previous zip, giving the bytes a fresh zip has", "[bundle]") {
    testing::TempDir t;
    const fs::path site = t.root() / "site";
    write_site(site, "版1: 連絡先は内線1234");
    const ZipWritten first = zip_site(site, t.root() / "v1.zip");
    CHECK(first.entries == 6);  // five files and the manifest
    CHECK(first.copied_from_previous == 0);

    write_bytes(site / "docs/B.html", "版2: 連絡先は内線5678です");
    const ZipWritten second = zip_site(site, t.root() / "v2.zip", t.root() / "v1.zip");
    CHECK(second.entries == 6);
    CHECK(second.copied_from_previous == 4);  // not docs/B.html, not the manifest

    const ZipWritten fresh = zip_site(site, t.root() / "fresh.zip");
    CHECK(fresh.copied_from_previous == 0);
    CHECK(read_bytes(t.root() / "v2.zip") == read_bytes(t.root() / "fresh.zip"));

    const VerifyReport report = verify_bundle(t.root() / "v2.zip", std::nullopt);
    CHECK(report.errors.empty());
    REQUIRE(report.manifest);
    CHECK(report.manifest->files.size() == 5);
}

TEST_CASE("PDFs and images are stored, not deflated again; pages are deflated", "[bundle][zip]") {
    testing::TempDir t;
    const fs::path site = t.root() / "site";
    write_site(site, "版1");
    fs::create_directories(site / "pdf");
    write_bytes(site / "pdf/A.pdf", "%PDF-1.7\n" + std::string(20000, 'x'));  // compressible, stored all the same
    fs::create_directories(site / "assets/media");
    write_bytes(site / "assets/media/photo.JPG", std::string(20000, 'z'));    // in any case
    write_bytes(site / "docs/figure.PNG.html", std::string(20000, 'y'));      // an extension inside the name counts for nothing
    zip_site(site, t.root() / "v1.zip");

    int error = 0;
    zip_t* archive = zip_open((t.root() / "v1.zip").c_str(), ZIP_RDONLY, &error);
    REQUIRE(archive != nullptr);
    const auto method_of = [&](const char* name) {
        zip_stat_t stat;
        REQUIRE(zip_stat(archive, name, 0, &stat) == 0);
        return stat.comp_method;
    };
    CHECK(method_of("pdf/A.pdf") == ZIP_CM_STORE);
    CHECK(method_of("assets/media/photo.JPG") == ZIP_CM_STORE);
    CHECK(method_of("docs/A.html") == ZIP_CM_DEFLATE);
    CHECK(method_of("docs/figure.PNG.html") == ZIP_CM_DEFLATE);
    CHECK(method_of("manifest.json") == ZIP_CM_DEFLATE);
    zip_close(archive);
    CHECK(verify_bundle(t.root() / "v1.zip", std::nullopt).errors.empty());

    // Copied from the previous zip, a stored entry stays stored: the same bytes as a fresh zip.
    write_bytes(site / "docs/B.html", "版2");
    zip_site(site, t.root() / "v2.zip", t.root() / "v1.zip");
    zip_site(site, t.root() / "fresh.zip");
    CHECK(read_bytes(t.root() / "v2.zip") == read_bytes(t.root() / "fresh.zip"));
}

TEST_CASE("the manifest's scan hands the zip its CRC-32s: the same zip, the same entries copied", "[bundle]") {
    testing::TempDir t;
    const fs::path site = t.root() / "site";
    write_site(site, "版1");
    zip_site(site, t.root() / "v1.zip");
    write_bytes(site / "docs/B.html", "版2");
    Manifest header = manifest_of(site);
    header.files.clear();
    FileCrcs crcs;
    const Manifest manifest = write_manifest(site, header, &crcs);
    CHECK(crcs.size() == 5);
    CHECK(crcs.at("docs/B.html") == crc32(0L, reinterpret_cast<const Bytef*>("版2"), 4));
    const ZipWritten with_crcs = write_zip(site, manifest, t.root() / "with.zip", kMtime, t.root() / "v1.zip", &crcs);
    const ZipWritten without = write_zip(site, manifest, t.root() / "without.zip", kMtime, t.root() / "v1.zip");
    CHECK(with_crcs.copied_from_previous == 4);
    CHECK(without.copied_from_previous == 4);
    CHECK(read_bytes(t.root() / "with.zip") == read_bytes(t.root() / "without.zip"));
}

TEST_CASE("a previous zip is not copied from where its entry does not hold what its manifest says", "[bundle]") {
    testing::TempDir t;
    const fs::path site = t.root() / "site";
    write_site(site, "new");
    const Manifest claims_new = manifest_of(site);
    // A damaged previous zip: its manifest says docs/B.html is "new", its
    // entry holds "old" (same size, so only the CRC-32 tells them apart).
    const fs::path damaged = t.root() / "damaged";
    write_site(damaged, "old");
    write_bytes(damaged / kManifestFile, claims_new.to_json());
    write_zip(damaged, claims_new, t.root() / "damaged.zip", kMtime);

    const ZipWritten written = zip_site(site, t.root() / "next.zip", t.root() / "damaged.zip");
    CHECK(written.copied_from_previous == 4);  // every file but docs/B.html
    CHECK(verify_bundle(t.root() / "next.zip", std::nullopt).errors.empty());
    CHECK(read_bytes(t.root() / "next.zip") == (zip_site(site, t.root() / "fresh.zip"), read_bytes(t.root() / "fresh.zip")));
}

TEST_CASE("a previous zip that is damaged or not a bundle lends nothing", "[bundle]") {
    testing::TempDir t;
    const fs::path site = t.root() / "site";
    write_site(site, "本文");
    write_bytes(t.root() / "garbage.zip", "this is not a zip");
    CHECK(zip_site(site, t.root() / "a.zip", t.root() / "garbage.zip").copied_from_previous == 0);
    CHECK(zip_site(site, t.root() / "b.zip", t.root() / "missing.zip").copied_from_previous == 0);
    CHECK(read_bytes(t.root() / "a.zip") == read_bytes(t.root() / "b.zip"));
    CHECK(verify_bundle(t.root() / "a.zip", std::nullopt).errors.empty());
}

TEST_CASE("the zip is the same whatever the machine's time zone", "[bundle]") {
    testing::TempDir t;
    const fs::path site = t.root() / "site";
    write_site(site, "本文");
    const char* saved = std::getenv("TZ");
    const std::string restore = saved != nullptr ? saved : "";
    const auto zip_in = [&](const char* zone, const char* name) {
        setenv("TZ", zone, 1);
        tzset();
        zip_site(site, t.root() / name);
        return read_bytes(t.root() / name);
    };
    const std::string utc = zip_in("UTC", "utc.zip");
    const std::string tokyo = zip_in("Asia/Tokyo", "tokyo.zip");
    const std::string new_york = zip_in("America/New_York", "new-york.zip");
    if (saved != nullptr) setenv("TZ", restore.c_str(), 1);
    else unsetenv("TZ");
    tzset();
    CHECK(utc == tokyo);
    CHECK(utc == new_york);
}

}  // namespace tebiki::bundle

namespace tebiki::bundle {

namespace {

// 構成図 with the voiced kana ズ as one code point (NFC) and as ス + the
// combining voiced mark (NFD): two names a Linux file system keeps apart.
const std::string kNfcName = "images/構成図.png";
const std::string kNfdName = "images/ス\u3099.png";  // NFD of images/ズ.png
const std::string kNfcOfNfd = "images/ズ.png";

// Runs `body` with the process locale set from `lang`, as a CLI would be if
// it called setlocale(); restores "C" afterwards.
template <typename Body>
void with_locale(const char* lang, Body body) {
    const bool set = std::setlocale(LC_ALL, lang) != nullptr;
    INFO("locale " << lang << (set ? "" : " (not installed here: the process stays in C)"));
    body();
    std::setlocale(LC_ALL, "C");
}

}  // namespace

TEST_CASE("a site with an NFD name, alone or beside its NFC twin, is refused naming the files", "[bundle][zip]") {
    testing::TempDir t;
    const fs::path site = t.root() / "site";
    write_site(site, "版1");
    fs::create_directories(site / "images");
    write_bytes(site / kNfdName, "png: NFD");
    CHECK_THROWS_WITH(manifest_of(site), Catch::Contains(kNfdName + ": the file name is not in Unicode NFC") &&
                                             Catch::Contains("rename it to " + kNfcOfNfd));
    write_bytes(site / kNfcOfNfd, "png: NFC");
    CHECK_THROWS_WITH(manifest_of(site), Catch::Contains(kNfdName) && Catch::Contains(kNfcOfNfd) &&
                                             Catch::Contains("two names for one in Unicode NFC"));
    fs::remove(site / kNfdName);
    CHECK_NOTHROW(manifest_of(site));
}

TEST_CASE("Japanese names and case-only differences survive zip, verify and unpack whatever the locale",
          "[bundle][zip]") {
    testing::TempDir t;
    const fs::path site = t.root() / "site";
    write_site(site, "版1");
    fs::create_directories(site / "images");
    write_bytes(site / kNfcName, "png: 構成図");
    write_bytes(site / kNfcOfNfd, "png: NFC");
    write_bytes(site / "images/Plan.png", "upper");
    write_bytes(site / "images/plan.png", "lower");
    const fs::path zip = t.root() / "site.zip";
    zip_site(site, zip);

    // The zip carries the names as UTF-8 with the UTF-8 flag (general purpose
    // bit 11) on every non-ASCII entry: any unzip reads them right.
    const std::string bytes = read_bytes(zip);
    std::size_t flagged = 0, non_ascii = 0;
    for (std::size_t at = 0; (at = bytes.find(std::string("PK\x01\x02", 4), at)) != std::string::npos; at += 4) {
        const unsigned flags = static_cast<unsigned char>(bytes[at + 8]) | static_cast<unsigned char>(bytes[at + 9]) << 8;
        const std::size_t name_length =
            static_cast<unsigned char>(bytes[at + 28]) | static_cast<unsigned char>(bytes[at + 29]) << 8;
        const std::string name = bytes.substr(at + 46, name_length);
        if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
            ++non_ascii;
            if (flags & 0x800u) ++flagged;
        }
    }
    CHECK(non_ascii == 2);
    CHECK(flagged == non_ascii);

    for (const char* lang : {"C", "C.UTF-8", "ja_JP.UTF-8", "POSIX"}) {
        DYNAMIC_SECTION("read with LC_ALL=" << lang) {
            with_locale(lang, [&] {
                const VerifyReport report = verify_bundle_by_keys(zip, {});
                const std::string first_error = report.errors.empty() ? std::string() : report.errors.front();
                INFO(first_error);
                CHECK(report.ok());
                const fs::path dest = t.root() / "unpacked";
                unpack_zip(zip, dest);
                // Byte for byte the names given: no case folding.
                CHECK(read_bytes(dest / kNfcName) == "png: 構成図");
                CHECK(read_bytes(dest / kNfcOfNfd) == "png: NFC");
                CHECK(read_bytes(dest / "images/Plan.png") == "upper");
                CHECK(read_bytes(dest / "images/plan.png") == "lower");
                CHECK(verify_bundle_by_keys(dest, {}).ok());
            });
        }
    }
}

}  // namespace tebiki::bundle
