#pragma once
// A theme is data: Mustache templates, partials and static assets under
// themes/<name>/. Nothing theme-specific lives in C++.

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>

namespace tebiki::html {

struct Theme {
    std::filesystem::path directory;
    std::map<std::string, std::string> templates;  // "index", "document" → Mustache text
    std::map<std::string, std::string> partials;   // "head" → Mustache text
    std::filesystem::path assets_directory;        // copied to <site>/assets/
};

class ThemeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The theme `name`: the content repository's themes/<name>/ if it has one,
// otherwise the one shipped with tebiki.
std::filesystem::path find_theme(const std::filesystem::path& repository_root, const std::string& name);

// A theme shipped with tebiki ("default"), found beside the running program
// (PREFIX/share/tebiki/themes) or in the source tree it was built from.
std::filesystem::path builtin_theme(const std::string& name);

Theme load_theme(const std::filesystem::path& directory);

// `text` with each partial tag ({{> name}}) replaced by that partial's text,
// itself so treated: the Mustache renderer (kainjow) renders a partial in
// the line and context of its tag, so the result renders the same. Tags
// are kept where that would not hold: a partial that is missing or sets
// other delimiters (they would leak into the template), in a template that
// sets other delimiters, and below a depth of eight (a partial that
// includes itself).
std::string with_partials_written_in(const std::string& text, const std::map<std::string, std::string>& partials);

}  // namespace tebiki::html
