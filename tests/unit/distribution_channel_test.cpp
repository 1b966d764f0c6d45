// The channel file and the terminal's trust store (issue 16).

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>

#include "bundle/manifest.h"
#include "bundle/signing.h"
#include "bundle/trust_store.h"
#include "distribution/channel.h"
#include "distribution/http_fetch.h"
#include "temp_dir.h"

namespace tebiki::distribution {

namespace fs = std::filesystem;
using testing::TempDir;

namespace {

Channel sample_channel() {
    Channel c;
    c.audience = "ward-5w";
    c.edition = "edition/2026-05";
    c.source_commit = std::string(40, 'a');
    c.published_at = 1777600000;
    c.zip = "ward-5w.zip";
    c.size = 1234;
    c.sha256 = std::string(64, 'b');
    c.signed_at = 1777700000;
    c.expires = 1777700000 + 30 * 86400;
    return c;
}

}  // namespace

TEST_CASE("a channel round-trips through its signed file, and only its signer's key reads it", "[distribution]") {
    TempDir d;
    bundle::generate_key_pair(d.root() / "a");
    bundle::generate_key_pair(d.root() / "b");
    const std::string pub_a = bundle::read_bytes(d.root() / "a" / bundle::kPublicKeyFile);
    const std::string pub_b = bundle::read_bytes(d.root() / "b" / bundle::kPublicKeyFile);
    const std::string file = signed_channel_file(sample_channel(), d.root() / "a" / bundle::kPrivateKeyFile);

    std::string signer;
    const Channel c = read_channel_file(file, {pub_b, pub_a}, &signer);
    CHECK(c.body() == sample_channel().body());
    CHECK(signer == bundle::key_fingerprint(pub_a));
    CHECK(signer != bundle::key_fingerprint(pub_b));
    CHECK_THROWS_AS(read_channel_file(file, {pub_b}, nullptr), ChannelRefused);
    CHECK_THROWS_AS(read_channel_file(file, {}, nullptr), ChannelRefused);
    CHECK_THROWS_AS(read_channel_file("not json", {pub_a}, nullptr), ChannelRefused);
    CHECK_THROWS_AS(read_channel_file(std::string(kMaxChannelBytes + 1, ' '), {pub_a}, nullptr), ChannelRefused);

    // A signature over the bare body (as a manifest's would be) is no channel signature.
    const std::string body = sample_channel().body();
    std::string hex;
    for (unsigned char ch : bundle::sign(body, d.root() / "a" / bundle::kPrivateKeyFile)) {
        static const char* digits = "0123456789abcdef";
        hex += digits[ch >> 4];
        hex += digits[ch & 15];
    }
    const std::string bare = "{\"signature\": \"" + hex + "\", \"signed\": " + nlohmann::json(body).dump() + "}";
    CHECK_THROWS_AS(read_channel_file(bare, {pub_a}, nullptr), ChannelRefused);
}

TEST_CASE("a channel naming a zip elsewhere than beside it is refused", "[distribution]") {
    for (const std::string zip : {"../ward-5w.zip", "sub/ward-5w.zip", "/etc/passwd", ""}) {
        Channel c = sample_channel();
        c.zip = zip;
        CHECK_THROWS_AS(Channel::from_body(c.body()), ChannelRefused);
    }
    CHECK(url_beside("http://h/x", "a.json") == "http://h/x/a.json");
    CHECK(url_beside("http://h/x/", "a.json") == "http://h/x/a.json");
    CHECK(is_url("https://h/a.zip"));
    CHECK_FALSE(is_url("ward-5w.zip"));
    CHECK(utc_time_text(0) == "1970-01-01T00:00:00Z");
}

TEST_CASE("a trust store keeps keys by fingerprint and rejects what is not a key", "[distribution]") {
    TempDir d;
    bundle::generate_key_pair(d.root() / "a");
    const std::string pub = bundle::read_bytes(d.root() / "a" / bundle::kPublicKeyFile);
    bundle::TrustStore store(d.root() / "terminal");
    CHECK(store.empty());
    const std::string fingerprint = store.add(pub);
    CHECK(store.add(pub) == fingerprint);  // adding again changes nothing
    CHECK(store.keys().size() == 1);
    CHECK(store.trusts(fingerprint));
    CHECK_THROWS(store.add("junk"));
    CHECK_THROWS(store.add(bundle::read_bytes(d.root() / "a" / bundle::kPrivateKeyFile)));
    // A damaged store does not read as empty (which would drop the protection).
    bundle::write_bytes(d.root() / "terminal/trusted-keys/broken.pub", "junk");
    CHECK_THROWS(store.keys());
}


TEST_CASE("Validators of a file modified in the second of the answer are not kept", "[distribution]") {
    using tebiki::distribution::validators_are_settled;
    CHECK(validators_are_settled("Fri, 04 Dec 2026 23:00:00 GMT", "Fri, 04 Dec 2026 23:00:05 GMT"));
    CHECK_FALSE(validators_are_settled("Fri, 04 Dec 2026 23:00:05 GMT", "Fri, 04 Dec 2026 23:00:05 GMT"));
    CHECK(validators_are_settled("", "Fri, 04 Dec 2026 23:00:05 GMT"));  // no Last-Modified: the ETag alone
}

TEST_CASE("channel values outside sane ranges are refused, naming the field", "[distribution][ranges]") {
    CHECK_NOTHROW(Channel::from_body(sample_channel().body()));
    const auto refused = [](const std::function<void(nlohmann::json&)>& change, const std::string& message) {
        auto j = nlohmann::json::parse(sample_channel().body());
        change(j);
        INFO(j.dump());
        CHECK_THROWS_WITH(Channel::from_body(j.dump()), Catch::Contains(message));
    };
    // Dates: publishing, signing time and expiry, between 1980 and 2200.
    refused([](auto& j) { j["signed_at"] = 0; }, "signed_at 0 is not a time between 1980 and 2200");
    refused([](auto& j) { j["expires"] = 9223372036854775807LL; }, "expires 9223372036854775807 is not a time");
    refused([](auto& j) { j["expires"] = -86400; }, "expires -86400 is not a time");
    refused([](auto& j) { j["published_at"] = 100; }, "published_at 100 is not a time");
    refused([](auto& j) { j["expires"] = 1777700000.5; }, "expires is not a whole number");
    // Sizes, names, digests.
    refused([](auto& j) { j["size"] = -1; }, "size -1 is not a whole number of bytes");
    refused([](auto& j) { j["size"] = bundle::kMaxBundleBytes + 1; }, "size 68719476737");
    refused([](auto& j) { j["audience"] = std::string(100, 'a'); }, "is not an audience key");
    refused([](auto& j) { j["edition"] = std::string(1000, 'e'); }, "edition is empty or longer than 256 bytes");
    refused([](auto& j) { j["zip"] = std::string(300, 'z') + ".zip"; }, "unsafe zip");
    refused([](auto& j) { j["sha256"] = "00"; }, "sha256 is not 64 lower-case hex digits");
    refused([](auto& j) { j["source_commit"] = "main"; }, "source_commit 'main' is not a git commit id");
}

}  // namespace tebiki::distribution
