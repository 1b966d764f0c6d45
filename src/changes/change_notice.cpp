#include "changes/change_notice.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "changes/readable_text.h"
#include "document/site_contents.h"
#include "text/graphemes.h"

namespace tebiki::changes {

namespace {

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

std::vector<std::string> texts_of(const std::vector<ReadableBlock>& blocks) {
    std::vector<std::string> out;
    out.reserve(blocks.size());
    for (const auto& b : blocks) out.push_back(b.text);
    return out;
}

// A rewritten block, read character by character, or, with little in
// common, a block removed and another added in its place.
void add_rewritten(const std::string& before, const std::string& after, std::vector<ParagraphChange>& out) {
    auto spans = character_diff(before, after);
    if (mostly_kept(spans)) {
        out.push_back({ParagraphChange::Kind::Rewritten, before, after, std::move(spans)});
    } else {
        out.push_back({ParagraphChange::Kind::Removed, before, {}, {}});
        out.push_back({ParagraphChange::Kind::Added, {}, after, {}});
    }
}

// The blocks the pages show, compared by their text; runs of deleted and
// inserted blocks are paired in order, and a block whose text stayed but
// whose links lead elsewhere is a change of link target, not of text.
std::vector<ParagraphChange> paragraph_changes(std::string_view old_body, std::string_view new_body) {
    const auto old_blocks = readable_blocks(old_body), new_blocks = readable_blocks(new_body);
    const auto a = texts_of(old_blocks), b = texts_of(new_blocks);
    const auto edits = diff_sequences(a, b);
    std::vector<ParagraphChange> out;
    for (std::size_t k = 0; k < edits.size(); ++k) {
        const Edit& e = edits[k];
        if (e.kind == EditKind::Equal) {
            for (std::size_t p = 0; p < e.length; ++p)
                if (old_blocks[e.old_index + p].links != new_blocks[e.new_index + p].links)
                    out.push_back({ParagraphChange::Kind::LinkTargetChanged, {}, b[e.new_index + p], {}});
            continue;
        }
        if (e.kind == EditKind::Delete && k + 1 < edits.size() && edits[k + 1].kind == EditKind::Insert) {
            const Edit& ins = edits[++k];
            const std::size_t paired = std::min(e.length, ins.length);
            for (std::size_t p = 0; p < paired; ++p) add_rewritten(a[e.old_index + p], b[ins.new_index + p], out);
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
                          after ? after->version() : "", {}, {}, {}};
    if (before && after) {
        change.metadata_changes = metadata_changes(before->meta, after->meta);
        change.paragraphs = paragraph_changes(before->body(), after->body());
    }
    return change;
}

// Why a document the older site carried is not in the newer one.
DocumentChange::Retraction retraction_of(const Document* now) {
    using R = DocumentChange::Retraction;
    if (now == nullptr) return R::Deleted;
    if (now->meta.status == Status::Draft) return R::BackToDraft;
    if (now->meta.status == Status::Review) return R::BackToReview;
    return R::OtherAudience;
}

// A document one site carries: published, and for the site's audience.
bool carried(const Document* doc, const std::string& audience_key) {
    return doc != nullptr && is_published_status(doc->meta.status) &&
           (audience_key.empty() || doc->is_for(audience_key));
}

std::optional<DocumentChange> compare_document(const Document* before, const Document* after,
                                               const std::string& audience_key) {
    const bool was = carried(before, audience_key), is = carried(after, audience_key);
    if (!was && !is) return std::nullopt;
    if (!was) {
        // First published here: new to this site's readers, whatever its
        // history as a draft. Made obsolete on the way: listed as withdrawn.
        const auto kind = after->meta.status == Status::Obsolete ? DocumentChange::Kind::Withdrawn
                                                                 : DocumentChange::Kind::Added;
        return describe(kind, nullptr, after);
    }
    if (!is) {
        DocumentChange change = describe(DocumentChange::Kind::Retracted, before, nullptr);
        change.retraction = retraction_of(after);
        return change;
    }
    if (after->meta.status == Status::Obsolete && before->meta.status != Status::Obsolete)
        return describe(DocumentChange::Kind::Withdrawn, before, after);
    if (before->blob_id == after->blob_id) return std::nullopt;
    DocumentChange change = describe(DocumentChange::Kind::Changed, before, after);
    const bool shows_change = !change.paragraphs.empty() || !change.metadata_changes.empty();
    if (!shows_change && change.old_version == change.new_version) return std::nullopt;
    return change;
}

int kind_rank(DocumentChange::Kind k) { return static_cast<int>(k); }

}  // namespace

ChangeNotice compare_catalogs(const Catalog& older, const Catalog& newer, std::string old_label, std::string new_label,
                              const std::string& audience_key) {
    ChangeNotice notice{std::move(old_label), std::move(new_label), {}, {}};
    const auto add = [&](const Document* before, const Document* after) {
        if (auto change = compare_document(before, after, audience_key)) notice.documents.push_back(std::move(*change));
    };
    for (const Document& doc : newer.documents()) {
        add(older.find_by_id(doc.meta.id), &doc);
        if (!is_published_status(doc.meta.status) && (audience_key.empty() || doc.is_for(audience_key)))
            notice.left_out.push_back({doc.meta.id, doc.meta.title, doc.display_path, doc.meta.status});
    }
    for (const Document& doc : older.documents())
        if (newer.find_by_id(doc.meta.id) == nullptr) add(&doc, nullptr);
    std::stable_sort(notice.documents.begin(), notice.documents.end(), [](const DocumentChange& a, const DocumentChange& b) {
        return kind_rank(a.kind) != kind_rank(b.kind) ? kind_rank(a.kind) < kind_rank(b.kind) : a.id < b.id;
    });
    return notice;
}

ChangeNotices compare_sites(const Catalog& older, const Catalog& newer, const std::string& old_label,
                            const std::string& new_label) {
    ChangeNotices notices;
    for (const Audience& audience : newer.config().audiences)
        notices.by_audience.emplace(audience.key, compare_catalogs(older, newer, old_label, new_label, audience.key));
    return notices;
}

std::string retraction_reason_ja(DocumentChange::Retraction r) {
    using R = DocumentChange::Retraction;
    switch (r) {
        case R::Deleted: return "文書が削除されたため";
        case R::BackToDraft: return "下書きに戻されたため";
        case R::BackToReview: return "レビュー中に戻されたため";
        case R::OtherAudience: return "この配布先の対象から外れたため";
        case R::None: break;
    }
    return "";
}

const ChangeNotice* ChangeNotices::find(std::string_view audience_key) const {
    const auto it = by_audience.find(audience_key);
    return it == by_audience.end() ? nullptr : &it->second;
}

}  // namespace tebiki::changes
