// `tebiki serve`: a live preview over HTTP that rebuilds on save, tells open
// pages to reload, shows a broken save's errors in the browser, and stops
// cleanly on Ctrl-C.

#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "fixtures.h"

namespace tebiki::testing {

namespace {

using namespace std::chrono_literals;
// Generous: the tests run under AddressSanitizer on a loaded machine.
constexpr auto kPatience = 60s;

// `tebiki serve --port 0` as a child process; the port is read from the
// line it prints once the first build is served.
class ServeProcess {
public:
    explicit ServeProcess(const fs::path& repo_root) : stderr_path_(repo_root / "serve.stderr") {
        int out[2];
        REQUIRE(pipe(out) == 0);
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            dup2(out[1], STDOUT_FILENO);
            const int err = ::open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(err, STDERR_FILENO);
            if (chdir(repo_root.c_str()) != 0) _exit(127);
            execl(TEBIKI_BINARY, TEBIKI_BINARY, "serve", "--port", "0", static_cast<char*>(nullptr));
            _exit(127);
        }
        ::close(out[1]);
        stdout_ = fdopen(out[0], "r");
        char line[512];
        while (fgets(line, sizeof line, stdout_) != nullptr) {
            const std::string text = line;
            const auto pos = text.find("http://127.0.0.1:");
            if (pos == std::string::npos) continue;
            port_ = std::stoi(text.substr(pos + 17));
            break;
        }
    }
    ~ServeProcess() {
        if (pid_ > 0 && !exited_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        if (stdout_ != nullptr) fclose(stdout_);
    }
    int port() const { return port_; }
    std::string stderr_text() const { return read_file(stderr_path_); }

    // Sends Ctrl-C's signal and waits for the exit code (-1: still running).
    int interrupt_and_wait() {
        kill(pid_, SIGINT);
        const auto deadline = std::chrono::steady_clock::now() + kPatience;
        int status = 0;
        while (std::chrono::steady_clock::now() < deadline) {
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                exited_ = true;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            std::this_thread::sleep_for(20ms);
        }
        return -1;
    }

private:
    fs::path stderr_path_;
    pid_t pid_ = -1;
    FILE* stdout_ = nullptr;
    int port_ = 0;
    bool exited_ = false;
};

// One page's event stream, as a browser's EventSource holds it.
class EventListener {
public:
    explicit EventListener(int port) : client_("127.0.0.1", port) {
        client_.set_read_timeout(kPatience);
        thread_ = std::thread([this] {
            client_.Get("/__tebiki/events", [this](const char* data, std::size_t size) {
                const std::lock_guard<std::mutex> lock(mutex_);
                received_.append(data, size);
                changed_.notify_all();
                return true;
            });
        });
    }
    ~EventListener() {
        client_.stop();
        thread_.join();
    }
    // True once the stream has carried `text`.
    bool wait_for(const std::string& text) {
        std::unique_lock<std::mutex> lock(mutex_);
        return changed_.wait_for(lock, kPatience, [&] { return contains(received_, text); });
    }

private:
    httplib::Client client_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::string received_;
};

}  // namespace

TEST_CASE("serve previews the work tree and reloads open pages on every save", "[serve]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "停電時の対応", "## 目的\n\n初めの本文。\n"));
    repo.commit("初版");

    ServeProcess serve(repo.root());
    INFO(serve.stderr_text());
    REQUIRE(serve.port() > 0);
    httplib::Client browser("127.0.0.1", serve.port());
    browser.set_read_timeout(kPatience);

    auto page = browser.Get("/all/docs/A-001.html");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK_THAT(page->body, Contains("初めの本文。"));
    CHECK_THAT(page->body, Contains("プレビュー"));
    CHECK_THAT(page->body, Contains("EventSource('/__tebiki/events')"));
    // As a writer's open page does: keep an event stream open, save, and
    // wait for the stream to say reload.
    const auto save_and_wait_for_reload = [&](const std::string& bytes) {
        EventListener events(serve.port());
        REQUIRE(events.wait_for(": connected"));
        repo.write_content("a.md", bytes);
        CHECK(events.wait_for("event: reload"));
    };
    auto root = browser.Get("/");
    REQUIRE(root);
    CHECK_THAT(root->body, Contains("ward-5w/index.html"));

    save_and_wait_for_reload(sample_document("A-001", "停電時の対応", "## 目的\n\n書き直した本文。\n"));
    page = browser.Get("/all/docs/A-001.html");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK_THAT(page->body, Contains("書き直した本文。"));

    save_and_wait_for_reload("---\nid: A-001\ntitle: [壊れた\n---\n本文\n");
    page = browser.Get("/all/docs/A-001.html");
    REQUIRE(page);
    CHECK(page->status == 500);
    CHECK_THAT(page->body, Contains("保存された原稿にエラーがあります"));
    CHECK_THAT(page->body, Contains("content/a.md:4:1: error: front matter: invalid YAML"));
    CHECK_THAT(page->body, Contains("EventSource"));  // the fixed save reloads it too

    save_and_wait_for_reload(sample_document("A-001", "停電時の対応", "## 目的\n\n直した本文。\n"));
    page = browser.Get("/all/docs/A-001.html");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK_THAT(page->body, Contains("直した本文。"));

    CHECK(serve.interrupt_and_wait() == 0);
    CHECK_THAT(serve.stderr_text(), Contains("tebiki: preview stopped"));
}

}  // namespace tebiki::testing
