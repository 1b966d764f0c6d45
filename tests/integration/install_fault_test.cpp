// Issue 17, the terminal's faults: a kill at every step of install, pruning,
// rollback and sync (by fail point and by SIGKILL at moments in time), a
// full file system, installs, syncs and rollbacks at once, a foreign
// `current`, directories tebiki cannot write in. Each case ends with the
// live copy verifying (`tebiki status`) and nothing a killed run left that
// would confuse the next one.
//
// The mounts (tmpfs, read-only binds) need root: the tests run as root here
// and in CI. A mount that fails FAILS the test, saying so; never a skip.

#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <future>
#include <map>
#include <thread>
#include <tuple>

#include <nlohmann/json.hpp>

#include "bundle/fail_point.h"
#include "fixtures.h"
#include "http_servers.h"
#include "signed_editions.h"

namespace tebiki::testing {

namespace {

// A tebiki run of our own (fork/exec): environment variables for it alone,
// a pid to stop, continue or kill.
class Run {
public:
    Run(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
        const std::string& program = TEBIKI_BINARY, const std::vector<std::string>& before = {}) {
        out_ = files_.root() / "out";
        err_ = files_.root() / "err";
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            for (const auto& [name, value] : env) ::setenv(name.c_str(), value.c_str(), 1);
            const int in = ::open("/dev/null", O_RDONLY);
            const int out = ::open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
            const int err = ::open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
            ::dup2(in, 0);
            ::dup2(out, 1);
            ::dup2(err, 2);
            std::vector<char*> argv{const_cast<char*>(program.c_str())};
            for (const auto& a : before) argv.push_back(const_cast<char*>(a.c_str()));
            if (!before.empty()) argv.push_back(const_cast<char*>(TEBIKI_BINARY));
            for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            ::execv(program.c_str(), argv.data());
            ::_exit(127);
        }
    }
    ~Run() {
        if (pid_ > 0 && !waited_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    Run(const Run&) = delete;
    Run& operator=(const Run&) = delete;

    pid_t pid() const { return pid_; }
    // Waits until the run stops itself (TEBIKI_PAUSE_AT) or ends; true when stopped.
    bool wait_stopped() {
        int status = 0;
        ::waitpid(pid_, &status, WUNTRACED);
        if (WIFSTOPPED(status)) return true;
        finish(status);
        return false;
    }
    void kill(int signal) const { ::kill(pid_, signal); }
    CommandResult result() {
        if (!waited_) {
            int status = 0;
            ::waitpid(pid_, &status, 0);
            finish(status);
        }
        return result_;
    }

private:
    void finish(int status) {
        waited_ = true;
        result_.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        result_.out = read_file(out_);
        result_.err = read_file(err_);
    }
    TempDir files_;
    fs::path out_, err_;
    pid_t pid_ = -1;
    bool waited_ = false;
    CommandResult result_;
};

CommandResult run_with(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
    Run run(args, env);
    return run.result();
}

// Names a killed run leaves, in DIR, DIR/generations and DIR/trusted-keys,
// that the next run must have cleared.
std::vector<std::string> leftovers(const fs::path& dir) {
    std::vector<std::string> out;
    for (const fs::path& place : {dir, dir / "generations", dir / "trusted-keys"}) {
        if (!fs::is_directory(place)) continue;
        for (const auto& e : fs::directory_iterator(place)) {
            const std::string name = e.path().filename().string();
            if (name.starts_with(".partial-") || name.starts_with(".removing-") || name.starts_with(".current-") ||
                name.starts_with(".adding-") || name.find(".tmp-") != std::string::npos)
                out.push_back((place.filename() / name).string());
        }
    }
    return out;
}

std::size_t generation_count(const fs::path& dir) {
    std::size_t count = 0;
    for (const auto& e : fs::directory_iterator(dir / "generations"))
        count += !e.path().filename().string().starts_with(".");
    return count;
}

// The live copy verifies by the publisher's key; when `edition` is given, it is that one.
void check_live(const SignedEditions& s, const fs::path& dir, const std::string& edition = "") {
    const auto r = s.tebiki({"status", "--to", dir.string(), "--pubkey", s.pub()});
    INFO(describe(r));
    CHECK((r.exit_code == 0 || r.exit_code == 1));  // 1: a channel warning (the sync cases judge it themselves)
    CHECK_THAT(r.out, Contains("verifies (signature valid)"));
    if (!edition.empty()) CHECK_THAT(r.out, Contains("edition " + edition));
}

// A terminal at `root`/terminal trusting the publisher, with April's ward-5w
// edition installed and live.
fs::path terminal_on_april(const SignedEditions& s, const fs::path& root) {
    const fs::path dir = root / "terminal";
    const auto r = s.tebiki({"install", (s.april / "ward-5w.zip").string(), "--to", dir.string(), "--pubkey", s.pub()});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    return dir;
}

std::string live_edition(const fs::path& dir) {
    const auto m = bundle::Manifest::from_json(read_file(dir / "current/manifest.json"));
    return m.edition.value_or("");
}

// A file system mounted by the test and unmounted when it goes, even when
// the test fails. A mount that cannot be made fails the test, saying why.
class Mount {
public:
    Mount(const fs::path& target, const char* source, const char* type, unsigned long flags, const std::string& data)
        : target_(target) {
        fs::create_directories(target);
        if (::mount(source, target.c_str(), type, flags, data.empty() ? nullptr : data.c_str()) != 0)
            FAIL("cannot mount " << type << " (" << data << ") at " << target << ": " << std::strerror(errno)
                                 << "; the fault tests mount file systems and need root (CI runs them as root)");
        mounted_ = true;
    }
    // A read-only bind mount of `dir` over itself.
    static std::unique_ptr<Mount> read_only_bind(const fs::path& dir) {
        auto m = std::make_unique<Mount>(dir, dir.c_str(), "bind", MS_BIND, "");
        if (::mount(nullptr, dir.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0)
            FAIL("cannot make the bind mount at " << dir << " read-only: " << std::strerror(errno));
        return m;
    }
    ~Mount() { unmount(); }
    Mount(const Mount&) = delete;
    Mount& operator=(const Mount&) = delete;
    void unmount() {
        if (mounted_ && ::umount2(target_.c_str(), MNT_DETACH) == 0) mounted_ = false;
    }

private:
    fs::path target_;
    bool mounted_ = false;
};

// Fills the file system holding `dir` with one file until it is full.
void fill(const fs::path& file) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    REQUIRE(fd >= 0);
    const std::string block(1 << 16, 'f');
    for (std::size_t size = block.size(); size > 0;) {
        const ssize_t w = ::write(fd, block.data(), size);
        if (w < 0) {
            REQUIRE(errno == ENOSPC);
            if (size == 1) break;
            size /= 2;  // the last few bytes too
        }
    }
    ::close(fd);
}

std::uint64_t tree_bytes(const fs::path& dir) {
    std::uint64_t bytes = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) bytes += e.file_size() + 4096;
    return bytes;
}

// The zips and signed channels of a published edition, served from `docroot`.
void serve(const fs::path& out, const fs::path& docroot) {
    fs::create_directories(docroot);
    for (const auto& e : fs::directory_iterator(out))
        if (e.path().extension() == ".zip" || e.path().string().ends_with(".channel.json"))
            fs::copy_file(e.path(), docroot / e.path().filename());
}

// What each fail point needs to be reached: which command, from which state.
enum class Scenario { install, key_trust, prune, rollback, sync };

const std::map<std::string, Scenario>& scenarios() {
    static const std::map<std::string, Scenario> by_point{
        {"locked", Scenario::install},       {"cleared", Scenario::install},
        {"room-checked", Scenario::install}, {"unpacking", Scenario::install},
        {"unpacked", Scenario::install},     {"synced", Scenario::install},
        {"trusting", Scenario::key_trust}, {"trusted", Scenario::install},
        {"switching", Scenario::install},    {"switched", Scenario::install},
        {"pruning", Scenario::prune},        {"rollback-verified", Scenario::rollback},
        {"sync-installed", Scenario::sync},  {"recording", Scenario::sync},
    };
    return by_point;
}

}  // namespace

TEST_CASE("every fail point is one the kill test reaches", "[install][faults]") {
    for (const auto point : bundle::kFailPoints) {
        INFO(point);
        CHECK(scenarios().count(std::string(point)) == 1);
    }
    CHECK(scenarios().size() == bundle::kFailPoints.size());
}

TEST_CASE("a kill at every step of install, pruning, rollback and sync: the next run succeeds, the live copy "
          "verifies",
          "[install][faults]") {
    const auto& s = signed_editions();
    for (const auto& [point, scenario] : scenarios()) {
        DYNAMIC_SECTION("killed at " << point) {
            TempDir t;
            const fs::path dir = t.root() / "terminal";
            const std::map<std::string, std::string> fail{{"TEBIKI_FAIL_AT", point}};
            const auto install = [&](const fs::path& zip, std::vector<std::string> extra = {}) {
                std::vector<std::string> args{"install", zip.string(), "--to", dir.string(), "--pubkey", s.pub()};
                args.insert(args.end(), extra.begin(), extra.end());
                return args;
            };
            const auto run = [&](const std::vector<std::string>& args, bool killed) {
                const auto r = run_with(args, killed ? fail : std::map<std::string, std::string>{});
                INFO(describe(r));
                CHECK(r.exit_code == (killed ? 75 : 0));
                if (killed) CHECK_THAT(r.err, Contains("TEBIKI_FAIL_AT=" + point));
                return r;
            };
            if (scenario == Scenario::install) {
                run(install(s.april / "ward-5w.zip"), false);
                run(install(s.may / "ward-5w.zip"), true);
                check_live(s, dir);  // April before the switch, May after it: either verifies
                run(install(s.may / "ward-5w.zip"), false);
                check_live(s, dir, "edition/2026-05");
            } else if (scenario == Scenario::key_trust) {
                // A key being trusted (here: May's successor key) when the kill comes.
                run(install(s.april / "ward-5w.zip"), false);
                run(install(s.may_rotating / "ward-5w.zip"), true);
                check_live(s, dir, "edition/2026-04");
                run(install(s.may_rotating / "ward-5w.zip"), false);
                check_live(s, dir, "edition/2026-05");
                const auto trust = s.tebiki({"trust", "--to", dir.string()});
                CHECK_THAT(trust.out, Contains(bundle::key_fingerprint(read_file(s.next_keys / "tebiki-signing.pub"))));
            } else if (scenario == Scenario::prune) {
                run(install(s.april / "ward-5w.zip", {"--keep", "1"}), false);
                run(install(s.may / "ward-5w.zip", {"--keep", "1"}), true);
                check_live(s, dir, "edition/2026-05");
                CHECK(s.tebiki({"rollback", "--to", dir.string()}).exit_code == 1);  // nothing whole to go back to
                run(install(s.may / "ward-5w.zip", {"--keep", "1"}), false);
                check_live(s, dir, "edition/2026-05");
                CHECK(generation_count(dir) == 1);
            } else if (scenario == Scenario::rollback) {
                run(install(s.april / "ward-5w.zip"), false);
                run(install(s.may / "ward-5w.zip"), false);
                run({"rollback", "--to", dir.string()}, true);
                check_live(s, dir, "edition/2026-05");
                run({"rollback", "--to", dir.string()}, false);
                check_live(s, dir, "edition/2026-04");
            } else {
                serve(s.may, t.root() / "www");
                const Nginx nginx(t.root() / "www");
                run(install(s.april / "ward-5w.zip"), false);
                const std::vector<std::string> sync{"sync", nginx.base_url(), "--to", dir.string()};
                run(sync, true);
                check_live(s, dir, "edition/2026-05");  // installed before the kill
                const auto again = run(sync, false);
                CHECK_THAT(again.out, Contains("current: edition edition/2026-05"));
                CHECK(fs::is_regular_file(dir / "channel.json"));
                check_live(s, dir, "edition/2026-05");
            }
            INFO("left in " << dir);
            CHECK(leftovers(dir).empty());
        }
    }
    // Killed inside the rollback's switch: the same point as install's, reached by another command.
    SECTION("killed at switching, in a rollback") {
        TempDir t;
        const fs::path dir = t.root() / "terminal";
        for (const auto& zip : {s.april / "ward-5w.zip", s.may / "ward-5w.zip"})
            REQUIRE(s.tebiki({"install", zip.string(), "--to", dir.string(), "--pubkey", s.pub()}).exit_code == 0);
        const auto r = run_with({"rollback", "--to", dir.string()}, {{"TEBIKI_FAIL_AT", "switching"}});
        CHECK(r.exit_code == 75);
        check_live(s, dir, "edition/2026-05");
        CHECK(s.tebiki({"rollback", "--to", dir.string()}).exit_code == 0);
        check_live(s, dir, "edition/2026-04");
        CHECK(leftovers(dir).empty());
    }
}

TEST_CASE("an install or rollback killed by SIGKILL at moments through its run leaves a live copy that verifies",
          "[install][faults]") {
    const auto& s = signed_editions();
    const auto fresh_terminal = [&](const fs::path& dir) {
        REQUIRE(s.tebiki({"install", (s.april / "all.zip").string(), "--to", dir.string(), "--pubkey", s.pub()})
                    .exit_code == 0);
    };
    const std::vector<std::string> may_args{"install", (s.may / "all.zip").string(), "--pubkey", s.pub(), "--to"};
    // How long one install takes here: the kills are spread over it (no
    // assertion is made on time; it only places the kills).
    TempDir timing;
    fresh_terminal(timing.root() / "terminal");
    auto args = may_args;
    args.push_back((timing.root() / "terminal").string());
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(s.tebiki(args).exit_code == 0);
    const auto whole = std::chrono::steady_clock::now() - started;

    for (int tenth = 1; tenth <= 9; ++tenth) {
        DYNAMIC_SECTION("install killed at " << tenth << "/10 of its run") {
            TempDir t;
            const fs::path dir = t.root() / "terminal";
            fresh_terminal(dir);
            args = may_args;
            args.push_back(dir.string());
            Run run(args, {});
            std::this_thread::sleep_for(whole * tenth / 10);
            run.kill(SIGKILL);
            const auto r = run.result();
            INFO(describe(r));
            CHECK((r.exit_code == 128 + SIGKILL || r.exit_code == 0));  // 0: it finished first
            check_live(s, dir);
            const auto again = s.tebiki(args);
            INFO(describe(again));
            CHECK(again.exit_code == 0);
            check_live(s, dir, "edition/2026-05");
            CHECK(leftovers(dir).empty());
        }
        DYNAMIC_SECTION("rollback killed at " << tenth << "/10 of an install's run") {
            TempDir t;
            const fs::path dir = t.root() / "terminal";
            fresh_terminal(dir);
            args = may_args;
            args.push_back(dir.string());
            REQUIRE(s.tebiki(args).exit_code == 0);
            Run run({"rollback", "--to", dir.string()}, {});
            std::this_thread::sleep_for(whole * tenth / 20);  // a rollback is shorter than an install
            run.kill(SIGKILL);
            run.result();
            check_live(s, dir);
            if (live_edition(dir) == "edition/2026-05") CHECK(s.tebiki({"rollback", "--to", dir.string()}).exit_code == 0);
            check_live(s, dir, "edition/2026-04");
            CHECK(leftovers(dir).empty());
        }
    }
}

TEST_CASE("a full file system: refused before unpacking when the room is short, 'no space left on device' when it "
          "runs out during the unpack; the previous copy stays live",
          "[install][faults][full-disk]") {
    const auto& s = signed_editions();
    const std::uint64_t copy = tree_bytes(s.may / "ward-5w");
    TempDir t;
    const fs::path mnt = t.root() / "small";

    SECTION("less room than the manifest's files need: refused before anything is unpacked") {
        // Room for one copy and a half: April fits, May beside it does not.
        Mount tmpfs(mnt, "tmpfs", "tmpfs", 0, "size=" + std::to_string(copy * 3 / 2));
        const fs::path dir = mnt / "terminal";
        auto r = s.tebiki({"install", (s.april / "ward-5w.zip").string(), "--to", dir.string(), "--pubkey", s.pub()});
        INFO(describe(r));
        REQUIRE(r.exit_code == 0);
        r = s.tebiki({"install", (s.may / "ward-5w.zip").string(), "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Contains("no space left on device: " + (dir / "generations").string() + " has "));
        CHECK_THAT(r.err, Contains("the bundle needs about"));
        CHECK_THAT(r.err, Contains("current was left as it was"));
        check_live(s, dir, "edition/2026-04");
        CHECK(leftovers(dir).empty());
        CHECK(generation_count(dir) == 1);
    }
    SECTION("the room runs out during the unpack (filled after the check): no space left on device") {
        Mount tmpfs(mnt, "tmpfs", "tmpfs", 0, "size=" + std::to_string(copy * 4));
        const fs::path dir = mnt / "terminal";
        auto r = s.tebiki({"install", (s.april / "ward-5w.zip").string(), "--to", dir.string(), "--pubkey", s.pub()});
        REQUIRE(r.exit_code == 0);
        // The install stops itself once the room is checked; the disk fills; it goes on.
        Run run({"install", (s.may / "ward-5w.zip").string(), "--to", dir.string()}, {{"TEBIKI_PAUSE_AT", "room-checked"}});
        REQUIRE(run.wait_stopped());
        fill(mnt / "filler");
        run.kill(SIGCONT);
        r = run.result();
        INFO(describe(r));
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Contains("no space left on device: "));
        CHECK_THAT(r.err, Contains("current was left as it was"));
        check_live(s, dir, "edition/2026-04");
        CHECK(leftovers(dir).empty());  // the partial copy went at once, not at the next install
        // With room again, the same install completes.
        fs::remove(mnt / "filler");
        r = s.tebiki({"install", (s.may / "ward-5w.zip").string(), "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 0);
        check_live(s, dir, "edition/2026-05");
    }
}

TEST_CASE("installs, syncs and rollbacks into one directory at once run one after the other; two syncs install "
          "once",
          "[install][faults][concurrency]") {
    const auto& s = signed_editions();
    TempDir t;
    serve(s.may, t.root() / "www");
    const Nginx nginx(t.root() / "www");
    const fs::path dir = terminal_on_april(s, t.root());

    SECTION("three syncs at once: one installs May, the others find it current") {
        std::vector<std::future<CommandResult>> runs;
        for (int i = 0; i < 3; ++i)
            runs.push_back(std::async(std::launch::async,
                                      [&] { return s.tebiki({"sync", nginx.base_url(), "--to", dir.string()}); }));
        int installed = 0;
        for (auto& run : runs) {
            const auto r = run.get();
            INFO(describe(r));
            CHECK(r.exit_code == 0);
            installed += contains(r.out, "installed edition edition/2026-05");
        }
        CHECK(installed == 1);
        CHECK(generation_count(dir) == 2);  // April and May once
        check_live(s, dir, "edition/2026-05");
    }
    SECTION("installs, syncs and rollbacks mixed") {
        std::vector<std::future<CommandResult>> runs;
        for (int i = 0; i < 2; ++i) {
            runs.push_back(std::async(std::launch::async, [&] {
                return s.tebiki({"install", (s.may / "ward-5w.zip").string(), "--to", dir.string()});
            }));
            runs.push_back(std::async(std::launch::async,
                                      [&] { return s.tebiki({"sync", nginx.base_url(), "--to", dir.string()}); }));
            runs.push_back(
                std::async(std::launch::async, [&] { return s.tebiki({"rollback", "--to", dir.string()}); }));
        }
        for (std::size_t i = 0; i < runs.size(); ++i) {
            const auto r = runs[i].get();
            INFO(describe(r));
            if (i % 3 == 2) CHECK((r.exit_code == 0 || r.exit_code == 1));  // 1: nothing before the live one
            else CHECK(r.exit_code == 0);
            CHECK_THAT(r.err, !Contains("I/O"));
            CHECK_THAT(r.err, !Contains("filesystem error"));
        }
        check_live(s, dir);
        CHECK(leftovers(dir).empty());
        CHECK(s.tebiki({"sync", nginx.base_url(), "--to", dir.string()}).exit_code == 0);
        check_live(s, dir, "edition/2026-05");
    }
}

TEST_CASE("a foreign current (a plain folder, a file, a link elsewhere) is refused by install, rollback and sync, "
          "and left as it was",
          "[install][faults]") {
    const auto& s = signed_editions();
    TempDir t;
    serve(s.may, t.root() / "www");
    const Nginx nginx(t.root() / "www");
    const fs::path dir = terminal_on_april(s, t.root());
    const fs::path own = fs::read_symlink(dir / "current");
    const auto refused_everywhere = [&] {
        auto r = s.tebiki({"install", (s.may / "ward-5w.zip").string(), "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("is not tebiki's link to a generation"));
        r = s.tebiki({"rollback", "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Contains("is not tebiki's link to a generation"));
        r = s.tebiki({"sync", nginx.base_url(), "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("is not tebiki's link to a generation"));
        CHECK(generation_count(dir) == 1);
        CHECK(leftovers(dir).empty());
    };
    SECTION("a plain folder") {
        fs::remove(dir / "current");
        fs::create_directories(dir / "current");
        bundle::write_bytes(dir / "current/index.html", "someone's page");
        refused_everywhere();
        CHECK(read_file(dir / "current/index.html") == "someone's page");
        fs::remove_all(dir / "current");
    }
    SECTION("a file") {
        fs::remove(dir / "current");
        bundle::write_bytes(dir / "current", "not a link");
        refused_everywhere();
        CHECK(read_file(dir / "current") == "not a link");
        fs::remove(dir / "current");
    }
    SECTION("a link out of the generations") {
        fs::create_directories(t.root() / "elsewhere");
        for (const fs::path& target : {t.root() / "elsewhere", fs::path("generations/../../elsewhere"),
                                      fs::path("generations/.partial-9")}) {
            INFO(target);
            fs::remove(dir / "current");
            fs::create_directory_symlink(target, dir / "current");
            refused_everywhere();
            CHECK(fs::read_symlink(dir / "current") == target);
        }
        fs::remove(dir / "current");
    }
    // Put back by hand, tebiki's own link works again.
    fs::create_directory_symlink(own, dir / "current");
    check_live(s, dir, "edition/2026-04");
    CHECK(s.tebiki({"sync", nginx.base_url(), "--to", dir.string()}).exit_code == 0);
    check_live(s, dir, "edition/2026-05");
}

TEST_CASE("a directory tebiki cannot write in is refused naming it, and the live copy stays", "[install][faults]") {
    const auto& s = signed_editions();
    TempDir t;
    const fs::path dir = terminal_on_april(s, t.root());
    const auto install_may = [&] {
        const auto r = s.tebiki({"install", (s.may / "ward-5w.zip").string(), "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Contains("current was left as it was"));
        return r;
    };

    SECTION("DIR on a read-only mount (root too is refused)") {
        const auto ro = Mount::read_only_bind(dir);
        auto r = install_may();
        CHECK_THAT(r.err, Contains("cannot write in " + dir.string() + ": Read-only file system"));
        r = s.tebiki({"rollback", "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Contains("cannot write in " + dir.string() + ": Read-only file system"));
        check_live(s, dir, "edition/2026-04");
        ro->unmount();
    }
    SECTION("DIR/generations on a read-only mount") {
        const auto ro = Mount::read_only_bind(dir / "generations");
        const auto r = install_may();
        CHECK_THAT(r.err, Contains("cannot write in " + (dir / "generations").string() + ": Read-only file system"));
        check_live(s, dir, "edition/2026-04");
        ro->unmount();
    }
    SECTION("DIR belongs to root and tebiki runs as nobody") {
        // nobody must reach the binary, the zip and DIR: a world-readable path.
        ::chmod(t.root().c_str(), 0755);
        fs::copy_file(s.may / "ward-5w.zip", t.root() / "may.zip");
        ::chmod((t.root() / "may.zip").c_str(), 0644);
        Run run({"install", (t.root() / "may.zip").string(), "--to", dir.string()}, {}, "/usr/bin/setpriv",
                {"--reuid=65534", "--regid=65534", "--clear-groups"});
        const auto r = run.result();
        INFO(describe(r));
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Contains("cannot write in " + dir.string() + ": Permission denied"));
        CHECK_THAT(r.err, Contains("current was left as it was"));
        check_live(s, dir, "edition/2026-04");
        CHECK(leftovers(dir).empty());
    }
    // Writable again: the same install completes.
    const auto r = s.tebiki({"install", (s.may / "ward-5w.zip").string(), "--to", dir.string()});
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    check_live(s, dir, "edition/2026-05");
}

}  // namespace tebiki::testing

namespace tebiki::testing {

TEST_CASE("a signed manifest with values outside the sane ranges is refused before anything is unpacked",
          "[install][faults][ranges]") {
    const auto& s = signed_editions();
    TempDir t;
    const fs::path dir = terminal_on_april(s, t.root());
    for (const auto& [field, value, message] : std::vector<std::tuple<std::string, nlohmann::json, std::string>>{
             {"published_at", 99999999999LL, "published_at 99999999999 is not a time between 1980 and 2200"},
             {"edition", std::string(4096, 'e'), "edition is 4096 bytes long, more than the 256 allowed"},
             {"audience_name", std::string(300, 'n'), "audience_name is 300 bytes long"}}) {
        INFO(field);
        // Signed by the publisher's own key: a mistake, not a forgery, and still refused.
        const fs::path site = t.root() / ("site-" + field);
        fs::copy(s.may / "ward-5w", site, fs::copy_options::recursive);
        auto manifest = nlohmann::json::parse(read_file(site / "manifest.json"));
        manifest[field] = value;
        bundle::write_bytes(site / "manifest.json", manifest.dump(1) + "\n");
        fs::remove(site / "manifest.sig");
        bundle::write_bytes(site / "manifest.sig", bundle::sign(read_file(site / "manifest.json"),
                                                                SignedEditions::private_key(s.keys)));
        const auto r = s.tebiki({"install", site.string(), "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("manifest.json: " + message));
        CHECK(generation_count(dir) == 1);
        CHECK(leftovers(dir).empty());
        check_live(s, dir, "edition/2026-04");
    }
}

TEST_CASE("after an install killed between naming its generation and the switch, then run again, rollback goes "
          "back to the previous edition, not to the twin",
          "[install][faults]") {
    const auto& s = signed_editions();
    TempDir t;
    const fs::path dir = t.root() / "terminal";
    const auto install = [&](const fs::path& zip) {
        return s.tebiki({"install", zip.string(), "--to", dir.string(), "--pubkey", s.pub()});
    };
    REQUIRE(install(s.april / "ward-5w.zip").exit_code == 0);
    const auto killed = run_with({"install", (s.may / "ward-5w.zip").string(), "--to", dir.string()},
                                 {{"TEBIKI_FAIL_AT", "synced"}});
    REQUIRE(killed.exit_code == 75);
    REQUIRE(install(s.may / "ward-5w.zip").exit_code == 0);
    CHECK(generation_count(dir) == 3);  // April, May never live, May live
    auto r = s.tebiki({"rollback", "--to", dir.string()});
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("rolled back to generation 1-"));
    check_live(s, dir, "edition/2026-04");

    SECTION("with only twins before the live one, rollback says so and changes nothing") {
        // Two more installs of May: the three kept (--keep 3) are all May.
        REQUIRE(install(s.may / "ward-5w.zip").exit_code == 0);
        REQUIRE(install(s.may / "ward-5w.zip").exit_code == 0);
        r = s.tebiki({"rollback", "--to", dir.string()});
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Contains("holds another edition"));
        check_live(s, dir, "edition/2026-05");
    }
}

}  // namespace tebiki::testing
