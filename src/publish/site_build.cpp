#include "publish/site_build.h"

#include <ctime>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "bundle/bundle.h"
#include "bundle/signing.h"
#include "bundle/zip_writer.h"
#include "distribution/channel.h"
#include "html/site_renderer.h"
#include "html/theme.h"
#include "pdf/pdf_renderer.h"
#include "publish/side_by_side.h"
#include "publish/staged_directory.h"
#include "reuse/cached_outputs.h"
#include "reuse/cached_search_store.h"
#include "reuse/output_cache.h"
#include "reuse/output_keys.h"
#include "reuse/recycled_output.h"
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
    header.successor_keys = options.successor_keys;
    bundle::FileCrcs crcs;
    const bundle::Manifest manifest = bundle::write_manifest(site_dir, header, &crcs);
    if (options.sign_key)
        bundle::write_bytes(site_dir / bundle::kSignatureFile,
                            bundle::sign(bundle::read_bytes(site_dir / bundle::kManifestFile), *options.sign_key));
    const fs::path zip = site_dir.parent_path() / (audience.key + ".zip");
    bundle::write_zip(site_dir, manifest, zip, catalog.source().commit.time, previous_zip, &crcs);
    // The channel alone carries the time of signing: the bundle stays
    // byte-identical, the channel says how fresh the publisher's word is.
    if (options.sign_key)
        distribution::write_channel_beside(manifest, zip, *options.sign_key, std::time(nullptr),
                                           distribution::kDefaultChannelDays);
}

// One build of every audience's site into a staging directory: what the
// sites share (renderers, the cache, the documents prepared for search) and
// the steps of one site, which run side by side with the others'.
class SitesBuild {
public:
    SitesBuild(const Catalog& catalog, const fs::path& out_dir, const SiteBuildOptions& options)
        : catalog_(catalog),
          options_(options),
          observer_(options.observer != nullptr ? *options.observer : silent_observer()),
          setup_phase_(std::in_place, observer_, "theme and fonts"),
          staged_(out_dir, /*recycle=*/options.cache_dir.has_value()),
          recycling_(sort_out_earlier_output(staged_, options.cache_dir)),
          theme_(html::load_theme(html::find_theme(catalog.source().repository_root, catalog.config().theme))),
          renderer_(catalog, theme_),
          pdf_renderer_(catalog, pdf::pdf_style_of_theme(theme_.directory)),
          cache_(options.cache_dir ? std::optional<reuse::OutputCache>(std::in_place, *options.cache_dir) : std::nullopt),
          environment_(cache_ ? reuse::output_environments(theme_.directory, pdf_renderer_.style(), options.with_pdf)
                              : reuse::OutputEnvironments{}),
          digests_(catalog),
          search_store_(cache_ ? std::optional<reuse::CachedSearchStore>(std::in_place, *cache_) : std::nullopt),
          search_corpus_(search_store_ ? &*search_store_ : nullptr) {
        recycled_ = recycling_.get();
        setup_phase_.reset();
    }

    SiteBuildResult run() {
        if (options_.sign_key && catalog_.source().from_worktree)
            throw std::invalid_argument("a preview of the work tree is not a bundle and cannot be signed");
        std::vector<SiteContents> sites;
        for (const auto& audience : catalog_.config().audiences) {
            sites.push_back(select_site(catalog_, audience, options_.edition));
            sites.back().with_pdf = options_.with_pdf;
        }
        // Planned once, all of it, so that the count's total never grows.
        std::size_t planned = 0;
        for (const auto& site : sites) planned += site.documents.size() + (site.with_pdf ? site.documents.size() + 1 : 0);
        observer_.documents_planned(planned);
        pdf_renderer_.expect_sites(sites);
        {
            const PhaseTimer phase(observer_, "search preparation");
            restore_search_parts(sites);
            search_corpus_.prepare(search::documents_to_index(pending_search_));  // once for every site
        }
        run_side_by_side(sites, [&](const SiteContents& site) {
            build_site(site, static_cast<std::size_t>(&site - sites.data()));
        });
        SiteBuildResult result;
        for (const auto& site : sites) {
            result.index_pages.push_back(staged_.target() / site.audience.key / "index.html");
            result.pages_written += 1 + site.documents.size();
        }
        const PhaseTimer phase(observer_, "swap into place");
        if (recycled_) recycled_->remove_unclaimed(staged_.path());  // audiences no longer configured
        if (cache_) record_.write(staged_.path(), *cache_);
        staged_.commit();
        if (cache_) cache_->prune_unused(kCacheKeepDays);
        return result;
    }

private:
    // Each site's search parts that an earlier build made from the same
    // documents, put in place before the build prepares the others'.
    void restore_search_parts(const std::vector<SiteContents>& sites) {
        for (const auto& site : sites) {
            search_parts_.push_back(outputs_of(site, "search", environment_.html));
            pending_search_.push_back(
                search::restore_search_parts(site, staged_.path() / site.audience.key, search_parts_.back().get()));
        }
    }

    void build_site(const SiteContents& site, std::size_t site_number) {
        const fs::path site_dir = staged_.path() / site.audience.key;
        fs::create_directories(site_dir);
        {
            const PhaseTimer phase(observer_, "html " + site.audience.key);
            const changes::ChangeNotice* notice =
                options_.notices ? options_.notices->find(site.audience.key) : nullptr;
            renderer_.render(site, site_dir, notice, outputs_of(site, "html", environment_.html).get());
        }
        {
            const PhaseTimer phase(observer_, "search " + site.audience.key);
            search::write_search_index(site_dir, pending_search_[site_number], search_corpus_,
                                       search_parts_[site_number].get());
        }
        if (site.with_pdf) {
            // One site's documents at a time, and one binder at a time: a
            // site's binder overlaps the next site's documents, whose
            // serial parts (PoDoFo's objects, the files) leave a core free.
            const auto outputs = outputs_of(site, "pdf", environment_.pdf);
            {
                const std::lock_guard<std::mutex> turn(pdf_turn_);
                const PhaseTimer phase(observer_, "pdf " + site.audience.key);
                pdf_renderer_.render_site_part(pdf::PdfRenderer::SitePart::Documents, site, site_dir, outputs.get());
            }
            {
                const std::lock_guard<std::mutex> turn(binder_turn_);
                const PhaseTimer phase(observer_, "binder " + site.audience.key);
                pdf_renderer_.render_site_part(pdf::PdfRenderer::SitePart::Binder, site, site_dir, outputs.get());
            }
            pdf_renderer_.site_done(site);
        }
        // Before the bundle lists the site: what the earlier output had and this one does not.
        if (recycled_) recycled_->remove_unclaimed(site_dir);
        if (!catalog_.source().from_worktree) {  // a preview is not a bundle (site_build.h)
            const PhaseTimer phase(observer_, "bundle " + site.audience.key);
            // With the cache, the zip being replaced lends its unchanged entries.
            std::optional<fs::path> previous_zip;
            if (cache_) previous_zip = staged_.target() / (site.audience.key + ".zip");
            write_bundle(catalog_, site.audience, options_, site_dir, previous_zip);
        }
    }

    const reuse::OutputCache* cache() const { return cache_ ? &*cache_ : nullptr; }

    // The earlier output the staging directory starts as, sorted out on
    // another core while the theme loads; none when it starts empty.
    static std::future<std::unique_ptr<reuse::RecycledOutput>> sort_out_earlier_output(
        const StagedDirectory& staged, const std::optional<fs::path>& cache_dir) {
        if (!staged.holds_earlier_output() || !cache_dir) {
            std::promise<std::unique_ptr<reuse::RecycledOutput>> none;
            none.set_value(nullptr);
            return none.get_future();
        }
        return std::async(std::launch::async, [tree = staged.path(), dir = *cache_dir] {
            return std::make_unique<reuse::RecycledOutput>(tree, reuse::OutputCache(dir));
        });
    }

    // The reuse hook for one kind of a site's outputs.
    std::unique_ptr<reuse::CachedOutputs> outputs_of(const SiteContents& site, std::string_view kind,
                                              std::string_view environment) {
        return std::make_unique<reuse::CachedOutputs>(cache(), digests_, site,
                                               reuse::site_fingerprint(catalog_, site, kind, environment),
                                               [this](bool reused) { observer_.document_done(reused); },
                                               recycled_.get(), &record_);
    }

    const Catalog& catalog_;
    const SiteBuildOptions& options_;
    BuildObserver& observer_;
    std::optional<PhaseTimer> setup_phase_;
    StagedDirectory staged_;
    std::future<std::unique_ptr<reuse::RecycledOutput>> recycling_;
    std::unique_ptr<reuse::RecycledOutput> recycled_;  // the output before the last, which staged_ starts as
    const html::Theme theme_;
    const html::SiteRenderer renderer_;
    const pdf::PdfRenderer pdf_renderer_;
    std::optional<reuse::OutputCache> cache_;
    const reuse::OutputEnvironments environment_;
    const reuse::DocumentDigests digests_;  // the sites' keys share them
    std::optional<reuse::CachedSearchStore> search_store_;  // over cache_
    search::SearchCorpus search_corpus_;
    std::vector<std::unique_ptr<reuse::CachedOutputs>> search_parts_;  // by site, as in run()
    std::vector<search::PendingSearchParts> pending_search_;    // by site
    reuse::OutputRecord record_;                     // this output's keyed files, for the next build
    std::mutex pdf_turn_;     // one site's documents' PDFs at a time: they use every core
    std::mutex binder_turn_;  // one binder at a time: much memory on a large set
};

}  // namespace

SiteBuildResult build_sites(const Catalog& catalog, const fs::path& out_dir, const SiteBuildOptions& options) {
    return SitesBuild(catalog, out_dir, options).run();
}

}  // namespace tebiki::publish
