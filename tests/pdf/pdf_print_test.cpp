// Print-grade typesetting measured as a reader's viewer sees it: every glyph
// of the PDFs of tests/fixtures/pdf-print/ with its position, from PyMuPDF
// (Debian's python3-fitz, through tests/pdf/glyphs.py). A table row longer
// than a page, punctuation pairs, kana on the character grid, table column
// alignment and widths, headings that carry their own number, the title
// block, and the text layer of emoji sequences.

#include <catch2/catch.hpp>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>

#include "run_command.h"

namespace fs = std::filesystem;
using tebiki::testing::CommandResult;
using tebiki::testing::run_command;

namespace {

const fs::path kSource = TEBIKI_SOURCE_DIR;
// The default theme: A4, 24 mm top and bottom margins, 10.5 pt body text.
constexpr double kPageHeight = 841.89;
constexpr double kMarginBottom = 24 * 72 / 25.4;
constexpr double kBody = 10.5;

struct Glyph {
    std::u32string c;
    double x0, y0, x1, y1, ox, oy, size;
    std::string font;
};
struct Page : std::vector<Glyph> {
    std::vector<std::array<double, 4>> images;  // x0, y0, x1, y1
};

std::u32string u32(const std::string& s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char b = static_cast<unsigned char>(s[i]);
        const int extra = b < 0x80 ? 0 : (b >> 5) == 6 ? 1 : (b >> 4) == 14 ? 2 : 3;
        char32_t c = extra == 0 ? b : extra == 1 ? (b & 0x1F) : extra == 2 ? (b & 0x0F) : (b & 0x07);
        for (int k = 1; k <= extra; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out += c;
        i += 1 + extra;
    }
    return out;
}

const fs::path& published_print_fixture() {
    static const fs::path out = [] {
        const fs::path dir = fs::temp_directory_path() / ("tebiki-pdf-print-test-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        const CommandResult r = run_command(
            TEBIKI_BINARY,
            {"build", "--content", (kSource / "tests/fixtures/pdf-print").string(), "--worktree", "--out", dir.string()},
            kSource);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        return dir;
    }();
    return out;
}

std::vector<Page> glyphs_of(const std::string& id) {
    const fs::path pdf = published_print_fixture() / "all" / "pdf" / (id + ".pdf");
    const CommandResult r = run_command("/usr/bin/python3", {(kSource / "tests/pdf/glyphs.py").string(), pdf.string()}, kSource);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::vector<Page> pages;
    const nlohmann::json parsed = nlohmann::json::parse(r.out);
    for (const auto& page : parsed.at("pages")) {
        Page p;
        for (const auto& g : page.at("chars"))
            p.push_back({u32(g.at("c").get<std::string>()), g.at("x0"), g.at("y0"), g.at("x1"), g.at("y1"), g.at("ox"),
                         g.at("oy"), g.at("size"), g.at("font")});
        for (const auto& box : page.at("images")) p.images.push_back({box[0], box[1], box[2], box[3]});
        pages.push_back(std::move(p));
    }
    return pages;
}

std::u32string text_of(const Page& page) {
    std::u32string out;
    for (const Glyph& g : page) out += g.c;
    return out;
}

// The glyphs of `page` from the first occurrence of `needle` on.
std::size_t find(const Page& page, std::u32string_view needle) {
    const std::u32string text = text_of(page);
    const std::size_t at = text.find(needle);
    REQUIRE(at != std::u32string::npos);
    return at;  // one glyph per character: the text is built from single characters
}

int count(const std::u32string& text, std::u32string_view needle) {
    int n = 0;
    for (std::size_t at = text.find(needle); at != std::u32string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("a table row longer than a page continues under the repeated header and never runs past the margin",
          "[pdf][print][table]") {
    const auto pages = glyphs_of("PRN-002");
    REQUIRE(pages.size() >= 3);
    std::u32string all;
    int pages_with_row = 0;
    for (std::size_t p = 0; p < pages.size(); ++p) {
        INFO("page " << p + 1);
        for (const Glyph& g : pages[p]) {
            // Below the text area only the footer's small type may stand.
            if (g.oy > kPageHeight - kMarginBottom + 0.01) CHECK(g.size < 8.9);
        }
        const std::u32string text = text_of(pages[p]);
        all += text;
        if (text.find(U"】夜間") != std::u32string::npos) {
            ++pages_with_row;
            CHECK(text.find(U"連絡先と手順") != std::u32string::npos);  // the header came along
        }
    }
    CHECK(pages_with_row >= 3);
    // Every line of the long cell is printed exactly once.
    for (int i = 1; i <= 160; ++i) {
        char marker[8];
        std::snprintf(marker, sizeof marker, "%03d", i);
        INFO("marker " << marker);
        CHECK(count(all, U"【" + u32(marker) + U"】") == 1);
    }
    CHECK(count(all, U"総務課") == 1);
    CHECK(count(all, U"内線7100") == 1);
    // The long row starts on the first page, under the short rows, rather
    // than leaving that page nearly empty.
    CHECK(text_of(pages[0]).find(U"【001】") != std::u32string::npos);
}

TEST_CASE("two punctuation marks in a row take one and a half ems, not two", "[pdf][print][punctuation]") {
    const auto pages = glyphs_of("PRN-001");
    const Page& page = pages.at(0);
    for (std::u32string_view pair : {std::u32string_view(U"。）が"), std::u32string_view(U"等）、こ")}) {
        const std::size_t at = find(page, pair);
        const std::size_t first = pair.size() == 3 ? at : at + 1;
        INFO("pair starting U+" << std::hex << static_cast<unsigned>(page[first].c.front()));
        CHECK(page[first + 1].ox - page[first].ox == Approx(kBody / 2).margin(0.05));
        CHECK(page[first + 2].ox - page[first + 1].ox >= kBody - 0.05);  // the last mark keeps its white
    }
}

TEST_CASE("kana are set solid and the text area is a whole number of characters", "[pdf][print][grid]") {
    const auto pages = glyphs_of("PRN-001");
    const Page& page = pages.at(0);
    const std::size_t at = find(page, U"システムのテストをします。");
    for (std::size_t k = at; k + 1 < at + 13; ++k) CHECK(page[k + 1].ox - page[k].ox == Approx(kBody).margin(0.01));
    const double left = page[at].ox;
    CHECK(left == Approx((595.276 - 45 * kBody) / 2).margin(0.01));
    // The justified lines of the long paragraph: each fills the 45-character
    // measure, and its kana and kanji stand at equal steps.
    const std::size_t para = find(page, U"当院の情報システムは");
    std::map<double, std::vector<const Glyph*>> lines;
    const std::size_t para_end = find(page, U"報告する。");
    for (std::size_t k = para; k < para_end; ++k) lines[page[k].oy].push_back(&page[k]);
    std::size_t checked = 0;
    for (auto it = lines.begin(); std::next(it) != lines.end(); ++it) {  // all but the last line
        const auto& line = it->second;
        if (line.size() < 30 || line.back()->c == U"、" || line.back()->c == U"。") continue;
        INFO("line at y " << it->first);
        CHECK(line.front()->x0 == Approx(left).margin(0.05));
        CHECK(line.back()->x1 == Approx(left + 45 * kBody).margin(0.05));
        ++checked;
    }
    CHECK(checked >= 1);
}

TEST_CASE("table columns follow the GFM alignment and are as wide as their words", "[pdf][print][table]") {
    const auto pages = glyphs_of("PRN-001");
    const Page* page = nullptr;
    for (const auto& p : pages)
        if (text_of(p).find(U"1,200") != std::u32string::npos) page = &p;
    REQUIRE(page != nullptr);
    // The right-aligned column: the cells' right edges line up.
    std::vector<double> right;
    for (std::u32string_view cell : {std::u32string_view(U"1,200"), std::u32string_view(U"35"), std::u32string_view(U"数量")}) {
        const std::size_t at = find(*page, cell);
        right.push_back((*page)[at + cell.size() - 1].x1);
    }
    CHECK(right[1] == Approx(right[0]).margin(0.1));
    CHECK(right[2] == Approx(right[0]).margin(0.1));
    // The centred column: the cells' middles line up.
    std::vector<double> middle;
    for (std::u32string_view cell : {std::u32string_view(U"200mg"), std::u32string_view(U"60mg"), std::u32string_view(U"規格")}) {
        const std::size_t at = find(*page, cell);
        middle.push_back(((*page)[at].x0 + (*page)[at + cell.size() - 1].x1) / 2);
    }
    CHECK(middle[1] == Approx(middle[0]).margin(0.2));
    CHECK(middle[2] == Approx(middle[0]).margin(0.2));
    // Drug names, dates and numbers are not broken across lines.
    for (std::u32string_view cell : {std::u32string_view(U"ロキソプロフェンナトリウム錠"), std::u32string_view(U"2026-04-01"),
                                     std::u32string_view(U"アセトアミノフェン錠")}) {
        const std::size_t at = find(*page, cell);
        for (std::size_t k = at; k < at + cell.size(); ++k) CHECK((*page)[k].oy == Approx((*page)[at].oy));
    }
}

TEST_CASE("a heading's own number is not numbered again and wrapped heading lines hang", "[pdf][print][heading]") {
    const auto pages = glyphs_of("PRN-001");
    std::u32string all;
    for (const auto& p : pages) all += text_of(p);
    CHECK(all.find(U"1約物") != std::u32string::npos);  // an unnumbered heading gets the theme's number
    for (std::u32string_view heading : {std::u32string_view(U"確認"), std::u32string_view(U"目的")}) {
        const std::u32string before = heading == U"確認" ? U"3." : U"第2条";
        const std::size_t at = all.find(before + std::u32string(heading));
        INFO("heading " << (heading == U"確認" ? "3. 確認" : "第2条 目的"));
        REQUIRE(at != std::u32string::npos);
        CHECK((at == 0 || !(all[at - 1] >= U'0' && all[at - 1] <= U'9')));  // no theme number in front
    }
    // The long level-3 heading wraps; its second line starts under the text, not the number.
    const Page* page = nullptr;
    for (const auto& p : pages)
        if (text_of(p).find(U"停電や通信障害") != std::u32string::npos) page = &p;
    REQUIRE(page != nullptr);
    const std::size_t at = find(*page, U"停電や通信障害");
    const double first_y = (*page)[at].oy, text_x = (*page)[at].ox;
    const Glyph* second_line = nullptr;
    for (std::size_t k = at; k < page->size(); ++k)
        if ((*page)[k].oy > first_y + 1) {
            second_line = &(*page)[k];
            break;
        }
    REQUIRE(second_line != nullptr);
    CHECK(second_line->size == Approx((*page)[at].size));
    CHECK(second_line->ox == Approx(text_x).margin(0.05));
    CHECK(text_x > (595.276 - 45 * kBody) / 2 + 12);  // the number stands to the left
    // Below a heading with the writer's number, no number of ours either.
    const std::size_t under = all.find(U"範囲書き手");
    REQUIRE(under != std::u32string::npos);
    CHECK(!(all[under - 1] >= U'0' && all[under - 1] <= U'9'));
}

TEST_CASE("the title block says 所管部署 and 発行版 as the page does, and labels the edition once", "[pdf][print][title]") {
    const auto pages = glyphs_of("PRN-001");
    const std::u32string first = text_of(pages.at(0));
    CHECK(first.find(U"所管部署") != std::u32string::npos);
    CHECK(first.find(U"管理部署") == std::u32string::npos);
    std::u32string squeezed;
    for (char32_t c : first)
        if (c != U' ') squeezed += c;
    CHECK(squeezed.find(U"版版") == std::u32string::npos);
    CHECK(squeezed.find(U"発行版プレビュー") != std::u32string::npos);  // the edition, in the page's word
    CHECK(squeezed.find(U"分類") != std::u32string::npos);
}

TEST_CASE("emoji sequences keep their text and print from an outline font", "[pdf][print][text]") {
    const auto pages = glyphs_of("PRN-001");
    const Page* page = nullptr;
    for (const auto& p : pages)
        if (text_of(p).find(U"確認済み") != std::u32string::npos) page = &p;
    REQUIRE(page != nullptr);
    const std::u32string text = text_of(*page);
    CHECK(text.find(U"確認済み✔\uFE0F OK") != std::u32string::npos);
    CHECK(text.find(U"医師👨\u200D⚕\uFE0F の指示") != std::u32string::npos);
    CHECK(count(text, U"\uFE0F") == 2);
    for (std::u32string_view emoji : {std::u32string_view(U"✔"), std::u32string_view(U"👨"), std::u32string_view(U"⚕")}) {
        const std::size_t at = find(*page, emoji);
        INFO("font " << (*page)[at].font);
        // Noto CJK has none of them: an outline font that has them stands in
        // (Symbola from fonts-symbola, or DejaVu for the older symbols).
        CHECK((*page)[at].font.find("Noto") == std::string::npos);
        if (emoji == U"👨") CHECK((*page)[at].font.find("Symbola") != std::string::npos);
        CHECK((*page)[at].x1 - (*page)[at].x0 > 1);  // a glyph with a width, not an empty box
    }
}

TEST_CASE("an SVG drawing is printed as a picture, not as its alt text", "[pdf][print][image]") {
    const auto pages = glyphs_of("PRN-001");
    bool found = false;
    for (const auto& p : pages) {
        CHECK(text_of(p).find(U"［画像") == std::u32string::npos);
        for (const auto& box : p.images) {
            // 320 × 120 CSS pixels: 240 × 90 points.
            if (std::abs(box[2] - box[0] - 240) < 0.5 && std::abs(box[3] - box[1] - 90) < 0.5) found = true;
        }
    }
    CHECK(found);
}

TEST_CASE("the print fixture, SVG picture included, gives the same bytes again", "[pdf][print][determinism]") {
    const fs::path& first = published_print_fixture();
    const fs::path again = first.string() + "-again";
    fs::remove_all(again);
    const CommandResult r = run_command(
        TEBIKI_BINARY, {"build", "--content", (kSource / "tests/fixtures/pdf-print").string(), "--worktree", "--out", again.string()},
        kSource);
    REQUIRE(r.exit_code == 0);
    for (const char* name : {"PRN-001.pdf", "PRN-002.pdf", "binder.pdf"}) {
        INFO(name);
        const auto bytes = [](const fs::path& p) {
            std::ifstream in(p, std::ios::binary);
            return std::string(std::istreambuf_iterator<char>(in), {});
        };
        CHECK(bytes(first / "all" / "pdf" / name) == bytes(again / "all" / "pdf" / name));
    }
    fs::remove_all(again);
}
