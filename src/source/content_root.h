#pragma once
// Where the content is when nobody said: found from the directory a command
// runs in, as git finds its repository and Hugo its site.

#include <filesystem>
#include <optional>

namespace tebiki::source {

// The content root for a command run in `start`: the nearest directory at or
// above `start` holding tebiki.yml, or holding content/tebiki.yml (then its
// content/), looking no higher than the git repository's top; at the top
// itself, its content/ directory even without tebiki.yml (the catalog then
// says that the config is missing). Nothing when `start` is outside any
// repository or the repository has no content/.
std::optional<std::filesystem::path> find_content_root(const std::filesystem::path& start);

// The top of the git work tree `start` is in, if it is in one.
std::optional<std::filesystem::path> find_repository_top(const std::filesystem::path& start);

}  // namespace tebiki::source
