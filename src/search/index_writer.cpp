#include "search/index_writer.h"

#include "document/output_file.h"
#include "search/search_index.h"

namespace tebiki::search {

void write_search_index(const SiteContents& site, const std::filesystem::path& site_dir, SearchCorpus& corpus) {
    const SearchIndex index = corpus.index_of(site.documents);
    write_output_file(site_dir / "search" / "index.js", index.to_javascript());
}

}  // namespace tebiki::search
