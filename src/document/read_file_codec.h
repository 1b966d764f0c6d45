#pragma once
// A Markdown file as the catalog read it (its document and diagnostics), as
// bytes and back, for the build cache: an incremental `build` parses only
// the files whose bytes changed (publish/cached_catalog_store.h).

#include <optional>
#include <string>
#include <string_view>

#include "document/catalog_memo.h"

namespace tebiki {

std::string to_bytes(const CatalogMemo::ReadFile& read);
// None when the bytes are not a read file of this format.
std::optional<CatalogMemo::ReadFile> read_file_from_bytes(std::string_view bytes);

// The documents' git histories the same way: reading them walks every
// commit, seconds in a repository of a few hundred commits.
std::string to_bytes(const source::FileHistories& histories);
std::optional<source::FileHistories> histories_from_bytes(std::string_view bytes);

}  // namespace tebiki
