// The PDF renderer shares documents' layouts between the sites of a build;
// a site's PDFs must still be exactly those a renderer of its own makes,
// links to documents the site does not carry included.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <string>
#include <vector>

#include "document/catalog.h"
#include "document/site_contents.h"
#include "pdf/block_layout.h"
#include "pdf/pdf_file.h"
#include "pdf/pdf_renderer.h"
#include "test_repo.h"

using namespace tebiki;
using tebiki::testing::sample_config;
using tebiki::testing::sample_document;
using tebiki::testing::TestRepo;

namespace {

std::string file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::size_t count_of(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
    return n;
}

// The catalog of the content written to `repo`, committed.
Catalog committed_catalog(TestRepo& repo) {
    repo.commit("content");
    Catalog catalog =
        build_catalog(source::read_revision(repo.path("content"), "HEAD"), CatalogOptions{Date{2026, 11, 25}, true});
    REQUIRE_FALSE(catalog.diagnostics().has_errors());
    return catalog;
}

}  // namespace

TEST_CASE("PDFs rendered with layouts shared between sites equal those of a renderer per site", "[pdf]") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    // A-1 is in every site and links to B-1, which only the it site carries.
    repo.write("content/a.md", sample_document("A-1", "停電時の対応", "## 連絡\n\n[復元の手順](b.md)と[連絡網](c.md)を見る。\n"));
    repo.write("content/b.md", sample_document("B-1", "復元の手順", "本文\n", "audience: [it]\n"));
    repo.write("content/c.md", sample_document("C-1", "連絡網", "本文\n"));
    const Catalog catalog = committed_catalog(repo);
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
    const Catalog catalog = committed_catalog(repo);
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

TEST_CASE("pages drawn when the writer needs them give the bytes of the pages held whole", "[pdf][binder]") {
    const pdf::FontSet fonts(pdf::FontFamilies{});
    const pdf::PdfStyle style;
    // Six pages of text in two faces, each with an anchor, a link to the next
    // page's anchor and, on the fourth, a watermark.
    const auto page = [&](int n) {
        pdf::PageDrawing drawing;
        pdf::TextStyle body;
        pdf::TextStyle heading;
        heading.role = pdf::FontRole::Heading;
        heading.bold = true;
        double y = 80;
        for (const auto& [text, text_style] : std::vector<std::pair<std::u32string, pdf::TextStyle>>{
                 {U"第" + std::u32string(1, U'0' + n) + U"章　停電時の連絡", heading},
                 {U"夜間に電子カルテが止まったときは、情報システム部の当番へ電話する。𠮟責はしない。", body}})
            for (const auto& line : pdf::layout_plain(fonts, text, text_style, 400, 1.6)) {
                drawing.ops.push_back(pdf::DrawText{line, 60, y});
                y += line.height;
            }
        drawing.anchors.emplace_back("D-1#p" + std::to_string(n), 80);
        pdf::LinkTarget next{pdf::LinkTarget::Kind::OtherDocument, "", "D-1", "p" + std::to_string(n + 1)};
        drawing.links.push_back({60, 80, 200, 20, next});
        if (n == 4) {
            const auto mark = pdf::layout_plain(fonts, U"下書き", heading, 1e6, 1.0);
            drawing.watermark = pdf::Watermark{mark.front(), pdf::Color{0.8, 0.1, 0.1}, 0.15};
        }
        return drawing;
    };
    pdf::PdfFileContent whole;
    for (int n = 0; n < 6; ++n) whole.pages.push_back(page(n));
    whole.bookmarks = {{"第1章", "D-1#p1", {}}, {"第5章", "D-1#p5", {}}};
    const std::string held = pdf::write_pdf_file(whole);

    // The first page held, the other five drawn in groups of 2, 2 and 1.
    pdf::PdfFileContent first = whole;
    first.pages.resize(1);
    const std::vector<std::vector<int>> groups{{1, 2}, {3, 4}, {5}};
    std::vector<int> written;
    std::mutex written_mutex;
    pdf::DeferredPages deferred;
    deferred.groups = groups.size();
    deferred.draw = [&](std::size_t g) {
        pdf::GroupPages pages;
        for (int n : groups[g]) pages.pages.push_back(page(n));
        return pages;
    };
    deferred.written = [&](std::size_t g) {
        const std::lock_guard<std::mutex> lock(written_mutex);
        written.push_back(static_cast<int>(g));
    };
    const std::string drawn_later = pdf::write_pdf_file(first, deferred);
    CHECK(held.size() > 1000);
    CHECK((drawn_later == held));  // in parentheses: Catch would print the bytes
    std::sort(written.begin(), written.end());
    CHECK(written == std::vector<int>{0, 1, 2});
}

TEST_CASE("a binder that takes its documents' pages from their own PDFs has the bytes of one that draws them",
          "[pdf][binder]") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    for (const char* image : {"terminal-screen.png", "degraded-flow.jpg"})
        repo.write(std::string("content/images/") + image,
                   file_bytes(std::filesystem::path(TEBIKI_SOURCE_DIR) / "content/images" / image));
    // Pictures numbered after the documents before them, a watermark, a
    // document of the it site only, one long enough for two pages, and
    // task-list boxes from a TrueType face (DejaVu Sans: codes through a
    // /CIDToGIDMap) besides the CFF ones.
    std::string long_body = "## 手順\n\n";
    for (int i = 0; i < 40; ++i) long_body += "夜間に電子カルテが止まったときは、紙の指示票で運用する。\n\n";
    repo.write("content/a.md", sample_document("A-1", "停電時の対応",
                                               "## 画面\n\n![端末の画面](images/terminal-screen.png)\n\n[連絡網](c.md)\n\n"
                                               "- [ ] 電源を確かめる\n- [x] 連絡する\n"));
    std::string draft = sample_document("B-1", "復元の手順", "![流れ](images/degraded-flow.jpg)\n\n本文\n", "audience: [it]\n");
    draft.replace(draft.find("status: approved"), 16, "status: draft");
    repo.write("content/b.md", draft);
    repo.write("content/c.md", sample_document("C-1", "連絡網", long_body));
    const Catalog catalog = committed_catalog(repo);
    const SiteContents all = select_site(catalog, *catalog.config().find_audience("all"), std::nullopt);
    const SiteContents it = select_site(catalog, *catalog.config().find_audience("it"), std::nullopt);

    const pdf::PdfRenderer lending(catalog, pdf::PdfStyle{});
    lending.expect_sites({all, it});
    const std::filesystem::path out = repo.path("out");
    lending.render_site_part(pdf::PdfRenderer::SitePart::Documents, all, out / "all");
    const pdf::RenderedPdf all_lent = lending.render_binder(all);
    lending.render_site_part(pdf::PdfRenderer::SitePart::Documents, it, out / "it");
    const pdf::RenderedPdf it_lent = lending.render_binder(it);
    // Every document page was lent: A-1 and C-1 (two pages) to both binders, B-1 to it's.
    CHECK(all_lent.pages_lent == 3);
    CHECK(it_lent.pages_lent == 4);

    // A renderer that wrote no document PDF draws every page.
    const pdf::PdfRenderer drawing(catalog, pdf::PdfStyle{});
    const pdf::RenderedPdf all_drawn = drawing.render_binder(all);
    const pdf::RenderedPdf it_drawn = drawing.render_binder(it);
    CHECK(all_drawn.pages_lent == 0);
    CHECK((all_lent.bytes == all_drawn.bytes));  // in parentheses: Catch would print the bytes
    CHECK((it_lent.bytes == it_drawn.bytes));
    // The document's own PDF and its binder pages share the stream byte for byte.
    CHECK(count_of(file_bytes(out / "it/pdf/B-1.pdf"), "/Im0 Do") == 0);  // compressed: never in the clear
    CHECK(count_of(it_lent.bytes, "/Im0") >= 2);  // both pictures, each page naming its own image 0
    CHECK(count_of(it_lent.bytes, "+DejaVuSans") > 0);
    CHECK(count_of(it_lent.bytes, "/CIDToGIDMap") > 0);
}
