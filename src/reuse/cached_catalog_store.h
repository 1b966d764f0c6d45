#pragma once
// The build cache as a store of read Markdown files (reuse/catalog_memo.h):
// an incremental `build` parses only the documents whose bytes changed.

#include <string>

#include "reuse/catalog_memo.h"
#include "reuse/output_cache.h"

namespace tebiki::reuse {

class CachedCatalogStore : public ReadFileStore {
public:
    explicit CachedCatalogStore(const OutputCache& cache);

    std::optional<CatalogMemo::ReadFile> load(const std::string& key) const override;
    void save(const std::string& key, const CatalogMemo::ReadFile& read) const override;
    std::optional<source::WalkedHistories> load_histories(const std::string& key) const override;
    void save_histories(const std::string& key, const source::WalkedHistories& walked) const override;

private:
    // Reading a file depends on what the memo's key names and on tebiki
    // itself (the parser and the validation).
    std::string entry_key(const std::string& key) const;

    const OutputCache& cache_;
    const std::string tebiki_;
};

}  // namespace tebiki::reuse
