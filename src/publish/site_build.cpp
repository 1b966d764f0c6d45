#include "publish/site_build.h"

#include <mutex>

#include "bundle/bundle.h"
#include "bundle/signing.h"
#include "bundle/zip_writer.h"
#include "html/site_renderer.h"
#include "html/theme.h"
#include "pdf/pdf_renderer.h"
#include "publish/cached_outputs.h"
#include "publish/cached_search_store.h"
#include "publish/output_cache.h"
#include "publish/output_keys.h"
#include "publish/side_by_side.h"
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
// `previous_zip`: the same site's zip in the output being replaced, whose
// unchanged entries need not be deflated again.
void write_bundle(const Catalog& catalog, const Audience& audience, const SiteBuildOptions& options,
                  const fs::path& site_dir, const std::optional<fs::path>& previous_zip) {
    bundle::Manifest header;
    header.audience = audience.key;
    header.audience_name = audience.name;
    if (options.edition) header.edition = options.edition->name;
    header.source_commit = catalog.source().commit.id;
    header.published_at = catalog.source().commit.time;
    header.tebiki_version = kVersion;
    const bundle::Manifest manifest = bundle::write_manifest(site_dir, header);
    if (options.sign_key)
        bundle::write_bytes(site_dir / bundle::kSignatureFile,
                            bundle::sign(bundle::read_bytes(site_dir / bundle::kManifestFile), *options.sign_key));
    if (options.with_zip)
        bundle::write_zip(site_dir, manifest, site_dir.parent_path() / (audience.key + ".zip"),
                          catalog.source().commit.time, previous_zip);
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

    std::vector<SiteContents> sites;
    for (const auto& audience : catalog.config().audiences) {
        sites.push_back(select_site(catalog, audience, options.edition));
        sites.back().with_pdf = options.with_pdf;
    }
    std::optional<CachedSearchStore> search_store;
    if (cache) search_store.emplace(*cache);
    // Each document prepared once for every site, and kept in the cache.
    search::SearchCorpus search_corpus(search_store ? &*search_store : nullptr);
    {
        const PhaseTimer phase(observer, "search preparation");
        search_corpus.prepare(documents_of(sites));
    }

    StagedDirectory staged(out_dir);
    std::mutex pdf_turn;  // one site's PDFs at a time: they use every core and much memory
    run_side_by_side(sites, [&](const SiteContents& site) {
        const fs::path site_dir = staged.path() / site.audience.key;
        fs::create_directories(site_dir);
        {
            const PhaseTimer phase(observer, "html " + site.audience.key);
            observer.documents_planned(site.documents.size());
            CachedOutputs pages(cache ? &*cache : nullptr, catalog, site,
                                site_fingerprint(catalog, site, "html", environment.html), observer);
            renderer.render(site, site_dir, options.notice, &pages);
        }
        {
            const PhaseTimer phase(observer, "search " + site.audience.key);
            search::write_search_index(site, site_dir, search_corpus);
        }
        if (site.with_pdf) {
            const std::lock_guard<std::mutex> turn(pdf_turn);
            const PhaseTimer phase(observer, "pdf " + site.audience.key);
            observer.documents_planned(site.documents.size() + 1);  // and the binder
            CachedOutputs pdfs(cache ? &*cache : nullptr, catalog, site,
                               site_fingerprint(catalog, site, "pdf", environment.pdf), observer);
            pdf_renderer.render_site(site, site_dir, &pdfs);  // <site>/pdf/<id>.pdf and binder.pdf
        }
        {
            const PhaseTimer phase(observer, "bundle " + site.audience.key);
            // manifest.json, manifest.sig, <audience>.zip; with the cache, the
            // previous build's zip lends its unchanged entries.
            std::optional<fs::path> previous_zip;
            if (cache) previous_zip = staged.target() / (site.audience.key + ".zip");
            write_bundle(catalog, site.audience, options, site_dir, previous_zip);
        }
    });
    SiteBuildResult result;
    for (const auto& site : sites) {
        result.index_pages.push_back(staged.target() / site.audience.key / "index.html");
        result.pages_written += 1 + site.documents.size();
    }
    const PhaseTimer phase(observer, "swap into place");
    staged.commit();
    if (cache) cache->prune_unused(kCacheKeepDays);
    return result;
}

}  // namespace tebiki::publish
