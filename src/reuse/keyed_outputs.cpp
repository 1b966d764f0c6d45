#include "reuse/keyed_outputs.h"

#include "reuse/output_keys.h"

namespace tebiki::reuse {

KeyedOutputs::KeyedOutputs(const DocumentDigests& digests, const SiteContents& site, std::string site_fingerprint,
                           DocumentDone document_done)
    : digests_(digests),
      site_(site),
      site_fingerprint_(std::move(site_fingerprint)),
      document_done_(std::move(document_done)) {}

std::string KeyedOutputs::key_of(const OutputItem& item) const {
    return output_key(digests_, site_, item, site_fingerprint_);
}

bool KeyedOutputs::restore(const OutputItem& item, const std::filesystem::path& path) {
    const bool reused = keeps_outputs() && reuse(key_of(item), path);
    if (reused && counts_as_document(item)) document_done_(true);
    return reused;
}

void KeyedOutputs::remember(const OutputItem& item, const std::filesystem::path& path) {
    if (keeps_outputs()) keep(key_of(item), path);
    if (counts_as_document(item)) document_done_(false);
}

std::optional<std::string> KeyedOutputs::recall(const OutputItem& item) {
    if (!keeps_outputs()) return std::nullopt;
    return reuse_bytes(key_of(item));
}

void KeyedOutputs::keep(const OutputItem& item, std::string_view bytes) {
    if (keeps_outputs()) keep_bytes(key_of(item), bytes);
}

}  // namespace tebiki::reuse
