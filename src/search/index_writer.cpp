#include "search/index_writer.h"

#include "document/output_file.h"
#include "search/search_index.h"

namespace tebiki::search {

void write_search_index(const SiteContents& site, const std::filesystem::path& site_dir, SearchCorpus& corpus) {
    const std::vector<std::string> names = search_index_scripts();
    const std::vector<std::string> scripts = corpus.scripts_of(site.documents);
    for (std::size_t i = 0; i < names.size(); ++i) write_output_file(site_dir / names[i], scripts[i]);
}

}  // namespace tebiki::search
