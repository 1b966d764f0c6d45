#include "search/index_writer.h"

#include "document/output_file.h"
#include "search/search_index.h"

namespace tebiki::search {

void write_search_index(const SiteContents& site, const std::filesystem::path& site_dir, SearchCorpus& corpus) {
    const SearchIndex index = corpus.index_of(site.documents);
    const std::vector<std::string> scripts = search_index_scripts();
    write_output_file(site_dir / scripts[0], index.to_javascript());
    for (std::size_t part = 0; part < kSearchIndexParts; ++part)
        write_output_file(site_dir / scripts[part + 1], index.part_javascript(part));
}

}  // namespace tebiki::search
