#pragma once
// Writing a bundle's zip (<audience>.zip): every file of the site, entries
// sorted by path, each with the same mtime (read in UTC, whatever the
// machine's time zone), mode 0644 and deflate level 1, so the same site gives
// the same bytes. An incremental build hands over
// the previous zip of the same site: an entry whose bytes did not change is
// copied still compressed from it instead of being deflated again, which
// gives the very bytes deflating would (zlib is deterministic).

#include <cstddef>
#include <filesystem>
#include <optional>

#include "bundle/manifest.h"

namespace tebiki::bundle {

struct ZipWritten {
    std::size_t entries = 0;
    std::size_t copied_from_previous = 0;  // entries not deflated again
};

// Writes `zip_path` (through a temporary file) from `site_dir`, whose
// manifest.json (and manifest.sig, if any) `manifest` was just written to.
// An entry is copied from `previous_zip` only when the previous zip's own
// manifest gives that path the same size and SHA-256 as `manifest` does,
// and its entry has that size and the file's CRC-32; an unreadable or
// foreign previous zip is simply not used. `crcs`: the files' CRC-32s from
// the manifest's scan (bundle/manifest.h), so that no file is read again;
// without them, or for a file they lack, the CRC-32 is taken from the
// file's remembered digest or computed. Throws std::runtime_error when the
// zip cannot be written.
ZipWritten write_zip(const std::filesystem::path& site_dir, const Manifest& manifest,
                     const std::filesystem::path& zip_path, long long mtime,
                     const std::optional<std::filesystem::path>& previous_zip = std::nullopt,
                     const FileCrcs* crcs = nullptr);

}  // namespace tebiki::bundle
