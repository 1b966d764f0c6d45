#include "source/repository_state.h"

#include <fnmatch.h>

#include <algorithm>

#include "source/git_handles.h"

namespace tebiki::source {

namespace {

using GitReference = std::unique_ptr<git_reference, GitDeleter<git_reference, git_reference_free>>;

CommitInfo commit_of_reference(git_repository* repo, const char* name) {
    git_object* object = nullptr;
    CommitInfo info;
    if (git_revparse_single(&object, repo, name) != 0) return info;
    GitObject owned(object);
    git_object* peeled = nullptr;
    if (git_object_peel(&peeled, owned.get(), GIT_OBJECT_COMMIT) != 0) return info;
    GitCommit commit(reinterpret_cast<git_commit*>(peeled));
    info.id = oid_hex(git_commit_id(commit.get()));
    info.short_id = info.id.substr(0, 7);
    info.time = static_cast<long long>(git_commit_committer(commit.get())->when.time);
    info.utc_offset_minutes = git_commit_committer(commit.get())->when.offset;
    const char* summary = git_commit_summary(commit.get());
    info.summary = summary ? summary : "";
    return info;
}

}  // namespace

std::vector<std::string> uncommitted_paths(const std::filesystem::path& content_dir) {
    GitRepo repo = discover_repository(content_dir);
    const auto changed = status_paths(repo.get(), "");
    std::vector<std::string> paths(changed.begin(), changed.end());
    std::sort(paths.begin(), paths.end());
    return paths;
}

std::vector<std::string> uncommitted_content_paths(const SourceSnapshot& snapshot) {
    GitRepo repo = discover_repository(snapshot.repository_root);
    const auto changed = status_paths(repo.get(), snapshot.content_prefix);
    std::vector<std::string> paths(changed.begin(), changed.end());
    std::sort(paths.begin(), paths.end());
    return paths;
}

std::vector<TagInfo> matching_tags(const std::filesystem::path& content_dir, const std::string& pattern) {
    GitRepo repo = discover_repository(content_dir);
    git_strarray names{};
    if (git_tag_list(&names, repo.get()) != 0) return {};
    std::vector<TagInfo> tags;
    for (std::size_t i = 0; i < names.count; ++i) {
        const std::string name = names.strings[i];
        if (fnmatch(pattern.c_str(), name.c_str(), 0) != 0) continue;
        TagInfo tag{name, commit_of_reference(repo.get(), ("refs/tags/" + name).c_str())};
        if (!tag.commit.id.empty()) tags.push_back(std::move(tag));
    }
    git_strarray_dispose(&names);
    std::sort(tags.begin(), tags.end(), [](const TagInfo& a, const TagInfo& b) {
        return a.commit.time != b.commit.time ? a.commit.time < b.commit.time : a.name < b.name;
    });
    return tags;
}

bool tag_exists(const std::filesystem::path& content_dir, const std::string& name) {
    GitRepo repo = discover_repository(content_dir);
    git_reference* raw = nullptr;
    if (git_reference_lookup(&raw, repo.get(), ("refs/tags/" + name).c_str()) != 0) return false;
    GitReference owned(raw);
    return true;
}

std::optional<std::filesystem::path> work_tree_containing(const std::filesystem::path& path) {
    ensure_git_library();
    // The nearest directory that exists: a key directory may be made by the command.
    std::filesystem::path start = std::filesystem::weakly_canonical(std::filesystem::absolute(path));
    while (!std::filesystem::exists(start) && start.has_parent_path() && start != start.parent_path())
        start = start.parent_path();
    git_buf found = GIT_BUF_INIT;
    if (git_repository_discover(&found, start.c_str(), 0, nullptr) != 0) return std::nullopt;
    git_repository* raw = nullptr;
    const int rc = git_repository_open(&raw, found.ptr);
    git_buf_dispose(&found);
    if (rc != 0) return std::nullopt;
    const GitRepo repo(raw);
    const char* workdir = git_repository_workdir(repo.get());
    if (workdir == nullptr) return std::nullopt;
    return std::filesystem::canonical(workdir);
}

}  // namespace tebiki::source
