// The bundle's pieces: SHA-256, safe paths, the manifest's JSON, Ed25519.

#include <catch2/catch.hpp>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>

#include "bundle/manifest.h"
#include "bundle/signing.h"

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
    Manifest header;
    header.audience = "ward-5w";
    header.audience_name = "5階西病棟";
    header.edition = "edition/2026-04";
    header.source_commit = std::string(40, 'a');
    header.published_at = 1775000000;
    header.tebiki_version = "0.1.0";
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

}  // namespace tebiki::bundle
