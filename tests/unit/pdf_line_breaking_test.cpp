// Japanese line breaking: kinsoku, unsplit Latin words, the quarter-em space
// between scripts, and justification, driven by a table of strings and widths.

#include <catch2/catch.hpp>

#include <algorithm>

#include "pdf/block_layout.h"
#include "pdf/kinsoku.h"
#include "pdf/paragraph_layout.h"

using namespace tebiki::pdf;

namespace {

const FontSet& fonts() {
    static const FontSet set{FontFamilies{}};
    return set;
}

std::vector<Line> set_text(std::u32string_view text, double width, bool justify = true) {
    TextStyle style;
    style.size = 10;
    ParagraphOptions options;
    options.width = width;
    options.justify = justify;
    return layout_paragraph(fonts(), {StyledText{std::u32string(text), style}}, options);
}

std::u32string trimmed(std::u32string s) {
    while (!s.empty() && s.back() == U' ') s.pop_back();
    while (!s.empty() && s.front() == U' ') s.erase(s.begin());
    return s;
}

}  // namespace

TEST_CASE("no line starts or ends with a character kinsoku prohibits there", "[pdf][kinsoku]") {
    const std::u32string samples[] = {
        U"停電時は、まず「非常用電源」の稼働を確認する。次に、サーバ室（3階）の空調を確認すること。",
        U"チェックシートのキャッシュはショートカットから開き、ジョブの状況（夜間バッチ）をチェックする。各々、ウィルス対策ソフトのアップデートを待つ。",
        U"データベース・サーバー、ファイル・サーバー、そしてプリンター・サーバー。々の字、「っ」「ゃ」の字も。",
        U"「開き括弧が行末に来ないこと【重要】『注意』「確認」（必須）〔参考〕が並ぶ試験文。",
        U"バックアップ取得後は、ハッシュ値（SHA-256）を照合し、結果を記録票に記入する。ディスクのチェックも忘れずに！",
        U"利用者IDとパスワードを入力し、「ログイン」を押す。ロックは Ctrl+L で行う。",
        U"連絡先：医療情報部（内線7210）、夜間はPHS 7000へ。――確認後、記録すること。",
        U"湿度50％、室温25℃、角度90°、濃度3‰、経度135°30′15″を記録し、湿度は40%以上に保つ。",
    };
    for (const auto& text : samples) {
        INFO("sample starting U+" << std::hex << static_cast<unsigned>(text.front()) << std::dec);
        for (double width : {40.0, 55.0, 63.0, 80.0, 101.0, 137.0, 160.0, 233.0}) {
            const auto lines = set_text(text, width);
            INFO("width " << width);
            for (std::size_t i = 0; i < lines.size(); ++i) {
                const std::u32string line = trimmed(lines[i].text);
                if (line.empty()) continue;
                INFO("line " << i << " from U+" << std::hex << static_cast<unsigned>(line.front()) << " to U+"
                              << static_cast<unsigned>(line.back()) << std::dec);
                if (i > 0) CHECK_FALSE(is_line_start_prohibited(line.front()));
                if (i + 1 < lines.size()) CHECK_FALSE(is_line_end_prohibited(line.back()));
            }
        }
    }
}

TEST_CASE("the kinsoku table holds the JLREQ classes", "[pdf][kinsoku]") {
    for (char32_t c : std::u32string_view(U"、。，．」』）〕】ー・：；？！ゝゞ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"))
        CHECK(is_line_start_prohibited(c));
    for (char32_t c : std::u32string_view(U"「『（〔【")) CHECK(is_line_end_prohibited(c));
    for (char32_t c : std::u32string_view(U"％%℃°‰′″")) CHECK(is_line_start_prohibited(c));
    CHECK_FALSE(is_line_start_prohibited(U'あ'));
    CHECK_FALSE(is_line_end_prohibited(U'」'));
}

TEST_CASE("Latin words are never split when they fit a line", "[pdf][linebreak]") {
    const std::u32string text = U"The backup server writes snapshots nightly and verifies them with sha256sum before rotation.";
    std::vector<std::u32string> words;
    for (std::size_t start = 0, end; start < text.size(); start = end + 1) {
        end = std::min(text.find(U' ', start), text.size());
        words.push_back(text.substr(start, end - start));
    }
    for (double width : {60.0, 90.0, 120.0, 200.0}) {
        for (const auto& line : set_text(text, width)) {
            const std::u32string t = trimmed(line.text);
            for (std::size_t start = 0, end; start < t.size(); start = end + 1) {
                end = std::min(t.find(U' ', start), t.size());
                INFO("width " << width);
                CHECK(std::find(words.begin(), words.end(), t.substr(start, end - start)) != words.end());
            }
        }
    }
}

TEST_CASE("an unbroken string longer than the line breaks after a URL separator", "[pdf][linebreak]") {
    const auto lines = set_text(U"https://intranet.example.jp/manuals/restore/procedure-2026-11-01/checklist.html", 120);
    REQUIRE(lines.size() > 1);
    for (const auto& line : lines) CHECK(line.width <= 120.5);
    const auto first = trimmed(lines.front().text);
    CHECK(std::u32string_view(U"/.-_?&=#").find(first.back()) != std::u32string_view::npos);
}

TEST_CASE("a quarter em separates Japanese from Latin letters and digits", "[pdf][linebreak]") {
    const double joined = set_text(U"端末PC", 1000, false).front().width;
    const double japanese = set_text(U"端末", 1000, false).front().width;
    const double latin = set_text(U"PC", 1000, false).front().width;
    CHECK(joined == Approx(japanese + latin + 2.5).margin(0.05));  // 0.25 em at 10 pt
}

TEST_CASE("justified lines fill the measure and the last line is ragged", "[pdf][justify]") {
    const auto lines = set_text(
        U"災害時には電子カルテが使えなくなる場合に備え、紙の記録用紙と手順書を各部署に備えておく。訓練は年二回行う。", 150);
    REQUIRE(lines.size() > 2);
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) CHECK(lines[i].width == Approx(150).margin(0.05));
    CHECK(lines.back().width < 150);
}

TEST_CASE("characters outside the BMP and emoji are set", "[pdf][linebreak]") {
    const auto lines = set_text(U"𠮟責と𩸽（ほっけ）、絵文字😀も", 400);
    REQUIRE(lines.size() == 1);
    std::u32string text;
    for (const auto& g : lines.front().glyphs) text += g.text;
    CHECK(text == U"𠮟責と𩸽（ほっけ）、絵文字😀も");
    CHECK(lines.front().glyphs.front().glyph != 0);  // Noto CJK JP has 𠮟
}

namespace {
// The pen position of each character of a one-line setting.
std::vector<double> origins(const Line& line) {
    std::vector<double> out;
    for (const auto& g : line.glyphs)
        if (!g.text.empty()) out.push_back(g.x);
    return out;
}
}  // namespace

TEST_CASE("two punctuation marks in a row are set in one and a half ems", "[pdf][punctuation]") {
    // 10 pt: a mark and the one after it are half an em apart, not a whole em.
    const auto lines = set_text(U"院」という。）が等）、これら「（注）」", 1000, false);
    REQUIRE(lines.size() == 1);
    const auto x = origins(lines.front());
    const std::u32string t = lines.front().text;
    const auto step = [&](std::u32string_view pair) {
        const std::size_t at = t.find(pair);
        REQUIRE(at != std::u32string::npos);
        return x[at + 1] - x[at];
    };
    CHECK(step(U"。）") == Approx(5).margin(0.01));
    CHECK(step(U"）、") == Approx(5).margin(0.01));
    CHECK(step(U"「（") == Approx(5).margin(0.01));
    CHECK(step(U"）」") == Approx(5).margin(0.01));
    CHECK(step(U"」と") == Approx(10).margin(0.01));  // a single mark keeps its white
    CHECK(step(U"、こ") == Approx(10).margin(0.01));
    // The opening bracket after an opening bracket draws its glyph into the white it gave up.
    const std::size_t open = t.find(U"「（");
    CHECK(lines.front().glyphs[open + 1].x == Approx(x[open] + 5).margin(0.01));
}

TEST_CASE("kana and kanji are set solid, without the font's kerning", "[pdf][grid]") {
    const auto lines = set_text(U"システムのテストをします。すっかりシスです。", 1000, false);
    const auto x = origins(lines.front());
    for (std::size_t k = 0; k + 1 < x.size(); ++k) CHECK(x[k + 1] - x[k] == Approx(10).margin(0.001));
}

TEST_CASE("a line is pulled in by compressing punctuation before a character is pushed out", "[pdf][linebreak]") {
    // Eight ems of text with one comma in a line of seven and a half: the
    // comma gives up its half em and all of it fits on one line.
    const auto lines = set_text(U"あいう、えおかき", 75);
    REQUIRE(lines.size() == 1);
    CHECK(lines.front().width == Approx(75).margin(0.01));
    // With a line of seven ems it cannot: the last character goes over, and
    // the line before stays justified to the measure.
    const auto two = set_text(U"あいう、えおかきくけこさしすせ", 70);
    REQUIRE(two.size() >= 2);
    CHECK(two.front().width == Approx(70).margin(0.01));
}

TEST_CASE("no line mid-paragraph is left ragged when the paragraph can be set evenly", "[pdf][justify]") {
    const std::u32string text =
        U"当院の情報システムは、電子カルテ、オーダリング、医事会計、検査、放射線、薬剤、給食、物流の各部門システムから成り、"
        U"それぞれが院内ネットワーク（LAN）を通じて相互に接続されている。障害時は「紙運用」へ切り替える。";
    for (double width : {103.0, 157.5, 210.0, 233.0, 315.0}) {
        INFO("width " << width);
        const auto lines = set_text(text, width);
        for (std::size_t i = 0; i + 1 < lines.size(); ++i) CHECK(lines[i].width == Approx(width).margin(0.05));
    }
}

TEST_CASE("a word space stretches no more than a gap between Japanese characters", "[pdf][justify]") {
    const auto lines = set_text(U"バックアップは rsync と sha256sum で検証し、結果を記録する。障害時は担当者に連絡する。", 150);
    REQUIRE(lines.size() > 1);
    const Line& line = lines.front();
    double widest_space = 0;
    for (std::size_t k = 0; k + 1 < line.glyphs.size(); ++k)
        if (line.glyphs[k].text == U" ") widest_space = std::max(widest_space, line.glyphs[k + 1].x - line.glyphs[k].x);
    CHECK(widest_space < 10 * 0.6);  // never the four-fold gape of a quarter em per gap
}
