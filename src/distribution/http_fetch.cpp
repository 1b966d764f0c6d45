#include "distribution/http_fetch.h"

#include <httplib.h>

#include <fstream>

#include "bundle/manifest.h"

namespace tebiki::distribution {

namespace fs = std::filesystem;

namespace {

struct Target {
    std::string origin;  // "http://host:port"
    std::string path;    // "/dir/file", "/" at least
};

Target parse_url(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (!is_url(url) || scheme_end == std::string::npos) throw FetchError(url, 0, "not an http(s) URL");
    const auto path_start = url.find('/', scheme_end + 3);
    if (path_start == std::string::npos) return {url, "/"};
    return {url.substr(0, path_start), url.substr(path_start)};
}

httplib::Client client_for(const Target& target, const FetchOptions& options) {
    httplib::Client client(target.origin);
    client.set_connection_timeout(options.timeout);
    client.set_read_timeout(options.timeout);
    client.set_follow_location(true);
    return client;
}

// Trying again cannot help: the machine does not trust the server.
bool is_untrusted_server(const httplib::Error error) { return error == httplib::Error::SSLServerVerification; }

std::string failure_text(const httplib::Error error) {
    if (is_untrusted_server(error))
        return "the server's TLS certificate is not trusted on this machine: add the certificate authority that "
               "issued it to the system's trust store (or name its file in SSL_CERT_FILE), or ask for the "
               "server's certificate to be renewed";
    return "no complete answer (" + httplib::to_string(error) + ")";
}

std::string header_of(const httplib::Response& response, const char* name) {
    return response.has_header(name) ? response.get_header_value(name) : "";
}

std::uint64_t size_of(const fs::path& file) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    return ec ? 0 : size;
}

// One GET of the rest of `dest`; true when the file is complete.
bool continue_download(const Target& target, const std::string& url, const fs::path& dest,
                       const FetchOptions& options, std::optional<std::uint64_t> max_bytes, std::string& failure) {
    const fs::path etag_file = dest.string() + ".etag";
    std::uint64_t have = size_of(dest);
    const std::string etag = fs::exists(etag_file) ? bundle::read_bytes(etag_file) : "";
    httplib::Headers headers;
    if (have > 0 && !etag.empty()) {
        headers.emplace("Range", "bytes=" + std::to_string(have) + "-");
        headers.emplace("If-Range", etag);  // a changed file is sent whole, never spliced
    }
    int status = 0;
    bool too_long = false;
    std::ofstream out;
    auto client = client_for(target, options);
    const auto result = client.Get(
        target.path, headers,
        [&](const httplib::Response& response) {
            status = response.status;
            if (status == 206) {
                out.open(dest, std::ios::binary | std::ios::app);
            } else if (status == 200) {
                have = 0;  // the whole file, from its first byte
                out.open(dest, std::ios::binary | std::ios::trunc);
                const std::string new_etag = header_of(response, "ETag");
                // Only a strong validator may join two halves of a file.
                if (!new_etag.empty() && !new_etag.starts_with("W/")) bundle::write_bytes(etag_file, new_etag);
                else fs::remove(etag_file);
            } else {
                return false;
            }
            return static_cast<bool>(out);
        },
        [&](const char* data, std::size_t length) {
            if (max_bytes && have + length > *max_bytes) {
                too_long = true;
                return false;
            }
            have += length;
            out.write(data, static_cast<std::streamsize>(length));
            return static_cast<bool>(out);
        });
    out.close();
    if (too_long) {
        fs::remove(dest);
        fs::remove(etag_file);
        throw FetchError(url, status, "longer than the " + std::to_string(*max_bytes) + " bytes the channel names");
    }
    if (status == 416) {  // what we hold is no prefix of the file now served: start again
        fs::remove(dest);
        fs::remove(etag_file);
        failure = "HTTP status 416 for the rest of a partial download";
        return false;
    }
    if (status != 0 && status != 200 && status != 206)
        throw FetchError(url, status, "HTTP status " + std::to_string(status));
    if (result) return true;
    if (is_untrusted_server(result.error())) throw FetchError(url, 0, failure_text(result.error()));
    failure = failure_text(result.error());
    return false;
}

}  // namespace

FetchError::FetchError(const std::string& u, int s, const std::string& why)
    : std::runtime_error(u + ": " + why), url(u), status(s), reason(why) {}

std::string FetchError::describe() const {
    return "download failed: " + url + (status != 0 ? " answered HTTP " + std::to_string(status) : std::string()) +
           ": " + reason;
}

bool is_url(const std::string& text) { return text.starts_with("http://") || text.starts_with("https://"); }

std::string url_beside(const std::string& base_url, const std::string& name) {
    return base_url.ends_with("/") ? base_url + name : base_url + "/" + name;
}

bool validators_are_settled(const std::string& last_modified, const std::string& date) {
    return last_modified.empty() || date.empty() || last_modified != date;
}

SmallFile fetch_small(const std::string& url, const std::string& etag, const std::string& last_modified,
                      std::size_t cap, const FetchOptions& options) {
    const Target target = parse_url(url);
    httplib::Headers headers;
    if (!etag.empty()) headers.emplace("If-None-Match", etag);
    if (!last_modified.empty()) headers.emplace("If-Modified-Since", last_modified);
    SmallFile file;
    bool too_big = false;
    auto client = client_for(target, options);
    // cpp-httplib 0.11 takes a 304 for a redirect to follow, and fails on
    // it for want of a Location: the channel is asked for where it is.
    client.set_follow_location(false);
    const auto result = client.Get(target.path, headers, [&](const char* data, std::size_t length) {
        if (file.body.size() + length > cap) {
            too_big = true;
            return false;
        }
        file.body.append(data, length);
        return true;
    });
    if (too_big) throw FetchError(url, 200, "larger than " + std::to_string(cap) + " bytes; not a channel");
    if (!result) throw FetchError(url, 0, failure_text(result.error()));
    if (result->status == 304) {
        file.not_modified = true;
        file.body.clear();
        return file;
    }
    if (result->status != 200) throw FetchError(url, result->status, "HTTP status " + std::to_string(result->status));
    file.last_modified = header_of(*result, "Last-Modified");
    if (!validators_are_settled(file.last_modified, header_of(*result, "Date"))) {
        file.last_modified.clear();  // the next sync asks without condition
        return file;
    }
    file.etag = header_of(*result, "ETag");
    return file;
}

void download_file(const std::string& url, const fs::path& dest, const FetchOptions& options,
                   std::optional<std::uint64_t> max_bytes) {
    const Target target = parse_url(url);
    std::string failure;
    for (int attempt = 0; attempt < std::max(1, options.attempts); ++attempt)
        if (continue_download(target, url, dest, options, max_bytes, failure)) return;
    throw FetchError(url, 0, failure + " after " + std::to_string(options.attempts) + " attempts; " +
                                 std::to_string(size_of(dest)) + " bytes kept to resume from");
}

}  // namespace tebiki::distribution
