#include "source/content_source.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "foundation/parallel_for.h"
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

// The repository a snapshot's blobs are read from when first needed. One
// repository handle may not be used by several threads at once.
class BlobReader {
public:
    explicit BlobReader(GitRepo repo) : repo_(std::move(repo)) {}
    // Only while the snapshot is being made, on one thread.
    git_repository* repository() const { return repo_.get(); }

    std::string read(const git_oid& id) const {
        const std::lock_guard<std::mutex> lock(mutex_);
        git_blob* raw = nullptr;
        if (git_blob_lookup(&raw, repo_.get(), &id) != 0)
            throw SourceError(SourceError::Kind::Io, "reading blob " + oid_hex(&id) + ": " + last_git_error());
        const GitBlob blob(raw);
        return std::string(static_cast<const char*>(git_blob_rawcontent(raw)),
                           static_cast<std::size_t>(git_blob_rawsize(raw)));
    }

private:
    mutable std::mutex mutex_;
    GitRepo repo_;
};

namespace {

// The bytes of the blob `id`, read on first need.
std::shared_ptr<const FileBytes> blob_bytes(std::shared_ptr<const BlobReader> from, const git_oid& id) {
    return std::make_shared<const FileBytes>([from = std::move(from), id] { return from->read(id); });
}

}  // namespace

const std::string& SourceFile::bytes() const {
    static const std::string none;
    return content ? content->get() : none;
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
    std::shared_ptr<const BlobReader> blobs;
    std::string prefix;  // "content/" or ""
    std::vector<SourceFile>* files;
};

int collect_blob(const char* root, const git_tree_entry* entry, void* payload) {
    auto* state = static_cast<TreeWalkState*>(payload);
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
    // Symbolic links are stored as blobs too; they are not content.
    if (git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK) return 0;
    std::string path = std::string(root) + git_tree_entry_name(entry);
    if (!path.starts_with(state->prefix)) return 0;
    SourceFile file;
    file.path = path.substr(state->prefix.size());
    file.blob_id = oid_hex(git_tree_entry_id(entry));
    file.content = blob_bytes(state->blobs, *git_tree_entry_id(entry));
    state->files->push_back(std::move(file));
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

using ChangedPaths = std::unordered_set<std::string>;

}  // namespace

ChangedPaths status_paths(git_repository* repo, const std::string& prefix) {
    git_status_options options;
    git_status_options_init(&options, GIT_STATUS_OPTIONS_VERSION);  // the macro leaves fields to the compiler
    options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                    GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH;
    char* content_root = const_cast<char*>(prefix.c_str());  // libgit2 does not write it
    if (!prefix.empty()) options.pathspec = {&content_root, 1};
    git_status_list* raw = nullptr;
    if (git_status_list_new(&raw, repo, &options) != 0)
        throw SourceError(SourceError::Kind::Io, "reading the work tree's status: " + last_git_error());
    const std::unique_ptr<git_status_list, GitDeleter<git_status_list, git_status_list_free>> list(raw);
    const std::string under = prefix.empty() ? "" : prefix + "/";  // not a sibling like content-old/
    ChangedPaths changed;
    for (std::size_t i = 0; i < git_status_list_entrycount(list.get()); ++i) {
        const git_status_entry* entry = git_status_byindex(list.get(), i);
        for (const git_diff_delta* delta : {entry->head_to_index, entry->index_to_workdir}) {
            if (delta == nullptr) continue;
            for (const char* path : {delta->old_file.path, delta->new_file.path})
                if (path != nullptr && std::string_view(path).starts_with(under)) changed.emplace(path);
        }
    }
    return changed;
}

namespace {

// Every repository path the work tree may hold under the content root:
// HEAD's files and the changed and new ones, sorted. Files that are gone,
// or are not regular files, are left out by the caller; ignored files are
// in neither list.
std::vector<std::string> worktree_paths(const HeadBlobs& head, const ChangedPaths& changed) {
    std::vector<std::string> paths;
    paths.reserve(head.size() + changed.size());
    for (const auto& [path, blob] : head) paths.push_back(path);
    for (const auto& path : changed)
        if (head.count(path) == 0 && !path.ends_with('/')) paths.push_back(path);
    std::sort(paths.begin(), paths.end());
    return paths;
}

}  // namespace

SourceSnapshot read_revision(const fs::path& content_dir, const std::string& revision) {
    OpenedRepository opened = open_repository(content_dir);
    const auto blobs = std::make_shared<const BlobReader>(std::move(opened.repo));
    GitCommit commit = resolve_commit(blobs->repository(), revision);
    git_tree* raw_tree = nullptr;
    if (git_commit_tree(&raw_tree, commit.get()) != 0) throw SourceError(SourceError::Kind::Io, last_git_error());
    GitTree tree(raw_tree);

    SourceSnapshot snapshot;
    snapshot.repository_root = opened.root;
    snapshot.content_prefix = opened.prefix;
    snapshot.revision = revision;
    snapshot.commit = describe_commit(commit.get());
    TreeWalkState state{blobs, opened.prefix.empty() ? "" : opened.prefix + "/", &snapshot.files};
    if (git_tree_walk(tree.get(), GIT_TREEWALK_PRE, collect_blob, &state) != 0) {
        throw SourceError(SourceError::Kind::Io, "reading revision '" + revision + "': " + last_git_error());
    }
    sort_by_path(snapshot.files);
    return snapshot;
}

namespace {

// Unix time in nanoseconds: a file's modification time, and now.
std::int64_t unix_nanoseconds(const timespec& time) {
    return std::int64_t{time.tv_sec} * 1'000'000'000 + time.tv_nsec;
}

std::int64_t unix_nanoseconds_now() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
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
    if (earlier == nullptr || earlier->disk_size != size || earlier->modified_ns != modified_ns) return nullptr;
    return modified_ns + kRacyWindowNs < previous->read_started_ns ? earlier : nullptr;
}

}  // namespace

SourceSnapshot read_worktree(const fs::path& content_dir, const SourceSnapshot* previous) {
    OpenedRepository opened = open_repository(content_dir);
    const auto blobs = std::make_shared<const BlobReader>(std::move(opened.repo));
    git_repository* repo = blobs->repository();
    SourceSnapshot snapshot;
    snapshot.repository_root = opened.root;
    snapshot.content_prefix = opened.prefix;
    snapshot.from_worktree = true;
    snapshot.read_started_ns = unix_nanoseconds_now();

    GitTree head_tree;
    git_reference* head_ref = nullptr;
    if (git_repository_head(&head_ref, repo) == 0) {
        git_reference_free(head_ref);
        GitCommit head = resolve_commit(repo, "HEAD");
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
    const HeadBlobs head = head_blobs(head_tree.get(), opened.prefix);
    // A file git status finds as HEAD has it is HEAD's blob, read from the
    // repository if ever needed; the others are read now. Either way the
    // bytes are those the blob id names, whatever is saved meanwhile.
    const ChangedPaths changed = status_paths(repo, opened.prefix);
    struct ToRead {
        fs::path file;
        std::string repo_path;
        std::size_t slot;
    };
    std::vector<ToRead> to_read;
    const std::size_t prefix_length = opened.prefix.empty() ? 0 : opened.prefix.size() + 1;
    for (const std::string& repo_path : worktree_paths(head, changed)) {
        const fs::path file = opened.root / repo_path;
        struct stat status {};
        // Only regular files: a symbolic link could point outside the content root.
        if (::lstat(file.c_str(), &status) != 0 || !S_ISREG(status.st_mode)) continue;
        SourceFile listed;
        listed.path = repo_path.substr(prefix_length);
        listed.disk_size = static_cast<std::uint64_t>(status.st_size);
        listed.modified_ns = unix_nanoseconds(status.st_mtim);
        if (const SourceFile* earlier = unchanged_since(same_head, listed.path, listed.disk_size, listed.modified_ns)) {
            snapshot.files.push_back(*earlier);
            continue;
        }
        const auto in_head = head.find(repo_path);
        if (changed.count(repo_path) == 0 && in_head != head.end()) {
            listed.blob_id = oid_hex(&in_head->second);
            listed.content = blob_bytes(blobs, in_head->second);
        } else {
            to_read.push_back({file, repo_path, snapshot.files.size()});
        }
        snapshot.files.push_back(std::move(listed));
    }
    // Reading and hashing (SHA-1, collision-detecting as git's) are
    // independent per file.
    parallel_for(to_read.size(), [&](std::size_t i) {
        SourceFile& file = snapshot.files[to_read[i].slot];
        std::string bytes = read_file_bytes(to_read[i].file);
        git_oid oid;
        git_odb_hash(&oid, bytes.data(), bytes.size(), GIT_OBJECT_BLOB);
        file.blob_id = oid_hex(&oid);
        file.uncommitted = differs_from_head(head, to_read[i].repo_path, oid);
        file.content = std::make_shared<const FileBytes>(std::move(bytes));
    });
    sort_by_path(snapshot.files);
    return snapshot;
}

}  // namespace tebiki::source
