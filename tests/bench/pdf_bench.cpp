// Times tebiki's PDF renderer on one core: every document of an audience
// rendered one after another (layout, shaping, subsetting, writing), then
// the audience's binder. Prints per-document times, pages per second and
// peak RSS.
//   pdf_bench CONTENT_DIR AUDIENCE [MAX_DOCUMENTS]

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <vector>

#include "document/catalog.h"
#include "document/site_contents.h"
#include "html/theme.h"
#include "pdf/pdf_renderer.h"

namespace {
double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}
long peak_rss_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}
}  // namespace

int main(int argc, char** argv) {
    using namespace tebiki;
    if (argc < 3) {
        std::cerr << "usage: pdf_bench CONTENT_DIR AUDIENCE [MAX_DOCUMENTS]\n";
        return 2;
    }
    const auto catalog = build_catalog(source::read_revision(argv[1], "HEAD"), CatalogOptions{Date::today()});
    const Audience* audience = catalog.config().find_audience(argv[2]);
    if (audience == nullptr) {
        std::cerr << "pdf_bench: no audience '" << argv[2] << "'\n";
        return 2;
    }
    SiteContents site = select_site(catalog, *audience, std::nullopt);
    if (argc > 3) site.documents.resize(std::min<std::size_t>(site.documents.size(), std::stoul(argv[3])));

    auto start = std::chrono::steady_clock::now();
    const pdf::PdfRenderer renderer(
        catalog, pdf::pdf_style_of_theme(html::find_theme(catalog.source().repository_root, catalog.config().theme)));
    const double setup_ms = ms_since(start);

    std::vector<double> times;
    long pages = 0, bytes = 0;
    const auto all_start = std::chrono::steady_clock::now();
    for (const Document* doc : site.documents) {
        start = std::chrono::steady_clock::now();
        const auto pdf = renderer.render_document(*doc, site);
        times.push_back(ms_since(start));
        pages += pdf.pages;
        bytes += static_cast<long>(pdf.bytes.size());
    }
    const double total_ms = ms_since(all_start);
    start = std::chrono::steady_clock::now();
    const auto binder = renderer.render_binder(site);
    const double binder_ms = ms_since(start);

    std::vector<double> sorted = times;
    std::sort(sorted.begin(), sorted.end());
    const auto at = [&sorted](double q) { return sorted.empty() ? 0.0 : sorted[static_cast<std::size_t>(q * (sorted.size() - 1))]; };
    std::cout << "documents " << site.documents.size() << "\n"
              << "pages " << pages << "\n"
              << "font_setup_ms " << setup_ms << "\n"
              << "documents_total_s " << total_ms / 1000 << "\n"
              << "pages_per_s " << (total_ms > 0 ? pages / (total_ms / 1000) : 0) << "\n"
              << "documents_per_s " << (total_ms > 0 ? site.documents.size() / (total_ms / 1000) : 0) << "\n"
              << "document_ms_median " << at(0.5) << "\n"
              << "document_ms_p95 " << at(0.95) << "\n"
              << "document_ms_max " << at(1.0) << "\n"
              << "first_document_ms " << (times.empty() ? 0 : times.front()) << "\n"
              << "pdf_bytes_per_page " << (pages > 0 ? bytes / pages : 0) << "\n"
              << "binder_pages " << binder.pages << "\n"
              << "binder_s " << binder_ms / 1000 << "\n"
              << "binder_bytes " << binder.bytes.size() << "\n"
              << "peak_rss_mib " << peak_rss_mib() << "\n";
    return 0;
}
