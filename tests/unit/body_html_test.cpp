#include <catch2/catch.hpp>

#include "document/catalog.h"
#include "html/body_html.h"
#include "test_repo.h"

using namespace tebiki;
using tebiki::testing::sample_config;
using tebiki::testing::sample_document;
using tebiki::testing::TestRepo;

namespace {

struct Fixture {
    TestRepo repo;
    Catalog catalog;

    static Catalog make(TestRepo& repo, const std::string& config_extra) {
        repo.write("content/tebiki.yml", sample_config() + config_extra);
        repo.write("content/a.md",
                   sample_document("A-1", "規程",
                                   "# 規程\n\n## 目的\n\n[復元](b.md#復元手順)と[IT向け](it.md)、[外部](https://example.jp)。\n\n"
                                   "| 文書 | 対象 |\n|---|---|\n| [IT向け](it.md) | 医療情報部 |\n\n"
                                   "![図](img/a.png)\n\n<div class=\"note\">注意</div>\n\n<script>alert(1)</script>\n\n- [x] 済み\n\n注[^1]\n\n"
                                   "[^1]: 脚注\n"));
        repo.write("content/b.md", sample_document("B-1", "復元", "## 復元手順\n"));
        repo.write("content/it.md", sample_document("C-1", "IT向け", "本文\n", "audience: [it]\n"));
        repo.write("content/img/a.png", "png");
        repo.commit("content");
        return build_catalog(source::read_revision(repo.path("content"), "HEAD"), CatalogOptions{Date{2026, 4, 1}});
    }
    explicit Fixture(const std::string& config_extra = "") : catalog(make(repo, config_extra)) {}

    std::string html(const std::string& audience) const {
        const SiteContents site = select_site(catalog, *catalog.config().find_audience(audience), std::nullopt);
        return html::render_body_html(catalog, *catalog.find_by_id("A-1"), html::PageLinks{site, "", "../assets/media/"});
    }
};

}  // namespace

TEST_CASE("Body HTML carries heading ids and resolved links") {
    Fixture f;
    REQUIRE_FALSE(f.catalog.diagnostics().has_errors());
    const std::string html = f.html("all");
    CHECK_THAT(html, Catch::Contains("<h2 id=\"目的\">目的</h2>"));
    CHECK_THAT(html, !Catch::Contains("<h1"));  // the title is the page's, not repeated
    CHECK_THAT(html, Catch::Contains("href=\"B-1.html#%E5%BE%A9%E5%85%83%E6%89%8B%E9%A0%86\""));
    CHECK_THAT(html, Catch::Contains("href=\"https://example.jp\""));
    CHECK_THAT(html, Catch::Contains("<img src=\"../assets/media/img/a.png\" alt=\"図\""));
    CHECK_THAT(html, Catch::Contains("<div class=\"table-wrap\">"));
    CHECK_THAT(html, Catch::Contains("type=\"checkbox\" checked=\"\" disabled=\"\""));
    CHECK_THAT(html, Catch::Contains("aria-label=\"本文へ戻る\""));
}

TEST_CASE("Links to documents outside the audience are not links") {
    Fixture f;
    const std::string for_all = f.html("all");
    CHECK_THAT(for_all, !Catch::Contains("C-1.html"));
    CHECK_THAT(for_all, !Catch::Contains("tebiki-unavailable"));
    // In running text and in a table cell alike.
    CHECK_THAT(for_all, Catch::Contains("<span class=\"link-unavailable\" title=\"C-1「IT向け」はこの配布版に含まれていません\">IT向け</span>、"));
    CHECK_THAT(for_all, Catch::Contains("<td><span class=\"link-unavailable\""));
    const std::string for_it = f.html("it");
    CHECK_THAT(for_it, Catch::Contains("<a href=\"C-1.html\">IT向け</a>"));
}

TEST_CASE("Raw HTML is dropped unless the config allows it") {
    Fixture safe;
    CHECK_THAT(safe.html("all"), !Catch::Contains("<div class=\"note\">"));
    CHECK_THAT(safe.html("all"), !Catch::Contains("<script>"));
    Fixture permissive("allow_raw_html: true\n");
    CHECK_THAT(permissive.html("all"), Catch::Contains("<div class=\"note\">注意</div>"));
    // GFM's tag filter still disarms the dangerous tags.
    CHECK_THAT(permissive.html("all"), !Catch::Contains("<script>"));
}
