#include "reuse/cached_search_store.h"

#include "reuse/output_keys.h"
#include "reuse/prepared_document_codec.h"

namespace tebiki::reuse {

CachedSearchStore::CachedSearchStore(const OutputCache& cache) : cache_(cache), tebiki_(tebiki_fingerprint()) {}

std::string CachedSearchStore::key_of(const Document& doc, std::string_view entry) const {
    KeyDigest digest;
    digest.add(entry).add(tebiki_).add(doc.path).add(doc.blob_id);
    return digest.hex();
}

std::optional<search::IndexedDocument> CachedSearchStore::load(const Document& doc) const {
    const auto bytes = cache_.read(key_of(doc, "search"));
    return bytes ? prepared_from_bytes(*bytes) : std::nullopt;
}

std::optional<search::IndexedDocument> CachedSearchStore::load_fields(const Document& doc) const {
    const auto bytes = cache_.read(key_of(doc, "search fields"));
    return bytes ? fields_from_bytes(*bytes) : std::nullopt;
}

void CachedSearchStore::save(const Document& doc, const search::IndexedDocument& prepared) const {
    cache_.write(key_of(doc, "search"), to_bytes(prepared));
    cache_.write(key_of(doc, "search fields"), fields_to_bytes(prepared));
}

}  // namespace tebiki::reuse
