// tebiki search: the bundle's search, from the command line.

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "search/search_engine.h"

namespace tebiki::cli {

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
        const auto& doc = index.document(r.doc);
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
        const auto& doc = index.document(r.doc);
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
