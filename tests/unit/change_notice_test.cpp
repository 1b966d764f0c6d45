#include <catch2/catch.hpp>

#include "changes/change_notice.h"
#include "changes/readable_text.h"
#include "changes/sequence_diff.h"
#include "test_repo.h"
#include "text/graphemes.h"

using namespace tebiki;
using namespace tebiki::changes;
using tebiki::testing::sample_config;
using tebiki::testing::sample_document;
using tebiki::testing::TestRepo;

namespace {

std::string render(const std::vector<TextSpan>& spans) {
    std::string out;
    for (const auto& s : spans) {
        if (s.kind == EditKind::Equal) out += s.text;
        if (s.kind == EditKind::Delete) out += "[-" + s.text + "-]";
        if (s.kind == EditKind::Insert) out += "{+" + s.text + "+}";
    }
    return out;
}

}  // namespace

TEST_CASE("Sequence diff finds the shortest edit, deletions first") {
    const auto edits = diff_sequences({"a", "b", "c", "d"}, {"a", "x", "c", "d", "e"});
    REQUIRE(edits.size() == 5);
    CHECK(edits[0].kind == EditKind::Equal);
    CHECK(edits[1].kind == EditKind::Delete);
    CHECK(edits[2].kind == EditKind::Insert);
    CHECK(edits[3].kind == EditKind::Equal);
    CHECK(edits[3].length == 2);
    CHECK(edits[4].kind == EditKind::Insert);
    CHECK(diff_sequences({}, {}).empty());
    CHECK(diff_sequences({"a"}, {}).front().kind == EditKind::Delete);
}

TEST_CASE("Graphemes keep kana with voiced marks and non-BMP kanji whole") {
    CHECK(text::split_graphemes("か\u3099𠮟る👍🏽").size() == 4);
}

TEST_CASE("Changes between two versions: added, changed by character, withdrawn") {
    TestRepo repo;
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/a.md", sample_document("A-1", "規程", "第3条　バックアップは毎日取得する。\n\n第4条　保存は5年。\n\n第5条　古い段落。\n"));
    repo.write("content/b.md", sample_document("B-1", "廃止予定", "本文\n"));
    repo.write("content/c.md", sample_document("C-1", "削除予定", "本文\n"));
    repo.commit("v1", 1774000000);
    repo.write("content/a.md", sample_document("A-1", "規程", "第3条　バックアップは毎時取得する。\n\n第4条　保存は5年。\n\nまったく新しい文章になった。\n",
                                               "tags: [改訂]\n"));
    std::string withdrawn = sample_document("B-1", "廃止予定", "本文\n");
    withdrawn.replace(withdrawn.find("status: approved"), 16, "status: obsolete");
    repo.write("content/b.md", withdrawn);
    repo.remove("content/c.md");
    repo.write("content/d.md", sample_document("D-1", "新規", "本文\n"));
    repo.commit("v2", 1775000000);

    const auto older = build_catalog(source::read_revision(repo.path("content"), "HEAD~1"), CatalogOptions{Date{2026, 4, 1}, true});
    const auto newer = build_catalog(source::read_revision(repo.path("content"), "HEAD"), CatalogOptions{Date{2026, 4, 1}, true});
    const ChangeNotice notice = compare_catalogs(older, newer, "v1", "v2");
    REQUIRE(notice.documents.size() == 4);
    CHECK(notice.documents[0].kind == DocumentChange::Kind::Added);
    CHECK(notice.documents[0].id == "D-1");
    const auto& a = notice.documents[1];
    CHECK(a.kind == DocumentChange::Kind::Changed);
    CHECK(a.old_version == "1.0");
    CHECK(a.new_version == "1.1");
    REQUIRE(a.paragraphs.size() == 3);
    CHECK(a.paragraphs[0].kind == ParagraphChange::Kind::Rewritten);
    CHECK(render(a.paragraphs[0].spans) == "第3条　バックアップは毎[-日-]{+時+}取得する。");
    // A paragraph with little in common is shown removed and added, not as noise.
    CHECK(a.paragraphs[1].kind == ParagraphChange::Kind::Removed);
    CHECK(a.paragraphs[2].kind == ParagraphChange::Kind::Added);
    CHECK(notice.documents[2].kind == DocumentChange::Kind::Withdrawn);  // B-1 made obsolete
    CHECK(notice.documents[2].id == "B-1");
    CHECK(notice.documents[2].metadata_changes == std::vector<std::string>{"状態：承認済 → 廃止"});
    CHECK(notice.documents[3].kind == DocumentChange::Kind::Retracted);  // C-1 deleted
    CHECK(notice.documents[3].id == "C-1");
    CHECK(notice.documents[3].retraction == DocumentChange::Retraction::Deleted);
}

TEST_CASE("Readable blocks: what the page shows, one sentence per line joined as the page joins it") {
    const auto blocks = readable_blocks("## 手順 {#steps}\n\n停止時は**必ず**\n[復元手順](b.md)に従う。\nThen\nrestart.\n\n"
                                        "- 一つ目\n- ![構成図](a.png)\n\n| 内容 | 内線 |\n|---|---|\n| 障害 | 1234 |\n");
    std::vector<std::string> texts;
    for (const auto& b : blocks) texts.push_back(b.text);
    CHECK(texts == std::vector<std::string>{"手順", "停止時は必ず復元手順に従う。 Then restart.", "・一つ目",
                                            "・［画像：構成図］", "内容 ｜ 内線", "障害 ｜ 1234"});
    CHECK(blocks[1].links == std::vector<std::string>{"b.md"});
    CHECK(blocks[3].links == std::vector<std::string>{"a.png"});
}
