#pragma once
// Documents prepared for the browser's index (IndexedDocument), kept
// between processes. Preparing a document for search (its sections, ICU
// normalisation, the keys of its postings) is the costliest part of a
// search index, and a `tebiki build` after one edit would otherwise prepare
// every document again. A store keeps them by a key
// the caller derives from the document's path and bytes and tebiki itself
// (publish/output_keys.h); the build cache is one (publish/).

#include <optional>
#include <string>
#include <string_view>

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

// A prepared document as bytes (document/byte_codec.h) and back; none when
// the bytes are not a prepared document of this format. to_bytes() leaves
// the normalised fields out; fields_to_bytes() keeps the id, the card and
// the fields only.
std::string to_bytes(const IndexedDocument& prepared);
std::optional<IndexedDocument> prepared_from_bytes(std::string_view bytes);
std::string fields_to_bytes(const IndexedDocument& prepared);
std::optional<IndexedDocument> fields_from_bytes(std::string_view bytes);

}  // namespace tebiki::search
