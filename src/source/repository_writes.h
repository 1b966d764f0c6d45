#pragma once
// What tebiki writes to git itself: a new content repository, a controller's
// approval commit, an edition's tag. Everything else only reads.

#include <filesystem>
#include <string>
#include <vector>

#include "source/content_source.h"

namespace tebiki::source {

// Initialises a git repository at `dir` (which holds the files to commit)
// and commits every file in it with `message`. The author is the user's git
// identity when configured, else "tebiki". Returns the commit id.
std::string create_repository_with_commit(const std::filesystem::path& dir, const std::string& message);

// Whether the index holds staged changes (a commit of ours would take them along).
bool has_staged_changes(const std::filesystem::path& content_dir);

// Stages `repo_paths` (from the repository root) as they are in the work tree
// and commits them on HEAD with `message`. Returns the new commit.
CommitInfo commit_paths(const std::filesystem::path& content_dir, const std::vector<std::string>& repo_paths,
                        const std::string& message);

// Creates the annotated tag `name` on HEAD with `message`; throws when the
// tag exists. Returns the tagged commit.
CommitInfo tag_head(const std::filesystem::path& content_dir, const std::string& name, const std::string& message);

// The message of the annotated tag `name`, or "" for a lightweight tag.
std::string tag_message(const std::filesystem::path& content_dir, const std::string& name);

}  // namespace tebiki::source
