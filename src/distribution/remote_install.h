#pragma once
// Installing a bundle named by a URL: downloaded into a directory beside
// the install directory (same file system, never inside the live copy),
// checked, then installed exactly as a local zip (bundle/install.h). A
// failed or partial download never touches DIR; what arrived is kept for
// the next attempt to resume, and removed once installed or refused.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "bundle/install.h"
#include "distribution/http_fetch.h"

namespace tebiki::distribution {

// What a channel promises about the zip: checked before anything is unpacked.
struct ExpectedZip {
    std::uint64_t size = 0;
    std::string sha256;
};

// DIR/../.<name of DIR>.download
std::filesystem::path download_dir_for(const std::filesystem::path& install_dir);

// Throws FetchError (download), bundle::InstallRefused (verification, trust,
// a zip that is not what `expected` says), or std::runtime_error (I/O).
// The download happens under DIR's lock (`held`, or one taken here), so two
// runs never write the same download file.
bundle::InstallResult install_from_url(const std::string& url, const std::filesystem::path& install_dir,
                                       const bundle::InstallOptions& options, const FetchOptions& fetch,
                                       const std::optional<ExpectedZip>& expected = std::nullopt,
                                       const bundle::InstallLock* held = nullptr);

}  // namespace tebiki::distribution
