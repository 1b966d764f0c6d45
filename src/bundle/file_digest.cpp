#include "bundle/file_digest.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <zlib.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "bundle/manifest.h"

namespace tebiki::bundle {

namespace {

// The attribute's name and the layout of its value, which names its own format.
constexpr const char* kAttribute = "user.tebiki.digest";
constexpr const char* kValueFormat = "tebiki-digest-1";

struct FileStamp {
    std::uint64_t size = 0;
    long long mtime_sec = 0;
    long long mtime_nsec = 0;
};

std::optional<FileStamp> stamp_of(const std::filesystem::path& file) {
    struct stat status {};
    if (::stat(file.c_str(), &status) != 0 || !S_ISREG(status.st_mode)) return std::nullopt;
    return FileStamp{static_cast<std::uint64_t>(status.st_size), static_cast<long long>(status.st_mtim.tv_sec),
                     static_cast<long long>(status.st_mtim.tv_nsec)};
}

bool is_sha256_hex(std::string_view text) {
    return text.size() == 64 &&
           text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

FileDigest digest_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    Sha256 sha;
    uLong crc = crc32(0L, Z_NULL, 0);
    std::vector<char> buffer(1 << 16);
    FileDigest digest;
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
        const auto n = static_cast<std::size_t>(in.gcount());
        sha.update(buffer.data(), n);
        crc = crc32(crc, reinterpret_cast<const Bytef*>(buffer.data()), static_cast<uInt>(n));
        digest.size += n;
    }
    if (in.bad()) throw std::runtime_error("cannot read " + file.string());
    digest.sha256 = sha.hex();
    digest.crc32 = static_cast<std::uint32_t>(crc);
    return digest;
}

bool remember_digest(const std::filesystem::path& file, const FileDigest& digest) {
    const auto stamp = stamp_of(file);
    if (!stamp || stamp->size != digest.size) return false;
    const std::string value = fmt::format("{} {} {}.{:09} {} {:08x}", kValueFormat, digest.size, stamp->mtime_sec,
                                          stamp->mtime_nsec, digest.sha256, digest.crc32);
    return ::setxattr(file.c_str(), kAttribute, value.data(), value.size(), 0) == 0;
}

std::optional<FileDigest> remembered_digest(const std::filesystem::path& file) {
    std::array<char, 160> value{};
    const ssize_t length = ::getxattr(file.c_str(), kAttribute, value.data(), value.size() - 1);
    if (length <= 0) return std::nullopt;
    const auto stamp = stamp_of(file);
    if (!stamp) return std::nullopt;
    char format[32] = {};
    unsigned long long size = 0;
    long long mtime_sec = 0, mtime_nsec = 0;
    char sha[65] = {};
    unsigned crc = 0;
    int consumed = 0;
    if (std::sscanf(value.data(), "%31s %llu %lld.%lld %64s %8x%n", format, &size, &mtime_sec, &mtime_nsec, sha,
                    &crc, &consumed) != 6 ||
        consumed != length || std::string_view(format) != kValueFormat || !is_sha256_hex(sha))
        return std::nullopt;
    if (size != stamp->size || mtime_sec != stamp->mtime_sec || mtime_nsec != stamp->mtime_nsec) return std::nullopt;
    return FileDigest{size, sha, crc};
}

FileDigest known_or_fresh_digest(const std::filesystem::path& file) {
    if (auto known = remembered_digest(file)) return *known;
    return digest_file(file);
}

}  // namespace tebiki::bundle
