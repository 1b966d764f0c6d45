#include <catch2/catch.hpp>

#include "search/search_engine.h"
#include "text/search_text.h"

using namespace tebiki;
using namespace tebiki::search;

namespace {

SearchDocument doc(const std::string& id, const std::string& title, Status status,
                   std::vector<SearchSection> sections, std::vector<std::string> tags = {}) {
    return SearchDocument{id, title, status, "docs/" + id + ".html", std::move(tags), std::move(sections)};
}

SearchIndex sample_index() {
    return SearchIndex({
        doc("OPS-003", "サイバー攻撃に備えたバックアップ取得規則", Status::Approved,
            {{"", "", "バックアップは毎日取得する。"}, {"復元手順", "復元手順", "復元は次の手順で行う。EMRサーバを停止する。"}},
            {"バックアップ"}),
        doc("OPS-010", "画面の使い方", Status::Approved, {{"サイドバー", "sidebar", "サイドバーに一覧を表示する。"}}),
        doc("PRC-001", "非常時用機能の管理手順", Status::Approved,
            {{"", "", "非常時用機能は、第3条に定める場合に限り使う。"}}),
        doc("PRC-004", "夜間のバックアップ確認（案）", Status::Draft, {{"", "", "夜間にバックアップの完了を確認する。"}}),
        doc("PRC-005", "旧バックアップ手順", Status::Obsolete, {{"", "", "テープにバックアップを取る。"}}),
        doc("MAN-001", "電子カルテ端末マニュアル", Status::Approved,
            {{"ログイン", "login", "EMR端末にログインする。emergencyアカウントは使わない。"}}),
    });
}

std::vector<std::string> ids(const SearchIndex& index, const std::string& query, bool obsolete = false) {
    std::vector<std::string> out;
    for (const auto& r : run_search(index, query, {obsolete})) out.push_back(index.document(r.doc).id);
    return out;
}

}  // namespace

TEST_CASE("Queries are split into normalised terms; quotes keep phrases") {
    const auto terms = parse_query("バックアップ　復元 \"EMR サーバ\" “非常時 用”");
    REQUIRE(terms.size() == 4);
    CHECK(text::to_utf8(terms[0]) == "ばっくあっぷ");
    CHECK(text::to_utf8(terms[1]) == "復元");
    CHECK(text::to_utf8(terms[2]) == "emr さーば");
    CHECK(text::to_utf8(terms[3]) == "非常時 用");
    CHECK(parse_query("   ").empty());
}

TEST_CASE("Occurrences: CJK anywhere, words by prefix at a word start") {
    const auto f = text::normalize_for_search(std::string_view("EMRサーバ、emergency、第3条、バックアップ取得規則"));
    CHECK(count_occurrences(f, text::normalize_for_search(std::string_view("バックアップ"))) == 1);
    CHECK(count_occurrences(f, text::normalize_for_search(std::string_view("取得"))) == 1);
    CHECK(count_occurrences(f, u"em") == 2);   // emr and emergency
    CHECK(count_occurrences(f, u"mr") == 0);   // not at a word start
    CHECK(count_occurrences(f, u"3") == 1);
    CHECK(count_occurrences(u"ああああ", u"ああ") == 2);  // non-overlapping
}

TEST_CASE("Compounds are found; near-misses are not") {
    const auto index = sample_index();
    CHECK(ids(index, "バックアップ") == std::vector<std::string>{"OPS-003", "PRC-004"});
    CHECK(ids(index, "ばっくあっぷ") == ids(index, "バックアップ"));
    CHECK(ids(index, "ﾊﾞｯｸｱｯﾌﾟ") == ids(index, "バックアップ"));
    CHECK(ids(index, "復元") == std::vector<std::string>{"OPS-003"});
    CHECK(ids(index, "非常時") == std::vector<std::string>{"PRC-001"});
    CHECK(ids(index, "サイバー") == std::vector<std::string>{"OPS-003"});  // not サイドバー
    CHECK(ids(index, "サイドバー") == std::vector<std::string>{"OPS-010"});
    CHECK(ids(index, "攻") == std::vector<std::string>{"OPS-003"});  // a single character
    CHECK(ids(index, "第3条") == std::vector<std::string>{"PRC-001"});
    CHECK(ids(index, "第３条") == std::vector<std::string>{"PRC-001"});
    CHECK(ids(index, "第4条").empty());
}

TEST_CASE("Terms are ANDed; phrases match exactly; words by prefix") {
    const auto index = sample_index();
    CHECK(ids(index, "バックアップ 復元") == std::vector<std::string>{"OPS-003"});
    CHECK(ids(index, "バックアップ 存在しない語").empty());
    CHECK(ids(index, "\"復元は次\"") == std::vector<std::string>{"OPS-003"});
    CHECK(ids(index, "\"復元は後\"").empty());
    CHECK(ids(index, "emr") == std::vector<std::string>{"MAN-001", "OPS-003"});
    CHECK(ids(index, "ＥＭＲ") == ids(index, "emr"));
    CHECK(ids(index, "emer") == std::vector<std::string>{"MAN-001"});
    CHECK(ids(index, "ops-003").front() == "OPS-003");
}

TEST_CASE("Approved documents come before drafts; obsolete ones only when asked") {
    const auto index = sample_index();
    const auto normal = ids(index, "バックアップ");
    CHECK(normal.back() == "PRC-004");  // the draft last
    const auto with_obsolete = ids(index, "バックアップ", true);
    CHECK(with_obsolete == std::vector<std::string>{"OPS-003", "PRC-004", "PRC-005"});
}

TEST_CASE("Title and heading matches rank higher and choose the section") {
    const auto index = sample_index();
    const auto results = run_search(index, "復元", {});
    REQUIRE(results.size() == 1);
    CHECK(index.document(results[0].doc).sections[results[0].section].anchor == "復元手順");
    const auto& snippet = results[0].snippet;
    REQUIRE_FALSE(snippet.marks.empty());
    CHECK(snippet.text.substr(snippet.marks[0].first, snippet.marks[0].second - snippet.marks[0].first) == "復元");
}

TEST_CASE("The index script carries postings the client can decode") {
    CHECK(encode_postings({0, 3, 4, 14, 50}) == "0,3,1,a,10");
    const auto script = sample_index().to_javascript();
    CHECK(script.rfind("window.tebikiSearchIndex = {", 0) == 0);
    CHECK(script.find("\"ばっ\":\"0,3,1\"") != std::string::npos);  // OPS-003, PRC-004, PRC-005 are 0, 3, 4
}

TEST_CASE("Each document's sections are in the one part script its card names") {
    const auto index = sample_index();
    const auto script = index.to_javascript();
    CHECK(script.find("\"sections\"") == std::string::npos);  // index.js carries cards only
    CHECK(script.find("\"parts\":16,\"version\":2") != std::string::npos);
    for (std::size_t i = 0; i < index.size(); ++i) {
        const auto& doc = index.document(i);
        INFO(doc.id);
        const std::size_t part = search_part_of(doc.id);
        REQUIRE(part < kSearchIndexParts);
        CHECK(script.find("\"id\":\"" + doc.id + "\",\"part\":" + std::to_string(part) + ",") != std::string::npos);
        for (std::size_t other = 0; other < kSearchIndexParts; ++other) {
            const auto part_script = index.part_javascript(other);
            CHECK(part_script.rfind("window.tebikiSearchParts = window.tebikiSearchParts || {};\nwindow.tebikiSearchParts[" +
                                        std::to_string(other) + "] = {",
                                    0) == 0);
            CHECK((part_script.find("\"" + doc.id + "\":[") != std::string::npos) == (other == part));
        }
    }
    // A document's part depends on its id alone (FNV-1a): fixed values guard the contract with the client.
    CHECK(search_part_of("") == 2166136261u % kSearchIndexParts);
    CHECK(search_part_of("a") == 0xe40c292cu % kSearchIndexParts);
}
