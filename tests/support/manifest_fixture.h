#pragma once
// A manifest header (no files) with a sound value in every field, for tests
// that change one value at a time or list their own files.

#include <string>

#include "bundle/manifest.h"

namespace tebiki::testing {

inline bundle::Manifest sound_manifest_header() {
    bundle::Manifest m;
    m.audience = "ward-5w";
    m.audience_name = "5階西病棟";
    m.edition = "edition/2026-04";
    m.source_commit = std::string(40, 'a');
    m.published_at = 1775000000;
    m.tebiki_version = "0.1.0";
    return m;
}

}  // namespace tebiki::testing
