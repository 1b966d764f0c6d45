#include "document/content_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <set>

#include "document/yaml_reading.h"

namespace tebiki {

namespace yr = yaml_reading;

const Audience* ContentConfig::find_audience(std::string_view key) const {
    for (const auto& a : audiences)
        if (a.key == key) return &a;
    return nullptr;
}

namespace {

const std::vector<std::string_view> kConfigKeys = {
    "organisation", "site_title", "theme", "allow_raw_html", "review_warning_days", "stale_after_days", "audiences", "pdf", "publishing"};

void read_audiences(const YAML::Node& node, ContentConfig& config, const std::string& file, Diagnostics& diags) {
    if (!node.IsSequence()) {
        diags.error(file, yr::line_of(node, 0), yr::column_of(node),
                    "config: 'audiences' must be a list of {key, name}, e.g. '- key: all' / '  name: 全職員'");
        return;
    }
    // A plain scan, not a regular expression: those recurse once per character.
    const auto valid_key = [](const std::string& key) {
        const auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
        return !key.empty() && lower_alnum(key.front()) &&
               std::all_of(key.begin(), key.end(), [&](char c) { return lower_alnum(c) || c == '_' || c == '-'; });
    };
    std::set<std::string> seen;
    for (const auto& item : node) {
        const auto key = item.IsMap() ? yr::scalar(item["key"]) : std::nullopt;
        const auto name = item.IsMap() ? yr::scalar(item["name"]) : std::nullopt;
        if (!key || !name || name->empty()) {
            diags.error(file, yr::line_of(item, 0), yr::column_of(item),
                        "config: each audience needs a 'key' (lower-case ASCII) and a 'name'");
            continue;
        }
        if (!valid_key(*key)) {
            diags.error(file, yr::line_of(item["key"], 0), yr::column_of(item["key"]),
                        fmt::format("config: audience key '{}' must be lower-case letters, digits, '-' or '_' "
                                    "(it names the output folder)",
                                    *key));
            continue;
        }
        if (!seen.insert(*key).second) {
            diags.error(file, yr::line_of(item["key"], 0), yr::column_of(item["key"]),
                        fmt::format("config: audience '{}' is defined twice", *key));
            continue;
        }
        config.audiences.push_back({*key, *name});
    }
}

void read_publishing(const YAML::Node& node, PublishingPolicy& policy, const std::string& file, Diagnostics& diags) {
    if (!node.IsMap()) {
        diags.error(file, yr::line_of(node, 0), yr::column_of(node),
                    "config: 'publishing' must be a mapping (edition_tag_pattern, require_approver, ...)");
        return;
    }
    for (const auto& entry : node) {
        const std::string key = entry.first.Scalar();
        const auto value = yr::scalar(entry.second);
        const bool is_bool = value && (*value == "true" || *value == "false");
        if (key == "edition_tag_pattern" && value && !value->empty()) {
            policy.edition_tag_pattern = *value;
        } else if (key == "require_approver" && is_bool) {
            policy.require_approver = *value == "true";
        } else if (key == "require_review_date" && is_bool) {
            policy.require_review_date = *value == "true";
        } else if (key == "effective_by_edition" && is_bool) {
            policy.effective_by_edition = *value == "true";
        } else if (key == "require_approved_by" && is_bool) {
            policy.require_approved_by = *value == "true";
        } else {
            diags.error(file, yr::line_of(entry.first, 0), yr::column_of(entry.first),
                        fmt::format("config: publishing: unknown key or bad value '{}' (known: edition_tag_pattern, "
                                    "require_approver, require_review_date, effective_by_edition, require_approved_by; "
                                    "the last four take true or false)",
                                    key));
        }
    }
}

void read_config_map(const YAML::Node& root, ContentConfig& config, const std::string& file, Diagnostics& diags) {
    for (const auto& entry : root) {
        const std::string key = entry.first.Scalar();
        const YAML::Node& value = entry.second;
        const auto text = yr::scalar(value);
        if (key == "organisation" && text) {
            config.organisation = *text;
        } else if (key == "site_title" && text) {
            config.site_title = *text;
        } else if (key == "theme" && text) {
            config.theme = *text;
        } else if (key == "allow_raw_html" && text && (*text == "true" || *text == "false")) {
            config.allow_raw_html = *text == "true";
        } else if (key == "review_warning_days" && text && std::regex_match(*text, std::regex("[0-9]{1,4}"))) {
            config.review_warning_days = std::stoi(*text);
        } else if (key == "stale_after_days" && text && std::regex_match(*text, std::regex("[1-9][0-9]{0,3}"))) {
            config.stale_after_days = std::stoi(*text);
        } else if (key == "audiences") {
            read_audiences(value, config, file, diags);
        } else if (key == "publishing") {
            read_publishing(value, config.publishing, file, diags);
        } else if (key == "pdf") {
            // Read by the renderers that use them.
        } else if (std::find(kConfigKeys.begin(), kConfigKeys.end(), key) != kConfigKeys.end()) {
            diags.error(file, yr::line_of(value, 0), yr::column_of(value),
                        fmt::format("config: '{}' has a value of the wrong kind", key));
        } else {
            const std::string hint = yr::nearest_key(key, kConfigKeys);
            diags.warning(file, yr::line_of(entry.first, 0), yr::column_of(entry.first),
                          fmt::format("config: unknown key '{}'{}", key,
                                      hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
        }
    }
}

void report_unreadable_yaml(std::string_view text, const YAML::ParserException& e, const std::string& file,
                            Diagnostics& diags) {
    if (const int tab_line = yr::first_tab_indented_line(text); tab_line > 0) {
        diags.error(file, tab_line, 1,
                    "config: this line is indented with a tab, which YAML does not allow: indent it with spaces "
                    "instead (タブではなく空白で字下げしてください)");
        return;
    }
    diags.error(file, e.mark.line + 1, e.mark.column + 1,
                fmt::format("config: tebiki.yml could not be read as YAML here ({}): check that each setting is "
                            "'key: value', that list items start with '- ' and line up, and that quotes are closed",
                            e.msg));
}

}  // namespace

ContentConfig parse_content_config(std::string_view yaml_text, const std::string& file, Diagnostics& diags) {
    ContentConfig config;
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml_text));
    } catch (const YAML::ParserException& e) {
        report_unreadable_yaml(yaml_text, e, file, diags);
        return config;
    }
    if (!root.IsMap()) {
        diags.error(file, 1, 1, "config: expected a mapping of settings (organisation, site_title, audiences, ...)");
        return config;
    }
    read_config_map(root, config, file, diags);
    if (!root["audiences"]) {
        diags.error(file, 1, 1, "config: 'audiences' is missing; add at least '- key: all' with 'name: 全職員'");
    } else if (config.find_audience(kAllStaffAudience) == nullptr) {
        diags.error(file, yr::line_of(root["audiences"], 0), yr::column_of(root["audiences"]),
                    "config: the audience 'all' (all staff) must be defined");
    }
    return config;
}

}  // namespace tebiki
