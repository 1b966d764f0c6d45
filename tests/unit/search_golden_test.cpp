// The golden search cases (tests/search/queries.yml) run against the C++
// engine on the sample content's `it` site; tests/search/golden.test.mjs runs
// the same file against the browser client, so the two cannot drift apart.

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <map>

#include "document/catalog.h"
#include "search/search_engine.h"

using namespace tebiki;

namespace {

std::vector<std::string> string_list(const YAML::Node& node) {
    std::vector<std::string> out;
    if (node)
        for (const auto& item : node) out.push_back(item.as<std::string>());
    return out;
}

}  // namespace

TEST_CASE("Golden search cases hold for the C++ engine") {
    const std::string root = TEBIKI_SOURCE_DIR;
    const YAML::Node cases = YAML::LoadFile(root + "/tests/search/queries.yml");
    REQUIRE(cases.IsSequence());
    REQUIRE(cases.size() >= 10);

    const Catalog catalog = build_catalog(source::read_worktree(root + "/content"), CatalogOptions{Date{2026, 11, 25}});
    REQUIRE_FALSE(catalog.diagnostics().has_errors());
    const search::SearchIndex index = search::build_search_index(catalog.documents_for("it"));

    for (const auto& c : cases) {
        const std::string query = c["query"].as<std::string>();
        const bool include_obsolete = c["include_obsolete"] && c["include_obsolete"].as<bool>();
        std::vector<std::string> found;
        std::map<std::string, std::string> anchors;
        for (const auto& r : search::run_search(index, query, {include_obsolete})) {
            const auto& doc = index.document(r.doc);
            found.push_back(doc.id);
            anchors[doc.id] = doc.sections.empty() ? "" : doc.sections[r.section].anchor;
        }
        INFO("query: " << query);
        const auto expect_top = string_list(c["expect_top"]);
        REQUIRE(found.size() >= expect_top.size());
        CHECK(std::vector<std::string>(found.begin(), found.begin() + static_cast<long>(expect_top.size())) == expect_top);
        if (c["expect_count"]) CHECK(found.size() == c["expect_count"].as<std::size_t>());
        for (const auto& id : string_list(c["must_not_match"]))
            CHECK(std::find(found.begin(), found.end(), id) == found.end());
        for (const auto& id : string_list(c["expect_match"]))
            CHECK(std::find(found.begin(), found.end(), id) != found.end());
        if (c["expect_anchor"])
            for (const auto& entry : c["expect_anchor"])
                CHECK(anchors[entry.first.as<std::string>()] == entry.second.as<std::string>());
    }
}
