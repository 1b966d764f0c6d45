#include "cli/command_support.h"

#include <fmt/format.h>

#include <mutex>
#include <sstream>
#include <vector>

#include "cli/commands.h"
#include "document/template_text.h"
#include "html/theme.h"
#include "pdf/pdf_style.h"
#include "publish/edition_policy.h"
#include "publish/staged_directory.h"
#include "reuse/output_cache.h"
#include "scaffold/scaffold.h"

namespace tebiki::cli {

source::SourceSnapshot read_source(const SourceOptions& options) {
    if (!options.revision.empty()) return source::read_revision(options.content_dir, options.revision);
    if (options.worktree) return source::read_worktree(options.content_dir);
    return source::read_revision(options.content_dir, "HEAD");
}

int exit_code_for(const source::SourceError& e) {
    return e.kind() == source::SourceError::Kind::BadRevision ? kExitUsage : kExitEnvironment;
}

void print_diagnostics(const Diagnostics& diags, std::ostream& out) {
    for (const auto& d : diags.sorted()) out << d.format() << '\n';
}

bool inside_tebiki_output(const std::filesystem::path& root, const std::string& repo_path) {
    for (auto dir = std::filesystem::path(repo_path).parent_path(); !dir.empty(); dir = dir.parent_path())
        if (std::filesystem::exists(root / dir / publish::kOutputMarker) || reuse::is_build_cache(root / dir))
            return true;
    return false;
}

Diagnostics document_control_checks(const Catalog& catalog, const std::optional<Edition>& edition,
                                    bool with_approval_trailers) {
    const auto& root = catalog.source().repository_root;
    std::filesystem::path theme;
    try {
        theme = html::find_theme(root, catalog.config().theme);
    } catch (const html::ThemeError&) {
        // An unknown theme is the build's to report; the repository's own
        // templates are still checked.
    }
    Diagnostics found = TemplatePlaceholders::from_templates(scaffold::document_template_texts(root, theme)).check(catalog);
    if (edition) found.append(publish::check_edition_policy(catalog, *edition, with_approval_trailers));
    return found;
}

std::string summary(const Catalog& catalog) { return summary(catalog, catalog.diagnostics()); }

std::string summary(const Catalog& catalog, const Diagnostics& d) {
    if (!catalog.config_loaded())
        return fmt::format("{} did not load ({} error{}); fix it first: the documents are checked once it loads",
                           catalog.source().display_path(kContentConfigFile), d.error_count(),
                           d.error_count() == 1 ? "" : "s");
    const std::size_t documents = catalog.documents().size();
    return fmt::format("{} document{}, {} error{}, {} warning{}", documents, documents == 1 ? "" : "s",
                       d.error_count(), d.error_count() == 1 ? "" : "s", d.warning_count(),
                       d.warning_count() == 1 ? "" : "s");
}

namespace {

// The line of tebiki.yml's 'theme:' setting, or 0 when it keeps the default.
int theme_line(const Catalog& catalog) {
    const auto* config = catalog.source().find(kContentConfigFile);
    if (config == nullptr) return 0;
    std::istringstream lines(config->bytes());
    int number = 0;
    for (std::string text; std::getline(lines, text);) {
        ++number;
        if (text.starts_with("theme:")) return number;
    }
    return 0;
}

}  // namespace

std::optional<Diagnostic> theme_problem(const Catalog& catalog) {
    if (!catalog.config_loaded()) return std::nullopt;
    std::string problem;
    try {
        const html::Theme theme =
            html::load_theme(html::find_theme(catalog.source().repository_root, catalog.config().theme));
        pdf::pdf_style_of_theme(theme.directory);  // its pdf.yml, which build reads too
        return std::nullopt;
    } catch (const pdf::PdfStyleError& e) {
        problem = fmt::format("theme '{}': bad PDF style: {}", catalog.config().theme, e.what());
    } catch (const html::ThemeError& e) {
        problem = e.what();
    }
    // On the 'theme:' line, where the fix goes.
    const int line = theme_line(catalog);
    return Diagnostic{catalog.source().display_path(kContentConfigFile), line, line > 0 ? 1 : 0, Severity::Error,
                      "config: " + problem, {}};
}

Date publication_date(const source::SourceSnapshot& src) {
    if (src.from_worktree || src.commit.id.empty()) return Date::today();
    return Date::from_unix_time(src.commit.time, src.commit.utc_offset_minutes);
}

void detail::keep_alive(std::shared_ptr<void> object) {
    // Allocated once and never freed: what it holds outlives every static destructor.
    static auto* const kept = new std::vector<std::shared_ptr<void>>;
    static std::mutex mutex;
    const std::lock_guard<std::mutex> lock(mutex);
    kept->push_back(std::move(object));
}

}  // namespace tebiki::cli
