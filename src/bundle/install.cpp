#include "bundle/install.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "bundle/fail_point.h"
#include "bundle/signing.h"
#include "bundle/trust_store.h"

namespace tebiki::bundle {

namespace fs = std::filesystem;

namespace {

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
    fail_point("switching");
    std::error_code ec;
    fs::rename(temp, dir / "current", ec);  // rename(2): atomic replacement of the symlink
    if (ec) {
        fs::remove(temp, ec);  // no stray link left behind
        throw std::runtime_error("cannot switch " + (dir / "current").string() + " to " + generation);
    }
    fsync_path(dir);
}

}  // namespace

// Refuses, before anything is written, an install directory that is not
// tebiki's: DIR/current must be absent or tebiki's own relative symlink
// "generations/<name>", and DIR/generations absent or a real directory. A
// plain folder at DIR/current (someone's copy, another tool's) is never
// replaced, nor written beside.
void refuse_unrecognised(const fs::path& dir) {
    const auto current = fs::symlink_status(dir / "current");
    if (fs::exists(current) || fs::is_symlink(current)) {
        std::error_code ec;
        const fs::path target = fs::is_symlink(current) ? fs::read_symlink(dir / "current", ec) : fs::path();
        const auto parts = std::distance(target.begin(), target.end());
        if (!fs::is_symlink(current) || ec || parts != 2 || *target.begin() != "generations" ||
            target.filename().string().starts_with("."))
            throw InstallRefused((dir / "current").string() +
                                 " is not tebiki's link to a generation (a folder, a file or a foreign link); "
                                 "tebiki does not recognise " + dir.string() +
                                 " as an install directory and changes nothing in it. Move it aside, or install "
                                 "into an empty directory");
    }
    const auto gens = fs::symlink_status(dir / "generations");
    if (fs::exists(gens) && !fs::is_directory(gens))
        throw InstallRefused((dir / "generations").string() +
                             " is not a directory (a file or a link); tebiki does not recognise " + dir.string() +
                             " as an install directory and changes nothing in it");
}

namespace {

// Refuses a directory this process cannot write in (read-only file system,
// another user's), naming it, before anything is written there. access(2)
// says EROFS even to root, and judges the permission bits for everyone else.
void require_writable(const fs::path& dir) {
    if (::access(dir.c_str(), W_OK) != 0)
        throw std::runtime_error("cannot write in " + dir.string() + ": " + std::strerror(errno) +
                                 "; tebiki needs to write there to install or roll back: make it writable for "
                                 "the user that runs tebiki (or run tebiki as the user it belongs to)");
}

// What a killed install, rollback, trust or sync leaves behind: never live,
// and removed here, under the lock, before anything new is written.
void clear_leftovers(const fs::path& dir) {
    const auto clear_in = [](const fs::path& parent, auto is_leftover) {
        if (!fs::is_directory(fs::symlink_status(parent))) return;
        for (const auto& e : fs::directory_iterator(parent))
            if (is_leftover(e.path().filename().string())) fs::remove_all(e.path());
    };
    clear_in(dir / "generations", [](const std::string& name) {
        return name.starts_with(".partial-") || name.starts_with(".removing-");
    });
    clear_in(dir, [](const std::string& name) {
        return name.starts_with(".current-") || name.find(".tmp-") != std::string::npos;
    });
    clear_in(dir / kTrustedKeysDir, [](const std::string& name) { return name.starts_with(".adding-"); });
}

// The audience DIR serves: the live copy's, else that of any generation
// kept there (DIR/current may have been removed by hand). Empty: none yet.
// A DIR whose copies cannot say is refused: the audience is always checked.
std::string installed_audience(const fs::path& dir, const std::vector<std::string>& generation_names) {
    std::vector<fs::path> candidates;
    if (fs::is_symlink(fs::symlink_status(dir / "current"))) candidates.push_back(dir / "current");
    for (auto it = generation_names.rbegin(); it != generation_names.rend(); ++it)
        candidates.push_back(dir / "generations" / *it);
    for (const auto& copy : candidates) {
        try {
            return Manifest::from_json(read_bytes(copy / kManifestFile)).audience;
        } catch (const std::exception&) {
            // Unreadable: try the next copy.
        }
    }
    if (!candidates.empty())
        throw InstallRefused("no copy in " + dir.string() +
                             " has a readable manifest, so its audience cannot be checked; move " + dir.string() +
                             " aside and install into an empty directory");
    return "";
}

// Refuses before unpacking when the file system holding DIR has less room
// than the manifest's files need (plus a 4 KiB block a file, roughly).
void refuse_without_room(const fs::path& gens, const Manifest& incoming) {
    std::uint64_t needed = 0;
    for (const auto& f : incoming.files) needed += f.size + 4096;
    std::error_code ec;
    const auto space = fs::space(gens, ec);
    if (!ec && space.available < needed)
        throw std::runtime_error("no space left on device: " + gens.string() + " has " +
                                 std::to_string(space.available) + " bytes free, the bundle needs about " +
                                 std::to_string(needed));
}

// Removes a generation so that a kill at any moment never leaves a partly
// deleted copy under a generation's name: it is first renamed out of the
// generations' names (".removing-"), then deleted.
void remove_generation(const fs::path& gens, const std::string& name) {
    const fs::path doomed = gens / (".removing-" + name);
    fs::rename(gens / name, doomed);  // rename(2): never a half-deleted copy under the generation's name
    fsync_path(gens);
    fail_point("pruning");
    fs::remove_all(doomed);
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

// The source commit of the copy at `site`, or "" when its manifest cannot be read.
std::string commit_of(const fs::path& site) {
    try {
        return Manifest::from_json(read_bytes(site / kManifestFile)).source_commit;
    } catch (const std::exception&) {
        return "";
    }
}

// Where a rollback goes: the newest generation before the live one that
// holds another edition. An install killed between naming its generation
// and switching to it, then run again, leaves two copies of one edition;
// going "back" to the twin would change nothing while saying it had. When
// the live copy's manifest cannot be read, the generation just before it:
// rolling back is how a terminal with a damaged live copy recovers.
std::string rollback_target(const fs::path& dir, const std::string& live, const std::vector<Generation>& before) {
    const std::string live_commit = commit_of(dir / "current");
    if (live_commit.empty()) return before.back().name;
    for (auto it = before.rbegin(); it != before.rend(); ++it)
        if (commit_of(dir / "generations" / it->name) != live_commit) return it->name;
    throw InstallRefused("no generation before " + live + " holds another edition (those kept are copies of the "
                         "live one, commit " + live_commit.substr(0, 12) + ")");
}

}  // namespace

InstallLock::InstallLock(const fs::path& dir) : dir_(dir) {
    refuse_unrecognised(dir);  // before the lock creates anything in DIR
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw std::runtime_error("cannot create " + dir.string() + ": " + ec.message() +
                                 "; tebiki needs to write there to install: make its parent writable for the user "
                                 "that runs tebiki, or create it for them");
    const fs::path file = dir / ".lock";
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd_ < 0) {
        const int error = errno;
        require_writable(dir);  // says why, naming DIR, when that is the cause
        throw std::runtime_error("cannot open " + file.string() + " to lock " + dir.string() + ": " +
                                 std::strerror(error));
    }
    while (::flock(fd_, LOCK_EX) != 0)
        if (errno != EINTR) {
            const int error = errno;
            ::close(fd_);
            throw std::runtime_error("cannot lock " + file.string() + ": " + std::strerror(error));
        }
    try {
        refuse_unrecognised(dir);  // again: another run may have changed DIR meanwhile
        require_writable(dir);
        fail_point("locked");
        clear_leftovers(dir);  // whoever holds the lock first clears what killed holders left
    } catch (...) {
        ::close(fd_);
        throw;
    }
}

InstallLock::~InstallLock() { ::close(fd_); }  // closing releases the lock

InstallResult install_bundle(const fs::path& bundle, const fs::path& dir, const InstallOptions& options) {
    const InstallLock lock(dir);
    return install_bundle(bundle, options, lock);
}

InstallResult install_bundle(const fs::path& bundle, const InstallOptions& options, const InstallLock& held) {
    const fs::path& dir = held.dir();
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

    std::vector<std::string> kept;
    for (const auto& g : generations(dir)) kept.push_back(g.name);
    if (const std::string audience = installed_audience(dir, kept); !audience.empty() && audience != incoming.audience)
        throw InstallRefused("bundle for audience '" + incoming.audience + "', but '" + audience +
                             "' is installed in " + dir.string());
    const std::string live = live_generation(dir);
    if (!live.empty()) {
        std::optional<Manifest> current;
        try {
            current = Manifest::from_json(read_bytes(dir / "current" / kManifestFile));
        } catch (const std::exception&) {
            // A live copy without a readable manifest: no edition to compare with.
        }
        if (current && incoming.published_at < current->published_at && !options.allow_downgrade)
            throw InstallRefused("downgrade refused: " + incoming.edition.value_or("(no edition)") +
                                 " is older than the live " + current->edition.value_or("(no edition)") +
                                 " (--allow-downgrade to install it anyway)");
    }

    const fs::path gens = dir / "generations";
    fs::create_directories(gens);
    require_writable(gens);
    fail_point("cleared");

    const long number = next_number(dir);
    const std::string generation = std::to_string(number) + "-" + slug_of(incoming);
    const fs::path partial = gens / (".partial-" + std::to_string(number));
    refuse_without_room(gens, incoming);
    fail_point("room-checked");
    try {
        if (fs::is_directory(bundle)) copy_directory_bundle(bundle, partial);
        else unpack_zip(bundle, partial);  // syncs every file and directory
    } catch (...) {
        std::error_code ec;
        fs::remove_all(partial, ec);  // partial work goes at once, not at the next install
        throw;
    }
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
    fail_point("trusted");
    switch_current(dir, generation);
    fail_point("switched");

    // Keep the newest `keep` generations, and always the live one.
    auto all = generations(dir);
    const std::size_t keep = std::max<std::size_t>(options.keep, 1);
    for (std::size_t i = 0; i + keep < all.size(); ++i)
        if (all[i].name != generation) remove_generation(gens, all[i].name);
    return {incoming, generation, report.signer, newly_trusted};
}

std::string rollback(const fs::path& dir) {
    if (!fs::is_directory(dir)) throw InstallRefused("nothing is installed in " + dir.string());
    const InstallLock lock(dir);
    const std::string live = live_generation(dir);
    if (live.empty()) throw InstallRefused("nothing is installed in " + dir.string());
    const auto all = generations(dir);
    const auto it = std::find_if(all.begin(), all.end(), [&](const auto& g) { return g.name == live; });
    if (it == all.end() || it == all.begin())
        throw InstallRefused("no generation before " + live + " to roll back to");
    const std::string previous = rollback_target(dir, live, {all.begin(), it});
    // The generation going live again must still verify, and by a trusted
    // key when DIR trusts one (it may predate the trust).
    const SigningPolicy policy = signing_policy(dir, std::nullopt);
    const VerifyReport report = verify_bundle_by_keys(dir / "generations" / previous, policy.keys);
    if (!report.ok())
        throw InstallRefused("generation " + previous + " does not verify, so it stays out of use:\n" +
                             refusal(report, policy, dir));
    // Generations kept from before the audience was always checked may serve another audience.
    // A damaged live copy says nothing; rolling back is then how a terminal recovers.
    std::string audience;
    try {
        audience = Manifest::from_json(read_bytes(dir / "current" / kManifestFile)).audience;
    } catch (const std::exception&) {
    }
    if (!audience.empty() && audience != report.manifest->audience)
        throw InstallRefused("generation " + previous + " is for audience '" + report.manifest->audience +
                             "', but '" + audience + "' is installed in " + dir.string());
    fail_point("rollback-verified");
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
