#pragma once
// The pages of the preview's own: its front page, which leads to each
// audience's site, and the pages it shows in place of the site when there
// is no page to show (the last save could not be built, or the address names
// no page). All are self-contained (inline CSS, no external files) and do
// not depend on the theme, which may be what failed to build.

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

// The preview's front page: a link to each audience's site (<key>/index.html).
struct AudienceLink {
    std::string key;
    std::string name;
    std::size_t documents = 0;
};
std::string build_audience_chooser_page(std::string_view site_title, const std::vector<AudienceLink>& audiences);

}  // namespace tebiki::serve
