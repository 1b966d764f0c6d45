#include "scaffold/scaffold.h"

#include <kainjow/mustache.hpp>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "source/repository_writes.h"
#include "text/japanese_date.h"

namespace tebiki::scaffold {

namespace fs = std::filesystem;
namespace mu = kainjow::mustache;

namespace {

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ScaffoldError("cannot read template '" + path.string() + "'");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void write_text(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw ScaffoldError("cannot write '" + path.string() + "'");
}

// A YAML scalar that stays one value whatever it holds (':', '#', quotes).
std::string yaml_quoted(const std::string& value) {
    YAML::Emitter out;
    out << YAML::DoubleQuoted << value;
    return out.c_str();
}

// Templates write YAML and Markdown, not HTML: nothing is HTML-escaped.
std::string fill(const std::string& template_text, const mu::data& data, const std::string& name) {
    mu::mustache tmpl(template_text);
    tmpl.set_custom_escape([](const std::string& s) { return s; });
    if (!tmpl.is_valid()) throw ScaffoldError("template '" + name + "': " + tmpl.error_message());
    return tmpl.render(data);
}

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> names;
    if (fs::is_directory(dir))
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().extension() == ".md") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

fs::path find_document_template(const fs::path& repository_root, const fs::path& theme_dir, const std::string& name) {
    for (const fs::path& candidate : {repository_root / "templates" / (name + ".md"), theme_dir / "new" / (name + ".md")})
        if (fs::is_regular_file(candidate)) return candidate;
    std::string known;
    for (const auto& dir : {repository_root / "templates", theme_dir / "new"})
        for (const auto& n : names_in(dir)) known += (known.empty() ? "" : ", ") + n;
    throw ScaffoldError("no document template named '" + name + "' (templates: " + known + ")");
}

std::vector<std::string> document_template_texts(const fs::path& repository_root, const fs::path& theme_dir) {
    std::vector<std::string> texts;
    for (const auto& dir : {repository_root / "templates", theme_dir / "new"})
        for (const auto& name : names_in(dir)) texts.push_back(read_text(dir / (name + ".md")));
    return texts;
}

std::string render_new_document(const fs::path& template_file, const NewDocument& doc) {
    mu::data data;
    data.set("id", doc.id);
    data.set("title", yaml_quoted(doc.title));
    data.set("owner", yaml_quoted(doc.owner));
    data.set("today", doc.today.iso());
    data.set("today_ja", text::format_date_japanese(doc.today.year, doc.today.month, doc.today.day));
    return fill(read_text(template_file), data, template_file.string());
}

void init_content_repository(const fs::path& dir, const std::string& organisation, const fs::path& theme_dir,
                             Date today) {
    if (fs::exists(dir) && !(fs::is_directory(dir) && fs::is_empty(dir)))
        throw ScaffoldError("'" + dir.string() + "' exists and is not empty; choose a new directory");
    mu::data config;
    config.set("organisation", yaml_quoted(organisation));
    config.set("site_title", yaml_quoted(organisation + " 運用管理文書集"));
    write_text(dir / "content" / "tebiki.yml", fill(read_text(theme_dir / "new" / "tebiki.yml"), config, "tebiki.yml"));
    const NewDocument sample{"OPS-001", "情報システム運用管理規程", "医療情報部", "rule", today};
    write_text(dir / "content" / "rules" / "operations.md",
               render_new_document(find_document_template(dir, theme_dir, "rule"), sample));
    write_text(dir / ".gitignore", read_text(theme_dir / "new" / "gitignore"));
    source::create_repository_with_commit(dir, "文書集を作成（tebiki init）");
}

}  // namespace tebiki::scaffold
