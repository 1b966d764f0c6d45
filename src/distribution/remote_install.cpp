#include "distribution/remote_install.h"

#include <fmt/format.h>

#include "bundle/manifest.h"

namespace tebiki::distribution {

namespace fs = std::filesystem;

namespace {

// The file name a URL's path ends with, made safe: "ward-5w.zip".
std::string file_name_of(const std::string& url) {
    std::string path = url.substr(0, url.find_first_of("?#"));
    std::string name = path.substr(path.find_last_of('/') + 1);
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '-';
    if (name.empty() || name.front() == '.') name = "bundle" + name;
    return name.ends_with(".zip") ? name : name + ".zip";
}

void remove_download(const fs::path& file) {
    std::error_code ignored;
    fs::remove(file, ignored);
    fs::remove(file.string() + ".etag", ignored);
}

}  // namespace

fs::path download_dir_for(const fs::path& install_dir) {
    const fs::path absolute = fs::absolute(install_dir).lexically_normal();
    const fs::path dir = absolute.has_filename() ? absolute : absolute.parent_path();
    return dir.parent_path() / fmt::format(".{}.download", dir.filename().string());
}

bundle::InstallResult install_from_url(const std::string& url, const fs::path& install_dir,
                                       const bundle::InstallOptions& options, const FetchOptions& fetch,
                                       const std::optional<ExpectedZip>& expected,
                                       const bundle::InstallLock* held) {
    std::optional<bundle::InstallLock> own;
    if (held == nullptr) own.emplace(install_dir);
    const bundle::InstallLock& lock = held != nullptr ? *held : *own;
    const fs::path downloads = download_dir_for(install_dir);
    fs::create_directories(downloads);
    const fs::path file = downloads / file_name_of(url);
    // Throws, keeping what arrived; never more than the channel promised.
    download_file(url, file, fetch, expected ? std::optional(expected->size) : std::nullopt);
    try {
        if (expected) {
            std::uint64_t size = 0;
            const std::string sha256 = bundle::sha256_file(file, &size);
            if (size != expected->size || sha256 != expected->sha256)
                throw bundle::InstallRefused(url + ": the zip is not the one the channel names (size " +
                                             std::to_string(size) + " instead of " + std::to_string(expected->size) +
                                             (sha256 != expected->sha256 ? ", SHA-256 differs" : "") + ")");
        }
        auto result = bundle::install_bundle(file, options, lock);
        remove_download(file);
        std::error_code ignored;
        fs::remove(downloads, ignored);  // only when nothing else is left in it
        return result;
    } catch (const bundle::InstallRefused&) {
        remove_download(file);  // bad bytes are not worth resuming from
        throw;
    }
}

}  // namespace tebiki::distribution
