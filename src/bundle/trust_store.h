#pragma once
// The publisher keys a ward terminal trusts, kept in its install directory
// (like apt's signed-by): DIR/trusted-keys/<fingerprint>.pub, one PEM public
// key each. Once one is there, nothing goes live in DIR unless a trusted key
// signed it. Keys arrive by `tebiki trust`, by the first install given
// --pubkey, or as the successor named by a bundle a trusted key signed, and
// leave by `tebiki trust --remove` (a key lost or retired after a rotation).

#include <filesystem>
#include <string>
#include <vector>

namespace tebiki::bundle {

inline constexpr const char* kTrustedKeysDir = "trusted-keys";

struct TrustedKey {
    std::string fingerprint;  // "ed25519:0123456789abcdef"
    std::string pem;
};

class TrustStore {
public:
    explicit TrustStore(std::filesystem::path install_dir);

    // The trusted keys, by fingerprint. Throws when one of the files is not
    // an Ed25519 public key: a damaged trust store must not read as empty.
    std::vector<TrustedKey> keys() const;
    bool empty() const { return keys().empty(); }
    bool trusts(const std::string& fingerprint) const;

    // Adds a key (PEM text); returns its fingerprint. Written to a temporary
    // file and renamed into place. Throws on a text that is not an Ed25519
    // public key, or on I/O failure.
    std::string add(const std::string& pem);

    // Stops trusting the key with `fingerprint`. Throws InstallRefused when
    // DIR does not trust it, or when it is the only key DIR trusts: DIR would
    // then take bundles signed by anyone (trust the replacement first).
    void remove(const std::string& fingerprint);

private:
    std::filesystem::path dir_;  // DIR/trusted-keys
};

// The PEM texts of `keys`, in order (what verify_bundle_by_keys takes).
std::vector<std::string> pems_of(const std::vector<TrustedKey>& keys);

}  // namespace tebiki::bundle
