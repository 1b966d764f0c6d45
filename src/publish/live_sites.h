#pragma once
// A directory of every audience's site kept up to date in place, for
// `tebiki serve`: after a save, only the outputs whose inputs changed are
// written again (their keys, src/publish/output_keys.h, are remembered
// between updates), each through a temporary file and a rename, so that a
// page being served is never half-written; pages of documents that left a
// site, and sites of audiences that left the config, are removed. Unlike
// build_sites() there is no staging directory: a preview is not a bundle.

#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "document/catalog.h"
#include "publish/build_observer.h"
#include "search/search_index.h"

namespace tebiki::publish {

class LiveSites {
public:
    LiveSites(std::filesystem::path dir, bool with_pdf);

    const std::filesystem::path& dir() const { return dir_; }

    // Brings <dir>/<audience>/ up to date with `catalog` (which must have no
    // errors): first every register and document page, then `pages_ready()`
    // is called (the preview reloads its pages there), then the search
    // indexes and, with PDFs, the PDFs, which take longer. Throws on theme or
    // I/O failure; the next update starts over from what is on disk.
    void update(const Catalog& catalog, BuildObserver& observer, const std::function<void()>& pages_ready);

    // Remembers that `path` now holds the output made under `key` (thread-safe).
    void remember(const std::filesystem::path& path, std::string key);
    // True when `path` still holds the output made under `key` (thread-safe).
    bool holds(const std::filesystem::path& path, const std::string& key);

private:
    void remove_outputs_not_in(const std::filesystem::path& directory, const std::set<std::string>& kept_names);
    void remove_sites_not_in(const Catalog& catalog);

    std::filesystem::path dir_;
    bool with_pdf_;
    search::SearchCorpus search_corpus_;                    // documents prepared for search, by their bytes
    std::mutex mutex_;                                   // guards written_
    std::map<std::filesystem::path, std::string> written_;  // output → the key it was made under
};

}  // namespace tebiki::publish
