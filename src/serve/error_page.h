#pragma once
// The pages the preview shows in place of the site when there is no page to
// show: the last save could not be built, or the address names no page.
// Both are self-contained (inline CSS, no external files).

#include <string>
#include <string_view>
#include <vector>

namespace tebiki::serve {

// A page telling the writer that the last save could not be built, listing
// the diagnostics (`file:line:col: error: message`, kept in English) and
// saying it refreshes itself once the file is fixed and saved.
std::string build_error_page(std::string_view headline_ja, const std::vector<std::string>& diagnostic_lines);

// A page for an address that names no page of the preview.
std::string build_not_found_page(std::string_view url_path);

}  // namespace tebiki::serve
