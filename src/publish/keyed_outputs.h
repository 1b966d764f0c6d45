#pragma once
// The renderers' reuse hook (document/output_reuse.h) for one site and one
// kind of output, by the outputs' keys (publish/output_keys.h). It counts
// the documents done for the progress line; subclasses say where outputs
// are kept: the build cache (CachedOutputs) or the live preview directory
// (LiveSites).

#include <filesystem>
#include <string>

#include "document/output_reuse.h"
#include "document/site_contents.h"
#include "publish/build_observer.h"
#include "publish/output_keys.h"

namespace tebiki::publish {

class KeyedOutputs : public OutputReuse {
public:
    // `digests` are shared by the sites of a build (output_keys.h).
    KeyedOutputs(const DocumentDigests& digests, const SiteContents& site, std::string site_fingerprint,
                 BuildObserver& observer);

    bool restore(const OutputItem& item, const std::filesystem::path& path) final;
    void remember(const OutputItem& item, const std::filesystem::path& path) final;

protected:
    // False when nothing is kept at all (no key need be computed).
    virtual bool keeps_outputs() const { return true; }
    // Puts the output made under `key` at `path`, or finds it there already;
    // false when there is none.
    virtual bool reuse(const std::string& key, const std::filesystem::path& path) = 0;
    // Keeps the output just written to `path` under `key`.
    virtual void keep(const std::string& key, const std::filesystem::path& path) = 0;

private:
    std::string key_of(const OutputItem& item) const;

    const DocumentDigests& digests_;
    const SiteContents& site_;
    const std::string site_fingerprint_;
    BuildObserver& observer_;
};

}  // namespace tebiki::publish
