#include "source/content_root.h"

#include <system_error>

namespace tebiki::source {

namespace fs = std::filesystem;

namespace {

constexpr const char* kConfigFile = "tebiki.yml";
constexpr const char* kDefaultContentDir = "content";

bool is_file_at(const fs::path& path) {
    std::error_code ec;
    return fs::is_regular_file(path, ec);
}

bool is_directory_at(const fs::path& path) {
    std::error_code ec;
    return fs::is_directory(path, ec);
}

// A work tree's top holds .git: a directory, or a file in a linked worktree.
bool is_repository_top(const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / ".git", ec);
}

}  // namespace

std::optional<fs::path> find_content_root(const fs::path& start) {
    std::error_code ec;
    fs::path dir = fs::weakly_canonical(fs::absolute(start), ec);
    if (ec) return std::nullopt;
    for (;;) {
        if (is_file_at(dir / kConfigFile)) return dir;
        if (is_file_at(dir / kDefaultContentDir / kConfigFile)) return dir / kDefaultContentDir;
        if (is_repository_top(dir))
            return is_directory_at(dir / kDefaultContentDir) ? std::optional(dir / kDefaultContentDir) : std::nullopt;
        if (dir == dir.root_path() || dir.parent_path() == dir) return std::nullopt;
        dir = dir.parent_path();
    }
}

std::optional<fs::path> find_repository_top(const fs::path& start) {
    std::error_code ec;
    fs::path dir = fs::weakly_canonical(fs::absolute(start), ec);
    if (ec) return std::nullopt;
    for (;;) {
        if (is_repository_top(dir)) return dir;
        if (dir == dir.root_path() || dir.parent_path() == dir) return std::nullopt;
        dir = dir.parent_path();
    }
}

}  // namespace tebiki::source
