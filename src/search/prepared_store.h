#pragma once
// Documents prepared for the browser's index (IndexedDocument), kept
// between processes. Preparing a document for search (its sections, ICU
// normalisation, the keys of its postings) is the costliest part of a
// search index, and a `tebiki build` after one edit would otherwise prepare
// every document again. A store keeps them by a key
// the caller derives from the document's path and bytes and tebiki itself
// (reuse/output_keys.h); the build cache is one (reuse/cached_search_store.h,
// which keeps them as reuse/prepared_document_codec.h writes them).

#include <optional>

#include "search/search_index.h"

namespace tebiki::search {

// A document is kept as two entries: what the browser's index is made of
// (its keys and scripts' entries), which builds read; and its card with
// its normalised fields, which `tebiki search` reads (a third of the bytes).
class PreparedStore {
public:
    virtual ~PreparedStore() = default;
    // The document kept for the browser's index (without its normalised
    // fields), or none (never kept, or unreadable).
    virtual std::optional<IndexedDocument> load(const Document& doc) const = 0;
    // The document's id, card and normalised fields only, or none.
    virtual std::optional<IndexedDocument> load_fields(const Document& doc) const = 0;
    // Keeps both; a store that cannot keep them says nothing.
    virtual void save(const Document& doc, const IndexedDocument& prepared) const = 0;
};

}  // namespace tebiki::search
