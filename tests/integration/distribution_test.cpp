// Distribution (issue 16): install from a URL, the signed expiring channel,
// sync, and status --json, against nginx and against a server that fails on
// purpose. Every case leaves the live copy verifying.

#include <ctime>
#include <nlohmann/json.hpp>

#include "distribution/channel.h"
#include "http_servers.h"
#include "signed_editions.h"

namespace tebiki::testing {

namespace {

// Puts an output's zips and channels in `docroot`, as a publisher copies them to a web server.
// Puts an edition's zips and channels on the server. Each call gives the
// files a modification time of its own, a second after the last call's, as
// a publisher's copies made at different moments have: nginx's validators
// (ETag and Last-Modified) are the file's time to the second and its size,
// so copies made within one second would look unchanged to a conditional GET.
void serve_edition(const fs::path& out, const fs::path& docroot) {
    static auto served_at = fs::file_time_type::clock::now() - std::chrono::hours(1);
    served_at += std::chrono::seconds(1);
    fs::create_directories(docroot);
    for (const auto& e : fs::directory_iterator(out))
        if (e.path().extension() == ".zip" || e.path().string().ends_with(".channel.json")) {
            const fs::path served = docroot / e.path().filename();
            fs::copy_file(e.path(), served, fs::copy_options::overwrite_existing);
            fs::last_write_time(served, served_at);
        }
}

void check_live(const SignedEditions& s, const fs::path& dir, const std::string& edition) {
    const auto r = s.tebiki({"status", "--to", dir.string()});
    INFO(describe(r));
    CHECK((r.exit_code == 0 || r.exit_code == 1));  // 1: a channel problem, which the test checks itself
    CHECK_THAT(r.out, Contains("edition " + edition));
    CHECK_THAT(r.out, Contains("verifies (signature valid)"));
}

std::size_t zips_in(const fs::path& dir) {
    std::size_t n = 0;
    if (fs::is_directory(dir))
        for (const auto& e : fs::directory_iterator(dir)) n += e.path().extension() == ".zip";
    return n;
}

// A terminal with April's ward bundle live and the publisher's key trusted.
fs::path april_terminal(const SignedEditions& s, const TempDir& t) {
    const fs::path dir = t.root() / "terminal";
    const auto r = s.tebiki({"install", (s.april / "ward-5w.zip").string(), "--to", dir.string(), "--pubkey", s.pub()});
    if (r.exit_code != 0) throw std::runtime_error(describe(r));
    return dir;
}

}  // namespace

TEST_CASE("publish writes a signed channel beside each zip", "[distribution]") {
    const auto& s = signed_editions();
    std::string signer;
    const auto channel = distribution::read_channel_file(read_file(s.may / "ward-5w.channel.json"),
                                                         {read_file(s.pub())}, &signer);
    CHECK(channel.audience == "ward-5w");
    CHECK(channel.edition == "edition/2026-05");
    CHECK(channel.zip == "ward-5w.zip");
    CHECK(channel.size == fs::file_size(s.may / "ward-5w.zip"));
    CHECK(channel.sha256 == bundle::sha256_file(s.may / "ward-5w.zip"));
    CHECK(channel.expires - channel.signed_at == 30 * 86400LL);
    CHECK_THAT(signer, StartsWith("ed25519:"));
    CHECK_THROWS_AS(distribution::read_channel_file(read_file(s.may / "ward-5w.channel.json"),
                                                    {read_file(SignedEditions::public_key(s.other_keys))}, nullptr),
                    distribution::ChannelRefused);
    std::string altered = read_file(s.may / "ward-5w.channel.json");
    altered.replace(altered.find("2026-05"), 7, "2026-09");
    CHECK_THROWS_AS(distribution::read_channel_file(altered, {read_file(s.pub())}, nullptr),
                    distribution::ChannelRefused);

    // tebiki channel signs them again, for longer, without publishing anew.
    TempDir t;
    fs::copy(s.may, t.root() / "out", fs::copy_options::recursive);
    const auto r = s.tebiki({"channel", "--out", (t.root() / "out").string(), "--sign-key",
                             SignedEditions::private_key(s.keys), "--valid-days", "90"});
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    const auto again = distribution::read_channel_file(read_file(t.root() / "out/ward-5w.channel.json"),
                                                       {read_file(s.pub())}, nullptr);
    CHECK(again.expires - again.signed_at == 90 * 86400LL);
    CHECK(again.sha256 == channel.sha256);
}

TEST_CASE("install from a URL served by nginx; a failing or absent server leaves the live copy", "[distribution]") {
    const auto& s = signed_editions();
    TempDir t;
    serve_edition(s.may, t.root() / "www");
    const Nginx nginx(t.root() / "www");
    const fs::path dir = april_terminal(s, t);

    auto r = s.tebiki({"install", nginx.base_url() + "missing.zip", "--to", dir.string()});
    INFO(describe(r));
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Contains(nginx.base_url() + "missing.zip"));
    CHECK_THAT(r.err, Contains("HTTP 404"));
    const std::string nowhere = "http://127.0.0.1:" + std::to_string(free_port()) + "/ward-5w.zip";
    r = s.tebiki({"install", nowhere, "--to", dir.string(), "--timeout", "2"});
    INFO(describe(r));
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Contains(nowhere));
    check_live(s, dir, "edition/2026-04");

    r = s.tebiki({"install", nginx.base_url() + "ward-5w.zip", "--to", dir.string()});
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    check_live(s, dir, "edition/2026-05");
    CHECK(zips_in(t.root() / ".terminal.download") == 0);  // the download is gone once installed
}

TEST_CASE("install over HTTPS: a certificate the terminal trusts is used, one it does not is refused at once",
          "[distribution][tls]") {
    const auto& s = signed_editions();
    TempDir t;
    serve_edition(s.may, t.root() / "www");
    const TlsIdentity identity = make_tls_identity(t.root() / "tls");
    const Nginx nginx(t.root() / "www", identity);
    REQUIRE(nginx.base_url().starts_with("https://"));
    const fs::path dir = april_terminal(s, t);
    const std::string url = nginx.base_url() + "ward-5w.zip";

    // OpenSSL reads the trust store named by SSL_CERT_FILE (here, a file
    // with no certificate in it) instead of the system's.
    const fs::path nothing_trusted = t.root() / "tls" / "empty.pem";
    std::ofstream(nothing_trusted).flush();
    struct TrustStore {
        explicit TrustStore(const fs::path& file) { ::setenv("SSL_CERT_FILE", file.c_str(), 1); }
        ~TrustStore() { ::unsetenv("SSL_CERT_FILE"); }
    };
    {
        const TrustStore untrusted(nothing_trusted);
        const auto r = s.tebiki({"install", url, "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Contains("download failed: " + url + ": the server's TLS certificate is not trusted"));
        CHECK_THAT(r.err, Contains("SSL_CERT_FILE"));
        CHECK(nginx.requests().empty());  // refused in the handshake: no request reached the server
        check_live(s, dir, "edition/2026-04");
    }
    {
        const TrustStore trusted(identity.certificate);
        const auto r = s.tebiki({"install", url, "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 0);
        check_live(s, dir, "edition/2026-05");
    }
}

TEST_CASE("sync follows the channel on nginx: one conditional request when current, refusals when old",
          "[distribution]") {
    const auto& s = signed_editions();
    TempDir t;
    const fs::path www = t.root() / "www", dir = t.root() / "terminal";
    serve_edition(s.april, www);
    const Nginx nginx(www);
    const auto sync = [&](std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"sync", nginx.base_url(), "--to", dir.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return s.tebiki(args);
    };

    auto r = sync();
    CHECK(r.exit_code == 2);  // no audience: nothing is installed yet
    r = sync({"--audience", "ward-5w"});
    CHECK(r.exit_code == 1);  // and no key to check the channel with
    CHECK_THAT(r.out, Contains("trusts no publisher key"));
    r = sync({"--audience", "ward-5w", "--pubkey", s.pub()});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("installed edition edition/2026-04"));
    check_live(s, dir, "edition/2026-04");

    const std::size_t before = nginx.requests().size();
    r = sync();
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("current: edition edition/2026-04 (channel not modified)"));
    const auto after = nginx.requests();
    REQUIRE(after.size() == before + 1);  // one request, answered 304
    CHECK_THAT(after.back(), Contains("GET /ward-5w.channel.json"));
    CHECK_THAT(after.back(), Contains("\" 304 "));

    serve_edition(s.may, www);
    r = sync();
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("installed edition edition/2026-05"));
    check_live(s, dir, "edition/2026-05");
    auto status = s.tebiki({"status", "--to", dir.string(), "--json"});
    INFO(describe(status));
    CHECK(status.exit_code == 0);
    auto json = nlohmann::json::parse(status.out);
    CHECK(json["verified"] == true);
    CHECK(json["protected"] == true);
    CHECK(json["edition"] == "edition/2026-05");
    CHECK(json["signer"].get<std::string>().starts_with("ed25519:"));
    CHECK(json["channel"]["expired"] == false);
    CHECK(json["channel"]["age_seconds"].get<long long>() >= 0);

    SECTION("a replayed older channel is refused") {
        serve_edition(s.april, www);
        r = sync();
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("a replayed old channel"));  // signed before the one seen
        check_live(s, dir, "edition/2026-05");
        // A terminal that never saw a channel still refuses one older than its live copy.
        const fs::path fresh = t.root() / "fresh";
        REQUIRE(s.tebiki({"install", (s.may / "ward-5w.zip").string(), "--to", fresh.string(), "--pubkey", s.pub()})
                    .exit_code == 0);
        r = s.tebiki({"sync", nginx.base_url(), "--to", fresh.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("older than the live edition/2026-05"));
        check_live(s, fresh, "edition/2026-05");
    }
    SECTION("an expired channel is refused, and status and the pages say so") {
        const auto manifest = bundle::Manifest::from_json(read_file(s.may / "ward-5w/manifest.json"));
        const long long now = std::time(nullptr);
        // Signed after the one the terminal saw, and expired already (a frozen re-signing schedule).
        auto channel = distribution::channel_for_zip(manifest, s.may / "ward-5w.zip", now, 30);
        channel.expires = now - 60;
        bundle::write_bytes(www / "ward-5w.channel.json",
                            distribution::signed_channel_file(channel, SignedEditions::private_key(s.keys)));
        r = sync();
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("expired"));
        check_live(s, dir, "edition/2026-05");
        status = s.tebiki({"status", "--to", dir.string()});
        CHECK(status.exit_code == 1);
        CHECK_THAT(status.out, Contains("channel EXPIRED"));
        status = s.tebiki({"status", "--to", dir.string(), "--json"});
        CHECK(status.exit_code == 1);
        json = nlohmann::json::parse(status.out);
        CHECK(json["channel"]["expired"] == true);
        CHECK(json["verified"] == true);
        CHECK_THAT(read_file(dir / "tebiki-channel.js"), Contains("\"expires\":\"" +
                                                                  distribution::utc_time_text(now - 60) + "\""));
    }
    SECTION("status --json on a copy that does not verify, and on nothing installed") {
        fs::remove(dir / "current/docs/W-001.html");
        status = s.tebiki({"status", "--to", dir.string(), "--json"});
        CHECK(status.exit_code == 2);
        CHECK(nlohmann::json::parse(status.out)["verified"] == false);
        status = s.tebiki({"status", "--to", (t.root() / "empty").string(), "--json"});
        CHECK(status.exit_code == 2);
        CHECK(nlohmann::json::parse(status.out)["installed"] == false);
    }
}

TEST_CASE("a failing server never touches the live copy, and a dropped download resumes", "[distribution]") {
    const auto& s = signed_editions();
    TempDir t;
    const fs::path www = t.root() / "www";
    serve_edition(s.may, www);
    FaultServer server(www);
    const fs::path dir = april_terminal(s, t);
    const fs::path downloads = t.root() / ".terminal.download";
    const auto sync = [&](std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"sync", server.base_url(), "--to", dir.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return s.tebiki(args);
    };
    const std::string zip_url = server.base_url() + "ward-5w.zip";

    SECTION("a connection cut mid-body is resumed with Range") {
        server.fault = Fault::CutOnce;
        const auto r = sync();
        INFO(describe(r));
        CHECK(r.exit_code == 0);
        CHECK(server.range_requests().size() == 1);
        CHECK_THAT(server.range_requests().front(), StartsWith("bytes="));
        check_live(s, dir, "edition/2026-05");
    }
    SECTION("a body always truncated, though its length is right: exit 3, then resumed later") {
        server.fault = Fault::TruncatedAlways;
        auto r = s.tebiki({"install", zip_url, "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Contains(zip_url));
        check_live(s, dir, "edition/2026-04");
        CHECK(zips_in(downloads) == 1);  // kept, to resume from
        server.fault = Fault::None;
        const std::size_t ranges_before = server.range_requests().size();
        r = s.tebiki({"install", zip_url, "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 0);
        CHECK(server.range_requests().size() == ranges_before + 1);
        check_live(s, dir, "edition/2026-05");
    }
    SECTION("a slow body within the timeout arrives") {
        server.fault = Fault::SlowBody;
        server.slow_pause_ms = 200;
        const auto r = sync();
        INFO(describe(r));
        CHECK(r.exit_code == 0);
        check_live(s, dir, "edition/2026-05");
    }
    SECTION("a body slower than the timeout: exit 3") {
        server.fault = Fault::SlowBody;
        server.slow_pause_ms = 1500;
        const auto r = sync({"--timeout", "1"});
        INFO(describe(r));
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Contains(zip_url));
        check_live(s, dir, "edition/2026-04");
    }
    SECTION("wrong bytes are refused, by the channel's digest or by the manifest") {
        server.fault = Fault::WrongBytes;
        auto r = sync();
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("not the one the channel names"));
        r = s.tebiki({"install", zip_url, "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        check_live(s, dir, "edition/2026-04");
        CHECK(zips_in(downloads) == 0);  // bad bytes are not kept to resume from
    }
    SECTION("a body longer than the channel says is cut off and not kept") {
        server.fault = Fault::Oversized;
        const auto r = sync();
        INFO(describe(r));
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Contains("longer than the"));
        CHECK(zips_in(downloads) == 0);
        check_live(s, dir, "edition/2026-04");
    }
    for (const auto& [fault, status] : {std::pair{Fault::NotFound, 404}, std::pair{Fault::ServerError, 500}}) {
        DYNAMIC_SECTION("HTTP " << status) {
            server.fault = fault;
            auto r = sync();
            INFO(describe(r));
            CHECK(r.exit_code == 3);
            CHECK_THAT(r.err, Contains(server.base_url() + "ward-5w.channel.json"));
            CHECK_THAT(r.err, Contains("HTTP " + std::to_string(status)));
            r = s.tebiki({"install", zip_url, "--to", dir.string()});
            CHECK(r.exit_code == 3);
            CHECK_THAT(r.err, Contains("HTTP " + std::to_string(status)));
            check_live(s, dir, "edition/2026-04");
        }
    }
}

}  // namespace tebiki::testing
