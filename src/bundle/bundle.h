#pragma once
// A bundle is one audience's site with its manifest (and signature), as a
// directory or as a zip whose entries are the site's files, paths relative
// to the site root. This module verifies either form and unpacks a zip
// safely; bundle/zip_writer.h writes the zip.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "bundle/manifest.h"

namespace tebiki::bundle {

struct VerifyReport {
    std::optional<Manifest> manifest;  // when manifest.json could be read
    std::vector<std::string> errors;   // one problem a line: "docs/A.html: SHA-256 mismatch"
    bool has_signature = false;        // manifest.sig present
    bool signature_checked = false;    // a public key was given and the signature is valid
    std::string signer;                // when checked: the fingerprint of the key that signed
    // Bytes inflated from a zip's entries while verifying it (0 for a
    // directory): what the tests hold to show that an unlisted or oversized
    // entry is refused without being inflated.
    std::uint64_t inflated = 0;
    bool ok() const { return errors.empty(); }
};

// Verifies a directory or a .zip (decided by what `bundle` is). With a
// public key, a missing or invalid signature is an error. A zip is read
// without writing anything anywhere; entries with unsafe names ("..",
// absolute) or of other types than regular file and directory are errors.
VerifyReport verify_bundle(const std::filesystem::path& bundle,
                           const std::optional<std::filesystem::path>& pubkey);

// The same against several public keys (PEM texts, e.g. a terminal's
// trusted keys): the signature must be valid by one of them. An empty list
// checks no signature.
VerifyReport verify_bundle_by_keys(const std::filesystem::path& bundle, const std::vector<std::string>& key_pems);

// Unpacks a zip into `dest` (which must not exist), rejecting unsafe
// entries, then fsyncs every file and directory. Verify first.
void unpack_zip(const std::filesystem::path& zip, const std::filesystem::path& dest);

// fsync of one file or directory; throws on failure.
void fsync_path(const std::filesystem::path& path);

}  // namespace tebiki::bundle
