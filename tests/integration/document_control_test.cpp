// Document control that a controller can sign off (issue 23): change notices
// that announce exactly what an edition carries, versions as controllers
// count them, template text, the policy before tagging, links that survive
// moves, and the approve and edition commands.

#include "fixtures.h"

namespace tebiki::testing {

namespace {

std::string with_status(const std::string& id, const std::string& title, const std::string& status,
                        const std::string& body) {
    return document_with(with_value(sample_front_matter(id, title), "status", status), body);
}

// A first edition: an approved rule A-001 and a draft D-001.
void first_edition(ContentRepo& repo) {
    repo.write_content("a.md", sample_document("A-001", "運用規程", "## 目的\n\n本文\n"));
    repo.write_content("d.md", with_status("D-001", "検討中の手順", "draft", "下書き\n"));
    repo.write_content("r.md", with_status("R-001", "承認予定の手順", "draft", "案\n"));
    repo.commit("第1版\n\nApproved-by: 病院長\n", 1774000000);
    repo.tag("edition/1");
}

// `pattern` with its "{}" replaced by `severity`.
std::string fmt_replace(std::string pattern, const std::string& severity) {
    return pattern.replace(pattern.find("{}"), 2, severity);
}

std::string changes_page(const ContentRepo& repo, const std::string& audience = "all") {
    return read_file(repo.path("dist/" + audience + "/changes.html"));
}

}  // namespace

TEST_CASE("a draft moved to review is in no notice; diff says it is left out", "[document-control]") {
    ContentRepo repo;
    first_edition(repo);
    repo.write_content("d.md", with_status("D-001", "検討中の手順", "review", "レビュー用の本文\n"));
    repo.commit("D-001 をレビューへ", 1775000000);
    repo.tag("edition/2");
    const auto published = repo.tebiki({"publish", "--edition", "edition/2"});
    INFO(describe(published));
    REQUIRE(published.exit_code == 0);
    for (const std::string audience : {"all", "ward-5w", "it"}) {
        const std::string page = changes_page(repo, audience);
        CHECK_THAT(page, !Contains("D-001") && !Contains("検討中の手順"));
        CHECK_THAT(page, Contains("この配布版の文書に変更はありません。"));
    }
    const auto diff = repo.tebiki({"diff", "edition/1", "edition/2"});
    CHECK(lines_of(diff.out) == std::vector<std::string>{
                                    "Changes from edition/1 to edition/2: 0 documents",
                                    "",
                                    "Left out (an edition carries only approved and obsolete documents):",
                                    "  D-001 検討中の手順  (content/d.md: under review)",
                                    "  R-001 承認予定の手順  (content/r.md: draft)",
                                });
}

TEST_CASE("a first approval is 追加 at 1.0; a document that leaves is 取り下げ", "[document-control]") {
    ContentRepo repo;
    first_edition(repo);
    repo.write_content("r.md", sample_document("R-001", "承認予定の手順", "案を確定\n"));
    repo.write_content("a.md", with_status("A-001", "運用規程", "draft", "## 目的\n\n見直し中\n"));
    repo.commit("R-001 を承認、A-001 を見直しへ\n\nApproved-by: 病院長\n", 1775000000);
    repo.tag("edition/2");
    REQUIRE(repo.tebiki({"publish", "--edition", "edition/2"}).exit_code == 0);
    const std::string page = changes_page(repo);
    CHECK_THAT(page, Contains("edition/1 から edition/2 への変更：追加 1件、改訂 0件、廃止 0件、取り下げ 1件"));
    CHECK_THAT(page, Contains("<span class=\"change-kind\">追加</span> <a href=\"docs/R-001.html\">R-001 承認予定の手順</a>"));
    CHECK_THAT(page, Contains("<span class=\"change-kind\">取り下げ</span> A-001 運用規程"));
    CHECK_THAT(page, Contains("下書きに戻されたため、この配布版には含まれません。"));
    CHECK_THAT(page, !Contains("状態：下書き"));
    CHECK_THAT(page, !Contains("href=\"\""));  // no empty links
    const auto log = repo.tebiki({"log", "R-001"});
    CHECK(lines_of(log.out).size() == 3);
    CHECK_THAT(lines_of(log.out)[1], StartsWith(" 1.0  "));  // the first approval
    CHECK_THAT(lines_of(log.out)[2], StartsWith(" 0.1  "));  // the draft
}

TEST_CASE("the notice shows the text as the page shows it; a moved link target is said as such", "[document-control]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程",
                                               "停止時は**必ず**[復元手順](b.md#目的)に従う。\n\n"
                                               "![構成図](images/old.png)\n\n参照：[規程](b.md)\n"));
    repo.write_content("b.md", sample_document("B-001", "復元手順", "## 目的\n\n本文\n"));
    repo.write_content("c.md", sample_document("C-001", "別の規程", "本文\n"));
    repo.write("content/images/old.png", "png");
    repo.write("content/images/new.png", "png");
    repo.commit("第1版\n\nApproved-by: 病院長\n", 1774000000);
    repo.tag("edition/1");
    repo.write_content("a.md", sample_document("A-001", "運用規程",
                                               "停止時は**直ちに**[復元手順](b.md#目的)に従う。\n\n"
                                               "![新しい構成図](images/new.png)\n\n参照：[規程](c.md)\n"));
    repo.commit("本文を改訂\n\nApproved-by: 病院長\n", 1775000000);
    repo.tag("edition/2");
    REQUIRE(repo.tebiki({"publish", "--edition", "edition/2"}).exit_code == 0);
    const std::string page = changes_page(repo);
    CHECK_THAT(page, Contains("停止時は<del>必ず</del><ins>直ちに</ins>復元手順に従う。"));
    CHECK_THAT(page, Contains("［画像：<ins>新しい</ins>構成図］"));
    CHECK_THAT(page, Contains("<span class=\"change-mark\">リンク先の変更</span>参照：規程"));
    CHECK_THAT(page, !Contains("**") && !Contains("](") && !Contains("b.md"));
    const auto diff = repo.tebiki({"diff", "edition/1", "edition/2"});
    CHECK_THAT(diff.out, Contains("    ~ 停止時は[-必ず-]{+直ちに+}復元手順に従う。"));
    CHECK_THAT(diff.out, Contains("    → 参照：規程  (link target changed)"));
}

TEST_CASE("versions: 0.x as a draft, 1.0 at approval, a move keeps it, major from Change-type", "[document-control]") {
    ContentRepo repo;
    repo.write_content("a.md", with_status("A-001", "運用規程", "draft", "案\n"));
    repo.commit("起案", 1774000000);
    repo.write_content("a.md", with_status("A-001", "運用規程", "draft", "案を修正\n"));
    repo.commit("案の修正", 1774100000);
    repo.write_content("a.md", sample_document("A-001", "運用規程", "案を修正\n"));
    repo.commit("承認\n\nApproved-by: 病院長\nChange-type: major\n", 1774200000);
    fs::create_directories(repo.path("content/rules"));
    fs::rename(repo.path("content/a.md"), repo.path("content/rules/a.md"));
    repo.commit("rules/ へ移動", 1774300000);
    repo.write_content("rules/a.md", sample_document("A-001", "運用規程", "全面改訂\n"));
    repo.commit("全面改訂\n\nApproved-by: 病院長\nChange-type: Major\n", 1774400000);
    const auto log = repo.tebiki({"log", "A-001"});
    INFO(describe(log));
    std::vector<std::string> versions;
    for (const auto& line : lines_of(log.out)) versions.push_back(line.substr(0, 5));
    CHECK(versions == std::vector<std::string>{"A-001", " 2.0 ", " 1.0 ", " 1.0 ", " 0.2 ", " 0.1 "});

    SECTION("an unknown Change-type is an error naming its commit") {
        repo.write_content("rules/a.md", sample_document("A-001", "運用規程", "再改訂\n"));
        const std::string commit = repo.commit("再改訂\n\nApproved-by: 病院長\nChange-type: majr\n", 1774500000);
        const auto r = repo.tebiki({"build", "--no-pdf"});
        CHECK(r.exit_code == 1);
        CHECK(error_lines(r.err) == std::vector<std::string>{
                  "content/rules/a.md: error: commit " + commit.substr(0, 7) +
                  " ('再改訂') has 'Change-type: majr': it must be 'major' or 'minor', or absent for minor; correct "
                  "the commit message (git commit --amend, if it is the last commit and not yet shared)"});
    }
    SECTION("a text change without Approved-by is reported, and refused by the policy switch") {
        repo.write_content("rules/a.md", sample_document("A-001", "運用規程", "承認なしの変更\n"));
        const std::string commit = repo.commit("こっそり修正", 1774500000);
        const std::string expected = "content/rules/a.md: {}: publishing: commit " + commit.substr(0, 7) +
                                     " ('こっそり修正') changed the text of approved document A-001 without an "
                                     "'Approved-by:' trailer; approve changes with 'tebiki approve A-001 --by NAME'";
        const auto warned = repo.tebiki({"check", "--policy", "--rev", "HEAD", "--as-of", "2026-06-01"});
        CHECK(warned.exit_code == 0);
        CHECK(warning_lines(warned.out) == std::vector<std::string>{fmt_replace(expected, "warning")});
        repo.write("content/tebiki.yml", sample_config() + "publishing:\n  require_approved_by: true\n");
        repo.commit("方針：承認者の記録を必須にする", 1775100000);  // 2026-04-02: after the effective date
        repo.tag("edition/strict");
        const auto refused = repo.tebiki({"publish", "--edition", "edition/strict"});
        CHECK(refused.exit_code == 1);
        CHECK(error_lines(refused.err) == std::vector<std::string>{fmt_replace(expected, "error")});
    }
}

TEST_CASE("template text left in a document under review is an error in check", "[document-control]") {
    ContentRepo repo;
    repo.commit("設定");
    REQUIRE(repo.tebiki({"new", "PRC-010", "--title", "停止時の手順", "--template", "procedure"}).exit_code == 0);
    CHECK(repo.tebiki({"check"}).exit_code == 0);  // a draft may carry its template's text
    std::string text = read_file(repo.path("content/PRC-010.md"));
    text.replace(text.find("status: draft"), 13, "status: review");
    repo.write_content("PRC-010.md", text);
    const auto r = repo.tebiki({"check"});
    CHECK(r.exit_code == 1);
    const auto errors = error_lines(r.out);
    REQUIRE(errors.size() == 9);
    CHECK(errors[0] == "content/PRC-010.md:5:8: error: template text: a document under review still has the owner "
                       "'所管部署未定' that 'tebiki new' wrote; name the department responsible");
    CHECK(errors[3] == "content/PRC-010.md:23:4: error: template text: a document under review still has the "
                       "placeholder （最初に行うこと） from its template; write what it asks for, or remove it");
}

TEST_CASE("check --policy applies publish's policy before any tag exists", "[document-control]") {
    ContentRepo repo;
    repo.write_content("a.md", document_with(with_value(without_key(sample_front_matter("A-001", "運用規程"), "approver"),
                                                        "effective", "2026-07-01"),
                                             "本文\n"));
    repo.commit("A-001\n\nApproved-by: 病院長\n");
    const auto plain = repo.tebiki({"check", "--as-of", "2026-06-01"});
    CHECK(plain.exit_code == 1);  // an approved document without approver is a catalog error already
    const auto r = repo.tebiki({"check", "--policy", "--as-of", "2026-06-01"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Contains("content/a.md:6:12: error: publishing: effective date 2026-07-01 is after the edition's "
                               "date 2026-06-01 (--as-of 2026-06-01); publish a later edition or correct the date"));
    CHECK_THAT(r.err, Contains("(approval policy included)"));
    CHECK(repo.tebiki({"check", "--policy", "--as-of", "2026-07-01"}).out.find("effective date") == std::string::npos);
}

TEST_CASE("links by document id hold across moves; a broken path link names where the file went", "[document-control]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程", "[停止時の手順](PRC-010#steps)と[一覧](PRC-010)\n"));
    repo.write_content("b.md", sample_document("B-001", "参照", "[停止時の手順](prc.md)\n"));
    repo.write_content("prc.md", sample_document("PRC-010", "停止時の手順", "## 手順 {#steps}\n\n本文\n"));
    repo.commit("第1版");
    fs::create_directories(repo.path("content/procedures"));
    fs::rename(repo.path("content/prc.md"), repo.path("content/procedures/stop.md"));
    const std::string moved = repo.commit("procedures/ へ移動");
    const auto r = repo.tebiki({"check"});
    INFO(describe(r));
    CHECK(error_lines(r.out) == std::vector<std::string>{
              "content/b.md:10:1: error: link 'prc.md': 'prc.md' does not exist (looked for content/prc.md); it was "
              "moved to content/procedures/stop.md in commit " + moved.substr(0, 7) +
              ": link to 'procedures/stop.md', or by id ('PRC-010')"});
    repo.write_content("b.md", sample_document("B-001", "参照", "[停止時の手順](procedures/stop.md)\n"));
    repo.commit("リンクを修正");
    const auto built = repo.tebiki({"build", "--no-pdf"});
    INFO(describe(built));
    REQUIRE(built.exit_code == 0);
    const auto links = hrefs(read_file(repo.path("dist/all/docs/A-001.html")));
    CHECK(has(links, "PRC-010.html#steps"));
    CHECK(has(links, "PRC-010.html"));
}

TEST_CASE("a duplicate id is the error of the file that introduced it", "[document-control]") {
    ContentRepo repo;
    repo.write_content("z-established.md", sample_document("A-001", "運用規程", "本文\n"));
    repo.commit("第1版", 1774000000);
    repo.write_content("a-newcomer.md", sample_document("A-001", "同じ id の新文書", "本文\n"));
    CHECK(error_lines(repo.tebiki({"check"}).out) == std::vector<std::string>{
              "content/a-newcomer.md:2:5: error: duplicate id 'A-001': already used by content/z-established.md:2:5, "
              "which had it first; give this document an id of its own"});
    repo.commit("新文書", 1775000000);
    CHECK_THAT(repo.tebiki({"check", "--rev", "HEAD"}).out, Contains("content/a-newcomer.md:2:5: error: duplicate id"));
}

TEST_CASE("approve sets the front matter and commits with trailers; edition tags only a passing HEAD", "[document-control]") {
    ContentRepo repo;
    repo.write_content("a.md", with_status("A-001", "運用規程", "review", "本文\n"));
    repo.write_content("b.md", document_with(with_value(sample_front_matter("B-001", "未承認"), "approver", "\"\""),
                                             "本文\n"));
    repo.commit("レビュー版", 1774000000);
    CHECK(repo.tebiki({"edition", "edition/2026-04"}).exit_code == 1);  // B-001 is approved without an approver
    CHECK(repo.tebiki({"edition", "v1"}).exit_code == 2);

    const auto approved = repo.tebiki({"approve", "A-001", "B-001", "--by", "病院長", "--major", "--effective",
                                       "2026-04-01", "--review-by", "2027-03-31"});
    INFO(describe(approved));
    REQUIRE(approved.exit_code == 0);
    CHECK(lines_of(approved.out) == std::vector<std::string>{
              "approved A-001 運用規程: version 1.0, effective 2026-04-01, review by 2027-03-31",
              "approved B-001 未承認: version 2.0, effective 2026-04-01, review by 2027-03-31"});
    CHECK_THAT(approved.err, Contains("to undo it: git revert "));
    const std::string a = read_file(repo.path("content/a.md"));
    CHECK_THAT(a, Contains("status: approved\n") && Contains("approver: 病院長\n") && Contains("effective: 2026-04-01\n"));
    const auto log = repo.tebiki({"log", "A-001"});
    CHECK_THAT(lines_of(log.out)[1], Contains("[Approved-by: 病院長]"));

    const auto tagged = repo.tebiki({"edition", "edition/2026-04", "--date", "2026-04-01"});
    INFO(describe(tagged));
    REQUIRE(tagged.exit_code == 0);
    CHECK_THAT(tagged.err, Contains("to undo the tag: git tag -d edition/2026-04"));
    REQUIRE(repo.tebiki({"publish", "--edition", "edition/2026-04"}).exit_code == 0);
    CHECK_THAT(read_file(repo.path("dist/all/index.html")), Contains("2026-04-01"));
}

TEST_CASE("approve refuses what check --policy would refuse, and changes nothing", "[document-control]") {
    ContentRepo repo;
    repo.commit("設定");
    REQUIRE(repo.tebiki({"new", "PRC-010", "--title", "停止時の手順", "--template", "procedure"}).exit_code == 0);
    repo.commit("PRC-010 起案");
    const std::string before = read_file(repo.path("content/PRC-010.md"));
    const auto r = repo.tebiki({"approve", "PRC-010", "--by", "病院長"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("tebiki: approval refused: 9 problems to fix first; nothing was changed"));
    CHECK(read_file(repo.path("content/PRC-010.md")) == before);
    CHECK(repo.tebiki({"approve", "NOPE", "--by", "病院長"}).exit_code == 2);
}

TEST_CASE("build says how much uncommitted work it left out", "[document-control]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程", "本文\n"));
    const std::string head = repo.commit("第1版");
    repo.write_content("b.md", sample_document("B-001", "新しい文書", "本文\n"));
    repo.write_content("c.md", sample_document("C-001", "もう一つ", "本文\n"));
    const auto r = repo.tebiki({"build", "--no-pdf"});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Contains("tebiki: note: built HEAD (" + head.substr(0, 7) +
                               "); 2 uncommitted files under content/ were left out (first: content/b.md); preview "
                               "them with 'tebiki build --worktree' or 'tebiki serve', or commit them"));
    CHECK_THAT(repo.tebiki({"build", "--no-pdf", "--worktree"}).err, !Contains("left out"));
}

}  // namespace tebiki::testing
