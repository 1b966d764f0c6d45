// tebiki search: the bundle's search, from the command line.

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "foundation/parallel_for.h"
#include "reuse/cached_catalog_store.h"
#include "reuse/cached_search_store.h"
#include "reuse/catalog_memo.h"
#include "reuse/output_cache.h"
#include "search/prepared_store.h"
#include "search/search_engine.h"
#include "search/search_index.h"

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

// The repository's build cache, when a build made one (search never starts
// one of its own). Its entries are keyed by each file's bytes and tebiki
// itself, so what it holds is current by construction.
std::optional<reuse::OutputCache> existing_cache(const std::filesystem::path& repository_root) {
    const std::filesystem::path dir = reuse::default_cache_dir(repository_root);
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return std::nullopt;
    return std::optional<reuse::OutputCache>(std::in_place, dir);
}

// The documents made ready for searching: from what the build cache kept
// of them (their cards and normalised fields: no Markdown parsed, no
// readings made, nothing normalised again) where it has them, made and
// kept there otherwise. Documents from the cache come without their
// sections; complete_shown() adds them to the results shown.
std::vector<search::PreparedDocument> prepared_documents(const std::vector<const Document*>& docs,
                                                         const search::PreparedStore* store) {
    std::vector<search::PreparedDocument> out(docs.size());
    parallel_for(docs.size(), [&](std::size_t i) {
        const auto kept = store != nullptr ? store->load_fields(*docs[i]) : std::nullopt;
        auto prepared = kept ? search::prepare_indexed(*kept, /*with_sections=*/false) : std::nullopt;
        if (prepared) {
            out[i] = std::move(*prepared);
            return;
        }
        out[i] = search::prepare_document(search::make_search_document(*docs[i]));
        if (store != nullptr) store->save(*docs[i], out[i].indexed);
    });
    return out;
}

// The sections and snippets of the results shown, read only for them.
void complete_shown(std::vector<search::PreparedDocument>& prepared, std::vector<search::SearchResult>& results,
                    std::size_t shown, const std::vector<const Document*>& docs, const search::PreparedStore* store,
                    std::string_view query) {
    const auto terms = search::parse_query(query);
    for (std::size_t i = 0; i < shown; ++i) {
        search::SearchResult& r = results[i];
        search::PreparedDocument& p = prepared[r.doc];
        if (p.document.sections.empty() && !p.fields.section_texts.empty()) {
            const auto kept = store != nullptr ? store->load(*docs[r.doc]) : std::nullopt;
            if (kept) {
                p.indexed.match_json = kept->match_json;
                p.indexed.texts_json = kept->texts_json;
            }
            if (!kept || !search::complete_sections(p))
                p = search::prepare_document(search::make_search_document(*docs[r.doc]));
        }
        const auto& sections = p.document.sections;
        if (r.section < sections.size()) r.snippet = search::make_snippet(sections[r.section].text, terms);
    }
}

}  // namespace

int run_search(const SearchCommandOptions& options) {
    try {
        source::SourceSnapshot snapshot = read_source(options.source);
        const Date as_of = publication_date(snapshot);
        const std::optional<reuse::OutputCache> cache = existing_cache(snapshot.repository_root);
        std::optional<reuse::CachedCatalogStore> catalog_store;
        if (cache) catalog_store.emplace(*cache);
        reuse::CatalogMemo memo(catalog_store ? &*catalog_store : nullptr);
        const Catalog catalog = build_catalog(std::move(snapshot), CatalogOptions{as_of, /*with_history=*/false, &memo});
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
        std::optional<reuse::CachedSearchStore> store;
        if (cache) store.emplace(*cache);
        const search::PreparedStore* kept = store ? &*store : nullptr;
        std::vector<search::PreparedDocument> prepared = prepared_documents(docs, kept);
        std::vector<const search::PreparedDocument*> pointers;
        for (const auto& p : prepared) pointers.push_back(&p);
        // One query: checking every document (rule 3) costs less than building postings.
        const search::SearchIndex index(pointers, /*with_postings=*/false);
        auto results = search::run_search(index, options.query, {options.include_obsolete});
        const std::size_t shown =
            options.limit == 0 ? results.size() : std::min(options.limit, results.size());
        complete_shown(prepared, results, shown, docs, kept, options.query);
        if (options.json) print_results_json(index, results, shown, options.query);
        else print_results_text(index, results, shown, options.query);
        return kExitSuccess;
    } catch (const source::SourceError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return exit_code_for(e);
    }
}

}  // namespace tebiki::cli
