#include "publish/edition_policy.h"

#include <fmt/format.h>

namespace tebiki::publish {

Diagnostics check_edition_policy(const Catalog& catalog, const Edition& edition) {
    Diagnostics problems;
    const PublishingPolicy& policy = catalog.config().publishing;
    for (const Document& doc : catalog.documents()) {
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
