#pragma once
// How the preview maps a URL path to a file of the served directory, and
// the Content-Type it gives each file.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace tebiki::serve {

inline constexpr std::string_view kHtmlType = "text/html; charset=utf-8";

// The file path, relative to the served directory, that a (percent-decoded)
// URL path names; nullopt when it would leave the directory ("..") or is
// not a path at all.
std::optional<std::filesystem::path> relative_file_path(std::string_view url_path);

// By extension; application/octet-stream for anything unknown.
std::string content_type_for(const std::filesystem::path& file);

bool is_html_type(std::string_view content_type);

}  // namespace tebiki::serve
