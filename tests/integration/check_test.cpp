// `tebiki check`: one case per kind of bad input, each with its exit code and
// its diagnostic at the right file:line:col. check reads the work tree by
// default, so most cases need no commit.

#include <unicode/ucnv.h>

#include "fixtures.h"

using namespace tebiki::testing;

namespace {

// A fixed day, so that no result depends on when the tests run.
CommandResult check(const ContentRepo& repo, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"check", "--as-of", "2026-05-01"};
    args.insert(args.end(), extra.begin(), extra.end());
    return repo.tebiki(args);
}

// Exactly one error line, which starts with `prefix` and contains `text`.
void require_single_error(const CommandResult& r, const std::string& prefix, const std::string& text) {
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    const auto errors = error_lines(r.out);
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0], StartsWith(prefix));
    CHECK_THAT(errors[0], Contains(text));
    CHECK_THAT(r.err, Contains(", 1 error, "));
}

// "運用規程" and "医療情報部" as Shift_JIS (CP932) bytes.
const std::string kUnyoKiteiSjis = "\x89\x5E\x97\x70\x8B\x4B\x92\xF6";
const std::string kIryoJohobuSjis = "\x88\xE3\x97\xC3\x8F\xEE\x95\xF1\x95\x94";

std::string cp932_to_utf8(const std::string& bytes) {
    UErrorCode status = U_ZERO_ERROR;
    std::string out(bytes.size() * 3 + 1, '\0');
    const int32_t n = ucnv_convert("UTF-8", "windows-31j", out.data(), static_cast<int32_t>(out.size()),
                                   bytes.data(), static_cast<int32_t>(bytes.size()), &status);
    if (U_FAILURE(status)) return "conversion failed: " + std::string(u_errorName(status));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

}  // namespace

TEST_CASE("check passes a clean set with no error lines", "[check]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n\n[復元手順](b.md#復元手順)\n"));
    repo.write_content("b.md", sample_document("B-001", "復元手順書", "## 復元手順\n\n![図](images/a.png)\n"));
    repo.write_content("images/a.png", "png");

    const auto r = check(repo);
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(error_lines(r.out + r.err).empty());
    CHECK(warning_lines(r.out + r.err).empty());
    CHECK(lines_of(r.err) == std::vector<std::string>{"tebiki: 2 documents, 0 errors, 0 warnings"});
}

TEST_CASE("check: a Markdown file without front matter", "[check]") {
    ContentRepo repo;
    repo.write_content("plain.md", "# 運用規程\n\n本文\n");
    require_single_error(check(repo), "content/plain.md:1:1: error: ",
                         "missing front matter: start the file with a '---' line");
}

TEST_CASE("check: front matter that is never closed", "[check]") {
    ContentRepo repo;
    repo.write_content("open.md", "---\nid: U-001\ntitle: 未完\n\n本文\n");
    require_single_error(check(repo), "content/open.md:1:1: error: ",
                         "front matter is not closed: add a '---' line after the last 'key: value' line");
}

TEST_CASE("check: each required front-matter key, missing", "[check]") {
    const auto [key, example] = GENERATE(table<std::string, std::string>({
        {"id", "id: OPS-003"},
        {"title", "title: バックアップ取得規則"},
        {"status", "status: draft"},
        {"owner", "owner: 医療情報部"},
        {"effective", "effective: 2026-04-01"},
    }));
    INFO("without " << key);
    ContentRepo repo;
    // Without 'status' the document is a draft, which needs no approver.
    repo.write_content("doc.md", document_with(without_key(sample_front_matter("D-001"), key), "本文\n"));
    require_single_error(check(repo), "content/doc.md:1:1: error: ",
                         "front matter: '" + key + "' is required (e.g. '" + example + "')");
}

TEST_CASE("check: a date that is not YYYY-MM-DD points at the value and says the same day in that form", "[check]") {
    const auto [value, advice] = GENERATE(table<std::string, std::string>({
        {"2026/04/01", "must be written as YYYY-MM-DD (got '2026/04/01'): write 2026-04-01"},
        {"2026-4-1", "must be written as YYYY-MM-DD (got '2026-4-1'): write 2026-04-01"},
        {"令和8年4月1日", "must be written as YYYY-MM-DD (got '令和8年4月1日'): write 2026-04-01"},
        {"2026-02-30", "names a day that does not exist (got '2026-02-30'); check the month and day"},
        {"来年度", "must be a date like 2026-04-01 (got '来年度')"},
    }));
    INFO("effective: " << value);
    ContentRepo repo;
    repo.write_content("doc.md", document_with(with_value(sample_front_matter("D-001"), "effective", value)));
    // 'effective' is on line 7; its value starts after "effective: ", in column 12.
    require_single_error(check(repo), "content/doc.md:7:12: error: ", "front matter: 'effective' " + advice);
}

TEST_CASE("check: a bad review_by date", "[check]") {
    ContentRepo repo;
    repo.write_content("doc.md", document_with(with_value(sample_front_matter("D-001"), "review_by", "2027-13-01")));
    require_single_error(check(repo), "content/doc.md:8:12: error: ",
                         "'review_by' names a day that does not exist (got '2027-13-01'); check the month and day");
}

TEST_CASE("check: an unknown status", "[check]") {
    ContentRepo repo;
    repo.write_content("doc.md", document_with(with_value(sample_front_matter("D-001"), "status", "done")));
    require_single_error(check(repo), "content/doc.md:4:9: error: ",
                         "front matter: 'status' unknown status 'done': use draft, review, approved or obsolete");
}

TEST_CASE("check: an unknown audience", "[check]") {
    ContentRepo repo;
    repo.write_content("doc.md", sample_document("D-001", "文書", "", "audience: [icu]\n"));
    // The column of the unknown key itself, inside the brackets.
    require_single_error(check(repo), "content/doc.md:9:12: error: ",
                         "front matter: 'audience' unknown audience 'icu': tebiki.yml defines all, ward-5w, it");
}

TEST_CASE("check: an unknown audience in a block list points at that item", "[check]") {
    ContentRepo repo;
    repo.write_content("doc.md", sample_document("D-001", "文書", "", "audience:\n  - it\n  - icu\n"));
    // Line 9 'audience:', line 10 '  - it', line 11 '  - icu' (the value in column 5).
    require_single_error(check(repo), "content/doc.md:11:5: error: ", "unknown audience 'icu'");
}

TEST_CASE("check: two documents with the same id", "[check]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("DUP-001", "一つ目", ""));
    repo.write_content("b.md", sample_document("DUP-001", "二つ目", ""));
    require_single_error(check(repo), "content/b.md:2:5: error: ",
                         "duplicate id 'DUP-001': already used by content/a.md:2:5, which had it first; give this document an id of its own");
}

TEST_CASE("check: an approved or obsolete document without an approver", "[check]") {
    const std::string status = GENERATE(as<std::string>{}, "approved", "obsolete");
    ContentRepo repo;
    repo.write_content("doc.md",
                       document_with(with_value(without_key(sample_front_matter("D-001"), "approver"), "status", status)));
    require_single_error(check(repo), "content/doc.md:4:9: error: ",
                         "front matter: an " + status + " document needs an 'approver' (e.g. 'approver: 病院長')");
}

TEST_CASE("check: a draft needs no approver", "[check]") {
    ContentRepo repo;
    repo.write_content("doc.md",
                       document_with(with_value(without_key(sample_front_matter("D-001"), "approver"), "status", "draft")));
    const auto r = check(repo);
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
}

TEST_CASE("check: a link to a document that does not exist", "[check]") {
    ContentRepo repo;
    // The body starts on line 10; "手順は" is three characters, so the link is in column 4.
    repo.write_content("a.md", sample_document("A-001", "運用規程", "手順は[復元](restore.md)を参照。\n"));
    require_single_error(check(repo), "content/a.md:10:4: error: ",
                         "link 'restore.md': 'restore.md' does not exist (looked for content/restore.md)");
}

TEST_CASE("check: a link to a heading that does not exist names the ids there are", "[check]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n\n[復元](b.md#復元)\n"));
    repo.write_content("b.md", sample_document("B-001", "復元手順書", "## 取得\n\n## 復元手順\n\n## 3. 確認 {#check}\n"));
    require_single_error(check(repo), "content/a.md:12:1: error: ",
                         "link 'b.md#復元': B-001 (content/b.md) has no heading with id '復元'; "
                         "its heading ids are: 取得, 復元手順, check");
}

TEST_CASE("check: links to headings by id or by their text both resolve", "[check]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程",
                                               "[一](b.md#check) [二](b.md#3-確認の手順) [三](#目的)\n\n## 目的\n"));
    repo.write_content("b.md", sample_document("B-001", "復元手順書", "## 3. 確認の手順\n\n## 確認 {#check}\n"));
    const auto r = check(repo);
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
}

TEST_CASE("check: an image that does not exist", "[check]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程", "## 構成\n\n構成図：![構成図](images/none.png)\n"));
    require_single_error(check(repo), "content/a.md:12:5: error: ",
                         "image 'images/none.png': 'images/none.png' does not exist (looked for "
                         "content/images/none.png)");
}

TEST_CASE("check: an image outside the content root", "[check]") {
    const std::string url = GENERATE(as<std::string>{}, "../../x.png", "../x.png");
    INFO(url);
    ContentRepo repo;
    repo.write("x.png", "png");  // exists in the repository, but not under content/
    repo.write_content("a.md", sample_document("A-001", "運用規程", "![図](" + url + ")\n"));
    require_single_error(check(repo), "content/a.md:10:1: error: ",
                         "image '" + url + "': '" + url + "' points outside the content root");
}

TEST_CASE("check: a file saved as Shift_JIS says so and how to convert it", "[check]") {
    REQUIRE(cp932_to_utf8(kUnyoKiteiSjis) == "運用規程");
    REQUIRE(cp932_to_utf8(kIryoJohobuSjis) == "医療情報部");
    ContentRepo repo;
    repo.write_content("sjis.md", "---\nid: SJ-001\ntitle: " + kUnyoKiteiSjis +
                                      "\nstatus: draft\nowner: " + kIryoJohobuSjis +
                                      "\neffective: 2026-04-01\n---\n");
    // The first byte that is not UTF-8 is the title's first, after "title: ".
    require_single_error(check(repo), "content/sjis.md:3:8: error: not valid UTF-8: ", "Shift_JIS");
    const auto r = check(repo);
    CHECK_THAT(r.out, Contains("iconv -f CP932 -t UTF-8"));
}

TEST_CASE("check: an overdue review is a warning, judged on --as-of", "[check]") {
    ContentRepo repo;
    repo.write_content("doc.md", document_with(with_value(sample_front_matter("D-001"), "review_by", "2026-06-30")));

    SECTION("long before the due day: nothing to say") {
        const auto r = repo.tebiki({"check", "--as-of", "2026-04-01"});
        INFO(describe(r));
        CHECK(r.exit_code == 0);
        CHECK(r.out.empty());
    }
    SECTION("within the warning window (30 days): a reminder naming the owner") {
        const auto r = repo.tebiki({"check", "--as-of", "2026-06-20"});
        INFO(describe(r));
        CHECK(r.exit_code == 0);
        CHECK(lines_of(r.out) == std::vector<std::string>{"content/doc.md:8:12: warning: review is due on 2026-06-30 "
                                                          "(in 10 days): plan the review with the owner (医療情報部)"});
    }
    SECTION("the day after: a warning at the review_by value, and still exit 0") {
        const auto r = repo.tebiki({"check", "--as-of", "2026-07-01"});
        INFO(describe(r));
        CHECK(r.exit_code == 0);
        CHECK(error_lines(r.out).empty());
        CHECK(lines_of(r.out) ==
              std::vector<std::string>{"content/doc.md:8:12: warning: review was due on 2026-06-30 (1 days ago): "
                                       "review the document and set a new 'review_by'"});
        CHECK_THAT(r.err, Contains("1 document, 0 errors, 1 warning"));
    }
    SECTION("without --as-of, today decides") {
        repo.write_content("doc.md",
                           document_with(with_value(sample_front_matter("D-001"), "review_by", "2020-01-01")));
        const auto r = repo.tebiki({"check"});
        INFO(describe(r));
        CHECK(r.exit_code == 0);
        REQUIRE(warning_lines(r.out).size() == 1);
        CHECK_THAT(warning_lines(r.out)[0], StartsWith("content/doc.md:8:12: warning: review was due on 2020-01-01"));
    }
}

TEST_CASE("check: an overdue review from review_months points at review_months", "[check]") {
    ContentRepo repo;
    auto lines = without_key(sample_front_matter("D-001"), "review_by");
    lines.push_back("review_months: 12");
    repo.write_content("doc.md", document_with(lines));
    const auto r = repo.tebiki({"check", "--as-of", "2027-04-02"});
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK(lines_of(r.out) == std::vector<std::string>{"content/doc.md:8:16: warning: review was due on 2027-04-01 "
                                                      "(1 days ago): review the document and set a new 'review_by'"});
}

TEST_CASE("check: a warning alongside an error still exits 1", "[check]") {
    ContentRepo repo;
    repo.write_content("a.md", document_with(with_value(sample_front_matter("A-001"), "review_by", "2020-01-01")));
    repo.write_content("b.md", document_with(with_value(sample_front_matter("B-001"), "status", "done")));
    const auto r = check(repo);
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    CHECK(warning_lines(r.out).size() == 1);
    CHECK(error_lines(r.out).size() == 1);
}

TEST_CASE("check: an unknown front-matter key is a warning with a hint", "[check]") {
    ContentRepo repo;
    // Line 9 holds the misspelt key, line 10 one with no near match.
    repo.write_content("doc.md", sample_document("D-001", "文書", "", "reveiw_by: 2027-03-31\ncolour: red\n"));
    const auto r = check(repo);
    INFO(describe(r));
    CHECK(r.exit_code == 0);
    CHECK(error_lines(r.out).empty());
    CHECK(lines_of(r.out) == std::vector<std::string>{
                                 "content/doc.md:9:1: warning: front matter: unknown key 'reveiw_by' (did you mean "
                                 "'review_by'?)",
                                 "content/doc.md:10:1: warning: front matter: unknown key 'colour'"});
}

TEST_CASE("check: no content/tebiki.yml", "[check]") {
    ContentRepo repo;
    repo.remove("content/tebiki.yml");
    repo.write_content("a.md", sample_document("A-001", "運用規程", ""));
    const auto r = check(repo);
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    REQUIRE(error_lines(r.out).size() == 1);
    CHECK_THAT(error_lines(r.out)[0], StartsWith("content/tebiki.yml: error: content config not found"));
}

TEST_CASE("check: diagnostics are sorted by file, line and column", "[check]") {
    ContentRepo repo;
    repo.write_content("b.md", sample_document("B-001", "文書", "[x](none1.md) [y](none2.md)\n\n[z](none3.md)\n"));
    repo.write_content("a.md", document_with(with_value(sample_front_matter("A-001"), "status", "done")));
    const auto r = check(repo);
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    const auto errors = error_lines(r.out);
    REQUIRE(errors.size() == 4);
    CHECK_THAT(errors[0], StartsWith("content/a.md:4:9: "));
    CHECK_THAT(errors[1], StartsWith("content/b.md:10:1: "));
    CHECK_THAT(errors[2], StartsWith("content/b.md:10:15: "));
    CHECK_THAT(errors[3], StartsWith("content/b.md:12:1: "));
    CHECK_THAT(r.err, Contains("tebiki: 2 documents, 4 errors, 0 warnings"));
}

TEST_CASE("check reads the work tree by default and a revision with --rev", "[check]") {
    ContentRepo repo;
    repo.write_content("doc.md", document_with(with_value(sample_front_matter("D-001"), "effective", "2026-02-30")));
    repo.commit("壊れた日付");
    repo.write_content("doc.md", sample_document("D-001", "文書", ""));  // fixed, not committed

    const auto worktree = check(repo);
    INFO(describe(worktree));
    CHECK(worktree.exit_code == 0);
    CHECK(worktree.out.empty());

    const auto head = check(repo, {"--rev", "HEAD"});
    INFO(describe(head));
    CHECK(head.exit_code == 1);
    CHECK_THAT(head.out, Contains("content/doc.md:7:12: error: front matter: 'effective' names a day that does not exist"));

    SECTION("and a new, untracked file is checked too") {
        repo.write_content("new.md", "no front matter\n");
        const auto r = check(repo);
        INFO(describe(r));
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains("content/new.md:1:1: error: missing front matter"));
        CHECK(check(repo, {"--rev", "HEAD"}).out.find("new.md") == std::string::npos);
    }
}

TEST_CASE("check --as-of must be a date", "[check]") {
    ContentRepo repo;
    const auto r = repo.tebiki({"check", "--as-of", "2026-4-1"});
    INFO(describe(r));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("--as-of must be a date like 2026-04-01"));
}

TEST_CASE("check: front matter that is not valid YAML", "[check]") {
    ContentRepo repo;
    repo.write_content("doc.md", document_with(with_value(sample_front_matter("D-001"), "title", "[閉じていない")));
    const auto r = check(repo);
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    const auto errors = error_lines(r.out);
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0], StartsWith("content/doc.md:"));
    CHECK_THAT(errors[0], Contains(": error: front matter: invalid YAML: "));
}

TEST_CASE("check: a link to a document with errors of its own", "[check]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程", "[B](b.md)\n"));
    repo.write_content("b.md", "front matter のない文書\n");
    const auto r = check(repo);
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    CHECK(error_lines(r.out) == std::vector<std::string>{
                                    "content/a.md:10:1: error: link 'b.md': 'b.md' is not a valid document (see its "
                                    "own errors)",
                                    "content/b.md:1:1: error: missing front matter: start the file with a '---' line, "
                                    "then 'id', 'title', 'status', 'owner' and 'effective', then another '---' line"});
}

// ズ composed (U+30BA, NFC) and decomposed (ス U+30B9 + combining dakuten
// U+3099, NFD, as some Mac tools save names). Bundles carry NFC names only
// (zip readers compose them), so check refuses the link at its position.
namespace {
const std::string kZuNfc = "\xE3\x82\xBA";
const std::string kZuNfd = "\xE3\x82\xB9\xE3\x82\x99";
}  // namespace

TEST_CASE("check: an image whose file name is not in Unicode NFC is an error at the link", "[check][nfc]") {
    ContentRepo repo;
    repo.write_content("images/" + kZuNfd + ".png", "png");
    SECTION("linked as the file is named (NFD)") {
        repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n\n本文。![図](images/" + kZuNfd + ".png)\n"));
        const auto r = check(repo);
        require_single_error(r, "content/a.md:12:4: error: image", "is not in Unicode NFC");
        CHECK_THAT(r.out, Contains("rename the file to its NFC form 'images/" + kZuNfc + ".png'"));

        // build refuses it as a content error (exit 1) with the same message,
        // before any site is written.
        repo.commit("content");
        const auto b = repo.tebiki({"build", "--no-pdf"});
        INFO(describe(b));
        CHECK(b.exit_code == 1);
        CHECK_THAT(b.err, Contains("content/a.md:12:4: error: image"));
        CHECK_THAT(b.err, Contains("rename the file to its NFC form 'images/" + kZuNfc + ".png'"));
        CHECK_THAT(b.err, !Contains("assets/media"));
        CHECK_FALSE(std::filesystem::exists(repo.path("dist")));
    }
    SECTION("linked in NFC while the file is named in NFD") {
        repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n\n![図](images/" + kZuNfc + ".png)\n"));
        const auto r = check(repo);
        require_single_error(r, "content/a.md:12:1: error: image", "does not exist as written");
        CHECK_THAT(r.out, Contains("rename the file to the NFC form 'images/" + kZuNfc + ".png'"));
    }
}
