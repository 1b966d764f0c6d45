#include "changes/change_notice.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "text/graphemes.h"

namespace tebiki::changes {

namespace {

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
    return std::string(s);
}

std::vector<TextSpan> character_diff(const std::string& before, const std::string& after) {
    const auto a = text::split_graphemes(before), b = text::split_graphemes(after);
    std::vector<TextSpan> spans;
    for (const Edit& e : diff_sequences(a, b)) {
        const auto& source = e.kind == EditKind::Insert ? b : a;
        const std::size_t start = e.kind == EditKind::Insert ? e.new_index : e.old_index;
        std::string text;
        for (std::size_t k = 0; k < e.length; ++k) text += source[start + k];
        spans.push_back({e.kind, std::move(text)});
    }
    return spans;
}

// True when at least 40% of the longer text survives the edit.
bool mostly_kept(const std::vector<TextSpan>& spans) {
    std::size_t kept = 0, before = 0, after = 0;
    for (const auto& s : spans) {
        const std::size_t n = text::split_graphemes(s.text).size();
        if (s.kind == EditKind::Equal) kept += n;
        if (s.kind != EditKind::Insert) before += n;
        if (s.kind != EditKind::Delete) after += n;
    }
    return kept * 10 >= std::max(before, after) * 4;
}

// Runs of deleted and inserted paragraphs are paired in order: a pair is a
// rewritten paragraph, shown character by character.
std::vector<ParagraphChange> paragraph_changes(std::string_view old_body, std::string_view new_body) {
    const auto a = split_paragraphs(old_body), b = split_paragraphs(new_body);
    const auto edits = diff_sequences(a, b);
    std::vector<ParagraphChange> out;
    for (std::size_t k = 0; k < edits.size(); ++k) {
        const Edit& e = edits[k];
        if (e.kind == EditKind::Equal) continue;
        if (e.kind == EditKind::Delete && k + 1 < edits.size() && edits[k + 1].kind == EditKind::Insert) {
            const Edit& ins = edits[++k];
            const std::size_t paired = std::min(e.length, ins.length);
            for (std::size_t p = 0; p < paired; ++p) {
                const auto& before = a[e.old_index + p];
                const auto& after = b[ins.new_index + p];
                auto spans = character_diff(before, after);
                if (mostly_kept(spans)) {
                    out.push_back({ParagraphChange::Kind::Rewritten, before, after, std::move(spans)});
                } else {  // a different paragraph in the same place reads better as such
                    out.push_back({ParagraphChange::Kind::Removed, before, {}, {}});
                    out.push_back({ParagraphChange::Kind::Added, {}, after, {}});
                }
            }
            for (std::size_t p = paired; p < e.length; ++p)
                out.push_back({ParagraphChange::Kind::Removed, a[e.old_index + p], {}, {}});
            for (std::size_t p = paired; p < ins.length; ++p)
                out.push_back({ParagraphChange::Kind::Added, {}, b[ins.new_index + p], {}});
            continue;
        }
        for (std::size_t p = 0; p < e.length; ++p) {
            if (e.kind == EditKind::Delete) out.push_back({ParagraphChange::Kind::Removed, a[e.old_index + p], {}, {}});
            else out.push_back({ParagraphChange::Kind::Added, {}, b[e.new_index + p], {}});
        }
    }
    return out;
}

std::string date_text(const std::optional<Date>& d) { return d ? d->iso() : "なし"; }

std::vector<std::string> metadata_changes(const DocumentMetadata& a, const DocumentMetadata& b) {
    std::vector<std::string> out;
    const auto note = [&](const char* label, const std::string& before, const std::string& after) {
        if (before != after) out.push_back(fmt::format("{}：{} → {}", label, before.empty() ? "なし" : before,
                                                       after.empty() ? "なし" : after));
    };
    note("文書名", a.title, b.title);
    note("状態", std::string(status_label(a.status)), std::string(status_label(b.status)));
    note("所管部署", a.owner, b.owner);
    note("承認者", a.approver, b.approver);
    note("施行日", date_text(a.effective), date_text(b.effective));
    note("見直し期限", date_text(a.review_by), date_text(b.review_by));
    return out;
}

DocumentChange describe(DocumentChange::Kind kind, const Document* before, const Document* after) {
    const Document& latest = after ? *after : *before;
    DocumentChange change{kind, latest.meta.id, latest.meta.title, before ? before->version() : "",
                          after ? after->version() : "", latest.meta.audience, {}, {}};
    if (before && after) {
        change.metadata_changes = metadata_changes(before->meta, after->meta);
        change.paragraphs = paragraph_changes(before->body(), after->body());
    }
    return change;
}

int kind_rank(DocumentChange::Kind k) { return static_cast<int>(k); }

}  // namespace

std::vector<std::string> split_paragraphs(std::string_view body) {
    std::vector<std::string> out;
    std::string current;
    std::size_t pos = 0;
    while (pos <= body.size()) {
        const std::size_t end = std::min(body.find('\n', pos), body.size());
        const std::string line = trimmed(body.substr(pos, end - pos));
        if (line.empty()) {
            if (!current.empty()) out.push_back(std::exchange(current, {}));
        } else {
            current += (current.empty() ? "" : "\n") + line;
        }
        pos = end + 1;
    }
    if (!current.empty()) out.push_back(current);
    return out;
}

ChangeNotice compare_catalogs(const Catalog& older, const Catalog& newer, std::string old_label, std::string new_label) {
    ChangeNotice notice{std::move(old_label), std::move(new_label), {}};
    for (const Document& doc : newer.documents()) {
        const Document* before = older.find_by_id(doc.meta.id);
        if (before == nullptr) {
            notice.documents.push_back(describe(DocumentChange::Kind::Added, nullptr, &doc));
        } else if (doc.meta.status == Status::Obsolete && before->meta.status != Status::Obsolete) {
            notice.documents.push_back(describe(DocumentChange::Kind::Withdrawn, before, &doc));
        } else if (before->blob_id != doc.blob_id &&
                   (before->body() != doc.body() || !metadata_changes(before->meta, doc.meta).empty())) {
            notice.documents.push_back(describe(DocumentChange::Kind::Changed, before, &doc));
        }
    }
    for (const Document& doc : older.documents())
        if (newer.find_by_id(doc.meta.id) == nullptr)
            notice.documents.push_back(describe(DocumentChange::Kind::Withdrawn, &doc, nullptr));
    std::stable_sort(notice.documents.begin(), notice.documents.end(), [](const DocumentChange& a, const DocumentChange& b) {
        return kind_rank(a.kind) != kind_rank(b.kind) ? kind_rank(a.kind) < kind_rank(b.kind) : a.id < b.id;
    });
    return notice;
}

ChangeNotice ChangeNotice::for_audience(const std::string& audience_key) const {
    ChangeNotice out{old_label, new_label, {}};
    for (const auto& d : documents) {
        const bool concerned = std::any_of(d.audiences.begin(), d.audiences.end(), [&](const std::string& a) {
            return a == kAllStaffAudience || a == audience_key;
        });
        if (concerned) out.documents.push_back(d);
    }
    return out;
}

}  // namespace tebiki::changes
