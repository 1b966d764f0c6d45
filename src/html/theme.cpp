#include "html/theme.h"

#include <fstream>
#include <set>
#include <vector>
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

// Where the themes shipped with tebiki are: beside the running program's
// prefix (PREFIX/bin/tebiki → PREFIX/share/tebiki/themes), so that an
// installed tebiki needs no source tree; then the source tree it was built
// from, for a tebiki run from its build directory.
std::vector<fs::path> builtin_theme_dirs() {
    std::vector<fs::path> dirs;
    std::error_code ec;
    const fs::path program = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) dirs.push_back(program.parent_path().parent_path() / "share" / "tebiki" / "themes");
    dirs.emplace_back(kBuiltinThemesDir);
    return dirs;
}

fs::path builtin_theme(const std::string& name) {
    for (const fs::path& dir : builtin_theme_dirs())
        if (fs::is_directory(dir / name)) return dir / name;
    throw ThemeError("tebiki's own theme '" + name + "' is missing: looked in " + builtin_theme_dirs().front().string() +
                     " (is tebiki installed completely?)");
}

namespace {

std::vector<std::string> theme_names_in(const fs::path& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    if (fs::is_directory(dir, ec))
        for (const auto& entry : fs::directory_iterator(dir, ec))
            if (entry.is_directory() && !entry.path().filename().string().starts_with('.'))
                names.push_back(entry.path().filename().string());
    return names;
}

}  // namespace

fs::path find_theme(const fs::path& repository_root, const std::string& name) {
    if (name.empty() || name.find('/') != std::string::npos || name.starts_with('.'))
        throw ThemeError("invalid theme name '" + name + "' in tebiki.yml: give the name of a folder in themes/, "
                         "like 'default'");
    const fs::path own = repository_root / "themes" / name;
    if (fs::is_directory(own)) return own;
    std::set<std::string> known;
    for (const fs::path& dir : builtin_theme_dirs()) {
        if (fs::is_directory(dir / name)) return dir / name;
        for (auto& n : theme_names_in(dir)) known.insert(std::move(n));
    }
    for (auto& n : theme_names_in(repository_root / "themes")) known.insert(std::move(n));
    std::string list;
    for (const auto& n : known) list += (list.empty() ? "'" : ", '") + n + "'";
    throw ThemeError("theme '" + name + "' not found (themes: " + (list.empty() ? "none" : list) +
                     "); set 'theme:' in tebiki.yml to one of them, or add themes/" + name +
                     "/ to the repository");
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
