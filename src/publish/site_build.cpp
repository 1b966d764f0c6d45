#include "publish/site_build.h"

#include "html/site_renderer.h"
#include "html/theme.h"
#include "publish/staged_directory.h"
#include "search/index_writer.h"

namespace tebiki::publish {

namespace fs = std::filesystem;

SiteBuildResult build_sites(const Catalog& catalog, const fs::path& out_dir) {
    const html::Theme theme =
        html::load_theme(html::find_theme(catalog.source().repository_root, catalog.config().theme));
    const html::SiteRenderer renderer(catalog, theme);

    StagedDirectory staged(out_dir);
    SiteBuildResult result;
    for (const auto& audience : catalog.config().audiences) {
        const fs::path site = staged.path() / audience.key;
        fs::create_directories(site);
        renderer.render(audience, site);
        search::write_search_index(catalog, audience.key, site);
        result.index_pages.push_back(staged.target() / audience.key / "index.html");
        result.pages_written += 1 + catalog.documents_for(audience.key).size();
    }
    staged.commit();
    return result;
}

}  // namespace tebiki::publish
