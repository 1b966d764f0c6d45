#pragma once
// A Markdown file as the catalog read it (its document and diagnostics), as
// bytes and back, for the build cache: an incremental `build` parses only
// the files whose bytes changed (reuse/cached_catalog_store.h).

#include <optional>
#include <string>
#include <string_view>

#include "reuse/catalog_memo.h"

namespace tebiki::reuse {

std::string to_bytes(const CatalogMemo::ReadFile& read);
// None when the bytes are not a read file of this format.
std::optional<CatalogMemo::ReadFile> read_file_from_bytes(std::string_view bytes);

// A walk of the documents' git histories the same way: a whole walk reads
// every commit, seconds in a repository of a few hundred commits.
std::string to_bytes(const source::WalkedHistories& walked);
std::optional<source::WalkedHistories> histories_from_bytes(std::string_view bytes);

}  // namespace tebiki::reuse
