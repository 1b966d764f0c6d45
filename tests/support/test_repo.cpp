#include "test_repo.h"

#include <git2.h>
#include <stdlib.h>

#include <fstream>
#include <stdexcept>

namespace tebiki::testing {

namespace fs = std::filesystem;

namespace {
void check(int rc, const char* what) {
    if (rc != 0) {
        const git_error* e = git_error_last();
        throw std::runtime_error(std::string(what) + ": " + (e ? e->message : "libgit2 error"));
    }
}
}  // namespace

TestRepo::TestRepo() {
    git_libgit2_init();
    std::string pattern = (fs::temp_directory_path() / "tebiki-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = fs::canonical(pattern);
    check(git_repository_init(&repo_, root_.c_str(), 0), "git init");
}

TestRepo::~TestRepo() {
    git_repository_free(repo_);
    git_libgit2_shutdown();
    std::error_code ignored;
    fs::remove_all(root_, ignored);
}

void TestRepo::write(const std::string& relative, const std::string& bytes) const {
    const fs::path p = root_ / relative;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << bytes;
}

void TestRepo::remove(const std::string& relative) const { fs::remove(root_ / relative); }

std::string TestRepo::commit(const std::string& message, long long time) {
    git_index* index = nullptr;
    check(git_repository_index(&index, repo_), "index");
    char star[] = "*";
    char* paths[] = {star};
    git_strarray spec = {paths, 1};
    check(git_index_add_all(index, &spec, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr), "add");
    check(git_index_update_all(index, &spec, nullptr, nullptr), "update");
    check(git_index_write(index), "index write");
    git_oid tree_id;
    check(git_index_write_tree(&tree_id, index), "write tree");
    git_index_free(index);
    git_tree* tree = nullptr;
    check(git_tree_lookup(&tree, repo_, &tree_id), "tree");

    git_signature* sig = nullptr;
    check(git_signature_new(&sig, "看護 花子", "hanako@example.jp", time, 9 * 60), "signature");
    git_commit* parent = nullptr;
    git_oid head_id;
    const bool has_head = git_reference_name_to_id(&head_id, repo_, "HEAD") == 0;
    if (has_head) check(git_commit_lookup(&parent, repo_, &head_id), "parent");
    const git_commit* parents[] = {parent};
    git_oid commit_id;
    check(git_commit_create(&commit_id, repo_, "HEAD", sig, sig, "UTF-8", message.c_str(), tree, has_head ? 1 : 0,
                            parents),
          "commit");
    git_commit_free(parent);
    git_signature_free(sig);
    git_tree_free(tree);
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &commit_id);
    return hex;
}

void TestRepo::tag(const std::string& name) const {
    git_object* head = nullptr;
    check(git_revparse_single(&head, repo_, "HEAD"), "HEAD");
    git_oid id;
    check(git_tag_create_lightweight(&id, repo_, name.c_str(), head, 0), "tag");
    git_object_free(head);
}

std::string sample_config() {
    return "organisation: テスト病院\n"
           "site_title: テスト文書集\n"
           "audiences:\n"
           "  - key: all\n"
           "    name: 全職員\n"
           "  - key: ward-5w\n"
           "    name: 5階西病棟\n"
           "  - key: it\n"
           "    name: 医療情報部\n";
}

std::string sample_document(const std::string& id, const std::string& title, const std::string& body,
                            const std::string& extra) {
    return "---\n"
           "id: " + id + "\n"
           "title: " + title + "\n"
           "status: approved\n"
           "owner: 医療情報部\n"
           "approver: 病院長\n"
           "effective: 2026-04-01\n"
           "review_by: 2099-03-31\n" +
           extra + "---\n" + body;
}

}  // namespace tebiki::testing
