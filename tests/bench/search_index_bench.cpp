// Times the search index of a content set: building it from the catalog,
// writing index.js, and answering queries, for one audience's site.
//   search_index_bench CONTENT_DIR AUDIENCE QUERY...

#include <chrono>
#include <iostream>

#include "document/catalog.h"
#include "search/search_engine.h"
#include "search/search_index.h"

namespace {
double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

int main(int argc, char** argv) {
    using namespace tebiki;
    if (argc < 3) {
        std::cerr << "usage: search_index_bench CONTENT_DIR AUDIENCE [QUERY...]\n";
        return 2;
    }
    const auto catalog = build_catalog(source::read_revision(argv[1], "HEAD"), CatalogOptions{Date::today()});
    const auto docs = catalog.documents_for(argv[2]);

    auto start = std::chrono::steady_clock::now();
    const auto index = search::build_search_index(docs);
    const double build_ms = ms_since(start);
    start = std::chrono::steady_clock::now();
    std::string script = search::index_javascript() + search::docs_javascript(index.indexed());
    for (const auto& shard : search::key_shards_javascript(index.indexed())) script += shard;
    for (std::size_t part = 0; part < kSearchIndexParts; ++part)
        for (std::size_t file = 0; file < search::kPartFiles; ++file)
            script += search::part_javascript(index.indexed(), part, static_cast<search::PartFile>(file));
    const double write_ms = ms_since(start);
    std::cout << "documents " << docs.size() << "\n"
              << "index_build_ms " << build_ms << "\n"
              << "index_serialise_ms " << write_ms << "\n"
              << "index_bytes " << script.size() << "\n"
              << "cjk_keys " << index.cjk().size() << "\n"
              << "word_keys " << index.words().size() << "\n";
    for (int i = 3; i < argc; ++i) {
        start = std::chrono::steady_clock::now();
        const auto results = search::run_search(index, argv[i], {});
        std::cout << "query_ms " << ms_since(start) << " results " << results.size() << " query " << argv[i] << "\n";
    }
    return 0;
}
