#pragma once
// The search renderer: writes <site>/search/index.js and its part scripts
// for one audience.

#include <filesystem>
#include <string_view>

#include "document/output_reuse.h"
#include "document/site_contents.h"

namespace tebiki::search {

class SearchCorpus;

// `corpus` keeps each document's preparation for the next site of the build.
// Through `reuse` (when given), a part script whose documents are unchanged
// is taken from an earlier build: an edit changes one part of sixteen.
// index.js, whose postings every document's keys make, is always written.
void write_search_index(const SiteContents& site, const std::filesystem::path& site_dir, SearchCorpus& corpus,
                        OutputReuse* reuse = nullptr);

}  // namespace tebiki::search
