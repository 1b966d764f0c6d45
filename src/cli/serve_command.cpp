// `tebiki serve`: the writer's live preview. Builds the work tree (pages are
// marked プレビュー), serves it on loopback, watches the content, the theme
// and the templates, rebuilds on every save what the save affects (taking
// what the build cache, REPO/.tebiki-cache, already holds) and tells open
// pages to reload. A save that breaks the build shows its
// diagnostics in the browser until the next good save.

#include <fmt/format.h>
#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <iostream>
#include <thread>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "foundation/atomic_write.h"
#include "html/theme.h"
#include "publish/live_sites.h"
#include "reuse/cached_catalog_store.h"
#include "reuse/output_cache.h"
#include "serve/file_watcher.h"
#include "serve/preview_pages.h"
#include "serve/preview_server.h"
#include "serve/serve_error.h"
#include "source/content_source.h"

namespace tebiki::cli {

namespace fs = std::filesystem;

namespace {

// Editors save in several steps (write a temporary file, rename it over
// the original); changes closer together than this make one rebuild.
constexpr auto kSettle = std::chrono::milliseconds(30);

// A private directory for the preview's output, removed when serve stops.
class PreviewDirectory {
public:
    PreviewDirectory() {
        std::string pattern = (fs::temp_directory_path() / "tebiki-preview-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a preview directory in /tmp");
        root_ = pattern;
    }
    ~PreviewDirectory() {
        std::error_code ignored;
        fs::remove_all(root_, ignored);
    }
    fs::path site() const { return root_ / "site"; }

private:
    fs::path root_;
};

std::vector<serve::PreviewError> error_lines_of(const Diagnostics& diags) {
    std::vector<serve::PreviewError> lines;
    for (const auto& d : diags.sorted())
        if (d.severity == Severity::Error) lines.emplace_back(d.format(), d.hint_ja);
    return lines;
}

// The preview's front page: one link per audience's site.
void write_audience_chooser(const Catalog& catalog, const fs::path& site_root) {
    std::vector<serve::AudienceLink> links;
    for (const auto& audience : catalog.config().audiences)
        links.push_back({audience.key, audience.name, catalog.documents_for(audience.key).size()});
    write_output_file(site_root / "index.html", serve::build_audience_chooser_page(catalog.config().site_title, links));
}

// Holds the preview's search indexes from engage() to the end of a rebuild,
// however the rebuild ends.
class SearchIndexHold {
public:
    explicit SearchIndexHold(serve::PreviewServer& server) : server_(server) {}
    ~SearchIndexHold() {
        if (engaged_) server_.release_search_indexes();
    }
    SearchIndexHold(const SearchIndexHold&) = delete;
    SearchIndexHold& operator=(const SearchIndexHold&) = delete;

    void engage() {
        server_.hold_search_indexes();
        engaged_ = true;
    }

private:
    serve::PreviewServer& server_;
    bool engaged_ = false;
};

class PreviewBuilder {
public:
    PreviewBuilder(const ServeOptions& options, serve::PreviewServer& server, const fs::path& out,
                   const fs::path& repository)
        : options_(options),
          server_(server),
          cache_(reuse::default_cache_dir(repository)),
          catalog_store_(cache_),
          memo_(&catalog_store_),
          sites_(out, options.with_pdf, cache_.dir()) {}

    // Builds the work tree and shows the result (or its errors) in the
    // browser. Only what the change affects is parsed and written again.
    void rebuild() {
        const auto started = std::chrono::steady_clock::now();
        bool reloaded = false;
        SearchIndexHold hold(server_);
        try {
            ConsoleProgress progress(options_.verbosity);
            std::optional<publish::PhaseTimer> phase(std::in_place, progress, "read source");
            source::SourceSnapshot snapshot =
                source::read_worktree(options_.content_dir, previous_read_ ? &*previous_read_ : nullptr);
            previous_read_ = snapshot;
            phase.emplace(progress, "catalog and history");
            const Catalog catalog =
                build_catalog(std::move(snapshot), CatalogOptions{Date::today(), /*with_history=*/true, &memo_});
            phase.reset();
            if (catalog.diagnostics().has_errors()) {
                fail(catalog.diagnostics(), summary(catalog));
            } else {
                sites_.update(catalog, progress, [&] {
                    write_audience_chooser(catalog, sites_.dir());
                    server_.serve_directory(sites_.dir());
                    hold.engage();  // the reloaded pages wait for their new search index
                    server_.notify_reload();
                    reloaded = true;
                    report("pages", catalog, started);
                });
                progress.finish();
                report("search index" + std::string(options_.with_pdf ? " and PDFs" : ""), catalog, started);
            }
        } catch (const std::exception& e) {
            std::cerr << "tebiki: error: " << e.what() << '\n';
            server_.show_error(serve::build_error_page("プレビューを作成できませんでした", {e.what()}));
            reloaded = false;  // even when the pages were reloaded: to the error page now
        }
        // Open pages reload whatever happened: to the new pages or to the errors.
        if (!reloaded) server_.notify_reload();
    }

private:
    void fail(const Diagnostics& diags, const std::string& summary_text) {
        print_diagnostics(diags, std::cerr);
        std::cerr << "tebiki: the preview shows the errors until they are fixed (" << summary_text << ")\n";
        server_.show_error(serve::build_error_page("保存された原稿にエラーがあります", error_lines_of(diags)));
    }

    void report(const std::string& what, const Catalog& catalog, std::chrono::steady_clock::time_point started) {
        if (options_.verbosity == Verbosity::Quiet) return;
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        std::cerr << fmt::format("tebiki: {} updated in {:.0f} ms ({})\n", what, ms, summary(catalog));
    }

    const ServeOptions& options_;
    serve::PreviewServer& server_;
    std::optional<source::SourceSnapshot> previous_read_;  // the work tree as the last rebuild read it
    // The first preview after a `build` parses no document that build parsed.
    const reuse::OutputCache cache_;
    const reuse::CachedCatalogStore catalog_store_;
    reuse::CatalogMemo memo_;
    publish::LiveSites sites_;
};

// Ctrl-C and SIGTERM: signals are blocked in every thread and taken by
// sigwait in one, which stops the server and the watcher in order.
sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

std::vector<fs::path> watched_paths(const fs::path& content_dir, const fs::path& repository) {
    const fs::path content = fs::absolute(content_dir);
    // The content (tebiki.yml included), the repository's own themes and
    // templates, and the theme that ships with tebiki.
    return {content, repository / "themes", repository / "templates", html::find_theme(repository, "default")};
}

}  // namespace

int run_serve(const ServeOptions& options) {
    const sigset_t signals = stop_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts
    try {
        serve::PreviewServer server(options.host, options.port);
        const fs::path repository = source::read_worktree(options.content_dir).repository_root;
        serve::FileWatcher watcher(watched_paths(options.content_dir, repository));
        const PreviewDirectory preview;
        PreviewBuilder builder(options, server, preview.site(), repository);
        builder.rebuild();
        std::cout << fmt::format("tebiki: previewing the work tree at http://{}:{}/ (Ctrl-C to stop)\n",
                                 options.host, server.port())
                  << std::flush;

        std::thread rebuilder([&] {
            while (!watcher.wait_for_changes(kSettle).empty()) builder.rebuild();
        });
        std::thread signal_waiter([&] {
            int signal = 0;
            sigwait(&signals, &signal);
            watcher.stop();
            server.stop();
        });
        server.run();
        watcher.stop();
        // Wakes the signal thread if the server stopped on its own.
        pthread_kill(signal_waiter.native_handle(), SIGTERM);
        signal_waiter.join();
        rebuilder.join();
        std::cerr << "tebiki: preview stopped\n";
        return kExitSuccess;
    } catch (const serve::ServeError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return kExitEnvironment;
    } catch (const source::SourceError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return exit_code_for(e);
    }
}

}  // namespace tebiki::cli
