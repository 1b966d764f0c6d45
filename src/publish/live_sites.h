#pragma once
// A directory of every audience's site kept up to date in place, for
// `tebiki serve`: after a save, only the outputs whose inputs changed are
// written again (their keys, src/reuse/output_keys.h, are remembered
// between updates), each through a temporary file and a rename, so that a
// page being served is never half-written; pages of documents that left a
// site, and sites of audiences that left the config, are removed. Unlike
// build_sites() there is no staging directory: a preview is not a bundle.
// With a build cache, what the live directory does not hold is taken from
// the cache, and what is rendered is kept there, so a preview starts from
// the last build's work.

#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "document/catalog.h"
#include "publish/build_observer.h"
#include "reuse/cached_search_store.h"
#include "reuse/output_cache.h"
#include "search/search_index.h"

namespace tebiki::publish {

class LiveSites {
public:
    LiveSites(std::filesystem::path dir, bool with_pdf,
              const std::optional<std::filesystem::path>& cache_dir = std::nullopt);

    const std::filesystem::path& dir() const { return dir_; }

    // Brings <dir>/<audience>/ up to date with `catalog` (which must have no
    // errors): first every register and document page, then `pages_ready()`
    // is called (the preview reloads its pages there), then the search
    // indexes and, with PDFs, the PDFs, which take longer. Throws on theme or
    // I/O failure; the next update starts over from what is on disk.
    void update(const Catalog& catalog, BuildObserver& observer, const std::function<void()>& pages_ready);

    // True when `path` holds the output made under `key`, as written before
    // or now taken from the cache (thread-safe).
    bool reuse(const std::filesystem::path& path, const std::string& key);
    // Remembers that `path` now holds the output made under `key`, and keeps
    // it in the cache (thread-safe).
    void keep(const std::filesystem::path& path, const std::string& key);
    // The same for bytes kept under `key` (reuse/output_reuse.h, recall()),
    // held in memory between updates and in the cache (thread-safe).
    std::optional<std::string> recall(const std::string& key);
    void keep(const std::string& key, std::string_view bytes);

private:
    void remove_outputs_not_in(const std::filesystem::path& directory, const std::set<std::string>& kept_names);
    void remove_sites_not_in(const Catalog& catalog);

    void remember(const std::filesystem::path& path, std::string key);
    // Forgets the bytes the last update did not use.
    void forget_unused_bytes();
    bool holds(const std::filesystem::path& path, const std::string& key);

    std::filesystem::path dir_;
    bool with_pdf_;
    std::optional<reuse::OutputCache> cache_;
    std::optional<reuse::CachedSearchStore> search_store_;     // over cache_
    search::SearchCorpus search_corpus_;                    // documents prepared for search, by their bytes
    std::mutex mutex_;                                   // guards written_, kept_bytes_, used_bytes_
    std::map<std::filesystem::path, std::string> written_;  // output → the key it was made under
    std::map<std::string, std::string> kept_bytes_;         // key → bytes (a search part's share)
    std::set<std::string> used_bytes_;                      // the keys of kept_bytes_ this update used
};

}  // namespace tebiki::publish
