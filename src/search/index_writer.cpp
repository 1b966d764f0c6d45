#include "search/index_writer.h"

#include <fstream>
#include <stdexcept>

#include "search/search_index.h"

namespace tebiki::search {

void write_search_index(const SiteContents& site, const std::filesystem::path& site_dir, SearchCorpus& corpus) {
    const SearchIndex index = corpus.index_of(site.documents);
    const std::string script = index.to_javascript();
    std::filesystem::create_directories(site_dir / "search");
    const auto path = site_dir / "search" / "index.js";
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(script.data(), static_cast<std::streamsize>(script.size()));
    if (!out) throw std::runtime_error("cannot write '" + path.string() + "'");
}

}  // namespace tebiki::search
