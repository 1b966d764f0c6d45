#include "html/theme.h"

#include <fstream>
#include <sstream>

#include "version.h"

namespace tebiki::html {

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ThemeError("cannot read theme file '" + path.string() + "'");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::map<std::string, std::string> read_mustache_files(const fs::path& dir) {
    std::map<std::string, std::string> out;
    if (!fs::is_directory(dir)) return out;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.is_regular_file() && entry.path().extension() == ".mustache")
            out.emplace(entry.path().stem().string(), read_text(entry.path()));
    }
    return out;
}

}  // namespace

fs::path find_theme(const fs::path& repository_root, const std::string& name) {
    if (name.empty() || name.find('/') != std::string::npos || name.starts_with('.'))
        throw ThemeError("invalid theme name '" + name + "' in tebiki.yml");
    const fs::path own = repository_root / "themes" / name;
    if (fs::is_directory(own)) return own;
    const fs::path builtin = fs::path(kBuiltinThemesDir) / name;
    if (fs::is_directory(builtin)) return builtin;
    throw ThemeError("theme '" + name + "' not found in " + own.string() + " or " + builtin.string());
}

Theme load_theme(const fs::path& directory) {
    Theme theme;
    theme.directory = directory;
    theme.templates = read_mustache_files(directory / "templates");
    theme.partials = read_mustache_files(directory / "templates" / "partials");
    theme.assets_directory = directory / "assets";
    for (const char* required : {"index", "document"}) {
        if (theme.templates.count(required) == 0)
            throw ThemeError("theme '" + directory.string() + "' has no templates/" + required + ".mustache");
    }
    return theme;
}

namespace {

constexpr int kPartialDepthLimit = 8;

bool sets_delimiters(const std::string& text) { return text.find("{{=") != std::string::npos; }

std::string trimmed(std::string name) {
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    return name;
}

std::string written_in(const std::string& text, const std::map<std::string, std::string>& partials, int depth) {
    if (depth == kPartialDepthLimit || sets_delimiters(text)) return text;
    std::string out;
    std::size_t done = 0;
    // Tag by tag, so that a partial's tag inside a comment stays text.
    for (std::size_t open = text.find("{{"); open != std::string::npos; open = text.find("{{", done)) {
        const std::size_t close = text.find("}}", open);
        if (close == std::string::npos) break;
        const bool is_partial = text.compare(open, 3, "{{>") == 0;
        const auto partial = is_partial ? partials.find(trimmed(text.substr(open + 3, close - open - 3))) : partials.end();
        if (partial == partials.end() || sets_delimiters(partial->second)) {
            out.append(text, done, close + 2 - done);
        } else {
            out.append(text, done, open - done);
            out += written_in(partial->second, partials, depth + 1);
        }
        done = close + 2;
    }
    out.append(text, done);
    return out;
}

}  // namespace

std::string with_partials_written_in(const std::string& text, const std::map<std::string, std::string>& partials) {
    return written_in(text, partials, 0);
}

}  // namespace tebiki::html
