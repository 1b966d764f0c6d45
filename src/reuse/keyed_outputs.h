#pragma once
// The renderers' reuse hook (reuse/output_reuse.h) for one site and one
// kind of output, by the outputs' keys (reuse/output_keys.h). It counts
// the documents done for the progress line; subclasses say where outputs
// are kept: the build cache (CachedOutputs) or the live preview directory
// (LiveSites).

#include <filesystem>
#include <functional>
#include <string>

#include "document/site_contents.h"
#include "reuse/output_keys.h"
#include "reuse/output_reuse.h"

namespace tebiki::reuse {

class KeyedOutputs : public OutputReuse {
public:
    // `digests` are shared by the sites of a build (output_keys.h).
    // Told of every document's output done (reused or made), for the progress line.
    using DocumentDone = std::function<void(bool reused)>;
    KeyedOutputs(const DocumentDigests& digests, const SiteContents& site, std::string site_fingerprint,
                 DocumentDone document_done);

    bool restore(const OutputItem& item, const std::filesystem::path& path) final;
    void remember(const OutputItem& item, const std::filesystem::path& path) final;
    std::optional<std::string> recall(const OutputItem& item) final;
    void keep(const OutputItem& item, std::string_view bytes) final;

protected:
    // False when nothing is kept at all (no key need be computed).
    virtual bool keeps_outputs() const { return true; }
    // Puts the output made under `key` at `path`, or finds it there already;
    // false when there is none.
    virtual bool reuse(const std::string& key, const std::filesystem::path& path) = 0;
    // Keeps the output just written to `path` under `key`.
    virtual void keep(const std::string& key, const std::filesystem::path& path) = 0;
    // The bytes kept under `key`, if any; keeps `bytes` under `key`.
    virtual std::optional<std::string> reuse_bytes(const std::string& key) = 0;
    virtual void keep_bytes(const std::string& key, std::string_view bytes) = 0;

private:
    std::string key_of(const OutputItem& item) const;

    const DocumentDigests& digests_;
    const SiteContents& site_;
    const std::string site_fingerprint_;
    const DocumentDone document_done_;
};

}  // namespace tebiki::reuse
