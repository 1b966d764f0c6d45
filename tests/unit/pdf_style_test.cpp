// The theme's PDF style: the default theme's pdf.yml, paper sizes, and
// errors that name the key.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "pdf/pdf_style.h"

using namespace tebiki::pdf;
namespace fs = std::filesystem;

namespace {

fs::path write_style(const std::string& yaml) {
    const fs::path file = fs::temp_directory_path() / ("tebiki-pdf-style-" + std::to_string(::getpid()) + ".yml");
    std::ofstream(file) << yaml;
    return file;
}

}  // namespace

TEST_CASE("the default theme's pdf.yml loads", "[pdf][style]") {
    const PdfStyle style = load_pdf_style(fs::path(TEBIKI_SOURCE_DIR) / "themes/default/pdf.yml");
    CHECK(style.paper == "A4");
    CHECK(style.page_width == Approx(595.276));
    CHECK(style.fonts.body == "Noto Sans CJK JP");
    CHECK(style.fonts.mono == "Noto Sans Mono CJK JP");
    CHECK(style.footer_notice == "印刷した文書は管理外文書です。最新版は端末の電子版を確認してください。");
    CHECK(style.watermark_draft == "下書き");
    CHECK(style.margin_top == Approx(24 * 72 / 25.4));
    CHECK(style.strong_in_heading_face);
}

TEST_CASE("paper sizes and colours come from the style", "[pdf][style]") {
    const PdfStyle b5 = load_pdf_style(write_style("paper: B5\ncolors:\n  heading: \"#ff0000\"\n"));
    CHECK(b5.page_width == Approx(515.906));
    CHECK(b5.page_height == Approx(728.504));
    CHECK(b5.heading.r == Approx(1.0));
    CHECK(b5.heading.g == Approx(0.0));
    const PdfStyle letter = load_pdf_style(write_style("paper: Letter\n"));
    CHECK(letter.page_width == Approx(612));
}

TEST_CASE("a bad style value is an error naming the key", "[pdf][style]") {
    CHECK_THROWS_WITH(load_pdf_style(write_style("paper: A5\n")), Catch::Contains("paper"));
    CHECK_THROWS_WITH(load_pdf_style(write_style("colors:\n  text: red\n")), Catch::Contains("colors.text"));
    CHECK_THROWS_WITH(load_pdf_style(write_style("sizes_pt:\n  body: huge\n")), Catch::Contains("sizes_pt.body"));
    CHECK_THROWS_WITH(load_pdf_style(write_style("fonts:\n  strong: italic\n")), Catch::Contains("fonts.strong"));
}

TEST_CASE("bold body text is set in the heading family's bold unless the style says body", "[pdf][style]") {
    CHECK(load_pdf_style(write_style("paper: A4\n")).strong_in_heading_face);
    CHECK(load_pdf_style(write_style("fonts:\n  strong: heading\n")).strong_in_heading_face);
    CHECK_FALSE(load_pdf_style(write_style("fonts:\n  strong: body\n")).strong_in_heading_face);
}
