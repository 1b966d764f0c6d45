#pragma once
// A hook through which renderers reuse what an earlier build made from the
// same inputs (src/publish/output_cache.h implements it). Renderers call it
// from several threads at once.

#include <filesystem>

#include "document/catalog.h"

namespace tebiki {

class OutputReuse {
public:
    virtual ~OutputReuse() = default;
    // Before rendering the output of `doc` (nullptr: a site-wide output such
    // as the binder, made from every document of the site) at `path`: true
    // when an earlier build's output was put there, so nothing need be rendered.
    virtual bool restore(const Document* doc, const std::filesystem::path& path) = 0;
    // After rendering it to `path`: keep it for later builds.
    virtual void remember(const Document* doc, const std::filesystem::path& path) = 0;
};

}  // namespace tebiki
