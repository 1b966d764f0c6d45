#pragma once
// The pages of the preview's own: its front page, which leads to each
// audience's site, and the pages it shows in place of the site when there
// is no page to show (the last save could not be built, or the address names
// no page). All are self-contained (inline CSS, no external files) and do
// not depend on the theme, which may be what failed to build.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tebiki::serve {

// One error as the preview shows it: the diagnostic line
// (`file:line:col: error: message`, in English like the terminal's) and,
// where tebiki has one, what is wrong and the fix in Japanese for the writer.
struct PreviewError {
    PreviewError(std::string line_text, std::string hint = {}) : line(std::move(line_text)), hint_ja(std::move(hint)) {}
    PreviewError(const char* line_text) : line(line_text) {}
    std::string line;
    std::string hint_ja;
};

// A page telling the writer that the last save could not be built, listing
// the errors and saying it refreshes itself once the file is fixed and saved.
std::string build_error_page(std::string_view headline_ja, const std::vector<PreviewError>& errors);

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
