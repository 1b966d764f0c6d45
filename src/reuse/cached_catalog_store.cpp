#include "reuse/cached_catalog_store.h"

#include "reuse/output_keys.h"
#include "reuse/read_file_codec.h"

namespace tebiki::reuse {

CachedCatalogStore::CachedCatalogStore(const OutputCache& cache) : cache_(cache), tebiki_(tebiki_fingerprint()) {}

std::string CachedCatalogStore::entry_key(const std::string& key) const {
    KeyDigest digest;
    digest.add("catalog").add(tebiki_).add(key);
    return digest.hex();
}

std::optional<CatalogMemo::ReadFile> CachedCatalogStore::load(const std::string& key) const {
    const auto bytes = cache_.read(entry_key(key));
    return bytes ? read_file_from_bytes(*bytes) : std::nullopt;
}

void CachedCatalogStore::save(const std::string& key, const CatalogMemo::ReadFile& read) const {
    cache_.write(entry_key(key), to_bytes(read));
}

std::optional<source::WalkedHistories> CachedCatalogStore::load_histories(const std::string& key) const {
    const auto bytes = cache_.read(entry_key("histories\n" + key));
    return bytes ? histories_from_bytes(*bytes) : std::nullopt;
}

void CachedCatalogStore::save_histories(const std::string& key, const source::WalkedHistories& walked) const {
    cache_.write(entry_key("histories\n" + key), to_bytes(walked));
}

}  // namespace tebiki::reuse
