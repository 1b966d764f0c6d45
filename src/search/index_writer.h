#pragma once
// The search renderer: writes <site>/search/index.js for one audience.

#include <filesystem>
#include <string_view>

#include "document/catalog.h"

namespace tebiki::search {

void write_search_index(const Catalog& catalog, std::string_view audience_key, const std::filesystem::path& site_dir);

}  // namespace tebiki::search
