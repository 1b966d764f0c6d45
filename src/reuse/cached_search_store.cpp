#include "reuse/cached_search_store.h"

#include "reuse/output_keys.h"
#include "reuse/prepared_document_codec.h"

namespace tebiki::reuse {

CachedSearchStore::CachedSearchStore(const OutputCache& cache) : cache_(cache), tebiki_(tebiki_fingerprint()) {}

std::string CachedSearchStore::key_of(const Document& doc) const {
    KeyDigest digest;
    digest.add("search").add(tebiki_).add(doc.path).add(doc.blob_id);
    return digest.hex();
}

std::optional<search::IndexedDocument> CachedSearchStore::load(const Document& doc) const {
    const auto bytes = cache_.read(key_of(doc));
    return bytes ? prepared_from_bytes(*bytes) : std::nullopt;
}

void CachedSearchStore::save(const Document& doc, const search::IndexedDocument& prepared) const {
    cache_.write(key_of(doc), to_bytes(prepared));
}

}  // namespace tebiki::reuse
