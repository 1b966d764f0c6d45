#include "publish/cached_outputs.h"

#include "publish/output_keys.h"

namespace tebiki::publish {

CachedOutputs::CachedOutputs(const OutputCache* cache, const Catalog& catalog, const SiteContents& site,
                             std::string site_fingerprint, BuildObserver& observer)
    : cache_(cache), catalog_(catalog), site_(site), site_fingerprint_(std::move(site_fingerprint)), observer_(observer) {}

std::string CachedOutputs::key_of(const Document* doc) const {
    return output_key(catalog_, site_, doc, site_fingerprint_);
}

bool CachedOutputs::restore(const Document* doc, const std::filesystem::path& path) {
    const bool restored = cache_ != nullptr && cache_->restore(key_of(doc), path);
    if (restored) observer_.document_done(true);
    return restored;
}

void CachedOutputs::remember(const Document* doc, const std::filesystem::path& path) {
    if (cache_ != nullptr) cache_->store(key_of(doc), path);
    observer_.document_done(false);
}

}  // namespace tebiki::publish
