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

}  // namespace tebiki::html
