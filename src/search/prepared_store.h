#pragma once
// Documents prepared for the browser's index (IndexedDocument), kept
// between processes. Preparing a document for search (its sections, ICU
// normalisation, the keys of its postings) is the costliest part of a
// search index, and a `tebiki build` after one edit would otherwise prepare
// every document again. A store keeps them by a key
// the caller derives from the document's path and bytes and tebiki itself
// (reuse/output_keys.h); the build cache is one (reuse/cached_search_store.h).

#include <optional>

#include "search/search_index.h"

namespace tebiki::search {

class PreparedStore {
public:
    virtual ~PreparedStore() = default;
    // The document kept under `key`, or none (never kept, or unreadable).
    virtual std::optional<IndexedDocument> load(const Document& doc) const = 0;
    // Keeps `prepared`; a store that cannot keep it says nothing.
    virtual void save(const Document& doc, const IndexedDocument& prepared) const = 0;
};

}  // namespace tebiki::search
