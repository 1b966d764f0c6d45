// Verifying a zip costs what its manifest lists, not what its entries claim
// (issue 17): an unlisted entry, or one that inflates past its listed size,
// is refused without being inflated, and a manifest outside the sane ranges
// stops everything after it. Held to VerifyReport::inflated (bytes
// inflated), and to deflate streams that turn corrupt after some megabytes:
// a verifier that read that far would report a damaged zip.

#include <catch2/catch.hpp>
#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bundle/bundle.h"
#include "bundle/manifest.h"
#include "manifest_fixture.h"
#include "temp_dir.h"

namespace tebiki::bundle {

namespace fs = std::filesystem;
using testing::TempDir;

namespace {

// One entry of a zip written byte by byte: what it declares and what it holds.
struct RawEntry {
    std::string name;
    std::string data;                // stored bytes, or a raw deflate stream
    bool deflated = false;
    std::uint32_t declared_size = 0;  // the uncompressed size the headers claim
    std::uint32_t crc = 0;
};

void put16(std::string& out, unsigned v) {
    out += static_cast<char>(v & 0xff);
    out += static_cast<char>((v >> 8) & 0xff);
}
void put32(std::string& out, std::uint32_t v) {
    put16(out, v & 0xffff);
    put16(out, v >> 16);
}

// A zip (PKWARE APPNOTE: local headers, central directory, end record), so
// that the headers may claim what a real writer never would.
std::string zip_of(const std::vector<RawEntry>& entries) {
    std::string out, central;
    for (const auto& e : entries) {
        const std::uint32_t offset = static_cast<std::uint32_t>(out.size());
        const unsigned method = e.deflated ? 8 : 0;
        const auto common = [&](std::string& h) {
            put16(h, 20);      // version needed
            put16(h, 0x0800);  // UTF-8 names
            put16(h, method);
            put16(h, 0);     // time
            put16(h, 0x21);  // 1980-01-01
            put32(h, e.crc);
            put32(h, static_cast<std::uint32_t>(e.data.size()));
            put32(h, e.declared_size);
            put16(h, static_cast<unsigned>(e.name.size()));
            put16(h, 0);  // extra
        };
        put32(out, 0x04034b50);
        common(out);
        out += e.name + e.data;
        put32(central, 0x02014b50);
        put16(central, 0x031e);  // made by: Unix
        common(central);
        put16(central, 0);  // comment
        put16(central, 0);  // disk
        put16(central, 0);  // internal attributes
        put32(central, 0100644u << 16);
        put32(central, offset);
        central += e.name;
    }
    const std::uint32_t central_offset = static_cast<std::uint32_t>(out.size());
    out += central;
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, static_cast<unsigned>(entries.size()));
    put16(out, static_cast<unsigned>(entries.size()));
    put32(out, static_cast<std::uint32_t>(central.size()));
    put32(out, central_offset);
    put16(out, 0);
    return out;
}

RawEntry stored(const std::string& name, const std::string& bytes) {
    return {name, bytes, false, static_cast<std::uint32_t>(bytes.size()),
            static_cast<std::uint32_t>(::crc32(0, reinterpret_cast<const Bytef*>(bytes.data()),
                                               static_cast<uInt>(bytes.size())))};
}

// A raw deflate stream of `zeros` zero bytes, not finished, then bytes no
// inflater accepts (a block of the reserved type 3): whoever inflates past
// `zeros` bytes gets an error.
std::string zeros_then_corrupt(std::size_t zeros) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) == Z_OK);
    const std::string input(1 << 20, '\0');
    std::string out;
    std::vector<unsigned char> buffer(1 << 16);
    for (std::size_t done = 0; done < zeros; done += input.size()) {
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
        z.avail_in = static_cast<uInt>(std::min(input.size(), zeros - done));
        const int flush = done + input.size() >= zeros ? Z_SYNC_FLUSH : Z_NO_FLUSH;
        do {
            z.next_out = buffer.data();
            z.avail_out = static_cast<uInt>(buffer.size());
            REQUIRE(deflate(&z, flush) != Z_STREAM_ERROR);
            out.append(reinterpret_cast<char*>(buffer.data()), buffer.size() - z.avail_out);
        } while (z.avail_out == 0 || z.avail_in > 0);
    }
    deflateEnd(&z);
    return out + std::string(64, '\xff');
}

struct Site {
    std::string manifest;
    std::vector<RawEntry> entries;  // the manifest and the listed files
};

// A two-file site: index.html and docs/a.html (10 bytes), with its manifest.
Site small_site() {
    Manifest m = testing::sound_manifest_header();
    const std::string index = "<html>", page = "0123456789";
    m.files = {{"docs/a.html", page.size(), sha256_hex(page.data(), page.size())},
               {"index.html", index.size(), sha256_hex(index.data(), index.size())}};
    Site site{m.to_json(), {}};
    site.entries = {stored(kManifestFile, site.manifest), stored("index.html", index)};
    return site;
}

bool any_contains(const std::vector<std::string>& lines, const std::string& needle) {
    for (const auto& l : lines)
        if (l.find(needle) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("the test's zip writer makes zips the verifier accepts", "[bundle][zip]") {
    TempDir t;
    Site site = small_site();
    site.entries.push_back(stored("docs/a.html", "0123456789"));
    write_bytes(t.root() / "good.zip", zip_of(site.entries));
    const auto report = verify_bundle_by_keys(t.root() / "good.zip", {});
    INFO(nlohmann::json(report.errors).dump(1));
    CHECK(report.ok());
    CHECK(report.inflated == site.manifest.size() * 2 + 16);  // the manifest twice (two passes), then both files
}

TEST_CASE("an unlisted entry of gigabytes and an entry longer than listed are refused without being inflated",
          "[bundle][zip]") {
    TempDir t;
    Site site = small_site();
    const std::size_t valid = 8u << 20;  // 8 MiB of zeros before the stream turns corrupt
    // Claims 4,000,000,000 bytes (3.7 GiB) from a few kilobytes of zip.
    site.entries.push_back({"big.bin", zeros_then_corrupt(valid), true, 4000000000u, 0});
    // Claims the 10 bytes the manifest lists, and inflates to megabytes.
    site.entries.push_back({"docs/a.html", zeros_then_corrupt(valid), true, 10, 0});
    const std::string zip = zip_of(site.entries);
    CHECK(zip.size() < 64 * 1024);
    write_bytes(t.root() / "bomb.zip", zip);

    const auto report = verify_bundle_by_keys(t.root() / "bomb.zip", {});
    INFO(nlohmann::json(report.errors).dump(1));
    CHECK_FALSE(report.ok());
    CHECK(any_contains(report.errors, "big.bin: extra file, not in the manifest"));
    CHECK(any_contains(report.errors, "docs/a.html: size "));
    // Neither corrupt tail was reached: nothing was inflated that far.
    CHECK_FALSE(any_contains(report.errors, "damaged"));
    // The manifest (read in both passes), index.html, and at most one 64 KiB
    // buffer of docs/a.html past its 10 listed bytes; big.bin not at all.
    CHECK(report.inflated <= site.manifest.size() * 2 + 6 + (64u << 10));
    CHECK(report.inflated < valid);

    SECTION("the control: listed at its claimed size, the same entry is inflated up to its corrupt tail") {
        auto m = Manifest::from_json(site.manifest);
        m.files.insert(m.files.begin(), {"big.bin", 4000000000u, std::string(64, '0')});
        std::vector<RawEntry> entries{stored(kManifestFile, m.to_json()), site.entries[1], site.entries[2]};
        write_bytes(t.root() / "listed.zip", zip_of(entries));
        const auto listed = verify_bundle_by_keys(t.root() / "listed.zip", {});
        INFO(nlohmann::json(listed.errors).dump(1));
        CHECK(any_contains(listed.errors, "big.bin: damaged zip"));
        CHECK(listed.inflated > valid / 2);  // megabytes, where the refused one inflated none
    }
}

TEST_CASE("a manifest outside the sane ranges stops verification before any other entry is inflated",
          "[bundle][zip][ranges]") {
    TempDir t;
    Site site = small_site();
    auto j = nlohmann::json::parse(site.manifest);
    j["published_at"] = 99999999999LL;  // the year 5138
    const std::string manifest = j.dump(1) + "\n";
    std::vector<RawEntry> entries{stored(kManifestFile, manifest), stored("index.html", "<html>")};
    // A whole, listed-size docs/a.html that would be inflated if verification went on.
    entries.push_back({"docs/a.html", zeros_then_corrupt(1u << 20), true, 10, 0});
    write_bytes(t.root() / "far-future.zip", zip_of(entries));
    const auto report = verify_bundle_by_keys(t.root() / "far-future.zip", {});
    INFO(nlohmann::json(report.errors).dump(1));
    REQUIRE(report.errors.size() == 1);
    CHECK_THAT(report.errors.front(),
               Catch::Contains("manifest.json: published_at 99999999999 is not a time between 1980 and 2200"));
    CHECK(report.inflated == manifest.size());  // the manifest only
}

}  // namespace tebiki::bundle
