#pragma once
// The renderers' reuse hook (document/output_reuse.h) over the build cache:
// one per site and kind of output. It also counts the documents done for
// the progress line.

#include <string>

#include "document/output_reuse.h"
#include "document/site_contents.h"
#include "publish/build_observer.h"
#include "publish/output_cache.h"

namespace tebiki::publish {

class CachedOutputs : public OutputReuse {
public:
    // `cache` may be null: nothing is reused or kept, progress is still counted.
    CachedOutputs(const OutputCache* cache, const Catalog& catalog, const SiteContents& site,
                  std::string site_fingerprint, BuildObserver& observer);

    bool restore(const OutputItem& item, const std::filesystem::path& path) override;
    void remember(const OutputItem& item, const std::filesystem::path& path) override;

private:
    std::string key_of(const OutputItem& item) const;

    const OutputCache* cache_;
    const Catalog& catalog_;
    const SiteContents& site_;
    const std::string site_fingerprint_;
    BuildObserver& observer_;
};

}  // namespace tebiki::publish
