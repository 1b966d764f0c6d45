#include "document/revision_history.h"

#include <algorithm>

namespace tebiki {

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(x) == std::tolower(y); });
}

std::string trailer(const source::FileRevision& r, const std::string& key) {
    // Trailer keys are case-insensitive in git.
    for (const auto& [k, v] : r.trailers)
        if (equals_ignoring_case(k, key)) return v;
    return {};
}

bool is_approved_status(const std::string& status) { return status == "approved" || status == "obsolete"; }

// The version counter along a document's history.
class VersionCounter {
public:
    // Counts one revision that changed the document; returns its version.
    std::string next(DocumentRevision& r, const std::string& status) {
        r.before_approval = !approved_;
        if (!approved_ && is_approved_status(status)) {
            approved_ = true;
            r.first_approval = true;
            major_ = 1;
            minor_ = 0;
        } else if (approved_ && equals_ignoring_case(r.change_type, "major")) {
            ++major_;
            minor_ = 0;
        } else {
            ++minor_;
        }
        return current();
    }
    std::string current() const { return std::to_string(major_) + "." + std::to_string(minor_); }
    bool approved() const { return approved_; }

private:
    bool approved_ = false;
    int major_ = 0, minor_ = 0;
};

}  // namespace

bool is_known_change_type(std::string_view value) {
    return value.empty() || equals_ignoring_case(value, "major") || equals_ignoring_case(value, "minor");
}

std::vector<DocumentRevision> number_revisions(const std::vector<source::FileRevision>& newest_first) {
    std::vector<DocumentRevision> out;
    int number = 0;
    VersionCounter versions;
    for (auto it = newest_first.rbegin(); it != newest_first.rend(); ++it) {
        DocumentRevision r;
        r.date = Date::from_unix_time(it->commit.time, it->commit.utc_offset_minutes);
        r.author = it->author;
        r.summary = it->commit.summary;
        r.commit_id = it->commit.id;
        r.short_id = it->commit.short_id;
        r.approved_by = trailer(*it, "Approved-by");
        r.change_type = trailer(*it, "Change-type");
        r.kind = it->kind;
        r.path = it->path;
        r.previous_path = it->previous_path;
        if (it->kind != source::ChangeKind::Deleted) {
            r.move_only = number > 0 && it->kind == source::ChangeKind::Renamed && !it->bytes_changed;
            r.version = r.move_only ? versions.current() : versions.next(r, it->status);
            r.number = ++number;
            r.lacks_approval = versions.approved() && is_approved_status(it->status) && r.approved_by.empty() &&
                               (r.first_approval || it->text_changed);
        }
        out.push_back(std::move(r));
    }
    std::reverse(out.begin(), out.end());
    return out;
}

std::string change_label_ja(const DocumentRevision& r) {
    if (r.uncommitted) return "未コミット";
    if (r.first_approval) return "制定";
    switch (r.kind) {
        case source::ChangeKind::Added:
            if (r.number != 1) return "再登録";
            return r.before_approval ? "起案" : "制定";
        case source::ChangeKind::Modified: return r.before_approval ? "改訂（案）" : "改訂";
        case source::ChangeKind::Renamed: return r.move_only ? "移動" : "移動・改訂";
        case source::ChangeKind::Deleted: return "削除";
    }
    return "";
}

DocumentRevision uncommitted_revision(const std::string& path, Date today) {
    DocumentRevision r;
    r.date = today;
    r.summary = "未コミットの変更";
    r.path = path;
    r.uncommitted = true;
    return r;
}

}  // namespace tebiki
