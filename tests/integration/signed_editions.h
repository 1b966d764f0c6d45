#pragma once
// The shared fixture of the bundle, trust, distribution and install-fault
// tests: one repository with two editions, published once per test run. Keys live outside
// the repository (publish refuses a --sign-key inside it).
//   april: edition/2026-04 signed by `keys`
//   may:   edition/2026-05 signed by `keys`
//   may_rotating: edition/2026-05 signed by `keys`, naming `next_keys` as successor

#include "bundle/manifest.h"
#include "bundle/signing.h"
#include <chrono>
#include <ctime>
#include <thread>

#include "fixtures.h"

namespace tebiki::testing {

struct SignedEditions {
    ContentRepo repo;
    TempDir key_dir;
    fs::path keys, other_keys, next_keys, april, may, may_rotating;

    SignedEditions() {
        repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n\n本文\n"));
        repo.write_content("w.md", sample_document("W-001", "病棟手順", "病棟の手順\n", "audience: [ward-5w]\n"));
        repo.commit("初版を制定\n\nApproved-by: 病院長\n", 1775000000);
        repo.tag("edition/2026-04");
        repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n\n本文を改訂\n"));
        repo.commit("改訂\n\nApproved-by: 病院長\n", 1777600000);
        repo.tag("edition/2026-05");
        keys = key_dir.root() / "keys";
        other_keys = key_dir.root() / "other-keys";
        next_keys = key_dir.root() / "next-keys";
        for (const auto& dir : {keys, other_keys, next_keys}) must(tebiki({"keygen", "--out", dir.string()}));
        april = publish("edition/2026-04", "out-04", {});
        // Channels carry their signing time in seconds: May's must be
        // signed after April's for the replay test to tell them apart.
        for (const std::time_t signed_april = std::time(nullptr); std::time(nullptr) == signed_april;)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        may = publish("edition/2026-05", "out-05", {});
        may_rotating = publish("edition/2026-05", "out-05-rotating", {"--introduce-key", public_key(next_keys)});
    }
    static void must(const CommandResult& r) {
        if (r.exit_code != 0) throw std::runtime_error("setup failed: " + describe(r));
    }
    fs::path publish(const std::string& edition, const std::string& out, std::vector<std::string> extra) {
        std::vector<std::string> args{"publish", "--edition", edition, "--out", out, "--sign-key", private_key(keys)};
        args.insert(args.end(), extra.begin(), extra.end());
        must(tebiki(args));
        return repo.path(out);
    }
    static std::string public_key(const fs::path& dir) { return (dir / "tebiki-signing.pub").string(); }
    static std::string private_key(const fs::path& dir) { return (dir / "tebiki-signing.key").string(); }
    std::string pub() const { return public_key(keys); }
    std::string other_pub() const { return public_key(other_keys); }
    CommandResult tebiki(const std::vector<std::string>& args) const { return repo.tebiki(args); }
};

inline const SignedEditions& signed_editions() {
    static const SignedEditions editions;
    return editions;
}

// A copy of a published site directory whose manifest is signed again by
// the key in `key_dir` (none: left unsigned).
inline fs::path resigned_copy(const fs::path& site, const fs::path& to, const std::optional<fs::path>& key_dir) {
    fs::copy(site, to, fs::copy_options::recursive);
    fs::remove(to / "manifest.sig");
    if (key_dir)
        bundle::write_bytes(to / "manifest.sig",
                            bundle::sign(read_file(to / "manifest.json"), *key_dir / "tebiki-signing.key"));
    return to;
}

}  // namespace tebiki::testing
