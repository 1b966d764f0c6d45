#include "cli/commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "document/catalog.h"
#include "html/theme.h"
#include "publish/site_build.h"
#include "search/search_engine.h"
#include "source/content_source.h"

namespace tebiki::cli {

void add_source_options(CLI::App& cmd, SourceOptions& options, bool worktree_default) {
    auto* rev = cmd.add_option("--rev", options.revision,
                               worktree_default ? "Read the content at this git revision instead of the work tree"
                                                : "Read the content at this git revision (default HEAD)");
    auto* worktree = cmd.add_flag("--worktree", options.worktree,
                                  "Read the work tree, uncommitted edits included (a writer's preview)");
    rev->excludes(worktree);
    cmd.add_option("--content", options.content_dir, "Content root inside a git repository")->capture_default_str();
    options.worktree = worktree_default;
}

namespace {

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

std::string summary(const Catalog& catalog) {
    const auto& d = catalog.diagnostics();
    return fmt::format("{} documents, {} error{}, {} warning{}", catalog.documents().size(), d.error_count(),
                       d.error_count() == 1 ? "" : "s", d.warning_count(), d.warning_count() == 1 ? "" : "s");
}

// Review dates of a published copy are judged on the day of its commit, so
// that the same commit always gives the same output; a preview uses today.
Date publication_date(const source::SourceSnapshot& src) {
    if (src.from_worktree || src.commit.id.empty()) return Date::today();
    return Date::from_unix_time(src.commit.time, src.commit.utc_offset_minutes);
}

}  // namespace

int run_build(const BuildOptions& options) {
    try {
        source::SourceSnapshot snapshot = read_source(options.source);
        const Date as_of = publication_date(snapshot);
        const Catalog catalog = build_catalog(std::move(snapshot), CatalogOptions{as_of});
        print_diagnostics(catalog.diagnostics(), std::cerr);
        if (catalog.diagnostics().has_errors()) {
            std::cerr << "tebiki: build stopped: " << summary(catalog) << "; '" << options.out_dir
                      << "' was left as it was\n";
            return kExitContentErrors;
        }
        const auto result = publish::build_sites(catalog, options.out_dir);
        std::cerr << fmt::format("tebiki: built {} pages for {} audiences ({})\n", result.pages_written,
                                 result.index_pages.size(), summary(catalog));
        for (const auto& page : result.index_pages) std::cout << page.string() << '\n';
        return kExitSuccess;
    } catch (const source::SourceError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return exit_code_for(e);
    } catch (const html::ThemeError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return kExitEnvironment;
    } catch (const std::exception& e) {
        std::cerr << "tebiki: error: " << e.what() << "; '" << options.out_dir << "' was left as it was\n";
        return kExitEnvironment;
    }
}

int run_check(const CheckOptions& options) {
    std::optional<Date> as_of = Date::today();
    if (!options.as_of.empty()) {
        as_of = Date::parse_iso(options.as_of);
        if (!as_of) {
            std::cerr << "tebiki: error: --as-of must be a date like 2026-04-01\n";
            return kExitUsage;
        }
    }
    try {
        const Catalog catalog = build_catalog(read_source(options.source), CatalogOptions{*as_of});
        print_diagnostics(catalog.diagnostics(), std::cout);
        std::cerr << "tebiki: " << summary(catalog) << '\n';
        return catalog.diagnostics().has_errors() ? kExitContentErrors : kExitSuccess;
    } catch (const source::SourceError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return exit_code_for(e);
    }
}


namespace {

std::string highlighted(const search::Snippet& snippet, bool bold) {
    if (!bold) return snippet.text;
    std::string out;
    std::size_t at = 0;
    for (const auto& [begin, end] : snippet.marks) {
        out += snippet.text.substr(at, begin - at) + "\x1b[1m" + snippet.text.substr(begin, end - begin) + "\x1b[0m";
        at = end;
    }
    return out + snippet.text.substr(at);
}

void print_results_text(const search::SearchIndex& index, const std::vector<search::SearchResult>& results,
                        std::size_t shown, const std::string& query) {
    if (results.empty()) {
        std::cout << "no documents match '" << query << "'\n";
        return;
    }
    const bool tty = isatty(STDOUT_FILENO) != 0;
    for (std::size_t i = 0; i < shown; ++i) {
        const auto& r = results[i];
        const auto& doc = index.documents()[r.doc];
        const auto& section = doc.sections.empty() ? search::SearchSection{} : doc.sections[r.section];
        std::cout << fmt::format("{}. {} {} [{}]\n", i + 1, doc.id, doc.title, status_label(doc.status));
        std::cout << "   " << doc.href << (section.anchor.empty() ? "" : "#" + section.anchor)
                  << (section.heading.empty() ? "" : "  (" + section.heading + ")") << '\n';
        if (!r.snippet.text.empty()) std::cout << "   " << highlighted(r.snippet, tty) << '\n';
    }
    if (shown < results.size()) std::cout << fmt::format("({} more; use --limit 0 to see all)\n", results.size() - shown);
}

void print_results_json(const search::SearchIndex& index, const std::vector<search::SearchResult>& results,
                        std::size_t shown, const std::string& query) {
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = 0; i < shown; ++i) {
        const auto& r = results[i];
        const auto& doc = index.documents()[r.doc];
        const auto& section = doc.sections.empty() ? search::SearchSection{} : doc.sections[r.section];
        list.push_back({{"id", doc.id},
                        {"title", doc.title},
                        {"status", std::string(status_key(doc.status))},
                        {"href", doc.href},
                        {"heading", section.heading},
                        {"anchor", section.anchor},
                        {"score", std::round(r.score * 1e6) / 1e6},
                        {"snippet", r.snippet.text},
                        {"marks", r.snippet.marks}});
    }
    std::cout << nlohmann::json{{"query", query}, {"total", results.size()}, {"results", list}}.dump(2) << '\n';
}

}  // namespace

int run_search(const SearchCommandOptions& options) {
    try {
        source::SourceSnapshot snapshot = read_source(options.source);
        const Date as_of = publication_date(snapshot);
        const Catalog catalog = build_catalog(std::move(snapshot), CatalogOptions{as_of});
        if (catalog.diagnostics().has_errors()) {
            std::cerr << "tebiki: note: the content has errors (run 'tebiki check'); searching what could be read\n";
        }
        std::vector<const Document*> docs;
        if (options.audience.empty()) {
            for (const auto& d : catalog.documents()) docs.push_back(&d);
        } else if (catalog.config().find_audience(options.audience) == nullptr) {
            std::cerr << "tebiki: error: unknown audience '" << options.audience << "'\n";
            return kExitUsage;
        } else {
            docs = catalog.documents_for(options.audience);
        }
        const search::SearchIndex index = search::build_search_index(docs);
        const auto results = search::run_search(index, options.query, {options.include_obsolete});
        const std::size_t shown =
            options.limit == 0 ? results.size() : std::min(options.limit, results.size());
        if (options.json) print_results_json(index, results, shown, options.query);
        else print_results_text(index, results, shown, options.query);
        return kExitSuccess;
    } catch (const source::SourceError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return exit_code_for(e);
    }
}

}  // namespace tebiki::cli
