// `tebiki build` on a valid content set: one offline site per audience.

#include "fixtures.h"

using namespace tebiki::testing;

namespace {

// Three documents: A (all) links to a heading of B (all) by its Japanese
// text and to C (it only, in a subfolder); C links back to A.
void write_valid_set(const ContentRepo& repo) {
    repo.write_content("a.md", sample_document("A-001", "運用規程",
                                               "## 目的\n\n"
                                               "障害時は[復元手順](b.md#復元手順)に従う。\n\n"
                                               "詳細は[サーバ室の手順](it/c.md)を参照。\n"));
    repo.write_content("b.md", sample_document("B-001", "バックアップ取得規則",
                                               "## 取得\n\n毎日取得する。\n\n## 復元手順\n\n1. 確認する。\n"));
    repo.write_content("it/c.md", sample_document("C-001", "サーバ室の手順", "## 入室\n\n[運用規程](../a.md)\n",
                                                  "audience: [it]\n"));
}

// Where an output file names http:// or https://, the context must be one
// that loads nothing: the SVG namespace name inside a data: URL, or a CSS
// attribute selector that styles the content's own external links.
std::vector<std::string> network_references(const std::string& path, const std::string& bytes) {
    std::vector<std::string> found;
    for (const std::string scheme : {"http://", "https://"}) {
        for (std::size_t pos = bytes.find(scheme); pos != std::string::npos; pos = bytes.find(scheme, pos + 1)) {
            const std::string before = bytes.substr(pos >= 10 ? pos - 10 : 0, pos >= 10 ? 10 : pos);
            const bool css = path.ends_with(".css");
            const bool harmless = css && (before.ends_with("xmlns='") || before.ends_with("xmlns=\"") ||
                                          before.ends_with("[href^=\"") || before.ends_with("[href^='"));
            if (!harmless) found.push_back(path + ": ..." + bytes.substr(pos >= 40 ? pos - 40 : 0, 80) + "...");
        }
    }
    for (const std::string loader : {"@import", "url(//", "url(\"//", "url('//", "src=\"//", "href=\"//"}) {
        if (contains(bytes, loader)) found.push_back(path + ": " + loader);
    }
    return found;
}

}  // namespace

TEST_CASE("build publishes one offline site per audience", "[build]") {
    ContentRepo repo;
    write_valid_set(repo);
    repo.commit("初版");

    const auto r = repo.tebiki({"build"});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);

    const fs::path dist = repo.path("dist");
    SECTION("stdout lists each audience's index page, in config order") {
        CHECK(lines_of(r.out) == std::vector<std::string>{(dist / "all/index.html").string(),
                                                          (dist / "ward-5w/index.html").string(),
                                                          (dist / "it/index.html").string()});
        CHECK_THAT(r.err, Contains("tebiki: built 10 pages for 3 audiences (3 documents, 0 errors, 0 warnings)"));
        CHECK(error_lines(r.err).empty());
    }

    SECTION("each site carries exactly its audience's documents") {
        for (const char* audience : {"all", "ward-5w", "it"}) {
            INFO(audience);
            CHECK(fs::is_regular_file(dist / audience / "index.html"));
            CHECK(fs::is_regular_file(dist / audience / "docs/A-001.html"));
            CHECK(fs::is_regular_file(dist / audience / "docs/B-001.html"));
            CHECK(fs::is_regular_file(dist / audience / "assets/style.css"));
        }
        CHECK(fs::is_regular_file(dist / "it/docs/C-001.html"));
        CHECK_FALSE(fs::exists(dist / "all/docs/C-001.html"));
        CHECK_FALSE(fs::exists(dist / "ward-5w/docs/C-001.html"));

        const std::string all_index = read_file(dist / "all/index.html");
        CHECK(has(hrefs(all_index), "docs/A-001.html"));
        CHECK(has(hrefs(all_index), "docs/B-001.html"));
        CHECK_THAT(all_index, !Contains("C-001"));
        CHECK_THAT(all_index, !Contains("サーバ室の手順"));
        const std::string it_index = read_file(dist / "it/index.html");
        CHECK(has(hrefs(it_index), "docs/C-001.html"));
        CHECK_THAT(it_index, Contains("サーバ室の手順"));
    }

    SECTION("a link to a Japanese heading keeps its fragment, and the heading carries that id") {
        const std::string a = read_file(dist / "all/docs/A-001.html");
        CHECK(has(hrefs(a), "B-001.html#復元手順"));
        const std::string b = read_file(dist / "all/docs/B-001.html");
        CHECK_THAT(b, Contains("<h2 id=\"復元手順\">復元手順</h2>"));
        // From a subfolder, a relative link to ../a.md becomes the page of A-001.
        CHECK(has(hrefs(read_file(dist / "it/docs/C-001.html")), "A-001.html"));
    }

    SECTION("a link to a document another audience does not carry is no link at all") {
        const std::string in_all = read_file(dist / "all/docs/A-001.html");
        CHECK_THAT(in_all, Contains("<span class=\"link-unavailable\""));
        CHECK_THAT(in_all, Contains(">サーバ室の手順</span>"));
        CHECK_FALSE(has(hrefs(in_all), "C-001.html"));
        CHECK_THAT(in_all, !Contains("tebiki-unavailable:"));
        CHECK_THAT(read_file(dist / "ward-5w/docs/A-001.html"), Contains("<span class=\"link-unavailable\""));

        const std::string in_it = read_file(dist / "it/docs/A-001.html");
        CHECK(has(hrefs(in_it), "C-001.html"));
        CHECK_THAT(in_it, !Contains("link-unavailable"));
    }

    SECTION("every page links to its print PDF, which is there") {
        for (const std::string site : {"all", "ward-5w", "it"}) {
            CHECK_THAT(read_file(dist / site / "index.html"), Contains("href=\"pdf/binder.pdf\""));
            CHECK(fs::exists(dist / site / "pdf" / "binder.pdf"));
        }
        CHECK_THAT(read_file(dist / "all/docs/A-001.html"), Contains("href=\"../pdf/A-001.pdf\""));
        CHECK(fs::exists(dist / "all/pdf/A-001.pdf"));
        CHECK_FALSE(fs::exists(dist / "all/pdf/C-001.pdf"));  // the it-only document
    }

    SECTION("every page is Japanese and nothing is loaded from the network") {
        const auto files = snapshot_tree(dist);
        REQUIRE(files.size() >= 3 * 4 + 2);  // per site at least: index, A, B, style.css; C in it only; the marker
        for (const auto& [path, bytes] : files) {
            INFO(path);
            if (path.ends_with(".html")) {
                CHECK_THAT(bytes, StartsWith("<!DOCTYPE html>\n<html lang=\"ja\">"));
                CHECK_THAT(bytes, !Contains("http://"));
                CHECK_THAT(bytes, !Contains("https://"));
            }
            // PDFs name XMP namespaces by URI (never fetched); pdf tests check them.
            // A zip carries the site's own files, each checked here, and stores
            // its PDFs as they are.
            if (!path.ends_with(".pdf") && !path.ends_with(".zip")) CHECK(network_references(path, bytes).empty());
        }
    }
}

TEST_CASE("build reads HEAD, not the work tree", "[build]") {
    ContentRepo repo;
    write_valid_set(repo);
    repo.commit("初版");
    // Uncommitted breakage must not matter to a build of HEAD.
    repo.write_content("a.md", "no front matter\n");
    repo.write_content("draft.md", document_with(with_value(sample_front_matter("D-001"), "effective", "someday")));

    const auto r = repo.tebiki({"build"});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(read_file(repo.path("dist/all/docs/A-001.html")), Contains("運用規程"));
    CHECK_FALSE(fs::exists(repo.path("dist/all/docs/D-001.html")));
}

TEST_CASE("build --out writes where it is told, relative to the working directory", "[build]") {
    ContentRepo repo;
    write_valid_set(repo);
    repo.commit("初版");

    const auto r = repo.tebiki({"build", "--out", "public/site"});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    CHECK(fs::is_regular_file(repo.path("public/site/all/index.html")));
    CHECK(fs::is_regular_file(repo.path("public/site/it/docs/C-001.html")));
    CHECK_FALSE(fs::exists(repo.path("dist")));
    CHECK(lines_of(r.out).front() == repo.path("public/site/all/index.html").string());
}

TEST_CASE("build stops on content errors and prints them with file:line:col", "[build]") {
    ContentRepo repo;
    write_valid_set(repo);
    repo.write_content("a.md", sample_document("A-001", "運用規程", "[なし](nothing.md)\n"));
    repo.commit("壊れたリンク");

    const auto r = repo.tebiki({"build"});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("content/a.md:10:1: error: link 'nothing.md': 'nothing.md' does not exist"));
    CHECK_THAT(r.err, Contains("tebiki: build stopped: 3 documents, 1 error, 0 warnings; 'dist' was left as it was"));
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists(repo.path("dist")));
    CHECK(staging_leftovers(repo.root()).empty());
}

TEST_CASE("a build judges review dates on the day of its commit, not today", "[build]") {
    ContentRepo repo;
    const auto [commit_time, review_by, overdue] = GENERATE(table<long long, std::string, bool>({
        {4070952000LL, "2098-12-31", true},   // committed 2099-01-01: overdue then, not today
        {1577880000LL, "2020-06-01", false},  // committed 2020-01-01: overdue today, not then
        {1774971000LL, "2026-03-31", true},   // 2026-03-31 15:30 UTC is 2026-04-01 in the commit's +09:00
    }));
    INFO("review_by " << review_by << ", committed at " << commit_time);
    repo.write_content("a.md", document_with(with_value(sample_front_matter("A-001"), "review_by", review_by)));
    repo.commit("初版", commit_time);

    const auto r = repo.tebiki({"build"});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    const std::string page = read_file(repo.path("dist/all/docs/A-001.html"));
    const std::string index = read_file(repo.path("dist/all/index.html"));
    if (overdue) {
        CHECK_THAT(page, Contains("<strong class=\"mark mark-overdue\">期限超過</strong>"));
        CHECK_THAT(index, Contains("見直し期限超過 1件"));
        CHECK_THAT(r.err, Contains("content/a.md:8:12: warning: review was due on " + review_by + " (1 days ago)"));
    } else {
        CHECK_THAT(page, !Contains("mark-overdue"));
        CHECK_THAT(index, !Contains("見直し期限超過"));
        CHECK(warning_lines(r.err).empty());
    }
}

TEST_CASE("raw HTML is left out of the pages, with a warning", "[build]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程",
                                               "## 目的\n\n<div class=\"x\">生のHTML</div>\n\n"
                                               "本文<script>alert(1)</script>\n"));
    repo.commit("初版");

    const auto r = repo.tebiki({"build"});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Contains("content/a.md:12:1: warning: raw HTML is left out of the output"));
    CHECK_THAT(r.err, Contains("content/a.md:14:1: warning: raw HTML is left out of the output"));
    const std::string page = read_file(repo.path("dist/all/docs/A-001.html"));
    CHECK_THAT(page, !Contains("<script>alert"));  // the tags are dropped (their text stays, as text)
    CHECK_THAT(page, !Contains("生のHTML"));
}

TEST_CASE("raw HTML on one line gives one warning", "[build]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程", "本文<script>alert(1)</script>\n"));
    repo.commit("初版");

    const auto r = repo.tebiki({"build"});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    CHECK(warning_lines(r.err).size() == 1);
    CHECK_THAT(r.err, Contains("(1 document, 0 errors, 1 warning)"));
}

TEST_CASE("build --no-pdf leaves the PDFs and their links out", "[build]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程", "本文\n"));
    repo.commit("初版");
    const auto r = repo.tebiki({"build", "--no-pdf"});
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    CHECK_FALSE(fs::exists(repo.path("dist/all/pdf")));
    CHECK_THAT(read_file(repo.path("dist/all/index.html")), !Contains("binder.pdf"));
    CHECK_THAT(read_file(repo.path("dist/all/docs/A-001.html")), !Contains(".pdf"));
    CHECK(fs::exists(repo.path("dist/all/search/index.js")));
}
