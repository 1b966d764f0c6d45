#include "bundle/install.h"

#include <sys/stat.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>

#include "bundle/signing.h"
#include "bundle/trust_store.h"

namespace tebiki::bundle {

namespace fs = std::filesystem;

namespace {

// The one place TEBIKI_FAIL_AT is read: exits as a crash would, after `stage`.
void fail_point(const char* stage) {
    const char* at = std::getenv("TEBIKI_FAIL_AT");
    if (at != nullptr && std::string(at) == stage) {
        std::cerr << "tebiki: TEBIKI_FAIL_AT=" << stage << ": stopping here\n";
        std::_Exit(75);
    }
}

std::string slug_of(const Manifest& m) {
    std::string name = m.edition ? *m.edition : "build-" + m.source_commit.substr(0, 7);
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '-';
    return name;
}

struct Generation {
    long number;
    std::string name;
};

// The complete generations, oldest first.
std::vector<Generation> generations(const fs::path& dir) {
    std::vector<Generation> out;
    const fs::path gens = dir / "generations";
    if (!fs::is_directory(gens)) return out;
    for (const auto& e : fs::directory_iterator(gens)) {
        const std::string name = e.path().filename().string();
        char* end = nullptr;
        const long n = std::strtol(name.c_str(), &end, 10);
        if (end == name.c_str() || *end != '-' || n <= 0) continue;
        out.push_back({n, name});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
    return out;
}

long next_number(const fs::path& dir) {
    long n = 0;
    for (const auto& g : generations(dir)) n = std::max(n, g.number);
    if (fs::is_directory(dir / "generations"))
        for (const auto& e : fs::directory_iterator(dir / "generations")) {
            const std::string name = e.path().filename().string();
            if (name.starts_with(".partial-")) n = std::max(n, std::strtol(name.c_str() + 9, nullptr, 10));
        }
    return n + 1;
}

// The generation DIR/current points at, or "".
std::string live_generation(const fs::path& dir) {
    std::error_code ec;
    const fs::path target = fs::read_symlink(dir / "current", ec);
    if (ec) return "";
    return target.filename().string();
}

void switch_current(const fs::path& dir, const std::string& generation) {
    const fs::path temp = dir / (".current-" + std::to_string(::getpid()));
    fs::remove(temp);
    fs::create_symlink(fs::path("generations") / generation, temp);
    fs::rename(temp, dir / "current");  // rename(2): atomic replacement of the symlink
    fsync_path(dir);
}

void copy_directory_bundle(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    fs::copy(from, to, fs::copy_options::recursive);
    std::vector<fs::path> dirs{to};
    for (auto it = fs::recursive_directory_iterator(to); it != fs::recursive_directory_iterator(); ++it) {
        if (it->is_directory()) dirs.push_back(it->path());
        else fsync_path(it->path());
    }
    for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) fsync_path(*it);
    fsync_path(to.parent_path());
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
    return out;
}

// The keys a bundle for DIR must be signed by: DIR's trusted keys, or the
// --pubkey given for a DIR that trusts none yet; none when neither.
struct SigningPolicy {
    std::vector<std::string> keys;  // PEM texts
    bool trusted = false;           // the keys are DIR's own trust
    std::optional<std::string> key_to_record;  // --pubkey, to trust once its bundle is installed
};

SigningPolicy signing_policy(const fs::path& dir, const std::optional<fs::path>& pubkey) {
    const TrustStore store(dir);
    const auto trusted = store.keys();
    std::optional<std::string> given;
    if (pubkey) {
        if (!fs::is_regular_file(*pubkey)) throw std::runtime_error("cannot read key " + pubkey->string());
        given = read_bytes(*pubkey);
        try {
            key_fingerprint(*given);
        } catch (const std::exception&) {
            throw InstallRefused(pubkey->string() + " is not an Ed25519 public key in PEM");
        }
    }
    if (!trusted.empty()) {
        if (given && !store.trusts(key_fingerprint(*given)))
            throw InstallRefused(pubkey->string() + " (" + key_fingerprint(*given) + ") is not a key " + dir.string() +
                                 " trusts; it trusts " + trusted.front().fingerprint +
                                 (trusted.size() > 1 ? " and others" : "") +
                                 ". Install a bundle signed by the publisher's key, or, on the publisher's word "
                                 "only, trust the new key with: tebiki trust --to " + dir.string() + " KEY");
        return {pems_of(trusted), true, std::nullopt};
    }
    if (given) return {{*given}, false, given};
    return {};
}

// Refusal text for a bundle that does not verify under `policy`.
std::string refusal(const VerifyReport& report, const SigningPolicy& policy, const fs::path& dir) {
    std::string text = joined(report.errors);
    if (policy.trusted && !report.signature_checked)
        text += "\n" + dir.string() + " trusts only the publisher keys in " + (dir / kTrustedKeysDir).string() +
                ": ask the publisher for a bundle signed by their key (publish --sign-key); an unsigned or "
                "foreign-signed bundle never goes live here";
    return text;
}

// Trusts --pubkey on a first signed install, and the successors named by a
// bundle whose signature was checked. Returns the fingerprints added.
std::vector<std::string> record_trust(const fs::path& dir, const SigningPolicy& policy, const VerifyReport& report) {
    std::vector<std::string> added;
    if (!report.signature_checked) return added;
    TrustStore store(dir);
    if (policy.key_to_record && !store.trusts(key_fingerprint(*policy.key_to_record)))
        added.push_back(store.add(*policy.key_to_record));
    for (const auto& pem : report.manifest->successor_keys)
        if (!store.trusts(key_fingerprint(pem))) added.push_back(store.add(pem));
    return added;
}

}  // namespace

InstallResult install_bundle(const fs::path& bundle, const fs::path& dir, const InstallOptions& options) {
    const SigningPolicy policy = signing_policy(dir, options.pubkey);
    const VerifyReport report = verify_bundle_by_keys(bundle, policy.keys);
    if (!report.ok()) throw InstallRefused(refusal(report, policy, dir));
    const Manifest& incoming = *report.manifest;
    for (const auto& pem : incoming.successor_keys) {
        try {
            key_fingerprint(pem);
        } catch (const std::exception&) {
            throw InstallRefused("manifest.json: a successor key is not an Ed25519 public key in PEM");
        }
    }

    const std::string live = live_generation(dir);
    if (!live.empty()) {
        std::optional<Manifest> current;
        try {
            current = Manifest::from_json(read_bytes(dir / "current" / kManifestFile));
        } catch (const std::exception&) {
            // A live copy without a readable manifest: nothing to compare with.
        }
        if (current && current->audience != incoming.audience)
            throw InstallRefused("bundle for audience '" + incoming.audience + "', but '" + current->audience +
                                 "' is installed in " + dir.string());
        if (current && incoming.published_at < current->published_at && !options.allow_downgrade)
            throw InstallRefused("downgrade refused: " + incoming.edition.value_or("(no edition)") +
                                 " is older than the live " + current->edition.value_or("(no edition)") +
                                 " (--allow-downgrade to install it anyway)");
    }

    const fs::path gens = dir / "generations";
    fs::create_directories(gens);
    // Leftovers of an interrupted install are never live: remove them.
    for (const auto& e : fs::directory_iterator(gens))
        if (e.path().filename().string().starts_with(".partial-")) fs::remove_all(e.path());
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().starts_with(".current-")) fs::remove(e.path());

    const long number = next_number(dir);
    const std::string generation = std::to_string(number) + "-" + slug_of(incoming);
    const fs::path partial = gens / (".partial-" + std::to_string(number));
    if (fs::is_directory(bundle)) copy_directory_bundle(bundle, partial);
    else unpack_zip(bundle, partial);  // syncs every file and directory
    fail_point("unpacked");
    fs::rename(partial, gens / generation);
    fsync_path(gens);
    fail_point("synced");
    // The copy on disk, not only the bundle read before, must verify.
    const VerifyReport unpacked = verify_bundle_by_keys(gens / generation, policy.keys);
    if (!unpacked.ok()) {
        fs::remove_all(gens / generation);
        throw InstallRefused("the unpacked copy does not verify:\n" + joined(unpacked.errors));
    }
    // Before the switch: a crash between the two leaves a trusted key whose
    // bundle verified, never a live copy that nothing protects.
    const auto newly_trusted = record_trust(dir, policy, unpacked);
    switch_current(dir, generation);
    fail_point("switched");

    // Keep the newest `keep` generations, and always the live one.
    auto all = generations(dir);
    const std::size_t keep = std::max<std::size_t>(options.keep, 1);
    for (std::size_t i = 0; i + keep < all.size(); ++i)
        if (all[i].name != generation) fs::remove_all(gens / all[i].name);
    return {incoming, generation, report.signer, newly_trusted};
}

std::string rollback(const fs::path& dir) {
    const std::string live = live_generation(dir);
    if (live.empty()) throw InstallRefused("nothing is installed in " + dir.string());
    const auto all = generations(dir);
    const auto it = std::find_if(all.begin(), all.end(), [&](const auto& g) { return g.name == live; });
    if (it == all.end() || it == all.begin())
        throw InstallRefused("no generation before " + live + " to roll back to");
    const std::string previous = std::prev(it)->name;
    // The generation going live again must still verify, and by a trusted
    // key when DIR trusts one (it may predate the trust).
    const SigningPolicy policy = signing_policy(dir, std::nullopt);
    const VerifyReport report = verify_bundle_by_keys(dir / "generations" / previous, policy.keys);
    if (!report.ok())
        throw InstallRefused("generation " + previous + " does not verify, so it stays out of use:\n" +
                             refusal(report, policy, dir));
    switch_current(dir, previous);
    return previous;
}

InstallStatus install_status(const fs::path& dir, const std::optional<fs::path>& pubkey) {
    InstallStatus status;
    status.generation = live_generation(dir);
    for (const auto& key : TrustStore(dir).keys()) status.trusted.push_back(key.fingerprint);
    if (status.generation.empty()) return status;
    std::vector<std::string> keys = pems_of(TrustStore(dir).keys());
    if (pubkey) {
        if (!fs::is_regular_file(*pubkey)) throw std::runtime_error("cannot read key " + pubkey->string());
        keys = {read_bytes(*pubkey)};
    }
    status.report = verify_bundle_by_keys(dir / "current", keys);
    struct stat link {};
    if (::lstat((dir / "current").c_str(), &link) == 0) status.installed_at = link.st_mtime;
    return status;
}

}  // namespace tebiki::bundle
