#pragma once
// A document prepared for the search index (search::IndexedDocument) as
// bytes and back, for the build cache (reuse/cached_search_store.h), in the
// layout of reuse/byte_codec.h.

#include <optional>
#include <string>
#include <string_view>

#include "search/search_index.h"

namespace tebiki::reuse {

// None back when the bytes are not a prepared document of this format.
// to_bytes() leaves the normalised fields out (what builds read);
// fields_to_bytes() keeps the id, the card and the fields only (what
// `tebiki search` reads).
std::string to_bytes(const search::IndexedDocument& prepared);
std::optional<search::IndexedDocument> prepared_from_bytes(std::string_view bytes);
std::string fields_to_bytes(const search::IndexedDocument& prepared);
std::optional<search::IndexedDocument> fields_from_bytes(std::string_view bytes);

}  // namespace tebiki::reuse
