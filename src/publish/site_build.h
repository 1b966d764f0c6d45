#pragma once
// Publishing the catalog as one offline site per audience, atomically.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "changes/change_notice.h"
#include "document/catalog.h"
#include "document/site_contents.h"
#include "publish/build_observer.h"

namespace tebiki::publish {

struct SiteBuildResult {
    std::vector<std::filesystem::path> index_pages;  // <out>/<audience>/index.html, in config order
    std::size_t pages_written = 0;
};

// Renders every audience's site into a staging directory and swaps it in
// for `out_dir` only when all of them are complete. Throws on I/O or theme
// failure, leaving `out_dir` untouched. The catalog must have no errors.
// With an edition, the sites carry only publishable documents and every page
// is stamped with the edition.
struct SiteBuildOptions {
    std::optional<Edition> edition;                // publishing an edition
    const changes::ChangeNotices* notices = nullptr;  // every site gets its page of changes
    bool with_pdf = true;                           // false: HTML and search only (a quick preview)
    // Bundles (issue 6): every site gets manifest.json, and <out>/<audience>.zip
    // holds it; with a signing key, manifest.sig too (see src/bundle/). A
    // catalog read from the work tree is a preview and makes no bundle: a
    // manifest names a commit, and a preview's bytes are not that commit's.
    std::optional<std::filesystem::path> sign_key;  // Ed25519 private key (PEM)
    // Signed bundles also get <out>/<audience>.channel.json (issue 16,
    // distribution/channel.h), and may name successor keys for terminals
    // to trust from then on (key rotation): public keys as PEM texts.
    std::vector<std::string> successor_keys;
    BuildObserver* observer = nullptr;  // progress and phase timings; none when null
    // The build cache (output_cache.h): document pages and PDFs made from
    // unchanged inputs are reused from it. None: everything is rendered.
    std::optional<std::filesystem::path> cache_dir;
};

SiteBuildResult build_sites(const Catalog& catalog, const std::filesystem::path& out_dir,
                            const SiteBuildOptions& options = {});

}  // namespace tebiki::publish
