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
// Failure injection for tests: TEBIKI_FAIL_AT=unpacked|synced|switched|pruning makes
// the process exit at once (status 75, like a crash) after that stage. It is
// read in one place, fail_point() in install.cpp.

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

// Throws InstallRefused, or std::runtime_error on I/O failure.
InstallResult install_bundle(const std::filesystem::path& bundle, const std::filesystem::path& dir,
                             const InstallOptions& options);

// Switches DIR/current to the generation before the live one; returns its name.
std::string rollback(const std::filesystem::path& dir);

struct InstallStatus {
    std::string generation;  // empty: nothing installed
    VerifyReport report;     // of DIR/current
    std::vector<std::string> trusted;  // fingerprints DIR trusts; empty: unprotected
    long long installed_at = 0;        // when DIR/current was switched (Unix seconds)
};
InstallStatus install_status(const std::filesystem::path& dir, const std::optional<std::filesystem::path>& pubkey);

}  // namespace tebiki::bundle
