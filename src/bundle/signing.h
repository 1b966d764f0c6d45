#pragma once
// Ed25519 signatures of a manifest's exact bytes (OpenSSL EVP). Keys are
// PEM files: the private key PKCS#8 ("tebiki-signing.key", mode 0600), the
// public key SubjectPublicKeyInfo ("tebiki-signing.pub"). manifest.sig holds
// the raw 64-byte signature. Ed25519 is deterministic: the same manifest
// and key give the same signature, so signed output stays byte-identical.

#include <filesystem>
#include <string>

namespace tebiki::bundle {

inline constexpr const char* kPrivateKeyFile = "tebiki-signing.key";
inline constexpr const char* kPublicKeyFile = "tebiki-signing.pub";

// Writes DIR/tebiki-signing.key (0600) and DIR/tebiki-signing.pub; refuses
// to overwrite either. Throws std::runtime_error.
void generate_key_pair(const std::filesystem::path& dir);

// The raw 64-byte signature of `message` by the private key in `key_file`.
std::string sign(const std::string& message, const std::filesystem::path& key_file);

// True when `signature` is a valid signature of `message` by the public key
// in `pubkey_file`. Throws when the key cannot be read.
bool verify_signature(const std::string& message, const std::string& signature,
                      const std::filesystem::path& pubkey_file);

// The same with the public key given as PEM text (a key carried in a
// manifest). Throws when the text is not an Ed25519 public key.
bool verify_signature_pem(const std::string& message, const std::string& signature, const std::string& pubkey_pem);

// A short, stable name of an Ed25519 public key given as PEM text:
// "ed25519:" and the first 16 hex digits of the SHA-256 of its 32 raw bytes.
// Throws when the text is not an Ed25519 public key.
std::string key_fingerprint(const std::string& pubkey_pem);

}  // namespace tebiki::bundle
