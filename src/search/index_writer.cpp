#include "search/index_writer.h"

#include "document/output_file.h"
#include "search/search_index.h"

namespace tebiki::search {

void write_search_index(const SiteContents& site, const std::filesystem::path& site_dir, SearchCorpus& corpus,
                        OutputReuse* reuse) {
    const std::vector<std::string> names = search_index_scripts();  // index.js, then the parts in order
    const std::vector<const IndexedDocument*> documents = corpus.indexed(site.documents);
    write_output_file(site_dir / names[0], corpus.index_javascript(documents));
    for (std::size_t part = 0; part < kSearchIndexParts; ++part) {
        const std::filesystem::path path = site_dir / names[1 + part];
        const OutputItem item{OutputItem::Kind::SearchPart, nullptr, part};
        if (reuse != nullptr && reuse->restore(item, path)) continue;
        write_output_file(path, part_javascript(documents, part));
        if (reuse != nullptr) reuse->remember(item, path);
    }
}

}  // namespace tebiki::search
