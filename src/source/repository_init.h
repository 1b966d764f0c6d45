#pragma once
// Making a new content repository: git init and a first commit.

#include <filesystem>
#include <string>

namespace tebiki::source {

// Initialises a git repository at `dir` (which holds the files to commit)
// and commits every file in it with `message`. The author is the user's git
// identity when configured, else "tebiki". Returns the commit id.
std::string create_repository_with_commit(const std::filesystem::path& dir, const std::string& message);

}  // namespace tebiki::source
