#include "source/repository_init.h"

#include "source/content_source.h"
#include "source/git_handles.h"

namespace tebiki::source {

namespace {

using GitIndex = std::unique_ptr<git_index, GitDeleter<git_index, git_index_free>>;
using GitSignature = std::unique_ptr<git_signature, GitDeleter<git_signature, git_signature_free>>;

void check(int rc, const std::string& what) {
    if (rc != 0) throw SourceError(SourceError::Kind::Io, what + ": " + last_git_error());
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
    check(git_index_write(index.get()), "writing the index");
    git_oid tree_id;
    check(git_index_write_tree(&tree_id, index.get()), "writing the tree");
    git_tree* raw_tree = nullptr;
    check(git_tree_lookup(&raw_tree, repo.get(), &tree_id), "reading the tree");
    GitTree tree(raw_tree);

    git_signature* raw_sig = nullptr;
    if (git_signature_default(&raw_sig, repo.get()) != 0) check(git_signature_now(&raw_sig, "tebiki", "tebiki@localhost"), "signature");
    GitSignature sig(raw_sig);
    git_oid commit_id;
    check(git_commit_create(&commit_id, repo.get(), "HEAD", sig.get(), sig.get(), "UTF-8", message.c_str(), tree.get(), 0,
                            nullptr),
          "committing");
    return oid_hex(&commit_id);
}

}  // namespace tebiki::source
