#pragma once
// RAII owners of libgit2 handles, private to the source module.

#include <git2.h>

#include <filesystem>
#include <memory>
#include <string>
#include <unordered_set>

namespace tebiki::source {

// libgit2 must be initialised once per process before any call.
class GitLibrary {
public:
    GitLibrary() { git_libgit2_init(); }
    ~GitLibrary() { git_libgit2_shutdown(); }
    GitLibrary(const GitLibrary&) = delete;
    GitLibrary& operator=(const GitLibrary&) = delete;
};

// The one GitLibrary of the process, made on first use.
inline void ensure_git_library() {
    static GitLibrary library;
}

template <typename T, void (*Free)(T*)>
struct GitDeleter {
    void operator()(T* p) const { Free(p); }
};

using GitRepo = std::unique_ptr<git_repository, GitDeleter<git_repository, git_repository_free>>;
using GitObject = std::unique_ptr<git_object, GitDeleter<git_object, git_object_free>>;
using GitCommit = std::unique_ptr<git_commit, GitDeleter<git_commit, git_commit_free>>;
using GitTree = std::unique_ptr<git_tree, GitDeleter<git_tree, git_tree_free>>;
using GitBlob = std::unique_ptr<git_blob, GitDeleter<git_blob, git_blob_free>>;

// The repository holding `content_dir` (found upwards from it); throws
// SourceError when there is none. Defined in content_source.cpp.
GitRepo discover_repository(const std::filesystem::path& content_dir);

// The repository paths `git status` reports under `prefix` ("" for the whole
// work tree): changed against HEAD, staged or not, or new and not ignored.
// git tells an unchanged file by its index's stat data, as `git status`
// does. Defined in content_source.cpp.
std::unordered_set<std::string> status_paths(git_repository* repo, const std::string& prefix);

inline std::string last_git_error() {
    const git_error* e = git_error_last();
    return e != nullptr && e->message != nullptr ? e->message : "unknown libgit2 error";
}

inline std::string oid_hex(const git_oid* oid) {
    char buffer[GIT_OID_HEXSZ + 1];
    git_oid_tostr(buffer, sizeof buffer, oid);
    return buffer;
}

}  // namespace tebiki::source
