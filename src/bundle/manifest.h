#pragma once
// A bundle's manifest: which audience and edition it is, and every file's
// path, size and SHA-256, so that a ward terminal can prove its copy is
// complete and unaltered. Written as <site>/manifest.json (deterministic
// JSON: sorted keys, no timestamps but the edition's commit time), signed
// as <site>/manifest.sig (see signing.h).

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tebiki::bundle {

inline constexpr const char* kManifestFile = "manifest.json";
inline constexpr const char* kSignatureFile = "manifest.sig";
inline constexpr int kManifestFormat = 1;

struct ManifestFile {
    std::string path;    // relative to the site root, '/'-separated
    std::uint64_t size = 0;
    std::string sha256;  // 64 lowercase hex digits
    bool operator==(const ManifestFile&) const = default;
};

struct Manifest {
    int format = kManifestFormat;
    std::string audience;       // key: "ward-5w"
    std::string audience_name;  // "5階西病棟"
    std::optional<std::string> edition;  // the tag, or none for a plain build
    std::string source_commit;  // full id
    long long published_at = 0; // the source commit's time (Unix seconds): orders editions
    std::string tebiki_version;
    std::vector<ManifestFile> files;  // sorted by path
    // Key rotation (issue 16): public keys (PEM) that a terminal trusting
    // this manifest's signer is to trust from now on. Written only when
    // there are some, so manifests without them keep their bytes.
    std::vector<std::string> successor_keys;

    std::string to_json() const;  // the exact bytes written and signed
    // Throws std::runtime_error on anything malformed (unsafe paths included)
    // or outside the sane ranges above, naming the field.
    static Manifest from_json(const std::string& bytes);
};

// Sane ranges (issue 17). A manifest or channel with a value outside them
// is refused with the field named, before anything is unpacked: a signed
// file can still be a publisher's mistake, and an unsigned one anything.
// Times are Unix seconds from 1980 (the zip format's epoch; no git content
// is older) to 2200; counts and sizes stay far above any hospital's site
// (a few thousand files, a binder of some hundred MB) and far below what
// would exhaust a terminal's memory or disk arithmetic.
inline constexpr long long kEarliestTime = 315532800;   // 1980-01-01T00:00:00Z
inline constexpr long long kLatestTime = 7258118400;    // 2200-01-01T00:00:00Z
inline constexpr std::size_t kMaxManifestFiles = 200000;
inline constexpr std::size_t kMaxPathBytes = 1024;      // a file's whole path
inline constexpr std::size_t kMaxNameBytes = 255;       // one component: what Linux file systems take
inline constexpr std::size_t kMaxLabelBytes = 256;      // edition, audience name, tebiki version
inline constexpr std::size_t kMaxAudienceKeyBytes = 64;
inline constexpr std::uint64_t kMaxFileBytes = 16ull << 30;   // one file: 16 GiB
inline constexpr std::uint64_t kMaxBundleBytes = 64ull << 30; // all files together: 64 GiB
inline constexpr std::size_t kMaxSuccessorKeys = 16;
inline constexpr std::size_t kMaxKeyBytes = 4096;       // a PEM public key is about 113

// Throws std::runtime_error("<field>: ... ") when `value` is not a time in
// [kEarliestTime, kLatestTime).
void require_sane_time(long long value, const std::string& field);
// An audience key as the content config allows it: lower-case ASCII
// letters and digits first, then those, '-' or '_'; at most 64 bytes.
bool is_audience_key(const std::string& key);

// 64 lowercase hex digits of the SHA-256 of a file / of bytes (OpenSSL EVP).
std::string sha256_file(const std::filesystem::path& file, std::uint64_t* size = nullptr);
std::string sha256_hex(const void* data, std::size_t size);

// An incremental SHA-256 (for streams, e.g. zip entries).
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(const void* data, std::size_t size);
    std::string hex();  // finishes

private:
    void* ctx_;
};

// True for a relative, normalised '/'-path with no "..", ".", empty or
// absolute components and no backslash or NUL: safe to join under a root.
bool is_safe_relative_path(const std::string& path);

// Each file's CRC-32 by manifest path: what the zip writer needs besides
// the manifest, learnt in the same pass.
using FileCrcs = std::map<std::string, std::uint32_t>;

// Every regular file under `site_dir` except the manifest and signature,
// hashed and sorted (with `crcs`, their CRC-32s too); a file that carries
// its digests (bundle/file_digest.h: the build cache's entries) is not read
// again. For the writing side only: verifying a bundle hashes every byte.
// Throws on a symlink or other non-regular entry.
std::vector<ManifestFile> scan_files(const std::filesystem::path& site_dir, FileCrcs* crcs = nullptr);

// Writes <site_dir>/manifest.json for the site as it is now; returns it.
Manifest write_manifest(const std::filesystem::path& site_dir, Manifest header, FileCrcs* crcs = nullptr);

std::string read_bytes(const std::filesystem::path& file);
void write_bytes(const std::filesystem::path& file, const std::string& bytes);

}  // namespace tebiki::bundle
