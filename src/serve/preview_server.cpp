#include "serve/preview_server.h"

#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>

#include "serve/preview_pages.h"
#include "serve/reload_script.h"
#include "serve/serve_error.h"
#include "serve/static_files.h"

namespace tebiki::serve {

namespace fs = std::filesystem;

namespace {

// Each open preview page holds a worker for its event stream, and httplib's
// default pool (8 here) would leave a writer with a few tabs open waiting.
constexpr std::size_t kWorkerThreads = 32;

// Comments on an idle event stream, so that proxies and browsers keep it
// open and a page closed long ago is noticed by a failed write.
constexpr auto kKeepAliveInterval = std::chrono::seconds(15);

// An idle keep-alive connection holds a worker this long; short, so that
// run() returns soon after stop() even while a browser is connected.
constexpr time_t kKeepAliveTimeoutSeconds = 2;

// A search index held during a rebuild is served after at most this long,
// whatever the rebuild is doing.
constexpr auto kSearchIndexPatience = std::chrono::seconds(60);
// A site's search index: search/index.js and its part scripts, which must
// all come from the same build (docs/search.md).
bool is_search_index_script(std::string_view path) {
    const auto dir = path.rfind("/search/");
    return dir != std::string_view::npos && path.ends_with(".js") &&
           path.find('/', dir + 8) == std::string_view::npos;
}

// httplib::Server whose listening socket can be closed at any time.
// Server::stop() does nothing until listen_after_bind() has started, so a
// stop() racing with run() would be lost, and a server never run would keep
// its socket; closing the socket ourselves covers both.
class ListeningServer : public httplib::Server {
public:
    ~ListeningServer() override { close_listener(); }

    void close_listener() {
        const socket_t sock = svr_sock_.exchange(INVALID_SOCKET);
        if (sock == INVALID_SOCKET) return;
        ::shutdown(sock, SHUT_RDWR);  // wakes a blocked accept()
        ::close(sock);
    }
};

// Only SO_REUSEADDR: httplib's default also sets SO_REUSEPORT, which would
// let a second `tebiki serve` bind the same port without an error.
void set_reuse_address(socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

std::optional<std::string> read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return std::move(bytes).str();
}

bool write_text(httplib::DataSink& sink, const std::string& text) { return sink.write(text.data(), text.size()); }

// Where one page's event stream stands: the last reload it was told about.
struct EventStream {
    std::uint64_t seen = 0;
    bool greeted = false;
};

}  // namespace

struct PreviewServer::State {
    ListeningServer http;
    int port = 0;

    mutable std::mutex mutex;  // guards everything below
    std::condition_variable events_changed;
    fs::path root;
    std::optional<std::string> error_page;  // with the reload script
    std::uint64_t reloads = 0;
    std::size_t clients = 0;
    bool stopping = false;
    bool search_indexes_held = false;
    std::condition_variable search_indexes_released;

    void configure();
    void bind(const std::string& host, int requested_port);
    void handle_file(const httplib::Request& req, httplib::Response& res);
    static void respond_with(const std::optional<std::string>& bytes, const std::string& type,
                             const std::optional<std::string>& error, const std::string& url_path,
                             httplib::Response& res);
    void handle_events(httplib::Response& res);
    bool next_event(EventStream& stream, httplib::DataSink& sink);
};

void PreviewServer::State::configure() {
    http.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
    http.set_socket_options(set_reuse_address);
    http.set_keep_alive_timeout(kKeepAliveTimeoutSeconds);
    // A preview must never show a page from before the last save.
    http.set_default_headers({{"Cache-Control", "no-store"}});
    http.Get(std::string(kEventsPath), [this](const httplib::Request&, httplib::Response& res) { handle_events(res); });
    http.Get(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) { handle_file(req, res); });
}

void PreviewServer::State::bind(const std::string& host, int requested_port) {
    errno = 0;
    if (requested_port == 0) {
        port = http.bind_to_any_port(host);
        if (port > 0) return;
    } else if (http.bind_to_port(host, requested_port)) {
        port = requested_port;
        return;
    }
    const std::string reason = errno != 0 ? std::strerror(errno) : "the address is not available";
    const int suggestion = requested_port > 0 && requested_port < 65535 ? requested_port + 1 : 8001;
    throw ServeError("cannot listen on " + host + ":" + std::to_string(requested_port) + ": " + reason +
                     "; is another `tebiki serve` running? try --port " + std::to_string(suggestion));
}

void PreviewServer::State::handle_file(const httplib::Request& req, httplib::Response& res) {
    fs::path served_root;
    std::optional<std::string> error;
    {
        std::unique_lock lock(mutex);
        if (is_search_index_script(req.path))
            search_indexes_released.wait_for(lock, kSearchIndexPatience,
                                             [&] { return stopping || !search_indexes_held; });
        served_root = root;
        error = error_page;
    }
    const auto relative = relative_file_path(req.path);
    if (!relative) {
        res.status = 400;
        res.set_content("このアドレスは使えません。\n", "text/plain; charset=utf-8");
        return;
    }
    fs::path file = served_root / *relative;
    std::error_code ec;
    if (!served_root.empty() && fs::is_directory(file, ec)) {
        // Relative links in the index resolve against the directory only
        // when its URL ends with a slash.
        if (!req.path.ends_with('/')) {
            res.set_redirect(req.target.substr(0, req.target.find('?')) + "/", 301);
            return;
        }
        file /= "index.html";
    }
    const bool exists = !served_root.empty() && fs::is_regular_file(file, ec);
    respond_with(exists ? read_file(file) : std::nullopt, content_type_for(file), error, req.path, res);
}

// The file's bytes (nullopt: there is no such file), unless the error page
// stands in for it.
void PreviewServer::State::respond_with(const std::optional<std::string>& bytes, const std::string& type,
                                        const std::optional<std::string>& error, const std::string& url_path,
                                        httplib::Response& res) {
    if (error && (!bytes || is_html_type(type))) {
        res.status = 500;
        res.set_content(*error, std::string(kHtmlType));
    } else if (!bytes) {
        res.status = 404;
        res.set_content(with_reload_script(build_not_found_page(url_path)), std::string(kHtmlType));
    } else {
        res.set_content(is_html_type(type) ? with_reload_script(*bytes) : *bytes, type);
    }
}

void PreviewServer::State::handle_events(httplib::Response& res) {
    auto stream = std::make_shared<EventStream>();
    {
        std::lock_guard lock(mutex);
        if (stopping) {
            res.status = 503;
            return;
        }
        ++clients;
        // Taken here, not at the first write, so that a reload between the
        // two is not missed.
        stream->seen = reloads;
    }
    res.set_chunked_content_provider(
        "text/event-stream",
        [this, stream](std::size_t, httplib::DataSink& sink) { return next_event(*stream, sink); },
        [this](bool) {
            std::lock_guard lock(mutex);
            --clients;
        });
}

// Called by httplib again and again while the stream lasts: writes the next
// thing the page should hear, waiting for it if need be.
bool PreviewServer::State::next_event(EventStream& stream, httplib::DataSink& sink) {
    if (!stream.greeted) {
        stream.greeted = true;
        // After a restart of `tebiki serve`, reconnect within a second.
        return write_text(sink, "retry: 1000\n: connected\n\n");
    }
    std::unique_lock lock(mutex);
    const bool woken =
        events_changed.wait_for(lock, kKeepAliveInterval, [&] { return stopping || reloads != stream.seen; });
    if (stopping) {
        lock.unlock();
        sink.done();
        return true;
    }
    if (!woken) {
        lock.unlock();
        return write_text(sink, ": ping\n\n");
    }
    stream.seen = reloads;
    const std::string event = "event: reload\ndata: " + std::to_string(reloads) + "\n\n";
    lock.unlock();
    const bool written = write_text(sink, event);
    // The page reloads and opens a new stream; ending this one frees its
    // worker now rather than at the first failed write to a closed page.
    sink.done();
    return written;
}

PreviewServer::PreviewServer(std::string host, int port) : state_(std::make_unique<State>()) {
    state_->configure();
    state_->bind(host, port);
}

PreviewServer::~PreviewServer() { stop(); }

int PreviewServer::port() const { return state_->port; }

void PreviewServer::serve_directory(fs::path root) {
    fs::path absolute = fs::absolute(root);
    std::lock_guard lock(state_->mutex);
    state_->root = std::move(absolute);
    state_->error_page.reset();
}

void PreviewServer::show_error(std::string html_page) {
    std::string page = with_reload_script(html_page);
    std::lock_guard lock(state_->mutex);
    state_->error_page = std::move(page);
}

void PreviewServer::notify_reload() {
    {
        std::lock_guard lock(state_->mutex);
        ++state_->reloads;
    }
    state_->events_changed.notify_all();
}

void PreviewServer::hold_search_indexes() {
    std::lock_guard lock(state_->mutex);
    state_->search_indexes_held = true;
}

void PreviewServer::release_search_indexes() {
    {
        std::lock_guard lock(state_->mutex);
        state_->search_indexes_held = false;
    }
    state_->search_indexes_released.notify_all();
}

void PreviewServer::run() { state_->http.listen_after_bind(); }

void PreviewServer::stop() {
    {
        std::lock_guard lock(state_->mutex);
        state_->stopping = true;
    }
    state_->events_changed.notify_all();
    state_->search_indexes_released.notify_all();
    state_->http.close_listener();
}

std::uint64_t PreviewServer::reloads_sent() const {
    std::lock_guard lock(state_->mutex);
    return state_->reloads;
}

std::size_t PreviewServer::event_clients() const {
    std::lock_guard lock(state_->mutex);
    return state_->clients;
}

}  // namespace tebiki::serve
