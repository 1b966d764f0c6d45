// The PDF renderer shares documents' layouts between the sites of a build;
// a site's PDFs must still be exactly those a renderer of its own makes,
// links to documents the site does not carry included.

#include <catch2/catch.hpp>

#include <string>

#include "document/catalog.h"
#include "document/site_contents.h"
#include "pdf/pdf_renderer.h"
#include "test_repo.h"

using namespace tebiki;
using tebiki::testing::sample_config;
using tebiki::testing::sample_document;
using tebiki::testing::TestRepo;

namespace {

std::size_t count_of(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("PDFs rendered with layouts shared between sites equal those of a renderer per site", "[pdf]") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    // A-1 is in every site and links to B-1, which only the it site carries.
    repo.write("content/a.md", sample_document("A-1", "停電時の対応", "## 連絡\n\n[復元の手順](b.md)と[連絡網](c.md)を見る。\n"));
    repo.write("content/b.md", sample_document("B-1", "復元の手順", "本文\n", "audience: [it]\n"));
    repo.write("content/c.md", sample_document("C-1", "連絡網", "本文\n"));
    repo.commit("content");
    const Catalog catalog =
        build_catalog(source::read_revision(repo.path("content"), "HEAD"), CatalogOptions{Date{2026, 11, 25}, true});
    REQUIRE_FALSE(catalog.diagnostics().has_errors());
    const SiteContents all = select_site(catalog, *catalog.config().find_audience("all"), std::nullopt);
    const SiteContents it = select_site(catalog, *catalog.config().find_audience("it"), std::nullopt);
    const Document& a = *catalog.find_by_id("A-1");

    const auto alone = [&](const SiteContents& site) {
        const pdf::PdfRenderer own(catalog, pdf::PdfStyle{});
        return own.render_binder(site).bytes;
    };
    const std::string all_alone = alone(all);
    const std::string it_alone = alone(it);
    // The link to B-1 is a link in the it binder only (one more link annotation).
    CHECK(count_of(it_alone, "/Link") > count_of(all_alone, "/Link"));

    // Compared in parentheses: Catch would print the PDFs' bytes otherwise.
    const pdf::PdfRenderer shared(catalog, pdf::PdfStyle{});
    CHECK((shared.render_binder(it).bytes == it_alone));
    CHECK((shared.render_document(a, all).bytes ==
           pdf::PdfRenderer(catalog, pdf::PdfStyle{}).render_document(a, all).bytes));
    CHECK((shared.render_binder(all).bytes == all_alone));
}

TEST_CASE("bold body text takes the heading family's bold unless the theme says body", "[pdf][fonts]") {
    // A 明朝 body (a theme's choice) with `fonts.strong: heading` carries no
    // 明朝 bold: **bold** is set in the ゴシック bold of the headings.
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/a.md", sample_document("A-1", "停電時の対応", "## 連絡\n\n電源は**切らない**こと。\n"));
    repo.commit("content");
    const Catalog catalog =
        build_catalog(source::read_revision(repo.path("content"), "HEAD"), CatalogOptions{Date{2026, 11, 25}, true});
    REQUIRE_FALSE(catalog.diagnostics().has_errors());
    const SiteContents all = select_site(catalog, *catalog.config().find_audience("all"), std::nullopt);
    const Document& a = *catalog.find_by_id("A-1");

    pdf::PdfStyle mincho;
    mincho.fonts.body = "Noto Serif CJK JP";
    const std::string in_heading_face = pdf::PdfRenderer(catalog, mincho).render_document(a, all).bytes;
    CHECK(count_of(in_heading_face, "+NotoSerifCJKjp-Regular") > 0);
    CHECK(count_of(in_heading_face, "+NotoSansCJKjp-Bold") > 0);
    CHECK(count_of(in_heading_face, "+NotoSerifCJKjp-Bold") == 0);

    mincho.strong_in_heading_face = false;
    const std::string in_body_face = pdf::PdfRenderer(catalog, mincho).render_document(a, all).bytes;
    CHECK(count_of(in_body_face, "+NotoSerifCJKjp-Bold") > 0);
}
