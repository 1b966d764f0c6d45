#include "reuse/recycled_output.h"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <vector>

#include "reuse/byte_codec.h"
#include "reuse/output_keys.h"

namespace tebiki::reuse {

namespace fs = std::filesystem;

namespace {

// Bumped whenever the record's layout changes; another layout is no record.
constexpr std::uint64_t kRecordFormat = 1;

std::int64_t modified_ns(const struct stat& status) {
    return std::int64_t{status.st_mtim.tv_sec} * 1'000'000'000 + status.st_mtim.tv_nsec;
}

// The cache key of a tree's record: its root directory, which keeps its
// device and inode through the renames from staging to output to previous.
std::optional<std::string> record_key(const fs::path& tree) {
    struct stat status {};
    if (::stat(tree.c_str(), &status) != 0) return std::nullopt;
    KeyDigest digest;
    digest.add("output tree record").add(static_cast<long long>(status.st_dev)).add(static_cast<long long>(status.st_ino));
    return digest.hex();
}

bool is_under(const std::string& path, const std::string& dir) {
    return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

// True for "a/b.html": no empty, "." or ".." component, not absolute.
bool is_plain_relative(std::string_view path) {
    if (path.empty()) return false;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        const std::string_view part = path.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") return false;
        if (end == path.size()) return true;
        start = end + 1;
    }
}

}  // namespace

void OutputRecord::add(const fs::path& path, std::string_view key, const struct stat& status) {
    const std::lock_guard<std::mutex> lock(mutex_);
    entries_[path.string()] = Entry{std::string(key), status.st_ino, status.st_size, modified_ns(status)};
}

void OutputRecord::write(const fs::path& tree, const OutputCache& cache) const {
    const auto key = record_key(tree);
    if (!key) return;
    const std::string root = tree.string();
    ByteWriter out;
    out.number(kRecordFormat);
    const std::lock_guard<std::mutex> lock(mutex_);
    std::size_t count = 0;
    for (const auto& [path, entry] : entries_) count += is_under(path, root) ? 1 : 0;
    out.number(count);
    for (const auto& [path, entry] : entries_) {
        if (!is_under(path, root)) continue;
        out.text(std::string_view(path).substr(root.size() + 1)).text(entry.key);
        out.number(entry.inode).number(static_cast<std::uint64_t>(entry.size)).signed_number(entry.modified_ns);
    }
    cache.write(*key, out.take());
}

RecycledOutput::RecycledOutput(fs::path tree, const OutputCache& cache) : tree_(std::move(tree)) {
    const auto key = record_key(tree_);
    const std::optional<std::string> bytes = key ? cache.read(*key) : std::nullopt;
    const std::string root = tree_.string();
    try {
        ByteReader in(bytes ? *bytes : std::string_view());
        if (in.number() == kRecordFormat) {
            for (std::size_t n = in.count(); n > 0; --n) {
                const std::string relative = in.text();
                File file;
                file.recorded.key = in.text();
                file.recorded.inode = static_cast<ino_t>(in.number());
                file.recorded.size = static_cast<off_t>(in.number());
                file.recorded.modified_ns = in.signed_number();
                if (!is_plain_relative(relative)) throw CodecError("path outside the tree");
                files_.emplace(root + '/' + relative, std::move(file));
            }
            in.finish();
        }
    } catch (const CodecError&) {
        files_.clear();  // a damaged record vouches for nothing
    }
    // Everything the record does not list goes: what the build writes anew
    // (assets, index.js, zips, manifests), and anything else found there.
    if (!keep_listed_files(tree_)) {  // a tree that cannot be read whole is emptied, not half trusted
        files_.clear();
        std::error_code ec;
        fs::remove_all(tree_, ec);
        fs::create_directory(tree_, ec);
    }
}

bool RecycledOutput::keep_listed_files(const fs::path& dir) {
    // readdir's file types spare a stat per file: 2,600 of them in the
    // benchmark's output, on every build.
    DIR* stream = ::opendir(dir.c_str());
    if (stream == nullptr) return false;
    bool whole = true;
    std::vector<std::string> subdirectories;
    while (const dirent* entry = ::readdir(stream)) {
        const std::string_view name = entry->d_name;
        if (name == "." || name == "..") continue;
        std::string path = dir.string() + '/' + std::string(name);
        unsigned char type = entry->d_type;
        if (type == DT_UNKNOWN) {
            struct stat status {};
            if (::lstat(path.c_str(), &status) != 0) continue;
            type = S_ISDIR(status.st_mode) ? DT_DIR : S_ISREG(status.st_mode) ? DT_REG : DT_LNK;
        }
        if (type == DT_DIR) {
            subdirectories.push_back(std::move(path));
        } else if (type != DT_REG || files_.count(path) == 0) {
            files_.erase(path);
            if (::unlink(path.c_str()) != 0 && errno != ENOENT) whole = false;
        }
    }
    ::closedir(stream);
    for (const auto& subdirectory : subdirectories) {
        whole = keep_listed_files(subdirectory) && whole;
        (void)::rmdir(subdirectory.c_str());  // only when left empty
    }
    return whole;
}

bool RecycledOutput::keeps(const fs::path& path, std::string_view key, struct stat& status) {
    File* file = nullptr;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        const auto found = files_.find(path.string());
        if (found == files_.end()) return false;
        // This build makes the output at `path` either way: not stale.
        found->second.claimed = true;
        file = &found->second;
    }
    const OutputRecord::Entry& recorded = file->recorded;
    return recorded.key == key && ::lstat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode) &&
           status.st_ino == recorded.inode && status.st_size == recorded.size &&
           modified_ns(status) == recorded.modified_ns;
}

void RecycledOutput::remove_unclaimed(const fs::path& dir) {
    const std::string under = dir.string();
    std::vector<std::pair<std::string, ino_t>> stale;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& [path, file] : files_)
            if (!file.claimed && is_under(path, under)) stale.emplace_back(path, file.recorded.inode);
        for (const auto& [path, inode] : stale) files_.erase(path);
    }
    for (const auto& [path, inode] : stale) {
        // Only the earlier file itself: one this build wrote at the same
        // path without asking (a new inode) is output, not stale.
        struct stat status {};
        if (::lstat(path.c_str(), &status) == 0 && status.st_ino == inode) (void)::unlink(path.c_str());
    }
    if (!stale.empty()) remove_empty_directories(dir);
}

void remove_empty_directories(const fs::path& dir) {
    std::vector<fs::path> directories;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (fs::is_directory(it->symlink_status(ec))) directories.push_back(it->path());
    // Deepest first, so that a directory emptied by its children goes too.
    std::sort(directories.begin(), directories.end(),
              [](const fs::path& a, const fs::path& b) { return a.string().size() > b.string().size(); });
    for (const auto& each : directories) (void)::rmdir(each.c_str());  // fails, harmlessly, unless empty
}

}  // namespace tebiki::reuse
