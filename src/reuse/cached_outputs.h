#pragma once
// The renderers' reuse hook over the build cache (reuse/output_cache.h):
// one per site and kind of output. With an earlier output being updated in
// place (reuse/recycled_output.h), an output it already holds stays.

#include <sys/stat.h>

#include <string>

#include "reuse/keyed_outputs.h"
#include "reuse/output_cache.h"
#include "reuse/recycled_output.h"

namespace tebiki::reuse {

class CachedOutputs : public KeyedOutputs {
public:
    // `cache` may be null: nothing is reused or kept, progress is still
    // counted. `recycled` and `record` may be null.
    CachedOutputs(const OutputCache* cache, const DocumentDigests& digests, const SiteContents& site,
                  std::string site_fingerprint, DocumentDone document_done, RecycledOutput* recycled = nullptr,
                  OutputRecord* record = nullptr)
        : KeyedOutputs(digests, site, std::move(site_fingerprint), std::move(document_done)),
          cache_(cache),
          recycled_(recycled),
          record_(record) {}

private:
    bool keeps_outputs() const override { return cache_ != nullptr; }
    bool reuse(const std::string& key, const std::filesystem::path& path) override {
        struct stat status {};
        if (recycled_ != nullptr && recycled_->keeps(path, key, status)) {
            if (record_ != nullptr) record_->add(path, key, status);
            return true;
        }
        if (!cache_->restore(key, path)) return false;
        note(key, path);
        return true;
    }
    void keep(const std::string& key, const std::filesystem::path& path) override {
        cache_->store(key, path);  // which sets the file's time, so noted after
        note(key, path);
    }
    std::optional<std::string> reuse_bytes(const std::string& key) override { return cache_->read(key); }
    void keep_bytes(const std::string& key, std::string_view bytes) override { cache_->write(key, bytes); }
    // Records the output now at `path` for the next build to keep.
    void note(const std::string& key, const std::filesystem::path& path) {
        struct stat status {};
        if (record_ != nullptr && ::lstat(path.c_str(), &status) == 0) record_->add(path, key, status);
    }

    const OutputCache* cache_;
    RecycledOutput* recycled_;
    OutputRecord* record_;
};

}  // namespace tebiki::reuse
