#include "publish/live_sites.h"

#include <memory>
#include <optional>
#include <set>

#include "document/site_contents.h"
#include "html/site_renderer.h"
#include "html/theme.h"
#include "pdf/pdf_renderer.h"
#include "publish/side_by_side.h"
#include "reuse/keyed_outputs.h"
#include "reuse/output_keys.h"
#include "search/index_writer.h"
#include "search/search_index.h"

namespace tebiki::publish {

namespace fs = std::filesystem;

namespace {

// The renderers' reuse hook over what the live directory already holds: an
// output whose key is unchanged is left where it is.
class KeptOutputs : public reuse::KeyedOutputs {
public:
    KeptOutputs(LiveSites& live, const reuse::DocumentDigests& digests, const SiteContents& site,
                std::string site_fingerprint, BuildObserver& observer)
        : reuse::KeyedOutputs(digests, site, std::move(site_fingerprint),
                              [&observer](bool reused) { observer.document_done(reused); }),
          live_(live) {}

private:
    bool reuse(const std::string& key, const fs::path& path) override { return live_.reuse(path, key); }
    void keep(const std::string& key, const fs::path& path) override { live_.keep(path, key); }
    std::optional<std::string> reuse_bytes(const std::string& key) override { return live_.recall(key); }
    void keep_bytes(const std::string& key, std::string_view bytes) override { live_.keep(key, bytes); }

    LiveSites& live_;
};

// The file names a site's documents have in docs/ or pdf/.
std::set<std::string> output_names(const SiteContents& site, const char* extension) {
    std::set<std::string> names;
    for (const Document* doc : site.documents) names.insert(doc->meta.id + extension);
    return names;
}

}  // namespace

namespace {

std::optional<reuse::OutputCache> cache_in(const std::optional<fs::path>& dir) {
    return dir ? std::optional<reuse::OutputCache>(std::in_place, *dir) : std::nullopt;
}

}  // namespace

LiveSites::LiveSites(fs::path dir, bool with_pdf, const std::optional<fs::path>& cache_dir)
    : dir_(std::move(dir)),
      with_pdf_(with_pdf),
      cache_(cache_in(cache_dir)),
      search_store_(cache_ ? std::optional<reuse::CachedSearchStore>(std::in_place, *cache_) : std::nullopt),
      search_corpus_(search_store_ ? &*search_store_ : nullptr) {}

bool LiveSites::reuse(const fs::path& path, const std::string& key) {
    if (holds(path, key)) return true;
    if (!cache_ || !cache_->restore(key, path)) return false;
    remember(path, key);
    return true;
}

void LiveSites::keep(const fs::path& path, const std::string& key) {
    remember(path, key);
    if (cache_) cache_->store(key, path);
}

std::optional<std::string> LiveSites::recall(const std::string& key) {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (const auto it = kept_bytes_.find(key); it != kept_bytes_.end()) {
            used_bytes_.insert(key);
            return it->second;
        }
    }
    auto bytes = cache_ ? cache_->read(key) : std::nullopt;
    if (bytes) {
        const std::lock_guard<std::mutex> lock(mutex_);
        kept_bytes_[key] = *bytes;
        used_bytes_.insert(key);
    }
    return bytes;
}

void LiveSites::keep(const std::string& key, std::string_view bytes) {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        kept_bytes_[key] = std::string(bytes);
        used_bytes_.insert(key);
    }
    if (cache_) cache_->write(key, bytes);
}

void LiveSites::forget_unused_bytes() {
    const std::lock_guard<std::mutex> lock(mutex_);
    std::erase_if(kept_bytes_, [&](const auto& entry) { return used_bytes_.count(entry.first) == 0; });
    used_bytes_.clear();
}

void LiveSites::remember(const fs::path& path, std::string key) {
    const std::lock_guard<std::mutex> lock(mutex_);
    written_[path] = std::move(key);
}

bool LiveSites::holds(const fs::path& path, const std::string& key) {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        const auto it = written_.find(path);
        if (it == written_.end() || it->second != key) return false;
    }
    std::error_code ec;
    return fs::is_regular_file(path, ec);
}

void LiveSites::update(const Catalog& catalog, BuildObserver& observer, const std::function<void()>& pages_ready) {
    std::optional<PhaseTimer> setup_phase(std::in_place, observer, "theme and fonts");
    const html::Theme theme =
        html::load_theme(html::find_theme(catalog.source().repository_root, catalog.config().theme));
    const html::SiteRenderer renderer(catalog, theme);
    const pdf::PdfRenderer pdf_renderer(catalog, pdf::pdf_style_of_theme(theme.directory));
    const reuse::OutputEnvironments environment = reuse::output_environments(theme.directory, pdf_renderer.style(), with_pdf_);
    const reuse::DocumentDigests digests(catalog);
    std::vector<SiteContents> sites;
    for (const auto& audience : catalog.config().audiences) {
        sites.push_back(select_site(catalog, audience, std::nullopt));
        sites.back().with_pdf = with_pdf_;
    }
    setup_phase.reset();

    // The sites' pages side by side: a writer waits for these, and each
    // site's own steps (keys, the register, media) are mostly serial.
    run_side_by_side(sites, [&, this](const SiteContents& site) {
        const PhaseTimer phase(observer, "html " + site.audience.key);
        const fs::path site_dir = dir_ / site.audience.key;
        observer.documents_planned(site.documents.size());
        KeptOutputs pages(*this, digests, site, reuse::site_fingerprint(catalog, site, "html", environment.html), observer);
        renderer.render(site, site_dir, nullptr, &pages);
        remove_outputs_not_in(site_dir / "docs", output_names(site, ".html"));
    });
    remove_sites_not_in(catalog);
    pages_ready();

    // The saved document's PDF in every site first (a writer with --pdf
    // waits for it), then the search indexes, then the binders, which take
    // longest.
    pdf_renderer.expect_sites(sites);
    std::vector<std::unique_ptr<KeptOutputs>> pdfs(sites.size());
    for (std::size_t i = 0; i < sites.size(); ++i) {
        const SiteContents& site = sites[i];
        if (!site.with_pdf) continue;
        const PhaseTimer phase(observer, "pdf " + site.audience.key);
        observer.documents_planned(site.documents.size() + 1);  // and the binder
        pdfs[i] = std::make_unique<KeptOutputs>(*this, digests, site,
                                                reuse::site_fingerprint(catalog, site, "pdf", environment.pdf), observer);
        pdf_renderer.render_site_part(pdf::PdfRenderer::SitePart::Documents, site, dir_ / site.audience.key,
                                      pdfs[i].get());
    }

    // A site's search parts that the last build wrote from the same
    // documents stay; the documents of the others are prepared, then written.
    std::vector<std::unique_ptr<KeptOutputs>> search_parts;
    std::vector<search::PendingSearchParts> pending;
    {
        const PhaseTimer phase(observer, "search preparation");
        for (const auto& site : sites) {
            search_parts.push_back(std::make_unique<KeptOutputs>(
                *this, digests, site, reuse::site_fingerprint(catalog, site, "search", environment.html), observer));
            pending.push_back(search::restore_search_parts(site, dir_ / site.audience.key, search_parts.back().get()));
        }
        search_corpus_.prepare(search::documents_to_index(pending));
    }
    run_side_by_side(sites, [&, this](const SiteContents& site) {
        const PhaseTimer phase(observer, "search " + site.audience.key);
        const auto i = static_cast<std::size_t>(&site - sites.data());
        search::write_search_index(dir_ / site.audience.key, pending[i], search_corpus_, search_parts[i].get());
    });
    search_corpus_.forget_unused();
    forget_unused_bytes();
    for (std::size_t i = 0; i < sites.size(); ++i) {
        const SiteContents& site = sites[i];
        if (!site.with_pdf) continue;
        const PhaseTimer phase(observer, "binder " + site.audience.key);
        const fs::path site_dir = dir_ / site.audience.key;
        pdf_renderer.render_site_part(pdf::PdfRenderer::SitePart::Binder, site, site_dir, pdfs[i].get());
        pdf_renderer.site_done(site);
        auto names = output_names(site, ".pdf");
        names.insert("binder.pdf");
        remove_outputs_not_in(site_dir / "pdf", names);
    }
}

void LiveSites::remove_outputs_not_in(const fs::path& directory, const std::set<std::string>& kept_names) {
    std::error_code ec;
    for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
        if (kept_names.count(it->path().filename().string()) != 0) continue;
        std::error_code ignored;
        fs::remove(it->path(), ignored);
        const std::lock_guard<std::mutex> lock(mutex_);
        written_.erase(it->path());
    }
}

void LiveSites::remove_sites_not_in(const Catalog& catalog) {
    std::set<std::string> keys;
    for (const auto& audience : catalog.config().audiences) keys.insert(audience.key);
    std::error_code ec;
    for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code status_ec;
        if (!it->is_directory(status_ec) || keys.count(it->path().filename().string()) != 0) continue;
        const fs::path gone = it->path();
        std::error_code ignored;
        fs::remove_all(gone, ignored);
        const std::lock_guard<std::mutex> lock(mutex_);
        std::erase_if(written_, [&](const auto& entry) {
            const auto relative = entry.first.lexically_relative(gone);
            return !relative.empty() && *relative.begin() != "..";
        });
    }
}

}  // namespace tebiki::publish
