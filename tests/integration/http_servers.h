#pragma once
// Web servers for the distribution tests, on 127.0.0.1 and stopped by the
// test: Debian's nginx with a config the test writes (a real static server:
// ETag, Last-Modified, 304, Range), and a small fault-injecting server made
// with cpp-httplib for what nginx will not do.

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "fixtures.h"

namespace tebiki::testing {

// A port nothing listens on now (the kernel's choice for a socket bound to 0).
inline int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        throw std::runtime_error("cannot find a free port");
    const int port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

inline bool accepts_connections(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

// A certificate and key for a TLS server on 127.0.0.1 (the certificate
// names that address), made with the openssl program; the certificate is
// its own issuer, so a client trusts it by trusting its file.
struct TlsIdentity {
    fs::path certificate, key;
};

inline TlsIdentity make_tls_identity(const fs::path& dir) {
    fs::create_directories(dir);
    const TlsIdentity identity{dir / "cert.pem", dir / "key.pem"};
    const CommandResult r = run_command(
        "/usr/bin/openssl",
        {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj",
         "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", identity.key.string(), "-out",
         identity.certificate.string()},
        dir);
    if (r.exit_code != 0) throw std::runtime_error("openssl (installed by build-scripts/setup) failed: " + r.err);
    return identity;
}

// nginx serving `docroot` at http://127.0.0.1:<port>/ (https:// with a
// TLS identity), its access log in the server's own temporary directory.
class Nginx {
public:
    explicit Nginx(const fs::path& docroot, const std::optional<TlsIdentity>& tls = std::nullopt)
        : port_(free_port()), scheme_(tls ? "https" : "http") {
        const fs::path p = dir_.root();
        fs::create_directories(p / "tmp");
        std::string conf = "worker_processes 1;\ndaemon off;\nmaster_process on;\n";
        if (::geteuid() == 0) conf += "user root;\n";  // the docroot is a private temporary directory
        conf += "pid " + (p / "nginx.pid").string() + ";\nerror_log " + (p / "error.log").string() + ";\n";
        conf += "events { worker_connections 64; }\nhttp {\n";
        conf += "  access_log " + access_log().string() + " combined;\n";
        for (const char* kind : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
            conf += std::string("  ") + kind + "_temp_path " + (p / "tmp" / kind).string() + ";\n";
        conf += "  types { application/zip zip; application/json json; }\n";
        conf += "  server { listen 127.0.0.1:" + std::to_string(port_) + (tls ? " ssl" : "") + "; root " +
                docroot.string() + ";";
        if (tls)
            conf += " ssl_certificate " + tls->certificate.string() + "; ssl_certificate_key " + tls->key.string() + ";";
        conf += " }\n}\n";
        std::ofstream(p / "nginx.conf") << conf;
        pid_ = ::fork();
        if (pid_ == 0) {
            ::execl("/usr/sbin/nginx", "nginx", "-p", p.c_str(), "-c", (p / "nginx.conf").c_str(),
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        for (int i = 0; i < 200 && !accepts_connections(port_); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        if (!accepts_connections(port_))
            throw std::runtime_error("nginx (/usr/sbin/nginx, installed by build-scripts/setup) did not start: " +
                                     read_file_if_any(p / "error.log"));
    }
    ~Nginx() {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    Nginx(const Nginx&) = delete;
    Nginx& operator=(const Nginx&) = delete;

    std::string base_url() const { return scheme_ + "://127.0.0.1:" + std::to_string(port_) + "/"; }
    fs::path access_log() const { return dir_.root() / "access.log"; }
    // The access log's lines; nginx writes each as the request completes.
    std::vector<std::string> requests() const { return lines_of(read_file_if_any(access_log())); }

private:
    static std::string read_file_if_any(const fs::path& path) { return fs::exists(path) ? read_file(path) : ""; }
    TempDir dir_;
    int port_;
    std::string scheme_;
    pid_t pid_ = -1;
};

// What the fault server does to the zip it serves.
enum class Fault {
    None,
    CutOnce,         // the first answer stops mid-body (Content-Length whole); later ones are whole
    TruncatedAlways, // every answer stops mid-body, though Content-Length is whole
    SlowBody,        // the body comes in five pieces, `slow_pause_ms` apart
    WrongBytes,      // one byte in the middle flipped
    Oversized,       // 1 MiB more than the file (a server trying to fill the disk)
    NotFound,        // 404 for everything
    ServerError,     // 500 for everything
};

// Serves the files of `docroot` from memory as they are when asked, with a
// strong ETag and Range, applying `fault` to .zip files.
class FaultServer {
public:
    explicit FaultServer(fs::path docroot) : docroot_(std::move(docroot)) {
        server_.Get(R"(/([A-Za-z0-9._-]+))", [this](const httplib::Request& req, httplib::Response& res) {
            serve(req, res);
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        for (int i = 0; i < 200 && !server_.is_running(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ~FaultServer() {
        server_.stop();
        thread_.join();
    }
    FaultServer(const FaultServer&) = delete;
    FaultServer& operator=(const FaultServer&) = delete;

    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
    std::atomic<Fault> fault{Fault::None};
    std::atomic<int> slow_pause_ms{300};
    std::vector<std::string> range_requests() const {
        const std::lock_guard<std::mutex> lock(mutex_);
        return ranges_;
    }
    int requests() const { return requests_; }

private:
    void serve(const httplib::Request& req, httplib::Response& res) {
        ++requests_;
        if (req.has_header("Range")) {
            const std::lock_guard<std::mutex> lock(mutex_);
            ranges_.push_back(req.get_header_value("Range"));
        }
        const Fault f = fault;
        if (f == Fault::NotFound || f == Fault::ServerError) {
            res.status = f == Fault::NotFound ? 404 : 500;
            res.set_content("fault", "text/plain");
            return;
        }
        const fs::path file = docroot_ / req.matches[1].str();
        if (!fs::is_regular_file(file)) {
            res.status = 404;
            return;
        }
        auto bytes = std::make_shared<std::string>(read_file(file));
        const bool zip = file.extension() == ".zip";
        if (zip && f == Fault::WrongBytes) (*bytes)[bytes->size() / 2] ^= 0x20;
        if (zip && f == Fault::Oversized) bytes->append(1 << 20, 'x');
        res.set_header("ETag", "\"" + std::to_string(std::hash<std::string>{}(*bytes)) + "\"");
        const bool cut = zip && (f == Fault::TruncatedAlways || (f == Fault::CutOnce && !cut_done_.exchange(true)));
        const bool slow = zip && f == Fault::SlowBody;
        const int pause = slow_pause_ms;
        res.set_content_provider(bytes->size(), file.extension() == ".zip" ? "application/zip" : "application/json",
                                 [bytes, cut, slow, pause](std::size_t offset, std::size_t length,
                                                           httplib::DataSink& sink) {
                                     if (cut) {
                                         // Half of what was asked, then the connection goes.
                                         sink.write(bytes->data() + offset, length / 2);
                                         return false;
                                     }
                                     if (slow) {
                                         const std::size_t piece = std::max<std::size_t>(1, std::min(length, bytes->size() / 5));
                                         std::this_thread::sleep_for(std::chrono::milliseconds(pause));
                                         return sink.write(bytes->data() + offset, piece);
                                     }
                                     return sink.write(bytes->data() + offset, length);
                                 });
    }

    fs::path docroot_;
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    std::atomic<bool> cut_done_{false};
    std::atomic<int> requests_{0};
    mutable std::mutex mutex_;
    std::vector<std::string> ranges_;
};

}  // namespace tebiki::testing
