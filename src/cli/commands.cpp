#include "cli/commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "document/catalog.h"
#include "html/theme.h"
#include "publish/cached_catalog_store.h"
#include "publish/edition_policy.h"
#include "publish/output_cache.h"
#include "publish/site_build.h"
#include "cli/build_progress.h"
#include "cli/command_support.h"
#include "source/content_source.h"
#include "source/repository_state.h"

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
        ConsoleProgress progress(options.verbosity);
        std::optional<publish::PhaseTimer> phase(std::in_place, progress, "read source");
        source::SourceSnapshot snapshot = read_source(options.source);
        if (options.verbosity != Verbosity::Quiet) note_uncommitted_work(options.source, snapshot);
        phase.emplace(progress, "catalog and history");
        const Date as_of = publication_date(snapshot);
        std::optional<publish::OutputCache> cache;
        if (!options.no_cache)
            cache.emplace(options.cache_dir.empty() ? publish::default_cache_dir(snapshot.repository_root)
                                                    : std::filesystem::path(options.cache_dir));
        std::optional<publish::CachedCatalogStore> catalog_store;
        if (cache) catalog_store.emplace(*cache);
        // Both last as long as the process (see keep_until_exit), though
        // nothing uses them after this command: the memo's store does not.
        CatalogMemo& memo = keep_until_exit(std::make_unique<CatalogMemo>(catalog_store ? &*catalog_store : nullptr));
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
        // The policy reads the revision history (approvals, trailers).
        const Catalog catalog = build_catalog(read_source(options.source), CatalogOptions{*as_of, options.policy});
        Diagnostics found = catalog.diagnostics();
        std::optional<Edition> edition;
        if (options.policy) edition = Edition{"--as-of " + as_of->iso(), *as_of};
        found.append(document_control_checks(catalog, edition));
        print_diagnostics(found, std::cout);
        std::cerr << "tebiki: " << summary(catalog.documents().size(), found)
                  << (options.policy ? " (approval policy included)" : "") << '\n';
        return found.has_errors() ? kExitContentErrors : kExitSuccess;
    } catch (const source::SourceError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return exit_code_for(e);
    }
}


}  // namespace tebiki::cli
