#include "source/history.h"

#include <algorithm>
#include <set>

#include "source/git_handles.h"

namespace tebiki::source {

namespace {

using GitRevwalk = std::unique_ptr<git_revwalk, GitDeleter<git_revwalk, git_revwalk_free>>;
using GitDiff = std::unique_ptr<git_diff, GitDeleter<git_diff, git_diff_free>>;

GitRepo open_at(const std::filesystem::path& root) {
    ensure_git_library();
    git_repository* raw = nullptr;
    if (git_repository_open(&raw, root.c_str()) != 0) throw SourceError(SourceError::Kind::NoRepository, last_git_error());
    return GitRepo(raw);
}

}  // namespace

std::map<std::string, std::string> message_trailers(const std::string& message) {
    std::map<std::string, std::string> out;
    git_message_trailer_array trailers{};
    if (git_message_trailers(&trailers, message.c_str()) == 0) {
        for (std::size_t i = 0; i < trailers.count; ++i) out[trailers.trailers[i].key] = trailers.trailers[i].value;
        git_message_trailer_array_free(&trailers);
    }
    return out;
}

namespace {

FileRevision revision_of(git_commit* commit) {
    FileRevision r;
    r.commit.id = oid_hex(git_commit_id(commit));
    r.commit.short_id = r.commit.id.substr(0, 7);
    const git_signature* committer = git_commit_committer(commit);
    r.commit.time = static_cast<long long>(committer->when.time);
    r.commit.utc_offset_minutes = committer->when.offset;
    const char* summary = git_commit_summary(commit);
    r.commit.summary = summary != nullptr ? summary : "";
    const git_signature* author = git_commit_author(commit);
    r.author = author->name != nullptr ? author->name : "";
    const char* message = git_commit_message(commit);
    r.trailers = message_trailers(message != nullptr ? message : "");
    return r;
}

std::string blob_text(git_repository* repo, const git_oid* id) {
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, repo, id) != 0) return {};
    GitBlob blob(raw);
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                       static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

// Walks back through one commit's changes, moving each tracked file's
// current path to its path before the commit.
class HistoryWalk {
public:
    HistoryWalk(git_repository* repo, std::string prefix, const DocumentReader& read_facts, FileHistories& out)
        : repo_(repo), prefix_(std::move(prefix)), read_facts_(read_facts), out_(out) {}

    void track(const std::string& path) { current_to_key_[path] = path; }

    // Every path the visited commits changed.
    const std::set<std::string>& changed() const { return changed_; }

    // Ends the walk at `earlier`'s commit, whose walk found the rest of the
    // histories: when it followed exactly the files followed here, and the
    // files followed here besides are ones no older commit touched (so a
    // walk on would find nothing for them). False, and nothing changed,
    // otherwise.
    bool take_rest_from(const WalkedHistories& earlier) {
        const auto was_followed = [&](const std::string& path) {
            return std::binary_search(earlier.tracked.begin(), earlier.tracked.end(), path);
        };
        const auto was_changed = [&](const std::string& path) {
            return std::binary_search(earlier.changed.begin(), earlier.changed.end(), path);
        };
        for (const std::string& path : earlier.tracked)
            if (current_to_key_.count(path) == 0) return false;
        for (const auto& [path, key] : current_to_key_)
            if (!was_followed(path) && was_changed(path)) return false;
        for (const auto& [path, key] : current_to_key_) {
            const auto it = earlier.histories.find(path);
            if (it == earlier.histories.end()) continue;
            auto& revisions = out_[key];
            revisions.insert(revisions.end(), it->second.begin(), it->second.end());
        }
        changed_.insert(earlier.changed.begin(), earlier.changed.end());
        return true;
    }

    void visit(git_commit* commit, git_diff* diff) {
        const FileRevision base = revision_of(commit);
        for (std::size_t i = 0; i < git_diff_num_deltas(diff); ++i) {
            const git_diff_delta* d = git_diff_get_delta(diff, i);
            changed_.insert(relative(d->old_file.path));
            changed_.insert(relative(d->new_file.path));
        }
        std::map<std::string, std::string> moved;  // key → path before this commit
        std::vector<const git_diff_delta*> added, deleted;
        for (std::size_t i = 0; i < git_diff_num_deltas(diff); ++i) {
            const git_diff_delta* d = git_diff_get_delta(diff, i);
            // git pairs similar files as renames; two documents with much the
            // same front matter are not one document moved.
            if (d->status == GIT_DELTA_RENAMED && !same_document(d)) {
                added.push_back(d);
                continue;
            }
            if (d->status == GIT_DELTA_ADDED) added.push_back(d);
            if (d->status == GIT_DELTA_DELETED) deleted.push_back(d);
            const std::string new_path = relative(d->new_file.path);
            const std::string old_path = relative(d->old_file.path);
            auto it = current_to_key_.find(d->status == GIT_DELTA_DELETED ? old_path : new_path);
            if (it == current_to_key_.end() || d->status == GIT_DELTA_ADDED) continue;
            FileRevision r = base;
            r.path = d->status == GIT_DELTA_DELETED ? old_path : new_path;
            r.kind = d->status == GIT_DELTA_RENAMED ? ChangeKind::Renamed
                     : d->status == GIT_DELTA_DELETED ? ChangeKind::Deleted
                                                      : ChangeKind::Modified;
            if (r.kind == ChangeKind::Renamed) {
                r.previous_path = old_path;
                moved[it->second] = old_path;
            }
            if (r.kind != ChangeKind::Deleted) describe_change(r, &d->old_file.id, &d->new_file.id);
            out_[it->second].push_back(std::move(r));
        }
        for (const git_diff_delta* d : added) visit_added(base, d, deleted, moved);
        for (const auto& [moved_key, old_path] : moved) {
            // A copy: clang 14 lets no lambda capture a structured binding.
            const auto key = moved_key;
            std::erase_if(current_to_key_, [&](const auto& entry) { return entry.second == key; });
            current_to_key_[old_path] = key;
        }
    }

private:
    bool same_document(const git_diff_delta* d) {
        if (!read_facts_) return true;
        const std::string& before = facts(&d->old_file.id).id;
        const std::string& after = facts(&d->new_file.id).id;
        return before.empty() || after.empty() || before == after;
    }

    // A blob's facts, read once per walk: the bytes one commit adds are
    // those the next older commit changes.
    const DocumentFacts& facts(const git_oid* blob) {
        static const DocumentFacts none;
        if (!read_facts_) return none;
        const std::string key = oid_hex(blob);
        auto it = facts_.find(key);
        if (it == facts_.end()) it = facts_.emplace(key, read_facts_(blob_text(repo_, blob))).first;
        return it->second;
    }

    // The status the commit left and whether it changed the text; `before`
    // is null for a file the commit added.
    void describe_change(FileRevision& r, const git_oid* before, const git_oid* after) {
        const DocumentFacts& now = facts(after);
        r.status = now.status;
        r.bytes_changed = before == nullptr || git_oid_cmp(before, after) != 0;
        r.text_changed = r.bytes_changed && (before == nullptr || facts(before).text_digest != now.text_digest);
    }

    std::string relative(const char* path) const {
        const std::string p = path != nullptr ? path : "";
        return p.starts_with(prefix_) ? p.substr(prefix_.size()) : p;
    }

    // An added file is either new, restored after a deletion (tracking goes
    // on at the same path), or moved from a deleted file of the same id.
    void visit_added(const FileRevision& base, const git_diff_delta* d, const std::vector<const git_diff_delta*>& deleted,
                     std::map<std::string, std::string>& moved) {
        const std::string path = relative(d->new_file.path);
        auto it = current_to_key_.find(path);
        if (it == current_to_key_.end()) return;
        FileRevision r = base;
        r.path = path;
        r.kind = ChangeKind::Added;
        // Only a commit that also deletes files can have moved one.
        const std::string id = facts(&d->new_file.id).id;
        const git_oid* before = nullptr;
        for (const git_diff_delta* gone : deleted) {
            if (id.empty() || facts(&gone->old_file.id).id != id) continue;
            r.kind = ChangeKind::Renamed;
            r.previous_path = relative(gone->old_file.path);
            moved[it->second] = r.previous_path;
            before = &gone->old_file.id;
            break;
        }
        describe_change(r, before, &d->new_file.id);
        out_[it->second].push_back(std::move(r));
    }

    git_repository* repo_;
    std::string prefix_;
    const DocumentReader& read_facts_;
    FileHistories& out_;
    std::map<std::string, DocumentFacts> facts_;  // by blob id
    std::map<std::string, std::string> current_to_key_;  // path in the commit being visited → key
    std::set<std::string> changed_;
};

GitDiff diff_to_parent(git_repository* repo, git_commit* commit, const std::string& prefix) {
    git_tree* raw_tree = nullptr;
    git_commit_tree(&raw_tree, commit);
    GitTree tree(raw_tree);
    GitTree parent_tree;
    if (git_commit_parentcount(commit) > 0) {
        git_commit* parent = nullptr;
        if (git_commit_parent(&parent, commit, 0) == 0) {
            GitCommit owned(parent);
            git_tree* raw = nullptr;
            git_commit_tree(&raw, owned.get());
            parent_tree.reset(raw);
        }
    }
    git_diff_options options;
    git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);  // the macro leaves fields to the compiler
    std::string spec = prefix.empty() ? std::string("*") : prefix + "*";
    char* specs[] = {spec.data()};
    options.pathspec = {specs, 1};
    git_diff* raw_diff = nullptr;
    if (git_diff_tree_to_tree(&raw_diff, repo, parent_tree.get(), tree.get(), &options) != 0)
        throw SourceError(SourceError::Kind::Io, last_git_error());
    GitDiff diff(raw_diff);
    git_diff_find_options find;
    git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
    find.flags = GIT_DIFF_FIND_RENAMES;
    git_diff_find_similar(diff.get(), &find);
    return diff;
}

}  // namespace

WalkedHistories read_histories(const SourceSnapshot& snapshot, const std::function<bool(std::string_view)>& wanted,
                               const DocumentReader& read_facts, const WalkedHistories* earlier) {
    WalkedHistories result;
    result.commit_id = snapshot.commit.id;
    for (const auto& f : snapshot.files)
        if (wanted(f.path)) result.tracked.push_back(f.path);
    std::sort(result.tracked.begin(), result.tracked.end());
    if (snapshot.commit.id.empty()) return result;
    GitRepo repo = open_at(snapshot.repository_root);
    const std::string prefix = snapshot.content_prefix.empty() ? "" : snapshot.content_prefix + "/";
    HistoryWalk walk(repo.get(), prefix, read_facts, result.histories);
    for (const std::string& path : result.tracked) walk.track(path);

    git_revwalk* raw_walk = nullptr;
    git_revwalk_new(&raw_walk, repo.get());
    GitRevwalk revwalk(raw_walk);
    git_revwalk_simplify_first_parent(revwalk.get());
    git_oid start;
    git_oid_fromstr(&start, snapshot.commit.id.c_str());
    git_revwalk_push(revwalk.get(), &start);
    for (git_oid id; git_revwalk_next(&id, revwalk.get()) == 0;) {
        if (earlier != nullptr && oid_hex(&id) == earlier->commit_id && walk.take_rest_from(*earlier)) break;
        git_commit* raw = nullptr;
        if (git_commit_lookup(&raw, repo.get(), &id) != 0) continue;
        GitCommit commit(raw);
        GitDiff diff = diff_to_parent(repo.get(), commit.get(), prefix);
        walk.visit(commit.get(), diff.get());
        ++result.commits_read;
    }
    result.changed.assign(walk.changed().begin(), walk.changed().end());
    return result;
}

}  // namespace tebiki::source
