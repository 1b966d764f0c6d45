#pragma once
// The approval policy an edition must meet before it is published
// (content/tebiki.yml, 'publishing').

#include "document/catalog.h"
#include "document/site_contents.h"

namespace tebiki::publish {

// One error per violation, at the field concerned.
Diagnostics check_edition_policy(const Catalog& catalog, const Edition& edition);

}  // namespace tebiki::publish
