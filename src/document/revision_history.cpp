#include "document/revision_history.h"

#include <algorithm>

namespace tebiki {

namespace {

std::string trailer(const source::FileRevision& r, const std::string& key) {
    // Trailer keys are case-insensitive in git.
    for (const auto& [k, v] : r.trailers) {
        if (k.size() == key.size() &&
            std::equal(k.begin(), k.end(), key.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
            return v;
    }
    return {};
}

}  // namespace

std::vector<DocumentRevision> number_revisions(const std::vector<source::FileRevision>& newest_first) {
    std::vector<DocumentRevision> out;
    int number = 0, major = 1, minor = 0;
    for (auto it = newest_first.rbegin(); it != newest_first.rend(); ++it) {
        DocumentRevision r;
        r.date = Date::from_unix_time(it->commit.time, it->commit.utc_offset_minutes);
        r.author = it->author;
        r.summary = it->commit.summary;
        r.commit_id = it->commit.id;
        r.short_id = it->commit.short_id;
        r.approved_by = trailer(*it, "Approved-by");
        r.kind = it->kind;
        r.path = it->path;
        r.previous_path = it->previous_path;
        if (it->kind != source::ChangeKind::Deleted) {
            if (number > 0) {
                if (trailer(*it, "Change-type") == "major") {
                    ++major;
                    minor = 0;
                } else {
                    ++minor;
                }
            }
            r.number = ++number;
            r.version = std::to_string(major) + "." + std::to_string(minor);
        }
        out.push_back(std::move(r));
    }
    std::reverse(out.begin(), out.end());
    return out;
}

std::string change_label_ja(const DocumentRevision& r) {
    if (r.uncommitted) return "未コミット";
    switch (r.kind) {
        case source::ChangeKind::Added: return r.number == 1 ? "制定" : "再登録";
        case source::ChangeKind::Modified: return "改訂";
        case source::ChangeKind::Renamed: return "移動・改訂";
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
