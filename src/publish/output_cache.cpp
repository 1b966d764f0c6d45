#include "publish/output_cache.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <string_view>
#include <system_error>

namespace tebiki::publish {

namespace fs = std::filesystem;

namespace {

// The specification's signature line, then what the directory is.
constexpr std::string_view kCacheTag =
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by tebiki (the build cache).\n"
    "# It may be deleted at any time with the directory; see https://bford.info/cachedir/\n";

// Bumped whenever the layout of the cache directory changes.
constexpr const char* kLayout = "v1";

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
    fs::copy_file(entry, destination, fs::copy_options::overwrite_existing, ec);
    if (ec) return false;
    // The entry's time says when a build last used it (see prune_unused).
    fs::last_write_time(entry, fs::file_time_type::clock::now(), ec);
    return true;
}

void OutputCache::store(std::string_view key, const fs::path& source) const {
    const fs::path entry = entry_path(key);
    std::error_code ec;
    fs::create_directories(entry.parent_path(), ec);
    if (ec) return;
    const fs::path temporary = entry.string() + unique_suffix();
    fs::copy_file(source, temporary, fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::rename(temporary, entry, ec);
    if (ec) fs::remove(temporary, ec);
}

void OutputCache::prune_unused(int days) const {
    const auto cutoff = fs::file_time_type::clock::now() - std::chrono::hours(24) * days;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir_ / kLayout, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        std::error_code time_ec;
        if (fs::last_write_time(it->path(), time_ec) < cutoff && !time_ec) fs::remove(it->path(), time_ec);
    }
}

fs::path default_cache_dir(const fs::path& repository_root) { return repository_root / ".tebiki-cache"; }

bool is_build_cache(const fs::path& dir) {
    std::ifstream in(dir / kCacheTagFile, std::ios::binary);
    std::string tag(kCacheTag.size(), '\0');
    in.read(tag.data(), static_cast<std::streamsize>(tag.size()));
    return in && tag == kCacheTag;
}

}  // namespace tebiki::publish
