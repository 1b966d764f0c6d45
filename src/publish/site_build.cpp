#include "publish/site_build.h"

#include "html/site_renderer.h"
#include "html/theme.h"
#include "pdf/pdf_renderer.h"
#include "publish/staged_directory.h"
#include "search/index_writer.h"
#include "search/search_index.h"

namespace tebiki::publish {

namespace fs = std::filesystem;

SiteBuildResult build_sites(const Catalog& catalog, const fs::path& out_dir, const SiteBuildOptions& options) {
    const html::Theme theme =
        html::load_theme(html::find_theme(catalog.source().repository_root, catalog.config().theme));
    const html::SiteRenderer renderer(catalog, theme);
    const pdf::PdfRenderer pdf_renderer(catalog, pdf::pdf_style_of_theme(theme.directory));

    StagedDirectory staged(out_dir);
    SiteBuildResult result;
    search::SearchCorpus search_corpus;  // each document prepared once for every site
    for (const auto& audience : catalog.config().audiences) {
        const fs::path site_dir = staged.path() / audience.key;
        fs::create_directories(site_dir);
        SiteContents site = select_site(catalog, audience, options.edition);
        site.with_pdf = options.with_pdf;
        renderer.render(site, site_dir, options.notice);
        search::write_search_index(site, site_dir, search_corpus);
        if (site.with_pdf) pdf_renderer.render_site(site, site_dir);  // <site>/pdf/<id>.pdf and binder.pdf
        result.index_pages.push_back(staged.target() / audience.key / "index.html");
        result.pages_written += 1 + site.documents.size();
    }
    staged.commit();
    return result;
}

}  // namespace tebiki::publish
