#include "publish/site_build.h"

#include "bundle/bundle.h"
#include "bundle/signing.h"
#include "html/site_renderer.h"
#include "html/theme.h"
#include "pdf/pdf_renderer.h"
#include "publish/cached_outputs.h"
#include "publish/output_cache.h"
#include "publish/output_keys.h"
#include "publish/staged_directory.h"
#include "search/index_writer.h"
#include "search/search_index.h"
#include "version.h"

namespace tebiki::publish {

namespace fs = std::filesystem;

namespace {

// Cache entries no build has used for this long are removed: long enough to
// survive switching between branches and editions, short enough to bound it.
constexpr int kCacheKeepDays = 14;

// The site's manifest (signed when a key is given) and, beside the site,
// <audience>.zip: all inside the staging directory, so atomic with the rest.
void write_bundle(const Catalog& catalog, const Audience& audience, const SiteBuildOptions& options,
                  const fs::path& site_dir) {
    bundle::Manifest header;
    header.audience = audience.key;
    header.audience_name = audience.name;
    if (options.edition) header.edition = options.edition->name;
    header.source_commit = catalog.source().commit.id;
    header.published_at = catalog.source().commit.time;
    header.tebiki_version = kVersion;
    bundle::write_manifest(site_dir, header);
    if (options.sign_key)
        bundle::write_bytes(site_dir / bundle::kSignatureFile,
                            bundle::sign(bundle::read_bytes(site_dir / bundle::kManifestFile), *options.sign_key));
    if (options.with_zip)
        bundle::write_zip(site_dir, site_dir.parent_path() / (audience.key + ".zip"), catalog.source().commit.time);
}

}  // namespace

SiteBuildResult build_sites(const Catalog& catalog, const fs::path& out_dir, const SiteBuildOptions& options) {
    BuildObserver& observer = options.observer != nullptr ? *options.observer : silent_observer();
    std::optional<PhaseTimer> setup_phase(std::in_place, observer, "theme and fonts");
    const html::Theme theme =
        html::load_theme(html::find_theme(catalog.source().repository_root, catalog.config().theme));
    const html::SiteRenderer renderer(catalog, theme);
    const pdf::PdfRenderer pdf_renderer(catalog, pdf::pdf_style_of_theme(theme.directory));
    std::optional<OutputCache> cache;
    if (options.cache_dir) cache.emplace(*options.cache_dir);
    const OutputEnvironments environment =
        cache ? output_environments(theme.directory, pdf_renderer.style(), options.with_pdf) : OutputEnvironments{};
    setup_phase.reset();

    StagedDirectory staged(out_dir);
    SiteBuildResult result;
    search::SearchCorpus search_corpus;  // each document prepared once for every site
    for (const auto& audience : catalog.config().audiences) {
        const fs::path site_dir = staged.path() / audience.key;
        fs::create_directories(site_dir);
        SiteContents site = select_site(catalog, audience, options.edition);
        site.with_pdf = options.with_pdf;
        {
            const PhaseTimer phase(observer, "html " + audience.key);
            observer.documents_planned(site.documents.size());
            CachedOutputs pages(cache ? &*cache : nullptr, catalog, site,
                                site_fingerprint(catalog, site, "html", environment.html), observer);
            renderer.render(site, site_dir, options.notice, &pages);
        }
        {
            const PhaseTimer phase(observer, "search " + audience.key);
            search::write_search_index(site, site_dir, search_corpus);
        }
        if (site.with_pdf) {
            const PhaseTimer phase(observer, "pdf " + audience.key);
            observer.documents_planned(site.documents.size() + 1);  // and the binder
            CachedOutputs pdfs(cache ? &*cache : nullptr, catalog, site,
                               site_fingerprint(catalog, site, "pdf", environment.pdf), observer);
            pdf_renderer.render_site(site, site_dir, &pdfs);  // <site>/pdf/<id>.pdf and binder.pdf
        }
        {
            const PhaseTimer phase(observer, "bundle " + audience.key);
            write_bundle(catalog, audience, options, site_dir);  // manifest.json, manifest.sig, <audience>.zip
        }
        result.index_pages.push_back(staged.target() / audience.key / "index.html");
        result.pages_written += 1 + site.documents.size();
    }
    const PhaseTimer phase(observer, "swap into place");
    staged.commit();
    if (cache) cache->prune_unused(kCacheKeepDays);
    return result;
}

}  // namespace tebiki::publish
