#pragma once
// A document prepared for the search index (search::IndexedDocument) as
// bytes and back, for the build cache (reuse/cached_search_store.h), in the
// layout of reuse/byte_codec.h.

#include <optional>
#include <string>
#include <string_view>

#include "search/search_index.h"

namespace tebiki::reuse {

std::string to_bytes(const search::IndexedDocument& prepared);
// None when the bytes are not a prepared document of this format.
std::optional<search::IndexedDocument> prepared_from_bytes(std::string_view bytes);

}  // namespace tebiki::reuse
