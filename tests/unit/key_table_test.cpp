// A site's index.js made from the build's shared key table is byte for
// byte the one SearchIndex makes from the site's documents alone.

#include <catch2/catch.hpp>

#include "document/catalog.h"
#include "document/site_contents.h"
#include "search/key_table.h"
#include "search/search_index.h"

using namespace tebiki;

TEST_CASE("index.js from the shared key table equals the site's own index, for every audience", "[search]") {
    const std::string root = TEBIKI_SOURCE_DIR;
    const Catalog catalog = build_catalog(source::read_worktree(root + "/content"), CatalogOptions{Date{2026, 11, 25}});
    REQUIRE_FALSE(catalog.diagnostics().has_errors());
    std::vector<SiteContents> sites;
    for (const Audience& audience : catalog.config().audiences)
        sites.push_back(select_site(catalog, audience, std::nullopt));
    REQUIRE(sites.size() >= 3);

    search::SearchCorpus corpus;
    corpus.prepare(documents_of(sites));
    for (const SiteContents& site : sites) {
        INFO(site.audience.key);
        const auto indexed = corpus.indexed(site.documents);
        REQUIRE(indexed.size() == site.documents.size());
        // The site's index made afresh, from its documents alone.
        const search::SearchIndex own = search::build_search_index(site.documents);
        CHECK(corpus.index_javascript(indexed) == own.to_javascript());
        for (std::size_t part = 0; part < kSearchIndexParts; ++part)
            CHECK(search::part_javascript(indexed, part) == own.part_javascript(part));
    }
    // The sites differ, so the table really leaves out the keys a site lacks.
    CHECK(corpus.index_javascript(corpus.indexed(sites[0].documents)) !=
          corpus.index_javascript(corpus.indexed(sites[1].documents)));
}

TEST_CASE("A key table serves only the documents it was made from", "[search]") {
    const std::string root = TEBIKI_SOURCE_DIR;
    const Catalog catalog = build_catalog(source::read_worktree(root + "/content"), CatalogOptions{Date{2026, 11, 25}});
    const auto docs = catalog.documents_for("it");
    REQUIRE(docs.size() >= 2);
    search::SearchCorpus corpus;
    corpus.prepare({docs.begin(), docs.begin() + 1});
    std::vector<const search::IndexedDocument*> prepared;
    for (const Document* d : docs) prepared.push_back(&corpus.prepared(*d));
    const search::KeyTable table({prepared.front()});
    CHECK(table.covers({prepared.front()}));
    CHECK_FALSE(table.covers(prepared));
    // The corpus then makes a table for the site, with the same result.
    CHECK(corpus.index_javascript(corpus.indexed(docs)) == search::build_search_index(docs).to_javascript());
}
