#pragma once
// A file's digests as a bundle needs them: size and SHA-256 for the
// manifest, CRC-32 for the zip. An incremental build links most of a
// site's files from the build cache, and hashing all of them again was most
// of the bundle step; so the cache digests an entry once, when it stores
// it, and keeps the digests on the entry's inode (a user extended
// attribute), where every link to it can read them. They are believed only
// while the file keeps the size and modification time they were made at,
// as git's index believes its stat data; a file system without user
// extended attributes simply has everything hashed.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace tebiki::bundle {

struct FileDigest {
    std::uint64_t size = 0;
    std::string sha256;  // 64 lowercase hex digits
    std::uint32_t crc32 = 0;
    bool operator==(const FileDigest&) const = default;
};

// Reads the file once for both digests. Throws std::runtime_error when it cannot be read.
FileDigest digest_file(const std::filesystem::path& file);

// Keeps `digest` on the file with its current size and modification time;
// false when it cannot (no user extended attributes there).
bool remember_digest(const std::filesystem::path& file, const FileDigest& digest);

// The digest kept on the file, while its size and modification time are
// still those it was kept with; none otherwise.
std::optional<FileDigest> remembered_digest(const std::filesystem::path& file);

// The remembered digest, else a fresh one.
FileDigest known_or_fresh_digest(const std::filesystem::path& file);

}  // namespace tebiki::bundle
