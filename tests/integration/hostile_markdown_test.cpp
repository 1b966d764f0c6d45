// Hostile Markdown (issue 17): bodies that once crashed `check` and `build`
// (a stack overflow) or kept them busy for minutes. Each is generated here,
// and each must end with exit 0 or 1 and, for 1, a diagnostic at
// file:line:col, from `check` and from `build` (PDFs included).

#include "fixtures.h"

using namespace tebiki::testing;

namespace {

std::string repeat(const std::string& piece, std::size_t times) {
    std::string out;
    out.reserve(piece.size() * times);
    for (std::size_t i = 0; i < times; ++i) out += piece;
    return out;
}

// One document with `body` (its first line is line 10 of the file) beside a
// plain one, committed.
void write_set(ContentRepo& repo, const std::string& body) {
    repo.write_content("hostile.md", document_with(sample_front_matter("HOST-001", "敵対的な文書"), body));
    repo.write_content("plain.md", document_with(sample_front_matter("PLAIN-001", "通常の文書"), "## 目的\n\n本文。\n"));
    repo.commit("敵対的な文書");
}

CommandResult check(const ContentRepo& repo) { return repo.tebiki({"check", "--as-of", "2026-05-01"}); }

// check and build both refuse the document with one error that starts with
// `prefix` and contains `text`, and build writes nothing.
void require_refused(const ContentRepo& repo, const std::string& prefix, const std::string& text) {
    const auto checked = check(repo);
    {
        INFO(describe(checked));
        CHECK(checked.exit_code == 1);
        const auto errors = error_lines(checked.out);
        REQUIRE(errors.size() == 1);
        CHECK_THAT(errors[0], StartsWith(prefix));
        CHECK_THAT(errors[0], Contains(text));
    }
    const auto built = repo.tebiki({"build"});
    INFO(describe(built));
    CHECK(built.exit_code == 1);
    const auto errors = error_lines(built.err);
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0], StartsWith(prefix));
    CHECK_THAT(errors[0], Contains(text));
    CHECK_THAT(built.err, Contains("build stopped"));
    CHECK_FALSE(fs::exists(repo.path("dist")));
}

// check passes, and build makes the document's page and PDF.
void require_published(const ContentRepo& repo) {
    const auto checked = check(repo);
    {
        INFO(describe(checked));
        CHECK(checked.exit_code == 0);
        CHECK(error_lines(checked.out + checked.err).empty());
    }
    const auto built = repo.tebiki({"build"});
    INFO(describe(built));
    REQUIRE(built.exit_code == 0);
    CHECK(fs::file_size(repo.path("dist/all/docs/HOST-001.html")) > 0);
    CHECK(fs::file_size(repo.path("dist/all/pdf/HOST-001.pdf")) > 0);
}

}  // namespace

TEST_CASE("hostile Markdown: a very long heading with a very long {#id}", "[check][hostile]") {
    ContentRepo repo;
    const std::string id = repeat("a", 100000);
    write_set(repo, "## 手順" + repeat(" ", 50000) + "確認 {#" + id + "}\n\n本文。\n\n[手順へ](#" + id + ")\n");
    require_published(repo);
    const std::string page = read_file(repo.path("dist/all/docs/HOST-001.html"));
    CHECK(contains(page, "id=\"" + id + "\""));
    CHECK_FALSE(contains(page, "{#"));
}

TEST_CASE("hostile Markdown: a link whose path is a hundred thousand characters", "[check][hostile]") {
    ContentRepo repo;
    write_set(repo, "本文。\n\n[参照](" + repeat("x", 100000) + ")\n");
    require_refused(repo, "content/hostile.md:12:1: error: ", "link 'xxxx");
}

TEST_CASE("hostile Markdown: block quotes nested a hundred thousand deep", "[check][hostile]") {
    ContentRepo repo;
    write_set(repo, repeat(">", 100000) + " 引用\n");
    require_refused(repo, "content/hostile.md:10:17: error: ", "block quotes and lists nested more than 16 deep");
}

TEST_CASE("hostile Markdown: lists nested a hundred thousand deep", "[check][hostile]") {
    ContentRepo repo;
    write_set(repo, "本文。\n\n" + repeat("- ", 100000) + "項目\n");
    require_refused(repo, "content/hostile.md:12:", "block quotes and lists nested more than 16 deep");
}

TEST_CASE("hostile Markdown: emphasis nested a hundred thousand deep", "[check][hostile]") {
    ContentRepo repo;
    write_set(repo, "本文。\n\n" + repeat("*", 100000) + "強調" + repeat("*", 100000) + "\n");
    require_refused(repo, "content/hostile.md:12:", "emphasis, links and strikethrough nested more than 16 deep");
}

TEST_CASE("hostile Markdown: nesting at the limit is published", "[check][hostile]") {
    ContentRepo repo;
    write_set(repo, repeat(">", 16) + " 引用\n\n" + repeat("  ", 0) + "- 一\n  - 二\n    - 三\n\n" + repeat("*", 16) +
                        "強調" + repeat("*", 16) + "\n");
    require_published(repo);
}

TEST_CASE("hostile Markdown: a table with a hundred thousand columns", "[check][hostile]") {
    ContentRepo repo;
    write_set(repo, "本文。\n\n|" + repeat("列|", 100000) + "\n|" + repeat("-|", 100000) + "\n" + repeat("|値|\n", 2000));
    require_refused(repo, "content/hostile.md:13:1: error: ", "table with 100000 columns: tebiki sets at most 64");
}

TEST_CASE("hostile Markdown: a table of 64 columns is published", "[check][hostile]") {
    ContentRepo repo;
    write_set(repo, "|" + repeat("列|", 64) + "\n|" + repeat("-|", 64) + "\n|" + repeat("値|", 64) + "\n");
    require_published(repo);
}

TEST_CASE("hostile Markdown: a million-character line without a break opportunity", "[check][hostile]") {
    ContentRepo repo;
    write_set(repo, "## 長い行\n\n" + repeat("a", 1000000) + "\n");
    require_published(repo);
    // The line is cut where each PDF line is full: about 80 letters a line,
    // 38 lines a page, so some 320 pages (twice that if lines were half full).
    const auto info = run_command("/usr/bin/pdfinfo", {repo.path("dist/all/pdf/HOST-001.pdf").string()}, repo.root());
    INFO(info.out);
    const auto at = info.out.find("Pages:");
    REQUIRE(at != std::string::npos);
    const int pages = std::stoi(info.out.substr(at + 6));
    CHECK(pages > 250);
    CHECK(pages < 400);
}
