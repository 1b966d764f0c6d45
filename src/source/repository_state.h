#pragma once
// Facts about the repository that publishing needs: uncommitted changes and
// edition tags.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "source/content_source.h"

namespace tebiki::source {

// Paths (from the repository root) with uncommitted changes: modified,
// staged, deleted or new and not ignored. Empty for a clean work tree.
std::vector<std::string> uncommitted_paths(const std::filesystem::path& content_dir);

// The uncommitted paths (from the repository root) under the snapshot's
// content root: what a build of a revision leaves out.
std::vector<std::string> uncommitted_content_paths(const SourceSnapshot& snapshot);

// Tags whose names match the glob `pattern`, oldest commit first (ties by name).
struct TagInfo {
    std::string name;
    CommitInfo commit;
};
std::vector<TagInfo> matching_tags(const std::filesystem::path& content_dir, const std::string& pattern);

bool tag_exists(const std::filesystem::path& content_dir, const std::string& name);

// The work tree of the git repository that holds `path` (found upwards from
// it, as git does), or none. For keeping private keys out of repositories.
std::optional<std::filesystem::path> work_tree_containing(const std::filesystem::path& path);

}  // namespace tebiki::source
