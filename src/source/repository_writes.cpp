#include "source/repository_writes.h"

#include "source/content_source.h"
#include "source/git_handles.h"

namespace tebiki::source {

namespace {

using GitIndex = std::unique_ptr<git_index, GitDeleter<git_index, git_index_free>>;
using GitSignature = std::unique_ptr<git_signature, GitDeleter<git_signature, git_signature_free>>;


void check(int rc, const std::string& what) {
    if (rc != 0) throw SourceError(SourceError::Kind::Io, what + ": " + last_git_error());
}

GitSignature user_signature(git_repository* repo) {
    git_signature* raw = nullptr;
    if (git_signature_default(&raw, repo) != 0) check(git_signature_now(&raw, "tebiki", "tebiki@localhost"), "signature");
    return GitSignature(raw);
}

CommitInfo commit_info(git_commit* commit) {
    CommitInfo info;
    info.id = oid_hex(git_commit_id(commit));
    info.short_id = info.id.substr(0, 7);
    info.time = static_cast<long long>(git_commit_committer(commit)->when.time);
    info.utc_offset_minutes = git_commit_committer(commit)->when.offset;
    const char* summary = git_commit_summary(commit);
    info.summary = summary ? summary : "";
    return info;
}

// Writes the index, and the tree it describes, to the repository.
GitTree write_index_tree(git_repository* repo, git_index* index) {
    check(git_index_write(index), "writing the index");
    git_oid tree_id;
    check(git_index_write_tree(&tree_id, index), "writing the tree");
    git_tree* raw_tree = nullptr;
    check(git_tree_lookup(&raw_tree, repo, &tree_id), "reading the tree");
    return GitTree(raw_tree);
}

GitCommit head_commit(git_repository* repo) {
    git_object* raw = nullptr;
    check(git_revparse_single(&raw, repo, "HEAD^{commit}"), "reading HEAD");
    return GitCommit(reinterpret_cast<git_commit*>(raw));
}

}  // namespace

std::string create_repository_with_commit(const std::filesystem::path& dir, const std::string& message) {
    ensure_git_library();
    git_repository* raw_repo = nullptr;
    check(git_repository_init(&raw_repo, dir.c_str(), 0), "git init " + dir.string());
    GitRepo repo(raw_repo);

    git_index* raw_index = nullptr;
    check(git_repository_index(&raw_index, repo.get()), "opening the index");
    GitIndex index(raw_index);
    char all[] = "*";
    char* paths[] = {all};
    const git_strarray spec = {paths, 1};
    check(git_index_add_all(index.get(), &spec, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr), "adding the files");
    GitTree tree = write_index_tree(repo.get(), index.get());

    GitSignature sig = user_signature(repo.get());
    git_oid commit_id;
    check(git_commit_create(&commit_id, repo.get(), "HEAD", sig.get(), sig.get(), "UTF-8", message.c_str(), tree.get(), 0,
                            nullptr),
          "committing");
    return oid_hex(&commit_id);
}

bool has_staged_changes(const std::filesystem::path& content_dir) {
    GitRepo repo = discover_repository(content_dir);
    GitCommit head = head_commit(repo.get());
    git_tree* raw_tree = nullptr;
    check(git_commit_tree(&raw_tree, head.get()), "reading HEAD's tree");
    GitTree tree(raw_tree);
    git_diff* raw_diff = nullptr;
    check(git_diff_tree_to_index(&raw_diff, repo.get(), tree.get(), nullptr, nullptr), "comparing the index");
    const std::unique_ptr<git_diff, GitDeleter<git_diff, git_diff_free>> diff(raw_diff);
    return git_diff_num_deltas(diff.get()) > 0;
}

CommitInfo commit_paths(const std::filesystem::path& content_dir, const std::vector<std::string>& repo_paths,
                        const std::string& message) {
    GitRepo repo = discover_repository(content_dir);
    git_index* raw_index = nullptr;
    check(git_repository_index(&raw_index, repo.get()), "opening the index");
    GitIndex index(raw_index);
    for (const auto& path : repo_paths) check(git_index_add_bypath(index.get(), path.c_str()), "staging " + path);
    GitTree tree = write_index_tree(repo.get(), index.get());
    GitCommit parent = head_commit(repo.get());
    GitSignature sig = user_signature(repo.get());
    const git_commit* parents[] = {parent.get()};
    git_oid commit_id;
    check(git_commit_create(&commit_id, repo.get(), "HEAD", sig.get(), sig.get(), "UTF-8", message.c_str(), tree.get(),
                            1, parents),
          "committing");
    git_commit* raw_commit = nullptr;
    check(git_commit_lookup(&raw_commit, repo.get(), &commit_id), "reading the new commit");
    return commit_info(GitCommit(raw_commit).get());
}

CommitInfo tag_head(const std::filesystem::path& content_dir, const std::string& name, const std::string& message) {
    GitRepo repo = discover_repository(content_dir);
    GitCommit head = head_commit(repo.get());
    GitSignature sig = user_signature(repo.get());
    git_oid tag_id;
    check(git_tag_create(&tag_id, repo.get(), name.c_str(), reinterpret_cast<const git_object*>(head.get()), sig.get(),
                         message.c_str(), /*force=*/0),
          "creating tag " + name);
    return commit_info(head.get());
}

std::string tag_message(const std::filesystem::path& content_dir, const std::string& name) {
    GitRepo repo = discover_repository(content_dir);
    git_object* raw = nullptr;
    if (git_revparse_single(&raw, repo.get(), ("refs/tags/" + name).c_str()) != 0) return {};
    GitObject object(raw);
    if (git_object_type(object.get()) != GIT_OBJECT_TAG) return {};
    const char* message = git_tag_message(reinterpret_cast<const git_tag*>(object.get()));
    return message ? message : "";
}

}  // namespace tebiki::source
