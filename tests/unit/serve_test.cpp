#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "serve/file_watcher.h"
#include "serve/preview_pages.h"
#include "serve/preview_server.h"
#include "serve/reload_script.h"
#include "serve/serve_error.h"
#include "serve/static_files.h"
#include "temp_dir.h"

using namespace std::chrono_literals;
using tebiki::serve::FileWatcher;
using tebiki::serve::PreviewServer;
using tebiki::serve::ServeError;
using tebiki::testing::TempDir;
namespace fs = std::filesystem;

namespace {

// Generous: these bound a hang, they are never what a test measures.
constexpr auto kPatience = 20s;

void write_file(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

bool has(const std::vector<fs::path>& paths, const fs::path& path) {
    return std::find(paths.begin(), paths.end(), path) != paths.end();
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// wait_for_changes(), stopped after kPatience so that a failure cannot hang
// the test run.
std::vector<fs::path> wait_for_changes(FileWatcher& watcher, std::chrono::milliseconds settle = 200ms) {
    auto waiting = std::async(std::launch::async, [&] { return watcher.wait_for_changes(settle); });
    if (waiting.wait_for(kPatience) != std::future_status::ready) watcher.stop();
    return waiting.get();
}

}  // namespace

TEST_CASE("FileWatcher sees a file written in a root directory", "[serve][watcher]") {
    TempDir dir;
    write_file(dir.root() / "content/ops/OPS-001.md", "old");
    FileWatcher watcher({dir.root() / "content"});

    write_file(dir.root() / "content/ops/OPS-001.md", "new");
    const auto changes = wait_for_changes(watcher);
    CHECK(changes == std::vector<fs::path>{dir.root() / "content/ops/OPS-001.md"});
}

TEST_CASE("FileWatcher watches subdirectories created after it started", "[serve][watcher]") {
    TempDir dir;
    FileWatcher watcher({dir.root()});

    fs::create_directory(dir.root() / "ward");
    CHECK(has(wait_for_changes(watcher), dir.root() / "ward"));
    write_file(dir.root() / "ward/W-001.md", "x");
    CHECK(wait_for_changes(watcher) == std::vector<fs::path>{dir.root() / "ward/W-001.md"});

    SECTION("files written into a new tree before its watches existed are reported too") {
        write_file(dir.root() / "a/b/c/deep.md", "x");
        const auto changes = wait_for_changes(watcher);
        CHECK(has(changes, dir.root() / "a/b/c/deep.md"));
        write_file(dir.root() / "a/b/c/later.md", "x");
        CHECK(wait_for_changes(watcher) == std::vector<fs::path>{dir.root() / "a/b/c/later.md"});
    }
}

TEST_CASE("FileWatcher returns a burst of writes as one sorted, unique batch", "[serve][watcher]") {
    TempDir dir;
    FileWatcher watcher({dir.root()});
    std::promise<void> first_written;
    std::thread writer([&] {
        write_file(dir.root() / "c.md", "1");
        first_written.set_value();
        // Several steps of one save, each well inside the settle time.
        for (const char* name : {"b.md", "a.md", "c.md", "b.md"}) {
            std::this_thread::sleep_for(30ms);
            write_file(dir.root() / name, "2");
        }
    });
    first_written.get_future().wait();
    const auto changes = wait_for_changes(watcher, 1500ms);
    writer.join();
    CHECK(changes == std::vector<fs::path>{dir.root() / "a.md", dir.root() / "b.md", dir.root() / "c.md"});
}

TEST_CASE("FileWatcher ignores editors' backup, swap, lock and probe files", "[serve][watcher]") {
    TempDir dir;
    FileWatcher watcher({dir.root()});
    for (const char* noise : {"x.md~", ".x.md.swp", ".x.md.swx", ".#x.md", "4913"}) write_file(dir.root() / noise, "");
    write_file(dir.root() / "x.md", "saved");
    CHECK(wait_for_changes(watcher) == std::vector<fs::path>{dir.root() / "x.md"});
}

TEST_CASE("FileWatcher watches a single file through its directory, and ignores absent roots", "[serve][watcher]") {
    TempDir dir;
    write_file(dir.root() / "tebiki.yml", "old");
    FileWatcher watcher({dir.root() / "tebiki.yml", dir.root() / "themes/absent"});

    write_file(dir.root() / "unrelated.txt", "not watched");
    // An editor's save: a temporary file renamed over the real one.
    write_file(dir.root() / "tebiki.yml.tmp", "new");
    fs::rename(dir.root() / "tebiki.yml.tmp", dir.root() / "tebiki.yml");
    CHECK(wait_for_changes(watcher) == std::vector<fs::path>{dir.root() / "tebiki.yml"});
}

TEST_CASE("FileWatcher::stop() wakes a waiting thread, and later waits return at once", "[serve][watcher]") {
    TempDir dir;
    FileWatcher watcher({dir.root()});
    auto waiting = std::async(std::launch::async, [&] { return watcher.wait_for_changes(100ms); });
    CHECK(waiting.wait_for(50ms) == std::future_status::timeout);  // nothing changed: still blocked
    watcher.stop();
    REQUIRE(waiting.wait_for(kPatience) == std::future_status::ready);
    CHECK(waiting.get().empty());

    write_file(dir.root() / "after-stop.md", "x");
    CHECK(watcher.wait_for_changes(100ms).empty());
}

TEST_CASE("URL paths map to files inside the served directory only", "[serve]") {
    using tebiki::serve::relative_file_path;
    CHECK(relative_file_path("/") == fs::path());
    CHECK(relative_file_path("/docs/OPS-001.html") == fs::path("docs/OPS-001.html"));
    CHECK(relative_file_path("/docs//./a.css") == fs::path("docs/a.css"));
    CHECK_FALSE(relative_file_path("/../etc/passwd"));
    CHECK_FALSE(relative_file_path("/docs/../../x"));
    CHECK_FALSE(relative_file_path("/docs/.."));
    CHECK_FALSE(relative_file_path("docs/a.html"));
    CHECK(tebiki::serve::content_type_for("a/B.HTML") == "text/html; charset=utf-8");
    CHECK(tebiki::serve::content_type_for("x.js") == "application/javascript");
    CHECK(tebiki::serve::content_type_for("binder.pdf") == "application/pdf");
    CHECK(tebiki::serve::content_type_for("manifest.sig") == "application/octet-stream");
}

TEST_CASE("The reload script goes just before the last </body>, or at the end", "[serve]") {
    using tebiki::serve::kReloadScript;
    using tebiki::serve::with_reload_script;
    const std::string script(kReloadScript);
    CHECK(with_reload_script("<p>a</p></BODY></html>") == "<p>a</p>" + script + "</BODY></html>");
    CHECK(with_reload_script("<p>a</p>") == "<p>a</p>" + script);
    CHECK(contains(script, "new EventSource('/__tebiki/events')"));
    CHECK(contains(script, "location.reload()"));
}

TEST_CASE("The preview's front page links every audience's site, escaped, with its document count", "[serve]") {
    const std::string page = tebiki::serve::build_audience_chooser_page(
        "文書集 <試行>", {{"all", "全職員", 14}, {"ward-5w", "5階西病棟 & 手術室", 9}});
    CHECK(contains(page, "<html lang=\"ja\">"));
    CHECK(contains(page, "プレビュー"));
    CHECK(contains(page, "文書集 &lt;試行&gt;"));
    CHECK(contains(page, "<a href=\"all/index.html\">全職員<span class=\"count\">14件</span></a>"));
    CHECK(contains(page, "<a href=\"ward-5w/index.html\">5階西病棟 &amp; 手術室<span class=\"count\">9件</span></a>"));
    CHECK_FALSE(contains(page, "<script"));  // the server adds the reload script when it serves it
}

TEST_CASE("The build error page lists the diagnostics, escaped, in a Japanese page", "[serve]") {
    const std::string page = tebiki::serve::build_error_page(
        "保存した内容をビルドできませんでした",
        {"content/ops/OPS-001.md:3:1: error: unknown status \"<draft>\"", "content/a.md:1:1: error: id & title"});
    CHECK(contains(page, "<html lang=\"ja\">"));
    CHECK(contains(page, "<meta charset=\"utf-8\">"));
    CHECK(contains(page, "<title>ビルドエラー — プレビュー</title>"));
    CHECK(contains(page, "保存した内容をビルドできませんでした"));
    CHECK(contains(page, "content/ops/OPS-001.md:3:1: error: unknown status &quot;&lt;draft&gt;&quot;"));
    CHECK(contains(page, "content/a.md:1:1: error: id &amp; title"));
    CHECK_FALSE(contains(page, "<draft>"));
    CHECK(contains(page, "自動的に更新されます"));
    CHECK_FALSE(contains(page, "<link"));
    CHECK_FALSE(contains(page, "<script src"));
}

namespace {

const std::string kIndex = "<!DOCTYPE html><html lang=\"ja\"><body><h1>文書一覧</h1></body></html>\n";
const std::string kPage = "<html><body><p>バックアップ取得規則</p></body></html>\n";
const std::string kCss = "body { font-family: \"Noto Sans CJK JP\"; }\n";

// A built site in a temporary directory, and a secret beside it that no
// request may reach.
struct SiteFixture {
    TempDir dir;
    fs::path site = dir.root() / "site";
    SiteFixture() {
        write_file(site / "index.html", kIndex);
        write_file(site / "docs/OPS-001.html", kPage);
        write_file(site / "assets/site.css", kCss);
        write_file(dir.root() / "secret.txt", "SECRET");
    }
};

// A PreviewServer on a free port, running on its own thread until the end
// of the test.
class RunningServer {
public:
    RunningServer() : running_(std::async(std::launch::async, [this] { server_.run(); })) {}
    ~RunningServer() {
        server_.stop();
        running_.wait();
    }
    PreviewServer& operator*() { return server_; }
    PreviewServer* operator->() { return &server_; }
    std::future<void>& running() { return running_; }
    httplib::Client client() {
        httplib::Client client("127.0.0.1", server_.port());
        client.set_read_timeout(kPatience);
        return client;
    }

private:
    PreviewServer server_{"127.0.0.1", 0};
    std::future<void> running_;
};

// A raw HTTP exchange, for what httplib::Client would tidy up (".." in a
// path) or how a browser asks (Accept-Encoding). Reads until `until`
// appears, the server closes, or kPatience passes.
class RawConnection {
public:
    explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        REQUIRE(fd_ >= 0);
        timeval timeout{std::chrono::seconds(kPatience).count(), 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    }
    ~RawConnection() { ::close(fd_); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    void send(const std::string& request) {
        REQUIRE(::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
    }
    const std::string& read_until(const std::string& until) {
        char buffer[4096];
        while (!contains(received_, until)) {
            const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            received_.append(buffer, static_cast<std::size_t>(n));
        }
        return received_;
    }

private:
    int fd_;
    std::string received_;
};

std::string get_request(const std::string& target, const std::string& extra_headers = "") {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "Connection: close\r\n\r\n";
}

// Collects an event stream on its own thread through httplib::Client.
class EventListener {
public:
    explicit EventListener(httplib::Client client)
        : client_(std::move(client)), done_(std::async(std::launch::async, [this] { listen(); })) {}
    ~EventListener() {
        {
            std::lock_guard lock(mutex_);
            cancelled_ = true;
        }
        done_.wait();
    }
    // Whether `text` arrived within kPatience.
    bool wait_for(const std::string& text) {
        std::unique_lock lock(mutex_);
        return arrived_.wait_for(lock, kPatience, [&] { return contains(received_, text); });
    }
    std::future<void>& done() { return done_; }

private:
    void listen() {
        client_.Get(std::string(tebiki::serve::kEventsPath), [this](const char* data, std::size_t length) {
            std::lock_guard lock(mutex_);
            received_.append(data, length);
            arrived_.notify_all();
            return !cancelled_;
        });
    }

    httplib::Client client_;
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::string received_;
    bool cancelled_ = false;
    std::future<void> done_;
};

}  // namespace

TEST_CASE("PreviewServer serves the site's files, pages with the reload script", "[serve][server]") {
    SiteFixture fixture;
    RunningServer server;
    server->serve_directory(fixture.site);
    auto client = server.client();

    const auto index = client.Get("/");
    REQUIRE(index);
    CHECK(index->status == 200);
    CHECK(index->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(index->get_header_value("Cache-Control") == "no-store");
    CHECK(index->body == tebiki::serve::with_reload_script(kIndex));
    CHECK(contains(index->body, std::string(tebiki::serve::kReloadScript) + "</body>"));

    const auto page = client.Get("/docs/OPS-001.html");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->body == tebiki::serve::with_reload_script(kPage));

    const auto css = client.Get("/assets/site.css");
    REQUIRE(css);
    CHECK(css->status == 200);
    CHECK(css->get_header_value("Content-Type") == "text/css");
    CHECK(css->body == kCss);

    const auto directory = client.Get("/docs");
    REQUIRE(directory);
    CHECK(directory->status == 301);
    CHECK(directory->get_header_value("Location") == "/docs/");

    const auto missing = client.Get("/docs/NOPE.html");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(contains(missing->body, "ページが見つかりません"));
    CHECK(contains(missing->body, std::string(tebiki::serve::kReloadScript)));
}

TEST_CASE("PreviewServer holds search indexes until the rebuild releases them", "[serve][server]") {
    SiteFixture fixture;
    write_file(fixture.site / "all/search/index.js", "window.tebikiSearchIndex = {\"version\": 1};\n");
    write_file(fixture.site / "all/search/part-03.js", "// part 3, before\n");
    RunningServer server;
    server->serve_directory(fixture.site);
    server->hold_search_indexes();

    const auto held_request = [&](const char* path) {
        return std::async(std::launch::async, [&server, path] {
            auto client = server.client();
            return client.Get(path);
        });
    };
    auto index_request = held_request("/all/search/index.js");
    auto part_request = held_request("/all/search/part-03.js");
    // Pages and other files are served meanwhile; the index and its parts wait.
    auto client = server.client();
    const auto page = client.Get("/docs/OPS-001.html");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(index_request.wait_for(300ms) == std::future_status::timeout);
    CHECK(part_request.wait_for(10ms) == std::future_status::timeout);

    write_file(fixture.site / "all/search/index.js", "window.tebikiSearchIndex = {\"version\": 2};\n");
    write_file(fixture.site / "all/search/part-03.js", "// part 3, after\n");
    server->release_search_indexes();
    REQUIRE(index_request.wait_for(kPatience) == std::future_status::ready);
    REQUIRE(part_request.wait_for(kPatience) == std::future_status::ready);
    const auto index = index_request.get();
    REQUIRE(index);
    CHECK(index->status == 200);
    CHECK(contains(index->body, "\"version\": 2"));  // the index as the rebuild left it
    const auto part = part_request.get();
    REQUIRE(part);
    CHECK(contains(part->body, "after"));

    // Released, it is served at once.
    const auto again = client.Get("/all/search/index.js");
    REQUIRE(again);
    CHECK(again->status == 200);
}

TEST_CASE("PreviewServer refuses paths that leave the served directory", "[serve][server]") {
    SiteFixture fixture;
    RunningServer server;
    server->serve_directory(fixture.site);
    for (const char* target : {"/../secret.txt", "/docs/../../secret.txt", "/assets/%2e%2e/%2E%2E/secret.txt"}) {
        RawConnection connection(server->port());
        connection.send(get_request(target));
        const std::string response = connection.read_until("\r\n\r\n");
        INFO(target << "\n" << response);
        CHECK((response.starts_with("HTTP/1.1 400") || response.starts_with("HTTP/1.1 404")));
        CHECK_FALSE(contains(connection.read_until("SECRET"), "SECRET"));
    }
}

TEST_CASE("PreviewServer shows the error page for pages until the next good build", "[serve][server]") {
    SiteFixture fixture;
    RunningServer server;
    server->serve_directory(fixture.site);
    auto client = server.client();

    server->show_error(tebiki::serve::build_error_page(
        "保存した内容をビルドできませんでした", {"content/OPS-001.md:2:5: error: unknown status 'drat'"}));
    for (const char* target : {"/", "/docs/OPS-001.html", "/docs/NOPE.html"}) {
        const auto page = client.Get(target);
        REQUIRE(page);
        INFO(target);
        CHECK(page->status == 500);
        CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
        CHECK(contains(page->body, "content/OPS-001.md:2:5: error: unknown status &#39;drat&#39;"));
        CHECK(contains(page->body, std::string(tebiki::serve::kReloadScript) + "</body>"));
    }
    const auto css = client.Get("/assets/site.css");
    REQUIRE(css);
    CHECK(css->status == 200);
    CHECK(css->body == kCss);

    server->serve_directory(fixture.site);
    const auto index = client.Get("/");
    REQUIRE(index);
    CHECK(index->status == 200);
    CHECK(index->body == tebiki::serve::with_reload_script(kIndex));
}

TEST_CASE("PreviewServer refuses a port that is taken, saying what to do", "[serve][server]") {
    PreviewServer first("127.0.0.1", 0);
    try {
        PreviewServer second("127.0.0.1", first.port());
        FAIL("a second server bound the same port");
    } catch (const ServeError& e) {
        const std::string message = e.what();
        CHECK(contains(message, "cannot listen on 127.0.0.1:" + std::to_string(first.port())));
        CHECK(contains(message, "is another `tebiki serve` running?"));
        CHECK(contains(message, "--port"));
    }
}

TEST_CASE("PreviewServer sends reload events to every open page", "[serve][server]") {
    SiteFixture fixture;
    RunningServer server;
    server->serve_directory(fixture.site);

    // As a browser asks: compression offered, which must not hold events back.
    RawConnection browser(server->port());
    browser.send(get_request(std::string(tebiki::serve::kEventsPath),
                             "Accept: text/event-stream\r\nAccept-Encoding: gzip, deflate, br\r\n"));
    EventListener listener(server.client());
    REQUIRE(contains(browser.read_until(": connected"), ": connected"));
    REQUIRE(listener.wait_for(": connected"));
    const std::string headers = browser.read_until("\r\n\r\n");
    CHECK(contains(headers, "Content-Type: text/event-stream"));
    CHECK_FALSE(contains(headers, "Content-Encoding"));
    CHECK(server->event_clients() == 2);

    server->notify_reload();
    CHECK(contains(browser.read_until("event: reload\ndata: 1\n\n"), "event: reload\ndata: 1\n\n"));
    CHECK(listener.wait_for("event: reload\ndata: 1\n\n"));
    CHECK(server->reloads_sent() == 1);
}

TEST_CASE("PreviewServer::stop() ends run() promptly while a page listens for events", "[serve][server]") {
    SiteFixture fixture;
    RunningServer server;
    server->serve_directory(fixture.site);
    EventListener listener(server.client());
    REQUIRE(listener.wait_for(": connected"));

    const auto stopped_at = std::chrono::steady_clock::now();
    server->stop();
    REQUIRE(server.running().wait_for(kPatience) == std::future_status::ready);
    // Promptly: well before the 15 s keep-alive ping would have ended the stream.
    CHECK(std::chrono::steady_clock::now() - stopped_at < 10s);
    CHECK(listener.done().wait_for(kPatience) == std::future_status::ready);
}

TEST_CASE("PreviewServer::stop() before run() makes run() return at once", "[serve][server]") {
    PreviewServer server("127.0.0.1", 0);
    server.stop();
    auto running = std::async(std::launch::async, [&] { server.run(); });
    CHECK(running.wait_for(kPatience) == std::future_status::ready);
}

TEST_CASE("The build error page puts the writer's Japanese explanation above each diagnostic", "[serve]") {
    const std::string page = tebiki::serve::build_error_page(
        "保存された原稿にエラーがあります",
        {{"content/a.md:3:1: error: front matter: this line is indented with a tab",
          "前付けのこの行はタブで字下げされています。"}});
    CHECK(contains(page, "<p class=\"hint\">前付けのこの行はタブで字下げされています。</p>"
                         "<code>content/a.md:3:1: error: front matter: this line is indented with a tab</code>"));
}
