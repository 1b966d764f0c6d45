// The bundle's pieces: SHA-256, safe paths, the manifest's JSON, Ed25519.

#include <catch2/catch.hpp>
#include <stdlib.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>

#include "bundle/manifest.h"
#include "bundle/signing.h"
#include "manifest_fixture.h"

namespace tebiki::bundle {

namespace fs = std::filesystem;

namespace {

struct ScratchDir {
    fs::path root;
    ScratchDir() {
        std::string pattern = (fs::temp_directory_path() / "tebiki-bundle-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        root = pattern;
    }
    ~ScratchDir() {
        std::error_code ignored;
        fs::remove_all(root, ignored);
    }
};

}  // namespace

TEST_CASE("SHA-256 matches the standard test vectors", "[bundle]") {
    CHECK(sha256_hex("", 0) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc", 3) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    ScratchDir d;
    write_bytes(d.root / "f", "abc");
    std::uint64_t size = 0;
    CHECK(sha256_file(d.root / "f", &size) == sha256_hex("abc", 3));
    CHECK(size == 3);
}

TEST_CASE("only relative, normalised paths are safe", "[bundle]") {
    CHECK(is_safe_relative_path("docs/A-001.html"));
    CHECK(is_safe_relative_path("index.html"));
    for (const std::string bad : {"", "/etc/passwd", "../x", "docs/../../x", "./x", "docs//x", "docs/", "a\\b", "..",
                                  "docs/."})
        CHECK_FALSE(is_safe_relative_path(bad));
}

TEST_CASE("the manifest is deterministic JSON that reads back, and bad ones are refused", "[bundle]") {
    ScratchDir d;
    write_bytes(d.root / "index.html", "<html>");
    fs::create_directories(d.root / "docs");
    write_bytes(d.root / "docs/B.html", "b");
    write_bytes(d.root / "docs/A.html", "a");
    write_bytes(d.root / kSignatureFile, "old");
    const Manifest header = tebiki::testing::sound_manifest_header();
    const Manifest written = write_manifest(d.root, header);
    REQUIRE(written.files.size() == 3);  // the manifest and signature are not listed
    CHECK(written.files[0].path == "docs/A.html");
    CHECK(written.files[2].path == "index.html");
    const std::string bytes = read_bytes(d.root / kManifestFile);
    CHECK(bytes == written.to_json());
    CHECK(write_manifest(d.root, header).to_json() == bytes);  // again: same bytes
    const Manifest back = Manifest::from_json(bytes);
    CHECK(back.files == written.files);
    CHECK(back.edition == header.edition);
    CHECK(back.published_at == 1775000000);

    std::string unsafe = bytes;
    unsafe.replace(unsafe.find("docs/A.html"), 11, "../A.html__");
    CHECK_THROWS_WITH(Manifest::from_json(unsafe), Catch::Contains("unsafe path"));
    CHECK_THROWS(Manifest::from_json("{}"));
    CHECK_THROWS(Manifest::from_json("not json"));
}

TEST_CASE("Ed25519: keygen, deterministic signatures, tampering and other keys", "[bundle]") {
    ScratchDir d;
    generate_key_pair(d.root / "a");
    generate_key_pair(d.root / "b");
    CHECK_THROWS(generate_key_pair(d.root / "a"));  // never overwrites a key
    struct stat st {};
    REQUIRE(::stat((d.root / "a" / kPrivateKeyFile).c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    const std::string message = "{\"audience\": \"it\"}\n";
    const std::string sig = sign(message, d.root / "a" / kPrivateKeyFile);
    CHECK(sig.size() == 64);
    CHECK(sign(message, d.root / "a" / kPrivateKeyFile) == sig);
    CHECK(verify_signature(message, sig, d.root / "a" / kPublicKeyFile));
    CHECK_FALSE(verify_signature(message + " ", sig, d.root / "a" / kPublicKeyFile));
    CHECK_FALSE(verify_signature(message, sig, d.root / "b" / kPublicKeyFile));
    CHECK_FALSE(verify_signature(message, sig.substr(0, 63), d.root / "a" / kPublicKeyFile));
    // A private key where a public key belongs, or garbage, is an error.
    CHECK_THROWS(verify_signature(message, sig, d.root / "a" / kPrivateKeyFile));
    write_bytes(d.root / "junk.pem", "junk");
    CHECK_THROWS(sign(message, d.root / "junk.pem"));
}


namespace {

// A good manifest as JSON, to change one value at a time.
nlohmann::json good_manifest() {
    Manifest m = testing::sound_manifest_header();
    m.files = {{"docs/A.html", 12, std::string(64, 'c')}, {"index.html", 0, std::string(64, 'd')}};
    return nlohmann::json::parse(m.to_json());
}

// The message Manifest::from_json refuses `j` with ("" when it reads it).
std::string refusal_of(const nlohmann::json& j) {
    try {
        Manifest::from_json(j.dump());
        return "";
    } catch (const std::runtime_error& e) {
        return e.what();
    }
}

}  // namespace

TEST_CASE("manifest values outside sane ranges are refused, naming the field", "[bundle][ranges]") {
    REQUIRE(refusal_of(good_manifest()).empty());
    const auto refused = [](const std::function<void(nlohmann::json&)>& change, const std::string& message) {
        nlohmann::json j = good_manifest();
        change(j);
        INFO(j.dump().substr(0, 300));
        CHECK_THAT(refusal_of(j), Catch::Contains(message));
    };
    // Dates: the edition's time (the only date a manifest carries), between 1980 and 2200.
    refused([](auto& j) { j["published_at"] = -1; }, "published_at -1 is not a time between 1980 and 2200");
    refused([](auto& j) { j["published_at"] = 0; }, "published_at 0 is not a time between 1980 and 2200");
    refused([](auto& j) { j["published_at"] = kEarliestTime - 1; }, "published_at");
    refused([](auto& j) { j["published_at"] = kLatestTime; }, "published_at");
    refused([](auto& j) { j["published_at"] = 9223372036854775807LL; }, "published_at");
    refused([](auto& j) { j["published_at"] = 1775000000.5; }, "published_at is not a whole number");
    refused([](auto& j) { j["published_at"] = "2026-04-01"; }, "published_at is not a whole number");
    CHECK(refusal_of([] { auto j = good_manifest(); j["published_at"] = kEarliestTime; return j; }()).empty());
    CHECK(refusal_of([] { auto j = good_manifest(); j["published_at"] = kLatestTime - 1; return j; }()).empty());
    // Names and labels.
    refused([](auto& j) { j["audience"] = ""; }, "is not an audience key");
    refused([](auto& j) { j["audience"] = "Ward 5W"; }, "is not an audience key");
    refused([](auto& j) { j["audience"] = "../it"; }, "is not an audience key");
    refused([](auto& j) { j["audience"] = std::string(65, 'a'); }, "is not an audience key");
    refused([](auto& j) { j["audience_name"] = std::string(kMaxLabelBytes + 1, 'x'); },
            "audience_name is 257 bytes long, more than the 256 allowed");
    refused([](auto& j) { j["edition"] = std::string(1 << 20, 'e'); }, "edition is 1048576 bytes long");
    refused([](auto& j) { j["edition"] = ""; }, "edition is empty");
    refused([](auto& j) { j["tebiki_version"] = std::string(300, '1'); }, "tebiki_version is 300 bytes long");
    refused([](auto& j) { j["source_commit"] = "HEAD"; }, "source_commit 'HEAD' is not a git commit id");
    refused([](auto& j) { j["format"] = 1.5; }, "format is not a whole number");
    // Paths: the whole and each name.
    refused([](auto& j) { j["files"][0]["path"] = "docs/" + std::string(kMaxNameBytes + 1, 'n') + ".html"; },
            "a name of 261 bytes, more than the 255 allowed");
    refused(
        [](auto& j) {
            std::string deep;
            while (deep.size() <= kMaxPathBytes) deep += "abcdefgh/";
            j["files"][0]["path"] = deep + "a.html";
        },
        "more than the 1024 allowed");
    // Sizes: whole, not negative, bounded each and together.
    refused([](auto& j) { j["files"][0]["size"] = -1; }, "size of 'docs/A.html' is -1: not a whole number of bytes");
    refused([](auto& j) { j["files"][0]["size"] = 12.5; }, "size of 'docs/A.html' is 12.5");
    refused([](auto& j) { j["files"][0]["size"] = kMaxFileBytes + 1; }, "size of 'docs/A.html' is 17179869185");
    refused(
        [](auto& j) {
            for (auto& f : j["files"]) f["size"] = kMaxFileBytes;
            for (int i = 0; i < 3; ++i)
                j["files"].push_back({{"path", "z" + std::to_string(i)}, {"size", kMaxFileBytes},
                                      {"sha256", std::string(64, 'e')}});
        },
        "the files add up to more than the 68719476736 bytes allowed");
    // The number of entries.
    refused(
        [](auto& j) {
            auto files = nlohmann::json::array();
            for (std::size_t i = 0; i <= kMaxManifestFiles; ++i) {
                char name[16];
                std::snprintf(name, sizeof name, "f%07zu", i);
                files.push_back({{"path", name}, {"size", 1}, {"sha256", std::string(64, 'e')}});
            }
            j["files"] = std::move(files);
        },
        "files lists 200001 files, more than the 200000 allowed");
    refused([](auto& j) { j["files"] = "everything"; }, "files is not a list");
    refused([](auto& j) { j["successor_keys"] = std::vector<std::string>(17, "key"); },
            "successor_keys names 17 keys, more than the 16 allowed");
    refused([](auto& j) { j["successor_keys"] = {std::string(5000, 'k')}; }, "a successor key of 5000 bytes");
}

}  // namespace tebiki::bundle
