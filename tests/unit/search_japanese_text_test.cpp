// Japanese text as writers write it and nurses search it (issue 20): soft
// line breaks, long-vowel variants, units after digits, HTML comments.
#include <catch2/catch.hpp>

#include <cmark-gfm.h>

#include "document/catalog.h"
#include "document/content_config.h"
#include "document/markdown.h"
#include "document/metadata.h"
#include "html/body_html.h"
#include "search/search_document.h"
#include "search/search_engine.h"
#include "search/word_readings.h"
#include "test_repo.h"
#include "text/search_text.h"
#include "text/soft_break.h"

using namespace tebiki;
using tebiki::testing::sample_config;
using tebiki::testing::sample_document;
using tebiki::testing::TestRepo;

namespace {

std::string norm(const std::string& s) { return text::to_utf8(text::normalize_for_search(std::string_view(s))); }

std::size_t occurrences(const std::string& field, const std::string& query) {
    const auto terms = search::parse_query(query);
    REQUIRE(terms.size() == 1);
    return search::count_occurrences(text::normalize_for_search(std::string_view(field)), terms.front());
}

std::string words_of(const std::string& s) {
    std::string out;
    for (const auto& w : text::index_keys(text::normalize_for_search(std::string_view(s))).words) out += text::to_utf8(w) + "|";
    return out;
}

// The first paragraph's plain text, as headings and bookmarks get it.
std::string paragraph_text(const std::string& markdown) {
    MarkdownTree tree = MarkdownTree::parse(markdown);
    return plain_text(cmark_node_first_child(tree.root()));
}

struct Site {
    TestRepo repo;
    Catalog catalog;

    static Catalog make(TestRepo& repo, const std::string& body) {
        repo.write("content/tebiki.yml", sample_config());
        repo.write("content/a.md", sample_document("A-1", "規程", body));
        repo.commit("content");
        return build_catalog(source::read_revision(repo.path("content"), "HEAD"), CatalogOptions{Date{2026, 4, 1}});
    }
    explicit Site(const std::string& body) : catalog(make(repo, body)) {}

    const Document& doc() const { return *catalog.find_by_id("A-1"); }
    std::string html() const {
        const SiteContents site = select_site(catalog, *catalog.config().find_audience("all"), std::nullopt);
        return html::render_body_html(catalog, doc(), html::PageLinks{site, "", "../assets/media/"});
    }
    std::size_t warnings() const {
        std::size_t n = 0;
        for (const auto& d : catalog.diagnostics().items())
            if (d.severity == Severity::Warning && d.message.find("raw HTML") != std::string::npos) ++n;
        return n;
    }
};

}  // namespace

TEST_CASE("A soft break between East Asian characters is nothing; between Latin words a space") {
    CHECK(text::soft_break_vanishes(U'る', U'切'));
    CHECK(text::soft_break_vanishes(U'。', U'切'));
    CHECK(text::soft_break_vanishes(U'）', U'ｶ'));  // full-width and half-width forms
    CHECK_FALSE(text::soft_break_vanishes(U'a', U'b'));
    CHECK_FALSE(text::soft_break_vanishes(U'る', U'E'));  // a Latin word keeps its space
    CHECK_FALSE(text::soft_break_vanishes(U'다', U'한'));  // Korean separates words with spaces
    CHECK_FALSE(text::soft_break_vanishes(0, U'切'));

    CHECK(paragraph_text("切り替える。\n切替後は報告する。\n") == "切り替える。切替後は報告する。");
    CHECK(paragraph_text("restore the\ndatabase\n") == "restore the database");
    CHECK(paragraph_text("電子カルテの\nEMR端末\n") == "電子カルテの EMR端末");
    // Through emphasis and links, as the reader sees the characters.
    CHECK(paragraph_text("**切り替える**\n*切替後*は\n[報告](x.md)\nする。\n") == "切り替える切替後は報告する。");
    // A setext heading over two lines: its text, and so its id and bookmark.
    MarkdownTree tree = MarkdownTree::parse("復元の\n手順\n===\n");
    CHECK(tree.extract_outline().headings.at(0).text == "復元の手順");
}

TEST_CASE("Pages and search text join Japanese lines with nothing") {
    const Site site("## 切替\n\n電子カルテを非常時用機能に\n切り替える。\n切替後は\nEMR端末で確認し\nrestore the\ndatabase.\n");
    const std::string html = site.html();
    CHECK_THAT(html, Catch::Contains("電子カルテを非常時用機能に切り替える。切替後は\nEMR端末で確認し\nrestore the\ndatabase."));
    const search::SearchDocument sd = search::make_search_document(site.doc());
    REQUIRE(sd.sections.size() == 1);
    CHECK(sd.sections[0].text == "電子カルテを非常時用機能に切り替える。切替後は EMR端末で確認し restore the database.");
    // A phrase across the break is found.
    const search::SearchIndex index({sd});
    CHECK(search::run_search(index, "機能に切り替える", {}).size() == 1);
    CHECK(search::run_search(index, "\"切り替える。切替後\"", {}).size() == 1);
}

TEST_CASE("A katakana word's final long vowel is optional for search") {
    CHECK(norm("ユーザー") == norm("ユーザ"));
    CHECK(norm("サーバー") == norm("サーバ"));
    CHECK(norm("ｻｰﾊﾞｰ") == norm("サーバ"));
    CHECK(norm("コンピューター室") == norm("コンピュータ室"));
    CHECK(norm("ユーザーの") == "ゆーざの");
    // Short words keep it: キー is not キ.
    CHECK(norm("キー") == "きー");
    CHECK(norm("コピー") == "こぴー");
    // Only katakana words: hiragana and inner marks stay.
    CHECK(norm("すごーい") == "すごーい");
    CHECK(norm("ユーザーズ") == "ゆーざーず");

    CHECK(occurrences("非常時用ユーザアカウント", "ユーザー") == 1);
    CHECK(occurrences("ユーザーが入力する", "ユーザ") == 1);
    CHECK(occurrences("バックアップサーバー及び印刷物", "サーバ") == 1);
    CHECK(occurrences("キーボード", "キ") == 1);
    CHECK(occurrences("キャビネットの鍵", "キー") == 0);
}

TEST_CASE("Highlights keep their place when a long vowel is left out") {
    const std::u16string original = u"サーバーの設定";
    const text::TracedText traced = text::normalize_traced(original);
    CHECK(traced.normalized == u"さーばの設定");
    REQUIRE(traced.origin.size() == traced.normalized.size() + 1);
    CHECK(traced.origin[3] == 4);  // の comes after the dropped ー
}

TEST_CASE("A Latin run after digits is a word of its own") {
    CHECK(words_of("5mL") == "5ml|ml|");
    CHECK(words_of("120mmHg") == "120mmhg|mmhg|");
    CHECK(words_of("sha256sum") == "sha256sum|sum|");
    CHECK(words_of("emr") == "emr|");
    CHECK(occurrences("生理食塩水5mLを投与、血圧120mmHg", "mL") == 1);
    CHECK(occurrences("血圧120mmHg", "mmhg") == 1);
    CHECK(occurrences("42px", "px") == 1);
    // Numbers keep the word-start rule: 5 is not found inside 25.
    CHECK(occurrences("25mL", "5ml") == 0);
    // Letters after letters are still not a word start.
    CHECK(occurrences("html", "ml") == 0);

    const search::SearchIndex index({search::SearchDocument{
        "A-1", "投与", Status::Approved, "docs/A-1.html", {}, {{"", "", "生理食塩水5mLを投与し、血圧120mmHgを確認する。"}}, {}}});
    CHECK(search::run_search(index, "ml", {}).size() == 1);
    CHECK(search::run_search(index, "mmHg", {}).size() == 1);
    const auto results = search::run_search(index, "ＭＬ", {});
    REQUIRE(results.size() == 1);
    REQUIRE(results[0].snippet.marks.size() == 1);
    const auto [b, e] = results[0].snippet.marks[0];
    CHECK(results[0].snippet.text.substr(b, e - b) == "mL");
}

TEST_CASE("HTML comments are dropped silently; other raw HTML is still reported") {
    const Site commented("<!-- textlint-disable -->\n\n本文。<!-- 原文: The text. -->\n\n<!--\n訳注\n-->\n");
    CHECK(commented.warnings() == 0);
    CHECK_THAT(commented.html(), Catch::Contains("本文。"));
    const Site raw("<div class=\"note\">注意</div>\n\n本文<span>。</span>\n");
    CHECK(raw.warnings() == 2);
}

TEST_CASE("A query in hiragana finds kanji words by their readings, after the words as written") {
    CHECK(search::kanji_word_readings("復旧手順を確認する。バックアップ") == "フッキュウ テジュン カクニン");
    CHECK(search::kanji_word_readings("") == "");

    const auto make = [](const std::string& id, const std::string& title, const std::string& text) {
        search::SearchDocument d{id, title, Status::Approved, "docs/" + id + ".html", {}, {{"", "", text}}, {}};
        d.readings = search::kanji_word_readings(title + "\n" + text);
        return d;
    };
    const search::SearchIndex index({
        make("A-1", "システム復旧の手順", "復旧は次の手順で行う。復旧後に報告する。"),
        make("B-1", "連絡の手順", "ふっきゅうの見込みを伝える。"),  // written in hiragana
        make("C-1", "復元の手順", "テープから戻す。"),
    });
    const auto results = search::run_search(index, "ふっきゅう", {});
    REQUIRE(results.size() == 2);
    // A-1 has the word three times, in its title too, but only by reading.
    CHECK(index.document(results[0].doc).id == "B-1");
    CHECK(results[0].on_surface);
    CHECK(index.document(results[1].doc).id == "A-1");
    CHECK_FALSE(results[1].on_surface);
    // The kanji still find it as written.
    CHECK(search::run_search(index, "復旧", {}).size() == 1);
}

TEST_CASE("A title written over several lines in the front matter joins Japanese lines with nothing") {
    Diagnostics diags;
    const ContentConfig config =
        parse_content_config("audiences:\n  - key: all\n    name: 全職員\n", "content/tebiki.yml", diags);
    const auto title_of = [&](const std::string& yaml) {
        return parse_metadata("id: A-1\n" + yaml, 2, config, "content/a.md", diags).title;
    };
    CHECK(title_of("title: 非常時用機能と\n  非常時用ユーザアカウントの管理手順\n") == "非常時用機能と非常時用ユーザアカウントの管理手順");
    CHECK(title_of("title: >\n  非常時用機能と\n  管理手順\n") == "非常時用機能と管理手順\n");
    CHECK(title_of("title: \"復旧後の\n  突合手順\"\n") == "復旧後の突合手順");
    CHECK(title_of("title: Backup\n  rules\n") == "Backup rules");
    CHECK(title_of("title: EMR端末の\n  Windows設定\n") == "EMR端末の Windows設定");
    // A space the writer typed stays.
    CHECK(title_of("title: 手順 その1\n") == "手順 その1");
    CHECK(title_of("title: \"改行\\nの\\tエスケープ と\n  続き\"\n") == "改行\nの\tエスケープ と 続き");
}
