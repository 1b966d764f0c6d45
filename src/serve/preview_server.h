#pragma once
// The writer's live preview over HTTP: serves the last good build of a site
// from a directory, or an error page while the content does not build, and
// tells every open page to reload when either changes.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace tebiki::serve {

class PreviewServer {
public:
    // Binds at once (port 0: any free port). Throws ServeError when it cannot.
    PreviewServer(std::string host, int port);
    ~PreviewServer();  // stops; run() must have returned before
    PreviewServer(const PreviewServer&) = delete;
    PreviewServer& operator=(const PreviewServer&) = delete;

    int port() const;

    // Thread-safe. From now on GET requests are answered from `root`
    // ("/" and directories: their index.html), and any error page is gone.
    void serve_directory(std::filesystem::path root);

    // Thread-safe. Until the next serve_directory(), every request for a
    // page (anything served as text/html, and unknown paths) gets
    // `html_page` with status 500; stylesheets, scripts and images are
    // still served.
    void show_error(std::string html_page);

    // Thread-safe. Sends `event: reload` to every page open on the preview.
    void notify_reload();

    // Thread-safe. While held, a request for a site's search index
    // (…/search/index.js and its parts, …/search/*.js) waits until it is
    // released (or the server stops):
    // pages are reloaded before their search index is rewritten, and must
    // not search the index from before the save.
    void hold_search_indexes();
    void release_search_indexes();

    // Blocks, serving requests, until stop().
    void run();
    // Thread-safe, at any time (before run() too: run() then returns at
    // once). Ends the pages' event streams, so run() returns promptly.
    void stop();

    // How many times notify_reload() was called.
    std::uint64_t reloads_sent() const;
    // How many event streams (open preview pages) are connected now.
    std::size_t event_clients() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace tebiki::serve
