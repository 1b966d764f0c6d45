// Distribution bundles (issue 6): manifest, signature, zip, verify, install,
// rollback and status, with the fault and attack cases: each is rejected or
// recovered from, and the live copy stays intact and verifying.

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>

#include <future>
#include <map>

#include <nlohmann/json.hpp>

#include "fixtures.h"
#include "signed_editions.h"

namespace tebiki::testing {

namespace {

void write_bytes(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

// A zip made entry by entry, for the attacks a publisher would never make.
struct ZipEntry {
    std::string name;
    std::string bytes;
    unsigned type = AE_IFREG;
    std::string symlink_target;
};

void write_zip(const fs::path& path, const std::vector<ZipEntry>& entries) {
    archive* a = archive_write_new();
    archive_write_set_format_zip(a);
    REQUIRE(archive_write_open_filename(a, path.c_str()) == ARCHIVE_OK);
    for (const auto& e : entries) {
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, e.name.c_str());
        archive_entry_set_filetype(entry, e.type);
        archive_entry_set_perm(entry, e.type == AE_IFLNK ? 0777 : 0644);
        if (e.type == AE_IFLNK) archive_entry_set_symlink(entry, e.symlink_target.c_str());
        archive_entry_set_size(entry, static_cast<la_int64_t>(e.type == AE_IFREG ? e.bytes.size() : 0));
        REQUIRE(archive_write_header(a, entry) == ARCHIVE_OK);
        if (e.type == AE_IFREG && !e.bytes.empty()) archive_write_data(a, e.bytes.data(), e.bytes.size());
        archive_entry_free(entry);
    }
    archive_write_close(a);
    archive_write_free(a);
}

// The entries of a site directory as they would be zipped.
std::vector<ZipEntry> entries_of(const fs::path& site) {
    std::vector<ZipEntry> out;
    for (const auto& [path, bytes] : snapshot_tree(site)) out.push_back({path, bytes, AE_IFREG, ""});
    return out;
}

// A copy of a published site directory, to tamper with.
fs::path copy_site(const fs::path& site, const fs::path& to) {
    fs::copy(site, to, fs::copy_options::recursive);
    return to;
}

// The install directory's live copy verifies and is `edition`.
void check_live(const SignedEditions& p, const fs::path& dir, const std::string& edition) {
    const auto r = p.tebiki({"status", "--to", dir.string(), "--pubkey", p.pub()});
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("edition " + edition));
    CHECK_THAT(r.out, Contains("verifies (signature valid)"));
}

}  // namespace

TEST_CASE("publish writes a signed manifest and a zip per audience, deterministically", "[bundle]") {
    const auto& p = signed_editions();
    for (const std::string audience : {"all", "ward-5w", "it"}) {
        CHECK(fs::exists(p.may / (audience + ".zip")));
        CHECK(fs::file_size(p.may / audience / "manifest.sig") == 64);
        const auto m = nlohmann::json::parse(read_file(p.may / audience / "manifest.json"));
        CHECK(m["audience"] == audience);
        CHECK(m["edition"] == "edition/2026-05");
        CHECK(m["published_at"] == 1777600000);
        CHECK(m["source_commit"].get<std::string>().size() == 40);
        std::size_t listed = 0;
        for (const auto& f : m["files"]) {
            CHECK(f["path"] != "manifest.json");
            ++listed;
        }
        CHECK(listed + 2 == snapshot_tree(p.may / audience).size());
    }
    // The ward's bundle has its own document, the IT one does not.
    CHECK_THAT(read_file(p.may / "ward-5w/manifest.json"), Contains("docs/W-001.html"));
    CHECK_THAT(read_file(p.may / "it/manifest.json"), !Contains("docs/W-001.html"));
    // Byte-identical when published again, signature and zips included;
    // only the channels (issue 16) carry the time they were signed.
    TempDir again;
    SignedEditions::must(p.tebiki({"publish", "--edition", "edition/2026-05", "--out", (again.root() / "o").string(),
                              "--sign-key", (p.keys / "tebiki-signing.key").string()}));
    const auto without_channels = [](auto tree) {
        std::erase_if(tree, [](const auto& file) { return file.first.ends_with(".channel.json"); });
        return tree;
    };
    CHECK(snapshot_tree(p.may).size() == without_channels(snapshot_tree(p.may)).size() + 3);
    CHECK(without_channels(snapshot_tree(again.root() / "o")) == without_channels(snapshot_tree(p.may)));
}

TEST_CASE("verify accepts a good bundle, zip or directory, and says when it is unsigned", "[bundle]") {
    const auto& p = signed_editions();
    auto r = p.tebiki({"verify", (p.may / "it.zip").string(), "--pubkey", p.pub()});
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("signature valid"));
    r = p.tebiki({"verify", (p.may / "it").string(), "--pubkey", p.pub()});
    CHECK(r.exit_code == 0);
    r = p.tebiki({"verify", (p.may / "it.zip").string()});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("NOT checked"));

    TempDir t;
    const fs::path site = copy_site(p.may / "it", t.root() / "it");
    fs::remove(site / "manifest.sig");
    r = p.tebiki({"verify", site.string()});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("UNSIGNED"));
    r = p.tebiki({"verify", site.string(), "--pubkey", p.pub()});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Contains("manifest.sig: missing"));
}

TEST_CASE("verify rejects damaged and forged bundles, each problem on its own line", "[bundle]") {
    const auto& p = signed_editions();
    TempDir t;
    const auto verify = [&](const fs::path& bundle, const std::string& pub) {
        return p.tebiki({"verify", bundle.string(), "--pubkey", pub});
    };
    const fs::path zip = t.root() / "it.zip";

    SECTION("a truncated zip") {
        const std::string bytes = read_file(p.may / "it.zip");
        write_bytes(zip, bytes.substr(0, bytes.size() / 2));
        const auto r = verify(zip, p.pub());
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains(": error: "));
    }
    SECTION("one flipped byte in a PDF") {
        auto entries = entries_of(p.may / "it");
        bool flipped = false;
        for (auto& e : entries)
            if (e.name == "pdf/A-001.pdf") {
                e.bytes[e.bytes.size() / 2] ^= 0x01;
                flipped = true;
            }
        REQUIRE(flipped);
        write_zip(zip, entries);
        const auto r = verify(zip, p.pub());
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("error: pdf/A-001.pdf: SHA-256 mismatch"));
    }
    SECTION("an extra file and a missing file, in a directory") {
        const fs::path site = copy_site(p.may / "it", t.root() / "site");
        write_bytes(site / "docs/EVIL.html", "<script>");
        fs::remove(site / "docs/A-001.html");
        const auto r = verify(site, p.pub());
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK(error_lines(r.out).size() == 2);
        CHECK_THAT(r.out, Contains("error: docs/EVIL.html: extra file"));
        CHECK_THAT(r.out, Contains("error: docs/A-001.html: missing"));
    }
    SECTION("a manifest edited without re-signing") {
        const fs::path site = copy_site(p.may / "it", t.root() / "site");
        std::string manifest = read_file(site / "manifest.json");
        manifest.replace(manifest.find("edition/2026-05"), 15, "edition/2099-01");
        write_bytes(site / "manifest.json", manifest);
        const auto r = verify(site, p.pub());
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("manifest.sig: invalid signature"));
    }
    SECTION("a signature made with another key") {
        const auto r = verify(p.may / "it.zip", p.other_pub());
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("manifest.sig: invalid signature"));
    }
    SECTION("zip entries with ../, an absolute path and a symlink") {
        auto entries = entries_of(p.may / "it");
        entries.push_back({"../escaped.html", "x", AE_IFREG, ""});
        entries.push_back({"/tmp/tebiki-absolute.html", "x", AE_IFREG, ""});
        entries.push_back({"docs/link.html", "", AE_IFLNK, "/etc/passwd"});
        write_zip(zip, entries);
        const auto r = verify(zip, p.pub());
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("../escaped.html: unsafe entry path"));
        CHECK_THAT(r.out, Contains("/tmp/tebiki-absolute.html: unsafe entry path"));
        CHECK_THAT(r.out, Contains("docs/link.html: link entry rejected"));
        CHECK_FALSE(fs::exists(t.root().parent_path() / "escaped.html"));
        CHECK_FALSE(fs::exists("/tmp/tebiki-absolute.html"));
    }
}

TEST_CASE("install, upgrade, rollback and status on a terminal", "[bundle][install]") {
    const auto& p = signed_editions();
    TempDir t;
    const fs::path dir = t.root() / "terminal";
    auto r = p.tebiki({"install", (p.april / "ward-5w.zip").string(), "--to", dir.string(), "--pubkey", p.pub()});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    check_live(p, dir, "edition/2026-04");
    CHECK(fs::is_symlink(dir / "current"));
    CHECK(fs::exists(dir / "current/docs/W-001.html"));

    r = p.tebiki({"install", (p.may / "ward-5w").string(), "--to", dir.string(), "--pubkey", p.pub()});
    REQUIRE(r.exit_code == 0);  // a directory bundle works too
    check_live(p, dir, "edition/2026-05");

    r = p.tebiki({"rollback", "--to", dir.string()});
    CHECK(r.exit_code == 0);
    check_live(p, dir, "edition/2026-04");

    SECTION("only the newest --keep generations stay") {
        for (int i = 0; i < 3; ++i)
            REQUIRE(p.tebiki({"install", (p.may / "ward-5w.zip").string(), "--to", dir.string(), "--keep", "2"})
                        .exit_code == 0);
        std::size_t count = 0;
        for (const auto& e : fs::directory_iterator(dir / "generations")) count += e.is_directory();
        CHECK(count == 2);
        check_live(p, dir, "edition/2026-05");
    }
}

TEST_CASE("install refuses what it must, leaving the live copy intact", "[bundle][install]") {
    const auto& p = signed_editions();
    TempDir t;
    const fs::path dir = t.root() / "terminal";
    REQUIRE(p.tebiki({"install", (p.may / "ward-5w.zip").string(), "--to", dir.string(), "--pubkey", p.pub()})
                .exit_code == 0);
    const auto install = [&](const fs::path& bundle, std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"install", bundle.string(), "--to", dir.string(), "--pubkey", p.pub()};
        args.insert(args.end(), extra.begin(), extra.end());
        return p.tebiki(args);
    };

    SECTION("a downgrade, unless allowed") {
        auto r = install(p.april / "ward-5w.zip");
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("downgrade refused"));
        check_live(p, dir, "edition/2026-05");
        r = install(p.april / "ward-5w.zip", {"--allow-downgrade"});
        CHECK(r.exit_code == 0);
        check_live(p, dir, "edition/2026-04");
    }
    SECTION("another audience's bundle") {
        const auto r = install(p.may / "it.zip");
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("bundle for audience 'it', but 'ward-5w' is installed"));
        check_live(p, dir, "edition/2026-05");
    }
    SECTION("a damaged or forged bundle") {
        const std::string bytes = read_file(p.may / "ward-5w.zip");
        write_bytes(t.root() / "truncated.zip", bytes.substr(0, bytes.size() - 100));
        CHECK(install(t.root() / "truncated.zip").exit_code == 1);
        auto entries = entries_of(p.may / "ward-5w");
        entries.push_back({"../../escaped.html", "x", AE_IFREG, ""});
        write_zip(t.root() / "evil.zip", entries);
        CHECK(install(t.root() / "evil.zip").exit_code == 1);
        CHECK_FALSE(fs::exists(dir / "escaped.html"));
        CHECK_FALSE(fs::exists(t.root() / "escaped.html"));
        CHECK(p.tebiki({"install", (p.may / "ward-5w.zip").string(), "--to", dir.string(), "--pubkey",
                        p.other_pub()})
                  .exit_code == 1);
        check_live(p, dir, "edition/2026-05");
        // Nothing half-made was left among the generations.
        std::size_t count = 0;
        for (const auto& e : fs::directory_iterator(dir / "generations")) count += 1 + 0 * e.is_directory();
        CHECK(count == 1);
    }
}

TEST_CASE("an install interrupted at each stage leaves a live copy that verifies", "[bundle][install]") {
    const auto& p = signed_editions();
    for (const std::string stage : {"unpacked", "synced", "switched"}) {
        DYNAMIC_SECTION("interrupted after " << stage) {
            TempDir t;
            const fs::path dir = t.root() / "terminal";
            REQUIRE(p.tebiki({"install", (p.april / "all.zip").string(), "--to", dir.string(), "--pubkey", p.pub()})
                        .exit_code == 0);
            ::setenv("TEBIKI_FAIL_AT", stage.c_str(), 1);
            const auto r =
                p.tebiki({"install", (p.may / "all.zip").string(), "--to", dir.string(), "--pubkey", p.pub()});
            ::unsetenv("TEBIKI_FAIL_AT");
            INFO(describe(r));
            CHECK(r.exit_code == 75);
            // Before the switch the old edition is live; after it, the new one; either verifies.
            check_live(p, dir, stage == "switched" ? "edition/2026-05" : "edition/2026-04");
            // The next install cleans up and completes.
            const auto again =
                p.tebiki({"install", (p.may / "all.zip").string(), "--to", dir.string(), "--pubkey", p.pub()});
            INFO(describe(again));
            CHECK(again.exit_code == 0);
            check_live(p, dir, "edition/2026-05");
            for (const auto& e : fs::directory_iterator(dir / "generations"))
                CHECK_THAT(e.path().filename().string(), !StartsWith(".partial-"));
        }
    }
}

TEST_CASE("a bundle with Japanese file names builds, verifies and installs whatever LANG is", "[bundle][install]") {
    ContentRepo repo;
    TempDir key_dir;
    // 構成図 and ズ (NFC), and two names that differ only in case: all kept,
    // byte for byte. (An NFD name is refused at build: zip_writer_test.cpp.)
    const std::string nfc = "images/\u30ba.png";
    repo.write_content("a.md", sample_document("A-001", "運用規程",
                                               "## 構成\n\n![構成図](images/構成図.png)\n![NFC](" + nfc +
                                                   ")\n![大](images/Plan.png)\n![小](images/plan.png)\n"));
    for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
             {"images/構成図.png", "png 構成図"}, {nfc, "png NFC"}, {"images/Plan.png", "png upper"},
             {"images/plan.png", "png lower"}})
        repo.write_content(name, bytes);
    repo.commit("初版を制定\n\nApproved-by: 病院長\n", 1775000000);
    const fs::path keys = key_dir.root() / "keys";
    SignedEditions::must(repo.tebiki({"keygen", "--out", keys.string()}));
    const std::string pub = (keys / "tebiki-signing.pub").string();
    const char* saved = std::getenv("LANG");
    const std::string saved_lang = saved ? saved : "";
    for (const char* lang : {"C", "C.UTF-8", "ja_JP.UTF-8"}) {
        DYNAMIC_SECTION("LANG=" << lang) {
            ::setenv("LANG", lang, 1);
            ::unsetenv("LC_ALL");
            TempDir t;
            const fs::path out = t.root() / "site";
            auto r = repo.tebiki({"build", "--out", out.string(), "--sign-key", (keys / "tebiki-signing.key").string()});
            INFO(describe(r));
            REQUIRE(r.exit_code == 0);
            fs::path zip;
            for (const auto& e : fs::directory_iterator(out))
                if (e.path().extension() == ".zip") zip = e.path();
            REQUIRE_FALSE(zip.empty());
            r = repo.tebiki({"verify", zip.string(), "--pubkey", pub});
            INFO(describe(r));
            CHECK(r.exit_code == 0);
            const fs::path dir = t.root() / "terminal";
            r = repo.tebiki({"install", zip.string(), "--to", dir.string(), "--pubkey", pub});
            INFO(describe(r));
            REQUIRE(r.exit_code == 0);
            // Wherever the site puts images, each name is there once with its own bytes.
            std::map<std::string, std::string> images;
            for (const auto& [path, bytes] : snapshot_tree(dir / "current"))
                if (path.ends_with(".png")) images[fs::path(path).filename().string()] = bytes;
            CHECK(images["構成図.png"] == "png 構成図");
            CHECK(images["\u30ba.png"] == "png NFC");
            CHECK(images["Plan.png"] == "png upper");
            CHECK(images["plan.png"] == "png lower");
            r = repo.tebiki({"status", "--to", dir.string(), "--pubkey", pub});
            INFO(describe(r));
            CHECK(r.exit_code == 0);
            CHECK_THAT(r.out, Contains("verifies (signature valid)"));
        }
    }
    if (saved) ::setenv("LANG", saved_lang.c_str(), 1);
    else ::unsetenv("LANG");
}

TEST_CASE("an install directory tebiki does not recognise is refused before anything is unpacked",
          "[bundle][install]") {
    const auto& p = signed_editions();
    TempDir t;
    const fs::path dir = t.root() / "terminal";
    const auto install = [&](const fs::path& bundle) {
        return p.tebiki({"install", bundle.string(), "--to", dir.string(), "--pubkey", p.pub()});
    };
    SECTION("DIR/current is a plain folder") {
        fs::create_directories(dir / "current");
        write_bytes(dir / "current/index.html", "someone's page");
        for (int attempt = 0; attempt < 2; ++attempt) {
            const auto r = install(p.may / "it.zip");
            INFO(describe(r));
            CHECK(r.exit_code == 1);
            CHECK_THAT(r.err + r.out, Contains("is not tebiki's link to a generation"));
        }
        CHECK_FALSE(fs::exists(dir / "generations"));
        for (const auto& e : fs::directory_iterator(dir))
            CHECK_THAT(e.path().filename().string(), !StartsWith(".current-"));
        CHECK(read_file(dir / "current/index.html") == "someone's page");
    }
    SECTION("DIR/current is a link elsewhere") {
        fs::create_directories(dir);
        fs::create_directory_symlink(t.root(), dir / "current");
        CHECK(install(p.may / "ward-5w.zip").exit_code == 1);
        CHECK_FALSE(fs::exists(dir / "generations"));
    }
    SECTION("the audience is checked even when DIR/current was removed") {
        REQUIRE(install(p.april / "ward-5w.zip").exit_code == 0);
        REQUIRE(install(p.may / "ward-5w.zip").exit_code == 0);
        fs::remove(dir / "current");
        const auto r = install(p.may / "it.zip");
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err + r.out, Contains("bundle for audience 'it', but 'ward-5w' is installed"));
        std::size_t count = 0;
        for (const auto& e : fs::directory_iterator(dir / "generations")) count += 1 + 0 * e.is_directory();
        CHECK(count == 2);
        // The ward's own bundle puts the terminal right again.
        REQUIRE(install(p.may / "ward-5w.zip").exit_code == 0);
        check_live(p, dir, "edition/2026-05");
    }
}

TEST_CASE("a kill while pruning never leaves a partial generation that rollback would switch to",
          "[bundle][install]") {
    const auto& p = signed_editions();
    TempDir t;
    const fs::path dir = t.root() / "terminal";
    const auto install = [&](const fs::path& bundle) {
        return p.tebiki({"install", bundle.string(), "--to", dir.string(), "--pubkey", p.pub(), "--keep", "1"});
    };
    REQUIRE(install(p.april / "ward-5w.zip").exit_code == 0);
    ::setenv("TEBIKI_FAIL_AT", "pruning", 1);
    const auto r = install(p.may / "ward-5w.zip");
    ::unsetenv("TEBIKI_FAIL_AT");
    INFO(describe(r));
    CHECK(r.exit_code == 75);
    check_live(p, dir, "edition/2026-05");
    // The old generation is out of the generations' names: rollback finds nothing to switch to.
    for (const auto& e : fs::directory_iterator(dir / "generations")) {
        const std::string name = e.path().filename().string();
        CHECK((name.starts_with(".removing-") || name == fs::read_symlink(dir / "current").filename().string()));
    }
    const auto back = p.tebiki({"rollback", "--to", dir.string()});
    CHECK(back.exit_code == 1);
    check_live(p, dir, "edition/2026-05");
    // The next install clears what the killed one left.
    REQUIRE(install(p.may / "ward-5w.zip").exit_code == 0);
    for (const auto& e : fs::directory_iterator(dir / "generations"))
        CHECK_THAT(e.path().filename().string(), !StartsWith(".removing-"));
}

TEST_CASE("rollback refuses a generation that does not verify", "[bundle][install]") {
    const auto& p = signed_editions();
    TempDir t;
    const fs::path dir = t.root() / "terminal";
    REQUIRE(p.tebiki({"install", (p.april / "ward-5w.zip").string(), "--to", dir.string(), "--pubkey", p.pub()})
                .exit_code == 0);
    REQUIRE(p.tebiki({"install", (p.may / "ward-5w.zip").string(), "--to", dir.string()}).exit_code == 0);
    for (const auto& e : fs::directory_iterator(dir / "generations"))
        if (e.path().filename().string().starts_with("1-")) fs::remove(e.path() / "docs/W-001.html");
    const auto r = p.tebiki({"rollback", "--to", dir.string()});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("does not verify"));
    check_live(p, dir, "edition/2026-05");
}

TEST_CASE("installs into one directory run one after the other", "[bundle][install]") {
    const auto& p = signed_editions();
    TempDir t;
    const fs::path dir = t.root() / "terminal";
    REQUIRE(p.tebiki({"install", (p.april / "all.zip").string(), "--to", dir.string(), "--pubkey", p.pub()})
                .exit_code == 0);
    // Four installs and a rollback at once, from threads: each waits for the lock.
    std::vector<std::future<CommandResult>> runs;
    for (int i = 0; i < 4; ++i)
        runs.push_back(std::async(std::launch::async, [&] {
            return p.tebiki({"install", (p.may / "all.zip").string(), "--to", dir.string(), "--keep", "2"});
        }));
    runs.push_back(std::async(std::launch::async, [&] { return p.tebiki({"rollback", "--to", dir.string()}); }));
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const CommandResult r = runs[i].get();
        INFO(describe(r));
        if (i < 4) CHECK(r.exit_code == 0);
        else CHECK((r.exit_code == 0 || r.exit_code == 1));  // 1: nothing before the live one, a clear refusal
        CHECK_THAT(r.err, !Contains("I/O"));
    }
    const auto status = p.tebiki({"status", "--to", dir.string(), "--pubkey", p.pub()});
    INFO(describe(status));
    CHECK(status.exit_code == 0);
    CHECK_THAT(status.out, Contains("verifies (signature valid)"));
    std::size_t count = 0;
    for (const auto& e : fs::directory_iterator(dir / "generations")) count += 1 + 0 * e.is_directory();
    CHECK(count == 2);
}

TEST_CASE("unlisted and oversized entries are refused against the manifest", "[bundle][install]") {
    const auto& p = signed_editions();
    TempDir t;
    auto entries = entries_of(p.may / "ward-5w");
    entries.push_back({"big.bin", std::string(8u << 20, '\0'), AE_IFREG, ""});
    for (auto& e : entries)
        if (e.name == "docs/W-001.html") e.bytes += std::string(1u << 20, 'x');
    write_zip(t.root() / "bloated.zip", entries);
    auto r = p.tebiki({"verify", (t.root() / "bloated.zip").string()});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Contains("big.bin: extra file, not in the manifest"));
    CHECK_THAT(r.out, Contains("docs/W-001.html: size "));
    CHECK_THAT(r.out, !Contains("SHA-256 mismatch"));  // held to its listed size, never hashed
    const fs::path dir = t.root() / "terminal";
    r = p.tebiki({"install", (t.root() / "bloated.zip").string(), "--to", dir.string(), "--pubkey", p.pub()});
    CHECK(r.exit_code == 1);
    CHECK_FALSE(fs::exists(dir / "generations"));
}

}  // namespace tebiki::testing
