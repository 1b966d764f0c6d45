#include "publish/edition_policy.h"

#include <fmt/format.h>

namespace tebiki::publish {

namespace {

// Commits that approved the document, or changed an approved document's
// text, with no Approved-by trailer: a warning, or a refusal when the
// policy requires the trailer.
void check_approval_trailers(const Document& doc, const PublishingPolicy& policy, Diagnostics& problems) {
    for (const auto& r : doc.history) {  // newest first: what the last approval did not see
        if (!r.approved_by.empty()) break;
        if (!r.lacks_approval) continue;
        Diagnostic d{doc.display_path, 0, 0, policy.require_approved_by ? Severity::Error : Severity::Warning,
                     fmt::format("publishing: commit {} ('{}') {} approved document {} without an 'Approved-by:' "
                                 "trailer; approve changes with 'tebiki approve {} --by NAME'",
                                 r.short_id, r.summary, r.first_approval ? "made" : "changed the text of",
                                 doc.meta.id, doc.meta.id),
                     {}};
        problems.add(std::move(d));
    }
}

}  // namespace

Diagnostics check_edition_policy(const Catalog& catalog, const Edition& edition, bool with_approval_trailers) {
    Diagnostics problems;
    const PublishingPolicy& policy = catalog.config().publishing;
    for (const Document& doc : catalog.documents()) {
        if (with_approval_trailers && is_published_status(doc.meta.status))
            check_approval_trailers(doc, policy, problems);
        if (doc.meta.status != Status::Approved) continue;
        const auto& m = doc.meta;
        const auto at = [&](std::string_view key) { return m.position_of(key); };
        if (policy.require_approver && m.approver.empty()) {
            const auto pos = at("status");
            problems.error(doc.display_path, pos.line, pos.column,
                           "publishing: an approved document must name its approver ('approver: 病院長')");
        }
        if (policy.effective_by_edition && m.effective && *m.effective > edition.date) {
            const auto pos = at("effective");
            problems.error(doc.display_path, pos.line, pos.column,
                           fmt::format("publishing: effective date {} is after the edition's date {} ({}); "
                                       "publish a later edition or correct the date",
                                       m.effective->iso(), edition.date.iso(), edition.name));
        }
        if (policy.require_review_date && !m.review_by) {
            const auto pos = at("status");
            problems.error(doc.display_path, pos.line, pos.column,
                           "publishing: an approved document needs a review date ('review_by' or 'review_months')");
        }
    }
    return problems;
}

}  // namespace tebiki::publish
