// The published PDFs checked with real tools: qpdf --check passes, pdffonts
// shows every font embedded, subset and with a Unicode map, pdftotext gives
// back every block's text (after NFC and with white space removed, since
// Japanese has no spaces and line ends are not the source's), the same
// commit gives the same bytes, and the binder carries every document.
//
// Runs on the sample content (content/) and on the torture fixture
// (tests/fixtures/pdf-torture/: every GFM construct, a table longer than a
// page, long unbroken strings and URLs, mixed scripts, 𠮟 and other kanji
// outside the BMP, emoji, an empty document).

#include <catch2/catch.hpp>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "document/markdown.h"
#include "document/metadata.h"
#include "run_command.h"

namespace fs = std::filesystem;
using tebiki::testing::CommandResult;
using tebiki::testing::run_command;

namespace {

const fs::path kSource = TEBIKI_SOURCE_DIR;

// poppler-utils and qpdf, from build-scripts/setup.
std::string tool(const char* name) { return (fs::path("/usr/bin") / name).string(); }

struct Published {
    fs::path content;
    fs::path out;
};

// Each content set is published once per test run.
const Published& published(const std::string& content_relative) {
    static std::map<std::string, Published> cache;
    auto it = cache.find(content_relative);
    if (it != cache.end()) return it->second;
    Published p{kSource / content_relative, fs::temp_directory_path() / ("tebiki-pdf-test-" + std::to_string(::getpid())) /
                                                content_relative};
    fs::remove_all(p.out);
    const CommandResult r =
        run_command(TEBIKI_BINARY, {"build", "--worktree", "--content", p.content.string(), "--out", p.out.string()}, kSource);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return cache.emplace(content_relative, p).first->second;
}

std::vector<fs::path> pdfs_under(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.path().extension() == ".pdf") out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t count_of(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
}

// NFC, white space removed.
icu::UnicodeString normalised(const std::string& utf8) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    const icu::UnicodeString text = nfc->normalize(icu::UnicodeString::fromUTF8(utf8), status);
    icu::UnicodeString out;
    for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
        const UChar32 c = text.char32At(i);
        if (!u_isUWhiteSpace(c)) out.append(c);
    }
    return out;
}

std::string utf8(const icu::UnicodeString& s) {
    std::string out;
    s.toUTF8String(out);
    return out;
}

// The body's text as pdftotext sees it in content-stream order (-raw: the
// order tebiki draws in, which is reading order; poppler's column guessing
// would otherwise split a line at a wide ideographic space), the text area
// only (no header or footer), footnote marks ("※1") removed.
icu::UnicodeString pdf_body_text(const fs::path& pdf) {
    // The default theme's A4 page with 24 mm top and bottom margins.
    const CommandResult r = run_command(tool("pdftotext"), {"-raw", "-x", "0", "-y", "68", "-W", "596", "-H", "706", pdf.string(), "-"}, kSource);
    REQUIRE(r.exit_code == 0);
    static const std::regex footnote_mark("※[0-9]+");
    return normalised(std::regex_replace(r.out, footnote_mark, ""));
}

struct ExpectedText {
    std::vector<std::string> blocks;  // paragraphs, headings, table cells, code lines
};

ExpectedText expected_text(const std::string& body) {
    tebiki::MarkdownTree tree = tebiki::MarkdownTree::parse(body);
    tree.extract_outline();  // takes the "{#id}" markers off the headings
    ExpectedText out;
    cmark_iter* iter = cmark_iter_new(tree.root());
    for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node* node = cmark_iter_get_node(iter);
        const std::string_view type = cmark_node_get_type_string(node);
        if (type == "paragraph" || type == "heading") {
            out.blocks.push_back(tebiki::plain_text(node));
        } else if (type == "table_cell") {
            out.blocks.push_back(tebiki::plain_text(node));
        } else if (type == "code_block") {
            std::istringstream lines(cmark_node_get_literal(node));
            for (std::string line; std::getline(lines, line);) out.blocks.push_back(line);
        }
    }
    cmark_iter_free(iter);
    return out;
}

void check_round_trip(const Published& p) {
    for (const auto& entry : fs::recursive_directory_iterator(p.content)) {
        if (entry.path().extension() != ".md") continue;
        const std::string source = read_bytes(entry.path());
        const tebiki::SplitDocument split = tebiki::split_front_matter(source);
        std::smatch id;
        static const std::regex id_line("(^|\n)id:\\s*([A-Za-z0-9_-]+)");
        const std::string front_matter(split.front_matter);
        REQUIRE(std::regex_search(front_matter, id, id_line));
        const std::string doc_id = id[2];
        // Every site that carries the document has its PDF; check the first.
        fs::path pdf;
        for (const auto& site : fs::directory_iterator(p.out))
            if (fs::exists(site.path() / "pdf" / (doc_id + ".pdf"))) {
                pdf = site.path() / "pdf" / (doc_id + ".pdf");
                break;
            }
        INFO("document " << doc_id);
        REQUIRE_FALSE(pdf.empty());
        const icu::UnicodeString text = pdf_body_text(pdf);
        const ExpectedText expected = expected_text(std::string(split.body));
        for (const auto& block : expected.blocks) {
            const icu::UnicodeString want = normalised(block);
            if (want.isEmpty()) continue;
            INFO("block: " << block);
            CHECK(text.indexOf(want) >= 0);
        }
    }
}

void check_tools(const Published& p) {
    const auto files = pdfs_under(p.out);
    REQUIRE(files.size() >= 3);
    for (const auto& pdf : files) {
        INFO(pdf.string());
        const CommandResult check = run_command(tool("qpdf"), {"--check", pdf.string()}, kSource);
        INFO(check.out << check.err);
        CHECK(check.exit_code == 0);
        const CommandResult fonts = run_command(tool("pdffonts"), {pdf.string()}, kSource);
        REQUIRE(fonts.exit_code == 0);
        std::istringstream rows(fonts.out);
        std::string row;
        int font_rows = 0;
        std::getline(rows, row);
        std::getline(rows, row);  // the header and its rule
        static const std::regex good(R"(^\S+\+\S+\s+.*\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$)");
        while (std::getline(rows, row)) {
            INFO("pdffonts: " << row);
            CHECK(std::regex_match(row, good));
            ++font_rows;
        }
        CHECK(font_rows > 0);
        // poppler reads every object (links, destinations) without complaint.
        const CommandResult text = run_command(tool("pdftotext"), {pdf.string(), "/dev/null"}, kSource);
        CHECK(text.exit_code == 0);
        CHECK(text.err.empty());
    }
}

}  // namespace

TEST_CASE("every PDF of the sample content passes qpdf and pdffonts", "[pdf][tools]") {
    check_tools(published("content"));
}

TEST_CASE("every PDF of the torture fixture passes qpdf and pdffonts", "[pdf][tools]") {
    check_tools(published("tests/fixtures/pdf-torture"));
}

TEST_CASE("pdftotext gives back the sample content's text", "[pdf][text]") {
    check_round_trip(published("content"));
}

TEST_CASE("pdftotext gives back the torture fixture's text", "[pdf][text]") {
    check_round_trip(published("tests/fixtures/pdf-torture"));
}

TEST_CASE("characters outside the BMP and emoji survive into the text layer", "[pdf][text]") {
    const Published& p = published("tests/fixtures/pdf-torture");
    const std::string text = utf8(pdf_body_text(p.out / "all" / "pdf" / "PDF-001.pdf"));
    for (const char* s : {"𠮟る", "𩸽", "𠀋", "𡈽", "😀", "✅", "👍"}) {
        INFO(s);
        CHECK(text.find(s) != std::string::npos);
    }
}

TEST_CASE("the same content gives byte-identical PDFs", "[pdf][determinism]") {
    const Published& p = published("tests/fixtures/pdf-torture");
    const fs::path again = p.out.parent_path() / "again";
    fs::remove_all(again);
    const CommandResult r =
        run_command(TEBIKI_BINARY, {"build", "--worktree", "--content", p.content.string(), "--out", again.string()}, kSource);
    REQUIRE(r.exit_code == 0);
    for (const auto& pdf : pdfs_under(p.out)) {
        INFO(pdf.string());
        CHECK(read_bytes(pdf) == read_bytes(again / fs::relative(pdf, p.out)));
    }
}

TEST_CASE("PDFs carry metadata, language and bookmarks", "[pdf][structure]") {
    const Published& p = published("tests/fixtures/pdf-torture");
    const fs::path pdf = p.out / "all" / "pdf" / "PDF-001.pdf";
    const std::string bytes = read_bytes(pdf);
    CHECK(bytes.find("/Lang(ja-JP)") != std::string::npos);
    CHECK(bytes.find("/Outlines") != std::string::npos);
    const CommandResult info = run_command(tool("pdfinfo"), {"-meta", pdf.string()}, kSource);
    CHECK(info.out.find("組版耐久試験文書") != std::string::npos);
    CHECK(info.out.find("<xmp:CreateDate>") != std::string::npos);
    const CommandResult dates = run_command(tool("pdfinfo"), {"-isodates", pdf.string()}, kSource);
    CHECK(dates.out.find("Author:          医療情報部") != std::string::npos);
}

TEST_CASE("the binder has a cover, a contents page and every document", "[pdf][binder]") {
    const Published& p = published("tests/fixtures/pdf-torture");
    const fs::path binder = p.out / "it" / "pdf" / "binder.pdf";
    const CommandResult text = run_command(tool("pdftotext"), {binder.string(), "-"}, kSource);
    REQUIRE(text.exit_code == 0);
    for (const char* s : {"文書綴り", "目次", "組版耐久試験文書", "本文のない文書", "廃止された手順"}) {
        INFO(s);
        CHECK(text.out.find(s) != std::string::npos);
    }
    // Pages: the cover, the contents, then each document's own pages.
    int document_pages = 0;
    for (const char* id : {"PDF-001", "PDF-002", "PDF-003"}) {
        const CommandResult info = run_command(tool("pdfinfo"), {(p.out / "it" / "pdf" / (std::string(id) + ".pdf")).string()}, kSource);
        std::smatch m;
        REQUIRE(std::regex_search(info.out, m, std::regex("Pages:\\s+(\\d+)")));
        document_pages += std::stoi(m[1]);
    }
    const CommandResult info = run_command(tool("pdfinfo"), {binder.string()}, kSource);
    std::smatch m;
    REQUIRE(std::regex_search(info.out, m, std::regex("Pages:\\s+(\\d+)")));
    CHECK(std::stoi(m[1]) == 2 + document_pages);
}

// The named destinations poppler finds in a PDF (pdfinfo -dests), by name, with their page.
std::map<std::string, int> named_destinations(const fs::path& pdf) {
    const CommandResult r = run_command(tool("pdfinfo"), {"-dests", pdf.string()}, kSource);
    REQUIRE(r.exit_code == 0);
    std::map<std::string, int> out;
    static const std::regex line("^\\s*(\\d+) \\[[^\\]]*\\] \"(.*)\"$");
    std::istringstream lines(r.out);
    for (std::string l; std::getline(lines, l);) {
        std::smatch m;
        if (std::regex_match(l, m, line)) out[m[2]] = std::stoi(m[1]);
    }
    return out;
}

TEST_CASE("every heading is a named destination, in each document's PDF and in the binder", "[pdf][binder]") {
    const Published& p = published("tests/fixtures/pdf-torture");
    const auto binder = named_destinations(p.out / "it" / "pdf" / "binder.pdf");
    std::size_t documents_total = 0;
    for (const char* id : {"PDF-001", "PDF-002", "PDF-003"}) {
        INFO(id);
        const auto own = named_destinations(p.out / "it" / "pdf" / (std::string(id) + ".pdf"));
        documents_total += own.size();
        for (const auto& [name, page] : own) {
            INFO(name);
            CHECK(name.rfind(std::string(id) + "#", 0) == 0);
            REQUIRE(binder.count(name) == 1);
            CHECK(binder.at(name) >= page + 2);  // after the cover and the contents
        }
    }
    CHECK(documents_total >= 7);  // PDF-001 alone has six headings and its history
    CHECK(binder.size() == documents_total + 2);  // and the binder's cover and contents
    CHECK(binder.at("binder#cover") == 1);
    CHECK(binder.at("binder#contents") == 2);
}

TEST_CASE("the binder's bookmarks nest each document's headings under it", "[pdf][binder]") {
    const Published& p = published("tests/fixtures/pdf-torture");
    const CommandResult r = run_command(tool("qpdf"), {"--json", "--json-key=outlines", (p.out / "it" / "pdf" / "binder.pdf").string()}, kSource);
    REQUIRE(r.exit_code == 0);
    const auto outlines = nlohmann::json::parse(r.out).at("outlines");
    REQUIRE(outlines.size() == 4);  // the contents, then three documents
    CHECK(outlines[0].at("title") == "目次");
    CHECK(outlines[1].at("title") == "PDF-001　組版耐久試験文書");
    CHECK(outlines[1].at("destpageposfrom1") == 3);
    const auto& headings = outlines[1].at("kids");
    REQUIRE(headings.size() == 7);  // six headings, then the revision history
    CHECK(headings[0].at("title") == "1　段落と強調");
    CHECK(headings[1].at("kids").at(0).at("title") == "2.1　三段目の見出し");
    CHECK(headings[6].at("title") == "改訂履歴");
    // The empty document has no headings of its own, only its history.
    REQUIRE(outlines[2].at("kids").size() == 1);
    CHECK(outlines[2].at("kids").at(0).at("title") == "改訂履歴");
}

TEST_CASE("a document's PDF is shared by the sites only where its layout is the same", "[pdf][sites]") {
    // Issue 19: a build renders a document's own PDF once and gives it to
    // every site that lays it out the same way. PRC-005 links to no
    // document that one site carries and another lacks: the same bytes in
    // all three sites. PRC-002 links to the restore procedure, which only
    // the IT site carries (a link there, plain text elsewhere): its bytes differ.
    const Published& p = published("content");
    const auto bytes = [&p](const char* site, const char* id) {
        return read_bytes(p.out / site / "pdf" / (std::string(id) + ".pdf"));
    };
    const std::string shared = bytes("all", "PRC-005");
    REQUIRE(shared.size() > 1000);
    CHECK(bytes("ward-5w", "PRC-005") == shared);
    CHECK(bytes("it", "PRC-005") == shared);
    CHECK(bytes("ward-5w", "PRC-002") == bytes("all", "PRC-002"));
    CHECK(bytes("it", "PRC-002") != bytes("all", "PRC-002"));
}

TEST_CASE("the default theme's PDFs carry two faces: the gothic regular and bold", "[pdf][fonts]") {
    // Issue 19: body, tables and furniture share Noto Sans CJK JP Regular;
    // headings and **bold** body text (`fonts.strong: heading`) its Bold.
    // PRC-001 has all of them, and no inline code.
    const Published& p = published("content");
    const CommandResult fonts = run_command(tool("pdffonts"), {(p.out / "all" / "pdf" / "PRC-001.pdf").string()}, kSource);
    REQUIRE(fonts.exit_code == 0);
    INFO(fonts.out);
    CHECK(count_of(fonts.out, "NotoSansCJKjp-Regular") == 1);
    CHECK(count_of(fonts.out, "NotoSansCJKjp-Bold") == 1);
    CHECK(count_of(fonts.out, "CID Type 0C") == 2);
}

TEST_CASE("a PNG's compressed rows are carried into the PDF as they are, showing the same pixels", "[pdf][images]") {
    const Published& p = published("content");
    // MAN-001 shows terminal-screen.png (8-bit RGB, not interlaced).
    const fs::path pdf = p.out / "all" / "pdf" / "MAN-001.pdf";
    const fs::path png = kSource / "content" / "images" / "terminal-screen.png";
    const CommandResult r =
        run_command("/usr/bin/python3", {(kSource / "tests/pdf/images.py").string(), pdf.string(), png.string()}, kSource);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto report = nlohmann::json::parse(r.out);
    REQUIRE(report["images"].size() == 1);
    const auto& image = report["images"][0];
    const auto& source = report["sources"][0];
    CHECK(image["filter"] == "/FlateDecode");
    CHECK(image["predictor"] == "15");
    CHECK(image["raw_sha256"] == source["idat_sha256"]);  // not inflated and deflated again
    CHECK(image["width"] == source["width"]);
    CHECK(image["height"] == source["height"]);
    CHECK(image["sha256"] == source["sha256"]);  // the same pixels
    // The binder carries it the same way.
    const CommandResult binder = run_command(
        "/usr/bin/python3", {(kSource / "tests/pdf/images.py").string(), (p.out / "all" / "pdf" / "binder.pdf").string(), png.string()},
        kSource);
    REQUIRE(binder.exit_code == 0);
    bool found = false;
    const auto binder_report = nlohmann::json::parse(binder.out);
    for (const auto& entry : binder_report["images"])
        found |= entry["raw_sha256"] == source["idat_sha256"] && entry["sha256"] == source["sha256"];
    CHECK(found);
}
