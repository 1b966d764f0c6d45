#pragma once
// The renderers' reuse hook over the build cache (publish/output_cache.h):
// one per site and kind of output.

#include <string>

#include "publish/keyed_outputs.h"
#include "publish/output_cache.h"

namespace tebiki::publish {

class CachedOutputs : public KeyedOutputs {
public:
    // `cache` may be null: nothing is reused or kept, progress is still counted.
    CachedOutputs(const OutputCache* cache, const DocumentDigests& digests, const SiteContents& site,
                  std::string site_fingerprint, BuildObserver& observer)
        : KeyedOutputs(digests, site, std::move(site_fingerprint), observer), cache_(cache) {}

private:
    bool keeps_outputs() const override { return cache_ != nullptr; }
    bool reuse(const std::string& key, const std::filesystem::path& path) override {
        return cache_->restore(key, path);
    }
    void keep(const std::string& key, const std::filesystem::path& path) override { cache_->store(key, path); }

    const OutputCache* cache_;
};

}  // namespace tebiki::publish
