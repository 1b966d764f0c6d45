#pragma once
// content/tebiki.yml: the organisation, the site, the audiences.

#include <string>
#include <string_view>
#include <vector>

#include "document/diagnostic.h"

namespace tebiki {

struct Audience {
    std::string key;   // ASCII, used in paths: "ward-5w"
    std::string name;  // Japanese name: "5階西病棟"
};

// The audience every document is for unless it says otherwise; its bundle is
// for all staff.
inline constexpr std::string_view kAllStaffAudience = "all";

// What `tebiki publish` demands of an edition (content/tebiki.yml, 'publishing').
struct PublishingPolicy {
    std::string edition_tag_pattern = "edition/*";  // glob over tag names
    bool require_approver = true;                   // approved documents name their approver
    bool require_review_date = true;                // approved documents have a review date
    bool effective_by_edition = true;               // effective no later than the edition's date
    // Every commit that approves an approved document or changes its text
    // carries an Approved-by trailer (otherwise only a warning).
    bool require_approved_by = false;
};

struct ContentConfig {
    std::string organisation;
    std::string site_title = "文書集";
    std::string theme = "default";
    bool allow_raw_html = false;
    int review_warning_days = 30;
    // A terminal shows a warning banner when its copy is older than this.
    int stale_after_days = 180;
    std::vector<Audience> audiences;
    PublishingPolicy publishing;

    const Audience* find_audience(std::string_view key) const;
};

// Parses and validates the config; problems go to `diagnostics` against
// `display_path`. Returns what could be read (defaults elsewhere).
ContentConfig parse_content_config(std::string_view yaml_text, const std::string& display_path,
                                   Diagnostics& diagnostics);

}  // namespace tebiki
