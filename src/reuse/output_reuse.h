#pragma once
// A hook through which renderers reuse what an earlier build made from the
// same inputs (src/reuse/output_cache.h implements it). Renderers call it
// from several threads at once.

#include <cstddef>
#include <filesystem>

#include "document/catalog.h"

namespace tebiki::reuse {

// One output of a site that a renderer may take from an earlier build.
struct OutputItem {
    enum class Kind {
        Document,  // a document's page or PDF, made from `document`
        Register,  // the register (index.html): every document's front matter and history
        Binder,    // binder.pdf: every document of the site, whole
        SearchPart,  // a part's script of the search index: its documents' match, readings or text data
    };
    Kind kind = Kind::Document;
    const Document* document = nullptr;  // Kind::Document only
    std::size_t part = 0;                // Kind::SearchPart only: part + parts × file
};

class OutputReuse {
public:
    virtual ~OutputReuse() = default;
    // Before rendering `item` at `path`: true when an earlier build's output
    // was put there, so nothing need be rendered.
    virtual bool restore(const OutputItem& item, const std::filesystem::path& path) = 0;
    // After rendering it to `path`: keep it for later builds.
    virtual void remember(const OutputItem& item, const std::filesystem::path& path) = 0;
};

}  // namespace tebiki::reuse
