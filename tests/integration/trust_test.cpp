// Terminal trust (issue 16): a terminal trusts the publisher key it was
// first given and then nothing else; keys rotate through a bundle the
// trusted key signed; private keys stay out of content repositories.

#include "signed_editions.h"

namespace tebiki::testing {

namespace {

std::size_t trusted_key_count(const fs::path& dir) {
    if (!fs::is_directory(dir / "trusted-keys")) return 0;
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir / "trusted-keys")) n += e.path().extension() == ".pub";
    return n;
}

// The live copy is `edition`, verifies by the trusted key, and status says so.
void check_live(const SignedEditions& s, const fs::path& dir, const std::string& edition) {
    const auto r = s.tebiki({"status", "--to", dir.string()});
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("edition " + edition));
    CHECK_THAT(r.out, Contains("verifies (signature valid)"));
    CHECK_THAT(r.out, !Contains("UNPROTECTED"));
}

}  // namespace

TEST_CASE("the first signed install anchors trust; unsigned and foreign bundles are refused after it",
          "[trust]") {
    const auto& s = signed_editions();
    TempDir t;
    const fs::path dir = t.root() / "terminal";
    auto r = s.tebiki({"install", (s.april / "ward-5w.zip").string(), "--to", dir.string(), "--pubkey", s.pub()});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("now trusts ed25519:"));
    CHECK(trusted_key_count(dir) == 1);

    SECTION("an unsigned bundle, without --pubkey") {
        const auto site = resigned_copy(s.may / "ward-5w", t.root() / "unsigned", std::nullopt);
        r = s.tebiki({"install", site.string(), "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("manifest.sig: missing"));
        CHECK_THAT(r.out, Contains("trusts only the publisher keys"));
        CHECK_THAT(r.err, Contains("current was left as it was"));
    }
    SECTION("a bundle signed by another key, with or without that key as --pubkey") {
        const auto site = resigned_copy(s.may / "ward-5w", t.root() / "foreign", s.other_keys);
        r = s.tebiki({"install", site.string(), "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("manifest.sig: invalid signature"));
        r = s.tebiki({"install", site.string(), "--to", dir.string(), "--pubkey",
                      SignedEditions::public_key(s.other_keys)});
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("is not a key"));
        CHECK_THAT(r.out, Contains("tebiki trust --to"));
        CHECK(trusted_key_count(dir) == 1);
    }
    SECTION("a bundle signed by the trusted key, without --pubkey, goes live") {
        r = s.tebiki({"install", (s.may / "ward-5w.zip").string(), "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 0);
        CHECK_THAT(r.out, Contains("signed by ed25519:"));
        check_live(s, dir, "edition/2026-05");
        return;
    }
    check_live(s, dir, "edition/2026-04");
}

TEST_CASE("a terminal with no trusted key is unprotected until 'tebiki trust'", "[trust]") {
    const auto& s = signed_editions();
    TempDir t;
    const fs::path dir = t.root() / "terminal";
    const auto unsigned_april = resigned_copy(s.april / "ward-5w", t.root() / "unsigned-04", std::nullopt);
    auto r = s.tebiki({"install", unsigned_april.string(), "--to", dir.string()});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);  // today's behaviour, with a warning
    CHECK_THAT(r.err, Contains("trusts no publisher key"));
    r = s.tebiki({"status", "--to", dir.string()});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("UNPROTECTED"));
    CHECK_THAT(r.out, Contains("tebiki trust --to"));

    CHECK(s.tebiki({"trust", "--to", dir.string(), (s.april / "all.zip").string()}).exit_code == 2);  // not a key
    r = s.tebiki({"trust", "--to", dir.string(), s.pub()});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("now trusts ed25519:"));
    r = s.tebiki({"trust", "--to", dir.string()});
    CHECK_THAT(r.out, Contains("trusts ed25519:"));

    // The unsigned live copy no longer passes; nothing unsigned goes live now.
    r = s.tebiki({"status", "--to", dir.string()});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Contains("manifest.sig: missing"));
    const auto unsigned_may = resigned_copy(s.may / "ward-5w", t.root() / "unsigned-05", std::nullopt);
    CHECK(s.tebiki({"install", unsigned_may.string(), "--to", dir.string()}).exit_code == 1);
    r = s.tebiki({"install", (s.may / "ward-5w.zip").string(), "--to", dir.string()});
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    check_live(s, dir, "edition/2026-05");

    SECTION("rollback refuses the generation no trusted key signed") {
        r = s.tebiki({"rollback", "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Contains("does not verify"));
        CHECK_THAT(r.err, Contains("manifest.sig: missing"));
        check_live(s, dir, "edition/2026-05");
    }
}

TEST_CASE("key rotation: a bundle signed by the trusted key introduces its successor", "[trust]") {
    const auto& s = signed_editions();
    TempDir t;
    const fs::path dir = t.root() / "terminal";
    REQUIRE(s.tebiki({"install", (s.april / "it.zip").string(), "--to", dir.string(), "--pubkey", s.pub()})
                .exit_code == 0);
    const auto by_next = resigned_copy(s.may_rotating / "it", t.root() / "by-next", s.next_keys);
    auto r = s.tebiki({"install", by_next.string(), "--to", dir.string()});
    INFO(describe(r));
    CHECK(r.exit_code == 1);  // not yet: nothing introduced the next key

    SECTION("introduced by a bundle the trusted key signed") {
        r = s.tebiki({"install", (s.may_rotating / "it.zip").string(), "--to", dir.string()});
        INFO(describe(r));
        REQUIRE(r.exit_code == 0);
        CHECK(lines_containing(r.out, "now trusts ed25519:").size() == 1);
        CHECK(trusted_key_count(dir) == 2);
        r = s.tebiki({"install", by_next.string(), "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 0);
        check_live(s, dir, "edition/2026-05");
    }
    SECTION("never by a bundle another key signed") {
        const auto forged = resigned_copy(s.may_rotating / "it", t.root() / "forged", s.other_keys);
        r = s.tebiki({"install", forged.string(), "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK(trusted_key_count(dir) == 1);
        check_live(s, dir, "edition/2026-04");
    }
}

TEST_CASE("a retired key is removed: what it signed no longer goes live, and the last key is never removed",
          "[trust]") {
    const auto& s = signed_editions();
    TempDir t;
    const fs::path dir = t.root() / "terminal";
    REQUIRE(s.tebiki({"install", (s.april / "it.zip").string(), "--to", dir.string(), "--pubkey", s.pub()})
                .exit_code == 0);
    // The rotation done: May introduced the next key, and a bundle it signed is live.
    REQUIRE(s.tebiki({"install", (s.may_rotating / "it.zip").string(), "--to", dir.string()}).exit_code == 0);
    const auto by_next = resigned_copy(s.may_rotating / "it", t.root() / "by-next", s.next_keys);
    REQUIRE(s.tebiki({"install", by_next.string(), "--to", dir.string()}).exit_code == 0);
    REQUIRE(trusted_key_count(dir) == 2);

    auto r = s.tebiki({"trust", "--to", dir.string(), "--remove", s.pub()});  // the old key, by its file
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("no longer trusts ed25519:"));
    CHECK(trusted_key_count(dir) == 1);
    r = s.tebiki({"install", (s.april / "it.zip").string(), "--to", dir.string()});
    INFO(describe(r));
    CHECK(r.exit_code == 1);  // signed by the retired key
    r = s.tebiki({"rollback", "--to", dir.string()});  // to April, which the retired key signed
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    check_live(s, dir, "edition/2026-05");

    r = s.tebiki({"trust", "--to", dir.string()});
    const auto listed = lines_containing(r.out, "trusts ed25519:");
    REQUIRE(listed.size() == 1);
    const std::string next = listed.front().substr(listed.front().find("ed25519:"));
    r = s.tebiki({"trust", "--to", dir.string(), "--remove", next});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("without it would take bundles signed by anyone"));
    r = s.tebiki({"trust", "--to", dir.string(), "--remove", "ed25519:0000000000000000"});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("does not trust ed25519:0000000000000000"));
    CHECK(trusted_key_count(dir) == 1);
    check_live(s, dir, "edition/2026-05");
    CHECK(s.tebiki({"trust", "--to", dir.string(), "--remove", next, s.pub()}).exit_code == 2);  // one or the other
    r = s.tebiki({"trust", "--to", (t.root() / "termnial").string(), "--remove", next});  // a mistyped DIR
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("is not an install directory"));
    CHECK_FALSE(fs::exists(t.root() / "termnial"));
}

TEST_CASE("keygen refuses to write a private key inside a git work tree", "[trust]") {
    const auto& s = signed_editions();
    for (const std::string out : {"keys", "content/private/keys"}) {
        const auto r = s.tebiki({"keygen", "--out", out});
        INFO(describe(r));
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Contains("inside the git work tree"));
        CHECK_THAT(r.err, Contains("tebiki keygen --out "));
        CHECK_FALSE(fs::exists(s.repo.path(out)));
    }
}

TEST_CASE("publish and build refuse a --sign-key inside the content repository", "[trust]") {
    const auto& s = signed_editions();
    fs::copy_file(SignedEditions::private_key(s.keys), s.repo.path("leaked.key"),
                  fs::copy_options::overwrite_existing);
    auto r = s.tebiki({"publish", "--edition", "edition/2026-05", "--out", "out-leaked", "--sign-key", "leaked.key"});
    INFO(describe(r));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("lies inside the content repository"));
    CHECK_FALSE(fs::exists(s.repo.path("out-leaked")));
    r = s.tebiki({"build", "--out", "out-leaked", "--sign-key", s.repo.path("leaked.key").string()});
    INFO(describe(r));
    CHECK(r.exit_code == 2);
    CHECK_FALSE(fs::exists(s.repo.path("out-leaked")));
    r = s.tebiki({"publish", "--edition", "edition/2026-05", "--out", "out-leaked", "--introduce-key", s.pub()});
    CHECK(r.exit_code == 2);
    fs::remove(s.repo.path("leaked.key"));
}

}  // namespace tebiki::testing
