#pragma once
// Installing a bundle on a ward terminal, never leaving it without a usable
// copy. Layout of the install directory DIR:
//   DIR/current                -> generations/<n>-<edition> (a relative symlink: the live copy)
//   DIR/generations/<n>-<edition>/   one complete, verified, synced site each
// An install verifies the bundle, unpacks it into generations/.partial-<n>,
// syncs it, renames it to <n>-<edition>, verifies the unpacked copy, then
// switches DIR/current by rename() of a new symlink over it, and finally
// removes generations beyond the newest `keep` (each renamed to
// generations/.removing-<name> first, so that a killed removal never leaves
// a partial copy under a generation's name). A failure (or a crash) at
// any step leaves DIR/current as it was; leftovers are removed by the next
// install.
//
// Issue 17: a DIR whose `current` is not tebiki's symlink into generations/
// (a plain folder, a file, a foreign link) is refused before anything is
// written. The audience is always checked: against the live copy, or, when
// DIR/current is gone, against the generations kept. Installs and rollbacks
// into one DIR hold an exclusive flock(2) on DIR/.lock, so they run one
// after the other.
//
// Trust (issue 16, bundle/trust_store.h): when DIR trusts a publisher key,
// install and rollback take only what a trusted key signed, with or without
// --pubkey; a --pubkey DIR does not trust is refused. With no trusted key,
// the first install given --pubkey records that key once the bundle
// verifies by it. A bundle signed by a trusted key may name successor keys
// (key rotation); they are trusted from that install on.
//
// Issue 17, faults: the lock (InstallLock below) is also what sync holds
// from reading the live edition to recording the channel, so two syncs never
// both install. A DIR tebiki cannot write in (read-only, another user's) is
// refused with its name before anything is written. Every install, prune,
// rollback and sync step has a fail point (bundle/fail_point.h); whatever a
// killed run left (.partial-, .removing-, .current-, .adding-, .tmp- names)
// is removed by the next install or rollback, under the lock.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "bundle/bundle.h"

namespace tebiki::bundle {

struct InstallOptions {
    std::optional<std::filesystem::path> pubkey;
    std::size_t keep = 3;
    bool allow_downgrade = false;
};

// Thrown when an install is refused (verification, downgrade, audience);
// the message holds every reason, one a line.
struct InstallRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct InstallResult {
    Manifest manifest;
    std::string generation;  // "4-edition-2026-04"
    std::string signer;      // fingerprint of the key that signed it; empty when not checked
    std::vector<std::string> newly_trusted;  // fingerprints this install added to DIR's trust
};

// The right to change an install directory: an exclusive flock(2) on
// DIR/.lock, held by one install, rollback or sync at a time (a second one
// waits). Given only for a DIR tebiki recognises (throws InstallRefused
// before writing anything otherwise) and can write in (throws
// std::runtime_error naming the directory otherwise). The lock goes with
// the process, so a killed run never leaves DIR locked. Once held, what
// killed runs left in DIR (.partial-, .removing-, .current-, .adding-,
// .tmp- names) is removed: none of it was ever live.
class InstallLock {
public:
    explicit InstallLock(const std::filesystem::path& dir);
    ~InstallLock();
    InstallLock(const InstallLock&) = delete;
    InstallLock& operator=(const InstallLock&) = delete;
    const std::filesystem::path& dir() const { return dir_; }

private:
    std::filesystem::path dir_;
    int fd_ = -1;
};

// Throws InstallRefused when DIR is not an install directory tebiki
// recognises: DIR/current must be absent or tebiki's relative link
// "generations/<name>", DIR/generations absent or a directory. Writes nothing.
void refuse_unrecognised(const std::filesystem::path& dir);

// Throws InstallRefused, or std::runtime_error on I/O failure.
InstallResult install_bundle(const std::filesystem::path& bundle, const std::filesystem::path& dir,
                             const InstallOptions& options);
// The same for a caller that holds DIR's lock already (sync).
InstallResult install_bundle(const std::filesystem::path& bundle, const InstallOptions& options,
                             const InstallLock& held);

// Switches DIR/current to the newest generation before the live one that
// holds another edition (copies of the live edition, as a killed and
// retried install leaves, are passed over; all of them when the live copy
// is unreadable); returns its name.
std::string rollback(const std::filesystem::path& dir);

struct InstallStatus {
    std::string generation;  // empty: nothing installed
    VerifyReport report;     // of DIR/current
    std::vector<std::string> trusted;  // fingerprints DIR trusts; empty: unprotected
    long long installed_at = 0;        // when DIR/current was switched (Unix seconds)
};
InstallStatus install_status(const std::filesystem::path& dir, const std::optional<std::filesystem::path>& pubkey);

}  // namespace tebiki::bundle
