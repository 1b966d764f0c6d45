#include "publish/cached_outputs.h"

#include "publish/output_keys.h"

namespace tebiki::publish {

CachedOutputs::CachedOutputs(const OutputCache* cache, const Catalog& catalog, const SiteContents& site,
                             std::string site_fingerprint, BuildObserver& observer)
    : cache_(cache), catalog_(catalog), site_(site), site_fingerprint_(std::move(site_fingerprint)), observer_(observer) {}

std::string CachedOutputs::key_of(const Document* doc) const {
    if (doc != nullptr) return document_key(catalog_, site_, *doc, site_fingerprint_);
    // A site-wide output (the binder) is made from every document, in order.
    KeyDigest digest;
    digest.add(site_fingerprint_).add("site-wide");
    for (const Document* each : site_.documents) digest.add(document_key(catalog_, site_, *each, site_fingerprint_));
    return digest.hex();
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
