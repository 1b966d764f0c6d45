#include "reuse/output_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <ctime>
#include <fstream>
#include <string_view>
#include <system_error>

#include "bundle/file_digest.h"

namespace tebiki::reuse {

namespace fs = std::filesystem;

namespace {

// The specification's signature line, then what the directory is.
constexpr std::string_view kCacheTag =
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by tebiki (the build cache).\n"
    "# It may be deleted at any time with the directory; see https://bford.info/cachedir/\n";

// Bumped whenever the layout of the cache directory changes.
constexpr const char* kLayout = "v1";

// Every entry's modification time, 2000-01-01T00:00:00Z: any other time
// means the entry was written after the cache stored it.
constexpr std::time_t kEntryTime = 946684800;

// True when `status` is of a regular file still as the cache stored it.
bool is_sound_entry(const struct stat& status) {
    return S_ISREG(status.st_mode) && status.st_mtim.tv_sec == kEntryTime && status.st_mtim.tv_nsec == 0;
}

bool is_sound_entry(const fs::path& entry) {
    struct stat status {};
    return ::stat(entry.c_str(), &status) == 0 && is_sound_entry(status);
}

// An entry's change time says when a build last used it (see
// prune_unused). Renewing it costs an inode write, so it is renewed only
// when it is older than this: pruning counts in days.
constexpr std::time_t kUseMarkInterval = 60 * 60;

bool is_stale_use_mark(const struct stat& status) {
    return std::time(nullptr) - status.st_ctim.tv_sec >= kUseMarkInterval;
}

// Reads the rest of `fd` into `bytes`, which has the file's size.
bool read_whole(int fd, std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t got = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return false;
        done += static_cast<std::size_t>(got);
    }
    return true;
}

// Where the last pruning is recorded, and how often it is done at most.
constexpr const char* kPruneStamp = "last-prune";
constexpr std::time_t kPruneInterval = 24 * 60 * 60;

std::string unique_suffix() {
    static std::atomic<unsigned> counter{0};
    return ".tmp." + std::to_string(getpid()) + "." + std::to_string(counter++);
}

}  // namespace

OutputCache::OutputCache(fs::path dir) : dir_(std::move(dir)) {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec || fs::exists(dir_ / kCacheTagFile, ec)) return;
    std::ofstream(dir_ / kCacheTagFile, std::ios::binary) << kCacheTag;
}

fs::path OutputCache::entry_path(std::string_view key) const {
    // Two-character fan-out keeps directories small, as git does.
    return dir_ / kLayout / std::string(key.substr(0, 2)) / std::string(key.substr(2));
}

bool OutputCache::restore(std::string_view key, const fs::path& destination) const {
    const fs::path entry = entry_path(key);
    std::error_code ec;
    if (!is_sound_entry(entry)) {
        fs::remove(entry, ec);  // missing, or altered through a link: render it again
        return false;
    }
    if (::link(entry.c_str(), destination.c_str()) == 0) return true;
    if (errno == EEXIST) {  // the live preview, or an earlier output being updated: replace the page in one rename
        const fs::path temporary = destination.string() + unique_suffix();
        if (::link(entry.c_str(), temporary.c_str()) == 0) {
            fs::rename(temporary, destination, ec);
            if (!ec) return true;
            fs::remove(temporary, ec);
            return false;
        }
    }
    fs::copy_file(entry, destination, fs::copy_options::overwrite_existing, ec);
    if (ec) return false;
    // A link changes the entry's change time; a copy does not, so mark the
    // use the same way (see prune_unused). Failing only loses the mark.
    (void)::chmod(entry.c_str(), 0644);
    return true;
}

void OutputCache::store(std::string_view key, const fs::path& source) const {
    put_entry(key, [&](const fs::path& temporary, std::error_code& ec) {
        // A link, as restore() makes: a new inode per page made a build
        // after a commit (every page anew) wait on the file system.
        if (::link(source.c_str(), temporary.c_str()) == 0) return;
        fs::copy_file(source, temporary, fs::copy_options::overwrite_existing, ec);
    }, Digests::Remember);
}

std::optional<std::string> OutputCache::read(std::string_view key) const {
    // An incremental build reads a couple of thousand entries: one open,
    // fstat and read each, rather than a stream and three path look-ups.
    const fs::path entry = entry_path(key);
    const int fd = ::open(entry.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::optional<std::string> bytes;
    struct stat status {};
    if (::fstat(fd, &status) == 0 && is_sound_entry(status)) {
        bytes.emplace(static_cast<std::size_t>(status.st_size), '\0');
        if (!read_whole(fd, *bytes)) bytes.reset();
        if (bytes && is_stale_use_mark(status)) (void)::fchmod(fd, 0644);  // marks the use (see prune_unused)
    }
    ::close(fd);
    return bytes;
}

void OutputCache::write(std::string_view key, std::string_view bytes) const {
    put_entry(key, [&](const fs::path& temporary, std::error_code& ec) {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) ec = std::make_error_code(std::errc::io_error);
    });
}

void OutputCache::put_entry(std::string_view key, const std::function<void(const fs::path&, std::error_code&)>& fill,
                            Digests digests) const {
    const fs::path entry = entry_path(key);
    std::error_code ec;
    fs::create_directories(entry.parent_path(), ec);
    if (ec) return;
    const fs::path temporary = entry.string() + unique_suffix();
    fill(temporary, ec);
    const timespec times[2] = {{kEntryTime, 0}, {kEntryTime, 0}};
    if (!ec && ::utimensat(AT_FDCWD, temporary.c_str(), times, 0) != 0) ec.assign(errno, std::generic_category());
    // After the stamp: the digests are believed while the entry keeps it.
    // An entry without them is only slower to bundle.
    if (!ec && digests == Digests::Remember) {
        try {
            bundle::remember_digest(temporary, bundle::digest_file(temporary));
        } catch (const std::runtime_error&) {
        }
    }
    if (!ec) fs::rename(temporary, entry, ec);
    if (ec) fs::remove(temporary, ec);
}

void OutputCache::prune_unused(int days) const {
    const std::time_t now = std::time(nullptr);
    // Walking every entry costs about as much as the rest of an incremental
    // build's bookkeeping, so it is done at most once a day: the stamp's
    // modification time says when it was last done.
    const fs::path stamp = dir_ / kPruneStamp;
    struct stat stamp_status {};
    if (::stat(stamp.c_str(), &stamp_status) == 0 && stamp_status.st_mtim.tv_sec <= now &&
        now - stamp_status.st_mtim.tv_sec < kPruneInterval)
        return;
    std::ofstream(stamp, std::ios::binary | std::ios::trunc);
    (void)::utimensat(AT_FDCWD, stamp.c_str(), nullptr, 0);
    const std::time_t cutoff = now - std::time_t{24 * 60 * 60} * days;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir_ / kLayout, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        struct stat status {};
        if (::lstat(it->path().c_str(), &status) != 0 || !S_ISREG(status.st_mode)) continue;
        std::error_code ignored;
        if (status.st_ctim.tv_sec < cutoff) fs::remove(it->path(), ignored);
    }
}

fs::path default_cache_dir(const fs::path& repository_root) { return repository_root / ".tebiki-cache"; }

bool is_build_cache(const fs::path& dir) {
    std::ifstream in(dir / kCacheTagFile, std::ios::binary);
    std::string tag(kCacheTag.size(), '\0');
    in.read(tag.data(), static_cast<std::streamsize>(tag.size()));
    return in && tag == kCacheTag;
}

}  // namespace tebiki::reuse
