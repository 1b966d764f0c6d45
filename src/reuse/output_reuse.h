#pragma once
// A hook through which renderers reuse what an earlier build made from the
// same inputs (src/reuse/output_cache.h implements it). Renderers call it
// from several threads at once.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "document/catalog.h"

namespace tebiki::reuse {

// One output of a site that a renderer may take from an earlier build.
struct OutputItem {
    enum class Kind {
        Document,  // a document's page or PDF, made from `document`
        Register,  // the register (index.html): every document's front matter and history
        Binder,    // binder.pdf: every document of the site, whole
        SearchPart,  // a part's script of the search index: its documents' match, readings or text data
        SearchShare,  // a search part's share of docs.js and the key shards (bytes, not a file)
        SearchIndexFile,  // index.js, docs.js or a key shard, keyed by its own bytes (`content`)
    };
    Kind kind = Kind::Document;
    const Document* document = nullptr;  // Kind::Document only
    std::size_t part = 0;                // Kind::SearchPart: part + parts × file; Kind::SearchShare: part;
                                         // Kind::SearchIndexFile: its place in search_index_scripts()
    // Kind::SearchIndexFile only: the file's bytes. These files hold every
    // document of the site, so their key is what they hold: an edit leaves
    // most key shards as they were, and those then stay where they are.
    std::string_view content = {};
};

class OutputReuse {
public:
    virtual ~OutputReuse() = default;
    // Before rendering `item` at `path`: true when an earlier build's output
    // was put there, so nothing need be rendered.
    virtual bool restore(const OutputItem& item, const std::filesystem::path& path) = 0;
    // After rendering it to `path`: keep it for later builds.
    virtual void remember(const OutputItem& item, const std::filesystem::path& path) = 0;
    // The same for what is not a file of the output but bytes a renderer
    // puts files together from (a search part's share of docs.js and the
    // key shards): the bytes an earlier build kept for `item`, if any.
    virtual std::optional<std::string> recall(const OutputItem& item) = 0;
    virtual void keep(const OutputItem& item, std::string_view bytes) = 0;
};

}  // namespace tebiki::reuse
