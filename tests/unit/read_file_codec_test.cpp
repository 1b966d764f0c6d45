// Read Markdown files survive the trip through bytes (the build cache keeps
// them so, through a ReadFileStore), and anything else is refused, not
// misread.

#include <catch2/catch.hpp>

#include <algorithm>

#include <atomic>
#include <map>
#include <mutex>

#include "document/catalog.h"
#include "reuse/read_file_codec.h"
#include "test_repo.h"

using namespace tebiki;
using tebiki::testing::sample_config;
using tebiki::testing::sample_document;
using tebiki::testing::TestRepo;

namespace {

// Keeps bytes in memory, as the build cache keeps them on disk.
class MemoryStore : public reuse::ReadFileStore {
public:
    std::optional<reuse::CatalogMemo::ReadFile> load(const std::string& key) const override {
        const std::lock_guard<std::mutex> lock(mutex_);
        ++loads;
        const auto it = bytes.find(key);
        return it == bytes.end() ? std::nullopt : reuse::read_file_from_bytes(it->second);
    }
    void save(const std::string& key, const reuse::CatalogMemo::ReadFile& read) const override {
        const std::lock_guard<std::mutex> lock(mutex_);
        ++saves;
        bytes[key] = reuse::to_bytes(read);
    }
    std::optional<source::WalkedHistories> load_histories(const std::string& key) const override {
        const std::lock_guard<std::mutex> lock(mutex_);
        ++history_loads;
        const auto it = histories.find(key);
        return it == histories.end() ? std::nullopt : reuse::histories_from_bytes(it->second);
    }
    void save_histories(const std::string& key, const source::WalkedHistories& read) const override {
        const std::lock_guard<std::mutex> lock(mutex_);
        ++history_saves;
        histories[key] = reuse::to_bytes(read);
    }

    mutable std::map<std::string, std::string> bytes;
    mutable std::map<std::string, std::string> histories;
    mutable int loads = 0;
    mutable int saves = 0;
    mutable int history_loads = 0;
    mutable int history_saves = 0;

private:
    mutable std::mutex mutex_;
};

std::string messages(const Catalog& c) {
    std::string out;
    for (const auto& d : c.diagnostics().sorted()) out += d.format() + "\n";
    return out;
}

// Every field of a document, compared one by one (not through the codec).
void check_same(const Document& a, const Document& b) {
    CHECK(a.path == b.path);
    CHECK(a.display_path == b.display_path);
    CHECK(a.blob_id == b.blob_id);
    CHECK(a.meta.id == b.meta.id);
    CHECK(a.meta.title == b.meta.title);
    CHECK(a.meta.status == b.meta.status);
    CHECK(a.meta.owner == b.meta.owner);
    CHECK(a.meta.approver == b.meta.approver);
    CHECK(a.meta.effective.has_value() == b.meta.effective.has_value());
    if (a.meta.effective && b.meta.effective) CHECK(a.meta.effective->iso() == b.meta.effective->iso());
    CHECK(a.meta.review_by.has_value() == b.meta.review_by.has_value());
    if (a.meta.review_by && b.meta.review_by) CHECK(a.meta.review_by->iso() == b.meta.review_by->iso());
    CHECK(a.meta.audience == b.meta.audience);
    CHECK(a.meta.category == b.meta.category);
    CHECK(a.meta.tags == b.meta.tags);
    REQUIRE(a.meta.positions.size() == b.meta.positions.size());
    for (const auto& [key, pos] : a.meta.positions) {
        INFO(key);
        CHECK(b.meta.position_of(key).line == pos.line);
        CHECK(b.meta.position_of(key).column == pos.column);
    }
    CHECK_FALSE(a.front_matter.empty());
    CHECK(a.front_matter == b.front_matter);
    // The body is the file's, not the store's: a reading from the store takes this snapshot's bytes.
    CHECK_FALSE(a.body().empty());
    CHECK(a.body() == b.body());
    CHECK(a.body_first_line == b.body_first_line);
    REQUIRE(a.outline.headings.size() == b.outline.headings.size());
    for (std::size_t i = 0; i < a.outline.headings.size(); ++i) {
        const auto &x = a.outline.headings[i], &y = b.outline.headings[i];
        CHECK((x.level == y.level && x.text == y.text && x.id == y.id && x.line == y.line &&
               x.explicit_id == y.explicit_id));
    }
    REQUIRE(a.outline.links.size() == b.outline.links.size());
    for (std::size_t i = 0; i < a.outline.links.size(); ++i) {
        const auto &x = a.outline.links[i], &y = b.outline.links[i];
        CHECK((x.url == y.url && x.is_image == y.is_image && x.line == y.line && x.column == y.column));
    }
    CHECK(a.outline.raw_html_lines == b.outline.raw_html_lines);
    REQUIRE(a.history.size() == b.history.size());
    for (std::size_t i = 0; i < a.history.size(); ++i) {
        const auto &x = a.history[i], &y = b.history[i];
        CHECK((x.number == y.number && x.version == y.version && x.date.iso() == y.date.iso() &&
               x.author == y.author && x.summary == y.summary && x.commit_id == y.commit_id &&
               x.approved_by == y.approved_by && x.kind == y.kind && x.path == y.path &&
               x.previous_path == y.previous_path && x.uncommitted == y.uncommitted));
    }
}

void write_content(TestRepo& repo) {
    repo.write("content/tebiki.yml", sample_config());
    repo.write("content/ops/a.md",
               sample_document("A-1", "停電時の対応手順", "## 連絡 {#contact}\n\n[復元](../b.md#restore) ![図](fig.png)\n\n"
                               "<div>生のHTML</div>\n\n### 手順の詳細\n本文\n",
                               "audience: [ward-5w, it]\ncategory: 手順\ntags: [停電, BCP]\n"));
    repo.write("content/ops/fig.png", "not really a png");
    repo.write("content/b.md", sample_document("B-1", "復元", "## 復元 {#restore}\n[壊れた](missing.md)\n"));
    repo.write("content/c.md", "---\nid: C-1\ntitle: [閉じていない\n---\n本文\n");
}

}  // namespace

TEST_CASE("A catalog built from a store equals one built from the files, diagnostics included") {
    TestRepo repo;
    write_content(repo);
    repo.commit("content");
    repo.write("content/b.md", sample_document("B-1", "復元（改）", "## 復元 {#restore}\n[壊れた](missing.md)\n"));
    repo.commit("復元手順を改訂\n\nApproved-by: 情報システム委員会\n", 1775000000);
    const auto build = [&](reuse::CatalogMemo* memo) {
        return build_catalog(source::read_worktree(repo.path("content")),
                             CatalogOptions{Date{2026, 11, 25}, /*with_history=*/true, memo});
    };
    const Catalog plain = build(nullptr);
    REQUIRE(plain.documents().size() == 2);
    REQUIRE(plain.diagnostics().error_count() == 2);

    MemoryStore store;
    {
        reuse::CatalogMemo first(&store);
        build(&first);
    }
    CHECK(store.saves == 3);  // every Markdown file, the unusable one included
    reuse::CatalogMemo second(&store);  // a new process: nothing in memory, everything in the store
    const Catalog stored = build(&second);
    CHECK(store.saves == 3);
    CHECK(store.loads == 6);
    // The histories too: walked once (and kept under their key and as the
    // content root's latest walk), then taken from the store.
    CHECK(store.history_saves == 2);
    CHECK(store.history_loads == 3);
    CHECK(messages(stored) == messages(plain));
    REQUIRE(stored.documents().size() == plain.documents().size());
    for (std::size_t i = 0; i < plain.documents().size(); ++i) {
        INFO(plain.documents()[i].meta.id);
        check_same(stored.documents()[i], plain.documents()[i]);
    }
    // What the test document exercises, so that the comparison above means something.
    const Document* a = stored.find_by_id("A-1");
    REQUIRE(a != nullptr);
    CHECK(a->meta.tags.size() == 2);
    CHECK(a->meta.audience.size() == 2);
    CHECK(a->outline.headings.front().explicit_id);
    CHECK(a->outline.links.size() == 2);
    CHECK(a->outline.raw_html_lines.size() == 1);
    const Document* b = stored.find_by_id("B-1");
    REQUIRE(b != nullptr);
    REQUIRE(b->history.size() == 2);
    CHECK(b->history.front().approved_by == "情報システム委員会");
}

TEST_CASE("Bytes that are not histories of this format are refused") {
    TestRepo repo;
    write_content(repo);
    repo.commit("content");
    repo.write("content/b.md", sample_document("B-1", "復元（改）", "## 復元\n"));
    repo.commit("改訂\n\nApproved-by: 病院長\n", 1775000000);
    MemoryStore store;
    reuse::CatalogMemo memo(&store);
    build_catalog(source::read_revision(repo.path("content"), "HEAD"), CatalogOptions{Date{2026, 11, 25}, true, &memo});
    REQUIRE(store.histories.size() == 2);  // under its key, and as the latest walk
    const std::string bytes = store.histories.begin()->second;
    const auto back = reuse::histories_from_bytes(bytes);
    REQUIRE(back);
    CHECK(back->commit_id.size() == 40);
    CHECK(back->tracked == std::vector<std::string>{"b.md", "c.md", "ops/a.md"});
    CHECK(std::count(back->changed.begin(), back->changed.end(), "b.md") == 1);
    REQUIRE(back->histories.count("b.md") == 1);
    CHECK(back->histories.at("b.md").front().trailers.at("Approved-by") == "病院長");
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
        INFO("cut at " << cut);
        CHECK_FALSE(reuse::histories_from_bytes(bytes.substr(0, cut)));
    }
    CHECK_FALSE(reuse::histories_from_bytes(bytes + '\0'));
    std::string other_format = bytes;
    other_format[0] = static_cast<char>(other_format[0] + 1);
    CHECK_FALSE(reuse::histories_from_bytes(other_format));
}

TEST_CASE("Bytes that are not a read file of this format are refused") {
    TestRepo repo;
    write_content(repo);
    repo.commit("content");
    MemoryStore store;
    reuse::CatalogMemo memo(&store);
    build_catalog(source::read_worktree(repo.path("content")), CatalogOptions{Date{2026, 11, 25}, false, &memo});
    REQUIRE(store.bytes.size() == 3);
    for (const auto& [key, bytes] : store.bytes) {
        REQUIRE(reuse::read_file_from_bytes(bytes));
        for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
            INFO("cut at " << cut);
            CHECK_FALSE(reuse::read_file_from_bytes(bytes.substr(0, cut)));
        }
        CHECK_FALSE(reuse::read_file_from_bytes(bytes + '\0'));
        std::string other_format = bytes;
        other_format[0] = static_cast<char>(other_format[0] + 1);
        CHECK_FALSE(reuse::read_file_from_bytes(other_format));
    }
    CHECK_FALSE(reuse::read_file_from_bytes("garbage, not a read file"));
}
