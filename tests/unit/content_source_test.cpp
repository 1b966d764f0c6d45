#include <catch2/catch.hpp>
#include <git2.h>

#include <thread>
#include <vector>

#include "source/content_source.h"
#include "test_repo.h"

using namespace tebiki;
using tebiki::testing::TestRepo;

namespace {
std::string bytes_of(const source::SourceSnapshot& s, const std::string& path) {
    const auto* f = s.find(path);
    return f ? f->bytes() : "<missing>";
}
}  // namespace

TEST_CASE("Content is read from a revision through git") {
    TestRepo repo;
    repo.write("content/tebiki.yml", "audiences: []\n");
    repo.write("content/a.md", "v1\n");
    repo.write("README.md", "outside the content root\n");
    const std::string first = repo.commit("first", 1774000000);
    repo.tag("edition/2026-04");
    repo.write("content/a.md", "v2\n");
    repo.write("content/sub/b.md", "b\n");
    repo.commit("second", 1774100000);

    const auto head = source::read_revision(repo.path("content"), "HEAD");
    CHECK(head.content_prefix == "content");
    CHECK(head.files.size() == 3);
    CHECK(bytes_of(head, "a.md") == "v2\n");
    CHECK(bytes_of(head, "sub/b.md") == "b\n");
    CHECK(head.find("README.md") == nullptr);
    CHECK(head.display_path("sub/b.md") == "content/sub/b.md");
    CHECK(head.commit.time == 1774100000);
    CHECK(head.commit.utc_offset_minutes == 540);
    CHECK(head.commit.summary == "second");

    const auto tagged = source::read_revision(repo.path("content"), "edition/2026-04");
    CHECK(tagged.commit.id == first);
    CHECK(tagged.commit.short_id == first.substr(0, 7));
    CHECK(bytes_of(tagged, "a.md") == "v1\n");
    CHECK(tagged.find("sub/b.md") == nullptr);
    // The blob id is git's own.
    CHECK(tagged.find("a.md")->blob_id == "626799f0f85326a8c1fc522db584e86cdfccd51f");
}

TEST_CASE("A rename is seen at the new path only") {
    TestRepo repo;
    repo.write("content/old-name.md", "doc\n");
    repo.commit("add");
    std::filesystem::rename(repo.path("content/old-name.md"), repo.path("content/new-name.md"));
    repo.commit("rename");
    const auto head = source::read_revision(repo.path("content"), "HEAD");
    CHECK(head.find("old-name.md") == nullptr);
    CHECK(bytes_of(head, "new-name.md") == "doc\n");
    const auto before = source::read_revision(repo.path("content"), "HEAD~1");
    CHECK(bytes_of(before, "old-name.md") == "doc\n");
}

TEST_CASE("The work tree includes uncommitted and untracked files, not ignored ones") {
    TestRepo repo;
    repo.write(".gitignore", "*.tmp\ncontent/drafts/\n");
    repo.write("content/a.md", "committed\n");
    repo.write("content/ops/deep/b.md", "unchanged\n");
    repo.write("content-old/ops/deep/b.md", "elsewhere\n");
    repo.commit("first");
    repo.write("content/a.md", "edited\n");
    repo.write("content/new.md", "untracked\n");
    repo.write("content/scratch.tmp", "ignored\n");
    repo.write("content/drafts/x.md", "ignored dir\n");

    const auto tree = source::read_worktree(repo.path("content"));
    CHECK(tree.from_worktree);
    CHECK(bytes_of(tree, "a.md") == "edited\n");
    CHECK(bytes_of(tree, "new.md") == "untracked\n");
    CHECK(tree.find("scratch.tmp") == nullptr);
    CHECK(tree.find("drafts/x.md") == nullptr);
    CHECK_FALSE(tree.commit.id.empty());
    // Work-tree files get the blob id git would give them.
    CHECK(tree.find("new.md")->blob_id.size() == 40);
    // Uncommitted: what differs from HEAD, at any depth under the content root.
    CHECK(tree.find("a.md")->uncommitted);
    CHECK(tree.find("new.md")->uncommitted);
    CHECK_FALSE(tree.find("ops/deep/b.md")->uncommitted);
    CHECK(tree.find("ops/deep/b.md")->blob_id == source::read_revision(repo.path("content"), "HEAD").find("ops/deep/b.md")->blob_id);

    const auto head = source::read_revision(repo.path("content"), "HEAD");
    CHECK(bytes_of(head, "a.md") == "committed\n");
}

namespace {

// `git add PATH`: the edit is staged, the work tree already holds it.
void stage(const TestRepo& repo, const std::string& path) {
    git_repository* raw = nullptr;
    REQUIRE(git_repository_open(&raw, repo.root().c_str()) == 0);
    git_index* index = nullptr;
    REQUIRE(git_repository_index(&index, raw) == 0);
    CHECK(git_index_add_bypath(index, path.c_str()) == 0);
    CHECK(git_index_write(index) == 0);
    git_index_free(index);
    git_repository_free(raw);
}

}  // namespace

TEST_CASE("The work tree is what git status sees: staged, deleted, tracked and linked files", "[source]") {
    namespace fs = std::filesystem;
    TestRepo repo;
    repo.write(".gitignore", "*.log\n");
    repo.write("content/a.md", "committed\n");
    repo.write("content/gone.md", "to be deleted\n");
    repo.write("content/kept.md", "unchanged\n");
    repo.commit("first");
    // Tracked before the pattern that now matches it: git still tracks it.
    repo.write("content/tracked.log", "tracked\n");
    repo.write(".gitignore", "");
    repo.commit("second");
    repo.write(".gitignore", "*.log\n");
    repo.write("content/a.md", "staged edit\n");
    stage(repo, "content/a.md");
    fs::remove(repo.path("content/gone.md"));
    repo.write("content/notes/new.md", "untracked, nested\n");
    repo.write("content-old/new.md", "beside the content root, not in it\n");
    repo.write("content/untracked.log", "ignored\n");
    fs::create_symlink("/etc/hostname", repo.path("content/link.md"));

    const auto tree = source::read_worktree(repo.path("content"));
    const auto head = source::read_revision(repo.path("content"), "HEAD");
    REQUIRE(tree.find("a.md") != nullptr);
    CHECK(bytes_of(tree, "a.md") == "staged edit\n");
    CHECK(tree.find("a.md")->uncommitted);
    CHECK(tree.find("a.md")->blob_id != head.find("a.md")->blob_id);
    CHECK(tree.find("gone.md") == nullptr);
    CHECK(bytes_of(tree, "notes/new.md") == "untracked, nested\n");
    CHECK(tree.find("notes/new.md")->uncommitted);
    CHECK(tree.find("untracked.log") == nullptr);
    CHECK(tree.find("old/new.md") == nullptr);
    CHECK(tree.find("new.md") == nullptr);
    CHECK(tree.find("link.md") == nullptr);
    REQUIRE(tree.find("tracked.log") != nullptr);
    CHECK_FALSE(tree.find("tracked.log")->uncommitted);
    // An unchanged file: HEAD's bytes and blob id.
    CHECK(bytes_of(tree, "kept.md") == "unchanged\n");
    CHECK(tree.find("kept.md")->blob_id == head.find("kept.md")->blob_id);
    CHECK_FALSE(tree.find("kept.md")->uncommitted);
}

TEST_CASE("Bad revisions and missing repositories are errors of their own kind") {
    TestRepo repo;
    repo.write("content/a.md", "x\n");
    repo.commit("first");
    try {
        source::read_revision(repo.path("content"), "no-such-tag");
        FAIL("expected an error");
    } catch (const source::SourceError& e) {
        CHECK(e.kind() == source::SourceError::Kind::BadRevision);
        CHECK_THAT(e.what(), Catch::Contains("no-such-tag"));
    }
    const auto outside = std::filesystem::temp_directory_path() / "tebiki-no-repo-here";
    std::filesystem::create_directories(outside);
    try {
        source::read_worktree(outside);
        FAIL("expected an error");
    } catch (const source::SourceError& e) {
        CHECK(e.kind() == source::SourceError::Kind::NoRepository);
    }
    std::filesystem::remove_all(outside);
}

TEST_CASE("A second read of the work tree takes settled, unchanged files from the first") {
    namespace fs = std::filesystem;
    using namespace std::chrono_literals;
    TestRepo repo;
    repo.write("content/tebiki.yml", "audiences: []\n");
    repo.write("content/old.md", "AAAA\n");
    repo.write("content/new.md", "CCCC\n");
    repo.commit("first");
    const auto an_hour_ago = fs::file_time_type::clock::now() - 1h;
    fs::last_write_time(repo.path("content/old.md"), an_hour_ago);
    const auto first = source::read_worktree(repo.path("content"));

    // Same size and modification time: a settled file is not read again (as
    // with git's index, only a changed size or time shows an edit)…
    repo.write("content/old.md", "BBBB\n");
    fs::last_write_time(repo.path("content/old.md"), an_hour_ago);
    // …but a file modified just before the first read may have changed after
    // it within the timestamp granularity, so it is read again.
    const auto recent = fs::last_write_time(repo.path("content/new.md"));
    repo.write("content/new.md", "DDDD\n");
    fs::last_write_time(repo.path("content/new.md"), recent);
    repo.write("content/added.md", "E\n");

    const auto second = source::read_worktree(repo.path("content"), &first);
    CHECK(bytes_of(second, "old.md") == "AAAA\n");
    CHECK(bytes_of(second, "new.md") == "DDDD\n");
    CHECK(bytes_of(second, "added.md") == "E\n");
    CHECK(second.find("new.md")->uncommitted);
    CHECK(second.find("new.md")->blob_id != first.find("new.md")->blob_id);
    // Without the earlier read, everything is read.
    CHECK(bytes_of(source::read_worktree(repo.path("content")), "old.md") == "BBBB\n");

    // A commit in between: every file is read again (uncommitted is HEAD's).
    repo.commit("second");
    const auto after_commit = source::read_worktree(repo.path("content"), &second);
    CHECK(bytes_of(after_commit, "old.md") == "BBBB\n");
    CHECK_FALSE(after_commit.find("old.md")->uncommitted);
}

TEST_CASE("A work-tree file as HEAD has it is HEAD's blob, read only when asked for", "[source]") {
    TestRepo repo;
    repo.write("content/tebiki.yml", "audiences: []\n");
    repo.write("content/kept.md", "HEAD's bytes\n");
    repo.write("content/edited.md", "committed\n");
    repo.commit("first");
    repo.write("content/edited.md", "saved, not committed\n");
    const auto snapshot = source::read_worktree(repo.path("content"));
    const source::SourceFile* kept = snapshot.find("kept.md");
    REQUIRE(kept != nullptr);
    CHECK_FALSE(kept->uncommitted);

    // Saved after the read: the snapshot still gives the bytes its blob id
    // names (HEAD's), not whatever the disk holds when they are first asked for.
    repo.write("content/kept.md", "saved after the read\n");
    repo.write("content/edited.md", "saved again after the read\n");
    const source::SourceSnapshot at_head = source::read_revision(repo.path("content"), "HEAD");
    CHECK(kept->blob_id == at_head.find("kept.md")->blob_id);
    // Asked for from several threads at once, read once, the same for all.
    std::vector<std::string> seen(4);
    std::vector<std::thread> threads;
    for (auto& each : seen) threads.emplace_back([&each, kept] { each = kept->bytes(); });
    for (auto& thread : threads) thread.join();
    for (const auto& each : seen) CHECK(each == "HEAD's bytes\n");
    // A file that differed from HEAD was read with the listing.
    CHECK(bytes_of(snapshot, "edited.md") == "saved, not committed\n");
    CHECK(snapshot.find("edited.md")->uncommitted);
}
