#pragma once
// Publishing the catalog as one offline site per audience, atomically.

#include <filesystem>
#include <string>
#include <vector>

#include "document/catalog.h"

namespace tebiki::publish {

struct SiteBuildResult {
    std::vector<std::filesystem::path> index_pages;  // <out>/<audience>/index.html, in config order
    std::size_t pages_written = 0;
};

// Renders every audience's site into a staging directory and swaps it in
// for `out_dir` only when all of them are complete. Throws on I/O or theme
// failure, leaving `out_dir` untouched. The catalog must have no errors.
SiteBuildResult build_sites(const Catalog& catalog, const std::filesystem::path& out_dir);

}  // namespace tebiki::publish
