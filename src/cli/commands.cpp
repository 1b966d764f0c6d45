#include "cli/commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <iostream>

#include "cli/build_progress.h"
#include "cli/command_support.h"
#include "document/catalog.h"
#include "html/theme.h"
#include "publish/edition_policy.h"
#include "publish/site_build.h"
#include "reuse/cached_catalog_store.h"
#include "reuse/output_cache.h"
#include "source/content_root.h"
#include "source/content_source.h"
#include "source/repository_state.h"

namespace tebiki::cli {

namespace fs = std::filesystem;

void add_source_options(CLI::App& cmd, SourceOptions& options, bool worktree_default) {
    auto* rev = cmd.add_option("--rev", options.revision,
                               worktree_default ? "Read the content at this git revision instead of the work tree"
                                                : "Read the content at this git revision (default HEAD)");
    auto* worktree = cmd.add_flag("--worktree", options.worktree,
                                  "Read the work tree, uncommitted edits included (a writer's preview)");
    rev->excludes(worktree);
    add_content_option(cmd, options.content_dir);
    options.worktree = worktree_default;
}

namespace {

struct FoundDefault {
    const CLI::Option* option;
    std::string* value;
};

// Every --content option, so that those not given can be found after parsing.
std::vector<FoundDefault>& content_options() {
    static std::vector<FoundDefault> options;
    return options;
}

// Every --out option whose default is dist/ at the repository's top.
std::vector<FoundDefault>& out_options() {
    static std::vector<FoundDefault> options;
    return options;
}

// `path` relative to `here` where it is at or below it, so that messages
// read as they always have when tebiki runs at the repository's top.
std::string as_given(const fs::path& path, const fs::path& here) {
    const fs::path relative = path.lexically_relative(here);
    return !relative.empty() && *relative.begin() != ".." ? relative.generic_string() : path.string();
}

}  // namespace

void add_content_option(CLI::App& cmd, std::string& content_dir) {
    const auto* option = cmd.add_option("--content", content_dir,
                                        "Content root inside a git repository (default: found from the current "
                                        "directory, like git)");
    content_options().push_back({option, &content_dir});
}

void add_out_option(CLI::App& cmd, std::string& out_dir) {
    const auto* option = cmd.add_option("--out", out_dir,
                                        "Output directory, replaced atomically (default: dist at the top of the "
                                        "repository)");
    out_options().push_back({option, &out_dir});
}

void resolve_content_roots() {
    const fs::path here = fs::current_path();
    const auto given = [](const FoundDefault& each) { return each.option->count() > 0; };
    const bool any_content = std::any_of(content_options().begin(), content_options().end(), std::not_fn(given));
    const bool any_out = std::any_of(out_options().begin(), out_options().end(), std::not_fn(given));
    if (any_content) {
        // Not found: "content" stays, and its errors say what is missing.
        if (const auto found = source::find_content_root(here))
            for (const auto& each : content_options())
                if (!given(each)) *each.value = as_given(*found, here);
    }
    if (any_out) {
        if (const auto top = source::find_repository_top(here))
            for (const auto& each : out_options())
                if (!given(each)) *each.value = as_given(*top / "dist", here);
    }
}

void add_verbosity_options(CLI::App& cmd, Verbosity& verbosity) {
    auto* quiet = cmd.add_flag_callback("--quiet,-q", [&verbosity] { verbosity = Verbosity::Quiet; },
                                        "Print nothing but warnings and errors");
    auto* verbose = cmd.add_flag_callback("--verbose,-v", [&verbosity] { verbosity = Verbosity::Verbose; },
                                          "Also print how long each step took and what the cache reused");
    quiet->excludes(verbose);
}

namespace {

// A build of HEAD leaves the work tree's edits out: say so, so that a writer
// who just made documents does not wonder where they went.
void note_uncommitted_work(const SourceOptions& source_options, const source::SourceSnapshot& snapshot) {
    if (source_options.worktree || !source_options.revision.empty()) return;
    auto paths = source::uncommitted_content_paths(snapshot);
    std::erase_if(paths, [&](const std::string& p) { return inside_tebiki_output(snapshot.repository_root, p); });
    if (paths.empty()) return;
    std::cerr << fmt::format("tebiki: note: built HEAD ({}); {} uncommitted file{} under {}/ {} left out (first: {}); "
                             "preview them with 'tebiki build --worktree' or 'tebiki serve', or commit them\n",
                             snapshot.commit.short_id, paths.size(), paths.size() == 1 ? "" : "s",
                             snapshot.content_prefix.empty() ? "." : snapshot.content_prefix,
                             paths.size() == 1 ? "was" : "were", paths.front());
}

}  // namespace

int run_build(const BuildOptions& options) {
    std::vector<std::string> successor_keys;
    if (const int refused =
            check_signing_keys(options.source.content_dir, options.sign_key, options.introduce_key, successor_keys))
        return refused;
    try {
        ConsoleProgress progress(options.verbosity, stderr, options.no_pdf ? "document pages" : "document pages and PDFs");
        std::optional<publish::PhaseTimer> phase(std::in_place, progress, "read source");
        source::SourceSnapshot snapshot = read_source(options.source);
        if (options.verbosity != Verbosity::Quiet) note_uncommitted_work(options.source, snapshot);
        phase.emplace(progress, "catalog and history");
        const Date as_of = publication_date(snapshot);
        std::optional<reuse::OutputCache> cache;
        if (!options.no_cache)
            cache.emplace(options.cache_dir.empty() ? reuse::default_cache_dir(snapshot.repository_root)
                                                    : std::filesystem::path(options.cache_dir));
        std::optional<reuse::CachedCatalogStore> catalog_store;
        if (cache) catalog_store.emplace(*cache);
        // Both last as long as the process (see keep_until_exit), though
        // nothing uses them after this command: the memo's store does not.
        reuse::CatalogMemo& memo = keep_until_exit(std::make_unique<reuse::CatalogMemo>(catalog_store ? &*catalog_store : nullptr));
        const Catalog& catalog = keep_until_exit(std::make_unique<Catalog>(
            build_catalog(std::move(snapshot), CatalogOptions{as_of, /*with_history=*/true, &memo})));
        phase.reset();
        print_diagnostics(catalog.diagnostics(), std::cerr);
        if (catalog.diagnostics().has_errors()) {
            std::cerr << "tebiki: build stopped: " << summary(catalog) << "; '" << options.out_dir
                      << "' was left as it was\n";
            return kExitContentErrors;
        }
        publish::SiteBuildOptions build_options;
        build_options.with_pdf = !options.no_pdf;
        if (!options.sign_key.empty()) build_options.sign_key = options.sign_key;
        build_options.successor_keys = successor_keys;
        build_options.observer = &progress;
        if (cache) build_options.cache_dir = cache->dir();
        const auto result = publish::build_sites(catalog, options.out_dir, build_options);
        progress.finish();
        if (options.verbosity != Verbosity::Quiet)
            std::cerr << fmt::format("tebiki: built {} page{} for {} audience{} ({})\n", result.pages_written,
                                     result.pages_written == 1 ? "" : "s", result.index_pages.size(),
                                     result.index_pages.size() == 1 ? "" : "s", summary(catalog));
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
        // The policy reads the revision history (approvals, trailers).
        const Catalog catalog = build_catalog(read_source(options.source), CatalogOptions{*as_of, options.policy});
        Diagnostics diagnostics = catalog.diagnostics();
        if (auto theme = theme_problem(catalog)) diagnostics.add(std::move(*theme));
        std::optional<Edition> edition;
        if (options.policy) edition = Edition{"--as-of " + as_of->iso(), *as_of};
        if (catalog.config_loaded()) diagnostics.append(document_control_checks(catalog, edition));
        print_diagnostics(diagnostics, std::cout);
        std::cerr << "tebiki: " << summary(catalog, diagnostics) << (options.policy ? " (approval policy included)" : "")
                  << '\n';
        return diagnostics.has_errors() ? kExitContentErrors : kExitSuccess;
    } catch (const source::SourceError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return exit_code_for(e);
    }
}


}  // namespace tebiki::cli
