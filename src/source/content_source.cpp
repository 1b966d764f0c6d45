#include "source/content_source.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "document/parallel_for.h"
#include "source/git_handles.h"

namespace tebiki::source {

namespace fs = std::filesystem;

std::string SourceSnapshot::display_path(std::string_view content_path) const {
    if (content_prefix.empty()) return std::string(content_path);
    return content_prefix + "/" + std::string(content_path);
}

const SourceFile* SourceSnapshot::find(std::string_view content_path) const {
    auto it = std::lower_bound(files.begin(), files.end(), content_path,
                               [](const SourceFile& f, std::string_view p) { return f.path < p; });
    return it != files.end() && it->path == content_path ? &*it : nullptr;
}

namespace {

// The deepest existing directory at or above `dir`, made absolute.
fs::path existing_ancestor(const fs::path& dir) {
    fs::path p = fs::absolute(dir).lexically_normal();
    while (!p.empty() && !fs::exists(p) && p != p.root_path()) p = p.parent_path();
    return fs::canonical(p);
}

struct OpenedRepository {
    GitRepo repo;
    fs::path root;       // canonical work directory
    std::string prefix;  // content root relative to root, "" for the root itself
};

}  // namespace

GitRepo discover_repository(const fs::path& content_dir) {
    ensure_git_library();
    const fs::path start = existing_ancestor(content_dir);
    git_buf found = GIT_BUF_INIT;
    if (git_repository_discover(&found, start.c_str(), 0, nullptr) != 0) {
        throw SourceError(SourceError::Kind::NoRepository,
                          "no git repository found at or above '" + content_dir.string() +
                              "'; tebiki reads content from git (run 'git init' and commit it)");
    }
    git_repository* raw = nullptr;
    const int rc = git_repository_open(&raw, found.ptr);
    git_buf_dispose(&found);
    if (rc != 0) throw SourceError(SourceError::Kind::NoRepository, last_git_error());
    return GitRepo(raw);
}

namespace {

OpenedRepository open_repository(const fs::path& content_dir) {
    GitRepo repo = discover_repository(content_dir);
    const char* workdir = git_repository_workdir(repo.get());
    if (workdir == nullptr) {
        throw SourceError(SourceError::Kind::NoRepository, "the git repository is bare; tebiki needs a work tree");
    }
    const fs::path root = fs::canonical(workdir);
    const fs::path content_abs = fs::weakly_canonical(fs::absolute(content_dir));
    std::string prefix = content_abs.lexically_relative(root).generic_string();
    if (prefix == ".") prefix.clear();
    if (prefix.starts_with("..")) {
        throw SourceError(SourceError::Kind::NoRepository,
                          "content directory '" + content_dir.string() + "' is outside its git repository");
    }
    return {std::move(repo), root, prefix};
}

CommitInfo describe_commit(git_commit* commit) {
    CommitInfo info;
    info.id = oid_hex(git_commit_id(commit));
    info.short_id = info.id.substr(0, 7);
    const git_signature* committer = git_commit_committer(commit);
    info.time = static_cast<long long>(committer->when.time);
    info.utc_offset_minutes = committer->when.offset;
    const char* summary = git_commit_summary(commit);
    info.summary = summary != nullptr ? summary : "";
    return info;
}

GitCommit resolve_commit(git_repository* repo, const std::string& revision) {
    git_object* object = nullptr;
    if (git_revparse_single(&object, repo, revision.c_str()) != 0) {
        throw SourceError(SourceError::Kind::BadRevision,
                          "revision '" + revision + "' not found: " + last_git_error());
    }
    GitObject owned(object);
    git_object* peeled = nullptr;
    if (git_object_peel(&peeled, owned.get(), GIT_OBJECT_COMMIT) != 0) {
        throw SourceError(SourceError::Kind::BadRevision, "revision '" + revision + "' is not a commit");
    }
    return GitCommit(reinterpret_cast<git_commit*>(peeled));
}

struct TreeWalkState {
    git_repository* repo;
    std::string prefix;  // "content/" or ""
    std::vector<SourceFile>* files;
    std::string error;
};

int collect_blob(const char* root, const git_tree_entry* entry, void* payload) {
    auto* state = static_cast<TreeWalkState*>(payload);
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
    // Symbolic links are stored as blobs too; they are not content.
    if (git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK) return 0;
    std::string path = std::string(root) + git_tree_entry_name(entry);
    if (!path.starts_with(state->prefix)) return 0;
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, state->repo, git_tree_entry_id(entry)) != 0) {
        state->error = last_git_error();
        return -1;
    }
    GitBlob blob(raw);
    const auto* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
    const auto size = static_cast<std::size_t>(git_blob_rawsize(blob.get()));
    state->files->push_back(
        {path.substr(state->prefix.size()), std::string(data, size), oid_hex(git_tree_entry_id(entry))});
    return 0;
}

void sort_by_path(std::vector<SourceFile>& files) {
    std::sort(files.begin(), files.end(), [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
}

std::string read_file_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw SourceError(SourceError::Kind::Io, "cannot read '" + path.string() + "'");
    std::string bytes(static_cast<std::size_t>(in.tellg()), '\0');
    in.seekg(0);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    // A file whose size changed while it was read is read again whole: a
    // file being saved must not be cut at its old size.
    if (in.gcount() != static_cast<std::streamsize>(bytes.size()) || in.peek() != std::char_traits<char>::eof()) {
        std::ifstream again(path, std::ios::binary);
        std::ostringstream buffer;
        buffer << again.rdbuf();
        return buffer.str();
    }
    return bytes;
}

// HEAD's blob id of every file under the content root, by repository path:
// what `uncommitted` compares the work tree with. One walk of the tree; a
// look-up by path per file costs a tree descent each.
using HeadBlobs = std::unordered_map<std::string, git_oid>;

struct HeadWalkState {
    std::string prefix;  // "content/" or ""
    HeadBlobs* blobs;
};

int collect_head_blob(const char* root, const git_tree_entry* entry, void* payload) {
    auto* state = static_cast<HeadWalkState*>(payload);
    if (git_tree_entry_type(entry) == GIT_OBJECT_TREE) {
        // Only the content root's subtree, and the directories leading to it, are walked.
        const std::string dir = std::string(root) + git_tree_entry_name(entry) + "/";
        const bool related = dir.starts_with(state->prefix) || state->prefix.starts_with(dir);
        return related ? 0 : 1;
    }
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
    std::string path = std::string(root) + git_tree_entry_name(entry);
    if (path.starts_with(state->prefix)) state->blobs->emplace(std::move(path), *git_tree_entry_id(entry));
    return 0;
}

HeadBlobs head_blobs(git_tree* tree, const std::string& prefix) {
    HeadBlobs blobs;
    if (tree == nullptr) return blobs;
    HeadWalkState state{prefix.empty() ? "" : prefix + "/", &blobs};
    if (git_tree_walk(tree, GIT_TREEWALK_PRE, collect_head_blob, &state) != 0)
        throw SourceError(SourceError::Kind::Io, "reading HEAD: " + last_git_error());
    return blobs;
}

// True when `path` has other bytes in HEAD, or is not there at all.
bool differs_from_head(const HeadBlobs& head, const std::string& repo_path, const git_oid& oid) {
    const auto it = head.find(repo_path);
    return it == head.end() || git_oid_cmp(&it->second, &oid) != 0;
}

}  // namespace

SourceSnapshot read_revision(const fs::path& content_dir, const std::string& revision) {
    OpenedRepository opened = open_repository(content_dir);
    GitCommit commit = resolve_commit(opened.repo.get(), revision);
    git_tree* raw_tree = nullptr;
    if (git_commit_tree(&raw_tree, commit.get()) != 0) throw SourceError(SourceError::Kind::Io, last_git_error());
    GitTree tree(raw_tree);

    SourceSnapshot snapshot;
    snapshot.repository_root = opened.root;
    snapshot.content_prefix = opened.prefix;
    snapshot.revision = revision;
    snapshot.commit = describe_commit(commit.get());
    TreeWalkState state{opened.repo.get(), opened.prefix.empty() ? "" : opened.prefix + "/", &snapshot.files, {}};
    if (git_tree_walk(tree.get(), GIT_TREEWALK_PRE, collect_blob, &state) != 0) {
        throw SourceError(SourceError::Kind::Io, "reading revision '" + revision + "': " + state.error);
    }
    sort_by_path(snapshot.files);
    return snapshot;
}

namespace {

std::int64_t nanoseconds_of(fs::file_time_type time) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
}

// A file modified this close to an earlier read may have changed after it
// within the file system's timestamp granularity (git's "racy" entries):
// such a file is always read again.
constexpr std::int64_t kRacyWindowNs = 2'000'000'000;

// The earlier read of `path`, when it can stand for the file as it is now.
const SourceFile* unchanged_since(const SourceSnapshot* previous, const std::string& path, std::uintmax_t size,
                                  std::int64_t modified_ns) {
    if (previous == nullptr) return nullptr;
    const SourceFile* earlier = previous->find(path);
    if (earlier == nullptr || earlier->bytes.size() != size || earlier->modified_ns != modified_ns) return nullptr;
    return modified_ns + kRacyWindowNs < previous->read_started_ns ? earlier : nullptr;
}

}  // namespace

SourceSnapshot read_worktree(const fs::path& content_dir, const SourceSnapshot* previous) {
    OpenedRepository opened = open_repository(content_dir);
    SourceSnapshot snapshot;
    snapshot.repository_root = opened.root;
    snapshot.content_prefix = opened.prefix;
    snapshot.from_worktree = true;
    snapshot.read_started_ns = nanoseconds_of(fs::file_time_type::clock::now());

    GitTree head_tree;
    git_reference* head_ref = nullptr;
    if (git_repository_head(&head_ref, opened.repo.get()) == 0) {
        git_reference_free(head_ref);
        GitCommit head = resolve_commit(opened.repo.get(), "HEAD");
        snapshot.commit = describe_commit(head.get());
        git_tree* raw_tree = nullptr;
        if (git_commit_tree(&raw_tree, head.get()) == 0) head_tree.reset(raw_tree);
    }

    const fs::path content_root = opened.root / opened.prefix;
    if (!fs::is_directory(content_root)) {
        throw SourceError(SourceError::Kind::Io, "content directory '" + content_dir.string() + "' does not exist");
    }
    // What HEAD holds decides `uncommitted`: only the same commit's read will do.
    const SourceSnapshot* same_head = previous != nullptr && previous->commit.id == snapshot.commit.id ? previous : nullptr;
    struct ToRead {
        fs::path file;
        std::string repo_path;
        std::size_t slot;
    };
    std::vector<ToRead> to_read;
    for (auto it = fs::recursive_directory_iterator(content_root); it != fs::recursive_directory_iterator(); ++it) {
        const fs::path repo_relative = it->path().lexically_relative(opened.root);
        if (it->path().filename() == ".git") {
            it.disable_recursion_pending();
            continue;
        }
        int ignored = 0;
        git_ignore_path_is_ignored(&ignored, opened.repo.get(), repo_relative.generic_string().c_str());
        if (ignored) {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        // Only regular files: a symbolic link could point outside the content root.
        if (it->is_symlink() || !it->is_regular_file()) continue;
        std::string path = it->path().lexically_relative(content_root).generic_string();
        const std::int64_t modified_ns = nanoseconds_of(it->last_write_time());
        if (const SourceFile* earlier = unchanged_since(same_head, path, it->file_size(), modified_ns)) {
            snapshot.files.push_back(*earlier);
            continue;
        }
        to_read.push_back({it->path(), repo_relative.generic_string(), snapshot.files.size()});
        snapshot.files.push_back({std::move(path), {}, {}, false, modified_ns});
    }
    // Reading and hashing are most of the time, and independent per file.
    const HeadBlobs head = head_blobs(head_tree.get(), opened.prefix);
    parallel_for(to_read.size(), [&](std::size_t i) {
        SourceFile& file = snapshot.files[to_read[i].slot];
        file.bytes = read_file_bytes(to_read[i].file);
        git_oid oid;
        git_odb_hash(&oid, file.bytes.data(), file.bytes.size(), GIT_OBJECT_BLOB);
        file.blob_id = oid_hex(&oid);
        file.uncommitted = differs_from_head(head, to_read[i].repo_path, oid);
    });
    sort_by_path(snapshot.files);
    return snapshot;
}

}  // namespace tebiki::source
