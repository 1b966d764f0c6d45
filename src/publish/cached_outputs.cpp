#include "publish/cached_outputs.h"

#include "publish/output_keys.h"

namespace tebiki::publish {

CachedOutputs::CachedOutputs(const OutputCache* cache, const Catalog& catalog, const SiteContents& site,
                             std::string site_fingerprint, BuildObserver& observer)
    : cache_(cache), catalog_(catalog), site_(site), site_fingerprint_(std::move(site_fingerprint)), observer_(observer) {}

std::string CachedOutputs::key_of(const OutputItem& item) const {
    return output_key(catalog_, site_, item, site_fingerprint_);
}

bool CachedOutputs::restore(const OutputItem& item, const std::filesystem::path& path) {
    const bool restored = cache_ != nullptr && cache_->restore(key_of(item), path);
    if (restored && counts_as_document(item)) observer_.document_done(true);
    return restored;
}

void CachedOutputs::remember(const OutputItem& item, const std::filesystem::path& path) {
    if (cache_ != nullptr) cache_->store(key_of(item), path);
    if (counts_as_document(item)) observer_.document_done(false);
}

}  // namespace tebiki::publish
