#pragma once
// The approval policy an edition must meet before it is published
// (content/tebiki.yml, 'publishing').

#include "document/catalog.h"
#include "document/site_contents.h"

namespace tebiki::publish {

// One error per violation, at the field concerned. With
// `with_approval_trailers`, also the commits since a document's last
// Approved-by that approved it or changed its text without one (warnings,
// or errors under publishing.require_approved_by); an approval about to be
// committed leaves them out, since it approves the text as it is.
Diagnostics check_edition_policy(const Catalog& catalog, const Edition& edition, bool with_approval_trailers = true);

}  // namespace tebiki::publish
