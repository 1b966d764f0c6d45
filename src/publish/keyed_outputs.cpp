#include "publish/keyed_outputs.h"

#include "publish/output_keys.h"

namespace tebiki::publish {

KeyedOutputs::KeyedOutputs(const DocumentDigests& digests, const SiteContents& site, std::string site_fingerprint,
                           BuildObserver& observer)
    : digests_(digests), site_(site), site_fingerprint_(std::move(site_fingerprint)), observer_(observer) {}

std::string KeyedOutputs::key_of(const OutputItem& item) const {
    return output_key(digests_, site_, item, site_fingerprint_);
}

bool KeyedOutputs::restore(const OutputItem& item, const std::filesystem::path& path) {
    const bool reused = keeps_outputs() && reuse(key_of(item), path);
    if (reused && counts_as_document(item)) observer_.document_done(true);
    return reused;
}

void KeyedOutputs::remember(const OutputItem& item, const std::filesystem::path& path) {
    if (keeps_outputs()) keep(key_of(item), path);
    if (counts_as_document(item)) observer_.document_done(false);
}

}  // namespace tebiki::publish
