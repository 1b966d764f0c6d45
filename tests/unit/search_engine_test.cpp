#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

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

TEST_CASE("index.js names the format and the numbers of key shards and parts, and nothing a document changes") {
    CHECK(index_javascript() == "window.tebikiSearchIndex = {\"keys\":16,\"parts\":16,\"version\":5};\n");
}

namespace {

// The object a script of the index assigns (docs/search.md), parsed:
// `head` is what comes before it.
nlohmann::json assigned(const std::string& script, const std::string& head) {
    REQUIRE(script.rfind(head, 0) == 0);
    REQUIRE(script.size() >= head.size() + 2);
    REQUIRE(script.substr(script.size() - 2) == ";\n");
    return nlohmann::json::parse(script.substr(head.size(), script.size() - head.size() - 2));
}

std::string numbered_head(const std::string& global, std::size_t number) {
    return "window." + global + " = window." + global + " || {};\nwindow." + global + "[" + std::to_string(number) +
           "] = ";
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

SearchIndex index_with_readings() {
    auto with = [](SearchDocument d, std::string readings) {
        d.readings = std::move(readings);
        return d;
    };
    return SearchIndex({
        with(doc("OPS-003", "バックアップ取得規則", Status::Approved, {{"復旧手順", "r", "復旧する。"}}), "フッキュウ テジュン"),
        with(doc("MAN-001", "端末マニュアル", Status::Approved, {{"", "", "ふっきゅうと読む。"}}), ""),
        with(doc("A-1", "5mL", Status::Review, {}), ""),
    });
}

}  // namespace

TEST_CASE("docs.js lists the cards part by part, by id within a part; the key shards hold every posting per part") {
    const auto index = index_with_readings();
    const nlohmann::json docs = assigned(docs_javascript(index.indexed()), "window.tebikiSearchDocs = ");
    REQUIRE(docs.size() == 3);
    std::vector<std::uint32_t> to_index;  // docs.js number -> place in the index
    std::array<std::uint32_t, kSearchIndexParts> base{};  // a part's first docs.js number
    std::array<std::uint32_t, kSearchIndexParts> count{};
    for (std::size_t i = 0; i < docs.size(); ++i) {
        const std::string id = docs[i].at("id");
        const std::size_t part = docs[i].at("part");
        if (i > 0) {
            const std::size_t previous_part = docs[i - 1].at("part");
            CHECK(previous_part <= part);
            if (previous_part == part) CHECK(docs[i - 1].at("id").get<std::string>() < id);
        }
        if (count[part]++ == 0) base[part] = static_cast<std::uint32_t>(i);
        std::size_t at = 0;
        while (index.document(at).id != id) ++at;
        to_index.push_back(static_cast<std::uint32_t>(at));
        CHECK(part == search_part_of(id));
        CHECK(docs[i].at("len") == index.fields(at).texts.size());
        CHECK_FALSE(docs[i].contains("readings"));
    }
    KeyedPostings cjk, words, reading_cjk;
    const auto shards = key_shards_javascript(index.indexed());
    REQUIRE(shards.size() == kSearchKeyShards);
    for (std::size_t shard = 0; shard < shards.size(); ++shard) {
        INFO("shard " << shard);
        const nlohmann::json script = assigned(shards[shard], numbered_head("tebikiSearchKeys", shard));
        REQUIRE(script.is_array());
        REQUIRE(script.size() == kSearchIndexParts);
        for (std::size_t part = 0; part < kSearchIndexParts; ++part)
            for (const auto& [table, into] : {std::pair{"cjk", &cjk}, std::pair{"rcjk", &cjk}, std::pair{"words", &words},
                                              std::pair{"rwords", &words}})
                for (const auto& [key, encoded] : script[part].at(table).items()) {
                    CHECK(search_key_shard_of(text::to_utf16(key)) == shard);
                    for (const std::uint32_t local : decoded_postings(encoded)) {
                        REQUIRE(local < count[part]);  // numbered within the part
                        const std::uint32_t number = base[part] + local;
                        (*into)[key].push_back(to_index[number]);
                        if (std::string(table) == "rcjk") reading_cjk[key].push_back(to_index[number]);
                    }
                }
    }
    for (auto* table : {&cjk, &words})
        for (auto& [key, list] : *table) {
            std::sort(list.begin(), list.end());
            list.erase(std::unique(list.begin(), list.end()), list.end());
        }
    CHECK(cjk == in_utf8(index.cjk()));
    CHECK(words == in_utf8(index.words()));
    // The readings' keys are apart: ふっ is in OPS-003's readings (only), and in MAN-001's text.
    CHECK(reading_cjk.at("ふっ") == std::vector<std::uint32_t>{0});
    CHECK(cjk.at("ふっ") == std::vector<std::uint32_t>{0, 1});
    CHECK(words.at("ml") == std::vector<std::uint32_t>{2});
}

TEST_CASE("A part's share of docs.js and the key shards depends on its own documents and survives its bytes") {
    const auto index = index_with_readings();
    const std::size_t part = search_part_of("OPS-003");
    const PartIndexShare share = part_index_share(index.indexed(), part);
    CHECK(share.cards().find("\"OPS-003\"") != std::string::npos);
    // Documents of other parts add nothing to it.
    std::vector<const IndexedDocument*> own;
    for (const IndexedDocument* d : index.indexed())
        if (search_part_of(d->id) == part) own.push_back(d);
    const PartIndexShare alone = part_index_share(own, part);
    CHECK(alone.encoded() == share.encoded());
    // Encoded for the cache and back, byte for byte; other bytes are refused.
    const std::string bytes = share.encoded();
    const auto decoded = PartIndexShare::decode(bytes);
    REQUIRE(decoded);
    CHECK(decoded->cards() == share.cards());
    for (std::size_t shard = 0; shard < kSearchKeyShards; ++shard) {
        CHECK(decoded->key_table(shard) == share.key_table(shard));
        CHECK(share.key_table(shard).rfind("{\"cjk\":{", 0) == 0);
    }
    CHECK_FALSE(PartIndexShare::decode(bytes.substr(0, bytes.size() - 1)));
    CHECK_FALSE(PartIndexShare::decode(bytes + "x"));
    CHECK_FALSE(PartIndexShare::decode("not a share"));
    CHECK_FALSE(PartIndexShare::decode("1 2\nabc"));
    CHECK_FALSE(PartIndexShare::decode(""));
    // docs.js and the shards put together from the shares are those made from the documents.
    std::vector<PartIndexShare> shares;
    for (std::size_t p = 0; p < kSearchIndexParts; ++p) shares.push_back(part_index_share(index.indexed(), p));
    std::array<const PartIndexShare*, kSearchIndexParts> pointers{};
    for (std::size_t p = 0; p < kSearchIndexParts; ++p) pointers[p] = &shares[p];
    CHECK(docs_javascript(pointers) == docs_javascript(index.indexed()));
    CHECK(key_shards_javascript(pointers) == key_shards_javascript(index.indexed()));
}

TEST_CASE("A part's scripts hold its documents' normalised text, readings and original text") {
    const auto index = index_with_readings();
    const std::size_t part = search_part_of("OPS-003");
    const auto match = assigned(part_javascript(index.indexed(), part, PartFile::Match),
                                numbered_head("tebikiSearchMatch", part));
    const auto& entry = match.at("OPS-003");
    CHECK(entry.at("t") == nlohmann::json::array({"復旧する。"}));
    CHECK(entry.at("h") == nlohmann::json::array({"復旧手順"}));
    CHECK(entry.at("s") == nlohmann::json::array({nlohmann::json::array({"復旧手順", "r"})}));
    CHECK(entry.at("n") == nlohmann::json::array({"ops-003", "ばっくあっぷ取得規則", ""}));
    const auto readings = assigned(part_javascript(index.indexed(), part, PartFile::Readings),
                                   numbered_head("tebikiSearchReadings", part));
    CHECK(readings.at("OPS-003") == "ふっきゅう てじゅん");
    const auto texts = assigned(part_javascript(index.indexed(), part, PartFile::Text),
                                numbered_head("tebikiSearchTexts", part));
    CHECK(texts.at("OPS-003") == nlohmann::json::array({"復旧する。"}));
    for (const auto& [id, ignored] : match.items()) CHECK(search_part_of(id) == part);
}

TEST_CASE("A part's scripts depend on its own documents alone") {
    const auto index = sample_index();
    const std::size_t part = search_part_of("OPS-003");
    std::size_t other = 0;
    while (other < index.size() && search_part_of(index.document(other).id) == part) ++other;
    REQUIRE(other < index.size());
    // The index without a document of another part: this part's bytes stay.
    std::vector<SearchDocument> fewer;
    for (std::size_t i = 0; i < index.size(); ++i)
        if (i != other) fewer.push_back(index.document(i));
    const SearchIndex smaller(std::move(fewer));
    for (const PartFile file : {PartFile::Match, PartFile::Readings, PartFile::Text})
        CHECK(part_javascript(smaller.indexed(), part, file) == part_javascript(index.indexed(), part, file));
}

TEST_CASE("A key's shard is its first code point modulo the shards") {
    CHECK(search_key_shard_of(u"ばっ") == 0x3070 % kSearchKeyShards);
    CHECK(search_key_shard_of(u"ml") == 'm' % kSearchKeyShards);
    CHECK(search_key_shard_of(u"\U00020B9F") == 0x20B9F % kSearchKeyShards);  // beyond the BMP: the code point
}

TEST_CASE("Without postings the engine checks every document and answers the same") {
    const auto index = sample_index();
    std::vector<const PreparedDocument*> all;
    std::vector<PreparedDocument> prepared;
    for (std::size_t i = 0; i < index.size(); ++i) prepared.push_back(prepare_document(index.document(i)));
    for (const auto& p : prepared) all.push_back(&p);
    const SearchIndex bare(all, /*with_postings=*/false);
    CHECK_FALSE(bare.has_postings());
    CHECK(bare.cjk().empty());
    for (const char* q : {"バックアップ", "復元 手順", "emr", "第3", "・", "サイドバー"}) {
        INFO(q);
        CHECK(ids(bare, q, true) == ids(index, q, true));
    }
}

TEST_CASE("A document's part depends on its id alone") {
    // FNV-1a: fixed values guard the contract with the client.
    CHECK(search_part_of("") == 2166136261u % kSearchIndexParts);
    CHECK(search_part_of("a") == 0xe40c292cu % kSearchIndexParts);
}
