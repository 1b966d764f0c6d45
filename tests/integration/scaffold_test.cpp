// Writers' scaffolding: `tebiki new` and `tebiki init` make content that
// passes `check` at once.

#include "fixtures.h"

namespace tebiki::testing {

TEST_CASE("new writes a draft from a template that passes check", "[scaffold]") {
    ContentRepo repo;
    repo.write_content("a.md", sample_document("A-001", "運用規程", "本文\n"));
    repo.commit("初版");

    for (const std::string name : {"rule", "procedure", "manual"}) {
        const std::string id = "NEW-" + name;
        const auto r = repo.tebiki({"new", id, "--title", "停電時の手順: 5階 #1", "--template", name});
        INFO(describe(r));
        REQUIRE(r.exit_code == 0);
        CHECK(r.out == "content/" + id + ".md\n");
        const std::string text = read_file(repo.path("content/" + id + ".md"));
        CHECK_THAT(text, StartsWith("---\nid: " + id + "\ntitle: \"停電時の手順: 5階 #1\"\nstatus: draft\n"));
    }
    const auto check = repo.tebiki({"check"});
    INFO(describe(check));
    CHECK(check.exit_code == 0);
    CHECK(error_lines(check.out).empty());
}

TEST_CASE("new refuses an id in use, a bad id and an unknown template", "[scaffold]") {
    ContentRepo repo;
    repo.write_content("rules/a.md", sample_document("A-001", "運用規程", "本文\n"));
    repo.commit("初版");
    const auto taken = repo.tebiki({"new", "A-001", "--title", "重複"});
    CHECK(taken.exit_code == 1);
    CHECK_THAT(taken.err, Contains("the id 'A-001' is already used by content/rules/a.md"));
    CHECK(repo.tebiki({"new", "a b", "--title", "x"}).exit_code == 2);
    const auto unknown = repo.tebiki({"new", "B-001", "--title", "x", "--template", "nope"});
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.err, Contains("templates: manual, procedure, rule"));
    CHECK_FALSE(fs::exists(repo.path("content/B-001.md")));
}

TEST_CASE("a content repository's own template overrides the theme's", "[scaffold]") {
    ContentRepo repo;
    repo.write("templates/rule.md", "---\nid: {{id}}\ntitle: {{title}}\nstatus: draft\nowner: 看護部\n"
                                    "effective: {{today}}\n---\n当院独自のひな形\n");
    repo.commit("ひな形");
    REQUIRE(repo.tebiki({"new", "N-001", "--title", "独自"}).exit_code == 0);
    CHECK_THAT(read_file(repo.path("content/N-001.md")), Contains("当院独自のひな形"));
}

TEST_CASE("new --path is taken inside the content root, wherever tebiki runs", "[scaffold]") {
    ContentRepo repo;
    repo.write_content("rules/a.md", sample_document("A-001", "運用規程", "本文\n"));
    repo.commit("初版");
    SECTION("from a folder of the content") {
        const auto r = run_tebiki({"new", "N-001", "--title", "手順", "--path", "procedures/n-001.md"},
                                  repo.path("content/rules"));
        INFO(describe(r));
        REQUIRE(r.exit_code == 0);
        CHECK(fs::is_regular_file(repo.path("content/procedures/n-001.md")));
        CHECK_FALSE(fs::exists(repo.path("content/rules/procedures")));
        const auto check = repo.tebiki({"check"});
        INFO(describe(check));
        CHECK(check.exit_code == 0);
        CHECK_THAT(check.err, Contains("2 documents"));
    }
    SECTION("from the top of the repository") {
        const auto r = repo.tebiki({"new", "N-002", "--title", "手順", "--path", "procedures/n-002.md"});
        INFO(describe(r));
        REQUIRE(r.exit_code == 0);
        CHECK(r.out == "content/procedures/n-002.md\n");
        CHECK(fs::is_regular_file(repo.path("content/procedures/n-002.md")));
    }
    SECTION("a path outside the content root is refused") {
        for (const std::string outside : {"../notes/n.md", "../../elsewhere.md", "/tmp/tebiki-new-outside.md"}) {
            INFO(outside);
            const auto r = repo.tebiki({"new", "N-003", "--title", "手順", "--path", outside});
            INFO(describe(r));
            CHECK(r.exit_code == 2);
            CHECK_THAT(r.err, Contains("is outside the content root"));
        }
        CHECK_FALSE(fs::exists(repo.path("notes")));
        CHECK_FALSE(fs::exists("/tmp/tebiki-new-outside.md"));
    }
    SECTION("a path that is not Markdown is refused") {
        const auto r = repo.tebiki({"new", "N-004", "--title", "手順", "--path", "rules/n-004.txt"});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Contains("must end in .md"));
        CHECK_FALSE(fs::exists(repo.path("content/rules/n-004.txt")));
    }
}

TEST_CASE("new refuses while tebiki.yml does not load, since it cannot see the ids in use", "[scaffold]") {
    ContentRepo repo;
    repo.write("content/tebiki.yml", "organisation: 病院\naudiences:\n\t- key: all\n");
    repo.write_content("rules/a.md", sample_document("A-001", "運用規程", "本文\n"));
    repo.commit("壊れた設定");
    const auto r = repo.tebiki({"new", "A-001", "--title", "重複かもしれない"});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("content/tebiki.yml:3:1: error: config: this line is indented with a tab"));
    CHECK_THAT(r.err, Contains("nothing was written"));
    CHECK_FALSE(fs::exists(repo.path("content/A-001.md")));
}

TEST_CASE("init creates a repository that checks and builds at once", "[scaffold]") {
    TempDir parent;
    const auto r = run_tebiki({"init", "hospital", "--organisation", "さくら市立総合病院"}, parent.root());
    INFO(describe(r));
    REQUIRE(r.exit_code == 0);
    const fs::path dir = parent.root() / "hospital";
    CHECK(fs::exists(dir / ".git"));
    CHECK_THAT(read_file(dir / ".gitignore"), Contains("/dist/"));
    const std::string config = read_file(dir / "content/tebiki.yml");
    CHECK_THAT(config, Contains("organisation: \"さくら市立総合病院\""));
    // Every setting is written, each with a comment that says what it does.
    for (const std::string key : {"organisation", "site_title", "theme", "allow_raw_html", "review_warning_days",
                                  "stale_after_days", "audiences", "publishing", "edition_tag_pattern",
                                  "require_approver", "require_review_date", "effective_by_edition"}) {
        INFO(key);
        bool commented = false;
        for (const auto& line : lines_of(config))
            if (line.find(key + ":") != std::string::npos && line.find(" # ") != std::string::npos) commented = true;
        CHECK(commented);
    }
    const auto check = run_tebiki({"check"}, dir);
    INFO(describe(check));
    CHECK(check.exit_code == 0);
    CHECK(warning_lines(check.out).empty());  // no key it wrote is unknown
    const auto build = run_tebiki({"build", "--no-pdf"}, dir);  // HEAD: init committed everything
    INFO(describe(build));
    CHECK(build.exit_code == 0);
    CHECK(fs::exists(dir / "dist/all/docs/OPS-001.html"));
    // Not over existing work.
    CHECK(run_tebiki({"init", "hospital"}, parent.root()).exit_code == 2);
}

}  // namespace tebiki::testing
