#include "publish/cached_search_store.h"

#include "publish/output_keys.h"

namespace tebiki::publish {

CachedSearchStore::CachedSearchStore(const OutputCache& cache) : cache_(cache), tebiki_(tebiki_fingerprint()) {}

std::string CachedSearchStore::key_of(const Document& doc, std::string_view entry) const {
    KeyDigest digest;
    digest.add(entry).add(tebiki_).add(doc.path).add(doc.blob_id);
    return digest.hex();
}

std::optional<search::IndexedDocument> CachedSearchStore::load(const Document& doc) const {
    const auto bytes = cache_.read(key_of(doc, "search"));
    return bytes ? search::prepared_from_bytes(*bytes) : std::nullopt;
}

std::optional<search::IndexedDocument> CachedSearchStore::load_fields(const Document& doc) const {
    const auto bytes = cache_.read(key_of(doc, "search fields"));
    return bytes ? search::fields_from_bytes(*bytes) : std::nullopt;
}

void CachedSearchStore::save(const Document& doc, const search::IndexedDocument& prepared) const {
    cache_.write(key_of(doc, "search"), search::to_bytes(prepared));
    cache_.write(key_of(doc, "search fields"), search::fields_to_bytes(prepared));
}

}  // namespace tebiki::publish
