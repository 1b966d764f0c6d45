#pragma once
// The build cache as a store of prepared search documents: an incremental
// `build` prepares only the documents whose bytes changed.

#include <string>

#include "reuse/output_cache.h"
#include "search/prepared_store.h"

namespace tebiki::reuse {

class CachedSearchStore : public search::PreparedStore {
public:
    explicit CachedSearchStore(const OutputCache& cache);

    std::optional<search::IndexedDocument> load(const Document& doc) const override;
    std::optional<search::IndexedDocument> load_fields(const Document& doc) const override;
    void save(const Document& doc, const search::IndexedDocument& prepared) const override;

private:
    // A document's search preparation depends on its path, its bytes and
    // tebiki itself (the normalisation and the segmentation).
    std::string key_of(const Document& doc, std::string_view entry) const;

    const OutputCache& cache_;
    const std::string tebiki_;
};

}  // namespace tebiki::reuse
