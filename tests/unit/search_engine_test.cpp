#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>

#include "search/search_engine.h"
#include "text/search_text.h"

using namespace tebiki;
using namespace tebiki::search;

namespace {

SearchDocument doc(const std::string& id, const std::string& title, Status status,
                   std::vector<SearchSection> sections, std::vector<std::string> tags = {}) {
    return SearchDocument{id, title, status, "docs/" + id + ".html", std::move(tags), std::move(sections), {}};
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

TEST_CASE("Postings are written as the first index, then differences, in base 36") {
    CHECK(encode_postings({0, 3, 4, 14, 50}) == "0,3,1,a,10");
    CHECK(encode_postings({}).empty());
}

TEST_CASE("index.js names the format and the number of parts, and nothing a document changes") {
    CHECK(index_javascript() == "window.tebikiSearchIndex = {\"parts\":16,\"version\":3};\n");
}

namespace {

// A part script's object (docs/search.md), parsed.
nlohmann::json parsed_part(const std::string& script, std::size_t part) {
    const std::string head = "window.tebikiSearchParts = window.tebikiSearchParts || {};\nwindow.tebikiSearchParts[" +
                             std::to_string(part) + "] = ";
    REQUIRE(script.rfind(head, 0) == 0);
    REQUIRE(script.size() >= head.size() + 2);
    REQUIRE(script.substr(script.size() - 2) == ";\n");
    return nlohmann::json::parse(script.substr(head.size(), script.size() - head.size() - 2));
}

std::vector<std::uint32_t> decoded_postings(const std::string& encoded) {
    std::vector<std::uint32_t> out;
    std::uint32_t value = 0;
    for (std::size_t start = 0; start < encoded.size();) {
        std::size_t end = encoded.find(',', start);
        if (end == std::string::npos) end = encoded.size();
        value += static_cast<std::uint32_t>(std::stoul(encoded.substr(start, end - start), nullptr, 36));
        out.push_back(value);
        start = end + 1;
    }
    return out;
}

using KeyedPostings = std::map<std::string, std::vector<std::uint32_t>>;

KeyedPostings in_utf8(const std::map<std::u16string, Postings>& postings) {
    KeyedPostings out;
    for (const auto& [key, list] : postings) out[text::to_utf8(key)] = list;
    return out;
}

}  // namespace

TEST_CASE("The part scripts together hold every card, section and posting of the index") {
    const auto index = sample_index();
    std::map<std::string, std::uint32_t> index_of;  // id -> place in the index
    for (std::size_t i = 0; i < index.size(); ++i) index_of[index.document(i).id] = static_cast<std::uint32_t>(i);
    KeyedPostings cjk, words;
    std::size_t cards = 0;
    for (std::size_t part = 0; part < kSearchIndexParts; ++part) {
        INFO("part " << part);
        const nlohmann::json script = parsed_part(index.part_javascript(part), part);
        const auto& docs = script.at("docs");
        REQUIRE(script.at("sections").size() == docs.size());
        std::vector<std::uint32_t> global;  // the part's own numbering -> the index's
        for (std::size_t local = 0; local < docs.size(); ++local) {
            const std::string id = docs[local].at("id");
            CHECK(search_part_of(id) == part);
            global.push_back(index_of.at(id));
            if (local > 0) CHECK(global[local - 1] < global[local]);  // index order
            const auto& sections = index.document(global.back()).sections;
            REQUIRE(script.at("sections")[local].size() == sections.size());
            for (std::size_t s = 0; s < sections.size(); ++s)
                CHECK(script.at("sections")[local][s].at("text") == sections[s].text);
        }
        cards += docs.size();
        for (const auto& [table, into] : {std::pair{"cjk", &cjk}, std::pair{"words", &words}})
            for (const auto& [key, encoded] : script.at(table).items())
                for (const std::uint32_t local : decoded_postings(encoded)) {
                    REQUIRE(local < global.size());
                    (*into)[key].push_back(global[local]);
                }
    }
    CHECK(cards == index.size());
    for (auto* table : {&cjk, &words})
        for (auto& [key, list] : *table) std::sort(list.begin(), list.end());
    CHECK(cjk == in_utf8(index.cjk()));
    CHECK(words == in_utf8(index.words()));
    CHECK(cjk.at("ばっ") == std::vector<std::uint32_t>{0, 3, 4});  // OPS-003, PRC-004, PRC-005
}

TEST_CASE("A part script depends on its own documents alone") {
    const auto index = sample_index();
    const std::size_t part = search_part_of("OPS-003");
    std::size_t other = 0;
    while (other < index.size() && search_part_of(index.document(other).id) == part) ++other;
    REQUIRE(other < index.size());
    // The index without a document of another part: this part's bytes stay.
    std::vector<SearchDocument> fewer;
    for (std::size_t i = 0; i < index.size(); ++i)
        if (i != other) fewer.push_back(index.document(i));
    CHECK(SearchIndex(std::move(fewer)).part_javascript(part) == index.part_javascript(part));
}

TEST_CASE("A document's part depends on its id alone") {
    // FNV-1a: fixed values guard the contract with the client.
    CHECK(search_part_of("") == 2166136261u % kSearchIndexParts);
    CHECK(search_part_of("a") == 0xe40c292cu % kSearchIndexParts);
}
