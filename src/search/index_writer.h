#pragma once
// The search renderer: writes <site>/search/index.js and its part scripts
// for one audience.

#include <filesystem>
#include <string_view>

#include "document/site_contents.h"

namespace tebiki::search {

class SearchCorpus;

// `corpus` keeps each document's preparation for the next site of the build.
void write_search_index(const SiteContents& site, const std::filesystem::path& site_dir, SearchCorpus& corpus);

}  // namespace tebiki::search
