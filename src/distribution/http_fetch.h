#pragma once
// Fetching bundles and channels over HTTP(S) with cpp-httplib: a small file
// with a conditional GET (so a proxy or CDN can answer "not modified"), and
// a large one to disk, resumed with Range after a dropped connection.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace tebiki::distribution {

// A server that cannot be reached or answers with a failure. `status` is
// the HTTP status, or 0 when there was no answer.
struct FetchError : std::runtime_error {
    FetchError(const std::string& url, int status, const std::string& reason);
    std::string url;
    int status;
    std::string reason;  // what() without the URL
    // "download failed: URL[ answered HTTP N]: reason", for the command line.
    std::string describe() const;
};

struct FetchOptions {
    std::chrono::seconds timeout{30};  // to connect, and between two reads of the body
    int attempts = 4;                  // a dropped download is resumed this many times in all
};

// True for "http://…" and "https://…".
bool is_url(const std::string& text);

// The URL of `name` in the directory BASE_URL names ("http://h/x" and
// "http://h/x/" both give "http://h/x/name").
std::string url_beside(const std::string& base_url, const std::string& name);

struct SmallFile {
    bool not_modified = false;  // 304: the copy the validators came from is still current
    std::string body;
    std::string etag, last_modified;
};

// Whether validators from an answer may be kept for the next conditional
// GET: not when the file was modified in the second the answer was sent
// (Last-Modified equal to Date), since servers that count seconds (nginx's
// ETag too) would then answer 304 to a file replaced later in that second.
bool validators_are_settled(const std::string& last_modified, const std::string& date);

// GET of a file of at most `cap` bytes, conditional on the validators of an
// earlier answer (either may be empty). Throws FetchError.
SmallFile fetch_small(const std::string& url, const std::string& etag, const std::string& last_modified,
                      std::size_t cap, const FetchOptions& options);

// Downloads `url` into `dest`. A `dest` left by an earlier attempt (with its
// validator in dest + ".etag") is continued with Range and If-Range, and so
// is a connection dropped mid-body, up to options.attempts in all. Throws
// FetchError; what was received stays in `dest` for the next attempt.
// With `max_bytes` (the size a channel promised), a longer body is cut off
// and the download refused: a hostile server cannot fill the disk.
void download_file(const std::string& url, const std::filesystem::path& dest, const FetchOptions& options,
                   std::optional<std::uint64_t> max_bytes = std::nullopt);

}  // namespace tebiki::distribution
