// Every input kept for the fuzz targets, replayed through the same entry
// functions the libFuzzer programs call (tests/fuzz/fuzz_targets.h): the
// crashes the fuzzers found (tests/fuzz/regressions/<target>/) and the seed
// corpus (tests/fuzz/corpus/<target>/). Under this build's ASan and UBSan a
// crash, leak or undefined behaviour fails the test; each outcome is also
// held to what a writer or a terminal is promised.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_targets.h"

namespace fs = std::filesystem;
using namespace tebiki::fuzz;

namespace {

const fs::path kFuzzDir = fs::path(TEBIKI_SOURCE_DIR) / "tests" / "fuzz";

struct Input {
    std::string name;  // regressions/catalog/crash-...
    std::string bytes;
};

std::vector<Input> inputs_of(const std::string& target) {
    std::vector<Input> inputs;
    for (const char* kind : {"regressions", "corpus"}) {
        const fs::path dir = kFuzzDir / kind / target;
        if (!fs::is_directory(dir)) continue;
        for (const auto& entry : fs::directory_iterator(dir)) {
            if (!entry.is_regular_file() || entry.path().filename() == "README") continue;
            std::ifstream in(entry.path(), std::ios::binary);
            std::ostringstream bytes;
            bytes << in.rdbuf();
            inputs.push_back({std::string(kind) + "/" + target + "/" + entry.path().filename().string(), bytes.str()});
        }
    }
    std::sort(inputs.begin(), inputs.end(), [](const Input& a, const Input& b) { return a.name < b.name; });
    return inputs;
}

bool all_name_the_document(const std::vector<std::string>& errors) {
    return std::all_of(errors.begin(), errors.end(),
                       [](const std::string& e) { return e.starts_with(std::string(kDocumentPath) + ":"); });
}

}  // namespace

TEST_CASE("Fuzz inputs: a document is catalogued or refused with an error naming it", "[fuzz]") {
    const auto inputs = inputs_of("catalog");
    REQUIRE(inputs.size() >= 10);
    for (const auto& input : inputs) {
        INFO(input.name);
        const DocumentOutcome outcome = check_document(input.bytes);
        if (!outcome.catalogued) {
            REQUIRE_FALSE(outcome.errors.empty());
            CHECK(std::any_of(outcome.errors.begin(), outcome.errors.end(), [](const std::string& e) {
                return e.starts_with(std::string(kDocumentPath) + ":");
            }));
        }
    }
}

TEST_CASE("Fuzz inputs: a body is rendered as HTML, or refused at its own file:line", "[fuzz]") {
    const auto inputs = inputs_of("html_page");
    REQUIRE(inputs.size() >= 10);
    std::size_t rendered = 0;
    for (const auto& input : inputs) {
        INFO(input.name);
        const DocumentOutcome outcome = render_page(input.bytes);
        rendered += outcome.output_size > 0 ? 1 : 0;
        CHECK(all_name_the_document(outcome.errors));
        if (outcome.errors.empty()) CHECK(outcome.catalogued);
    }
    // The seeds are bodies the catalog takes: the renderer is reached.
    CHECK(rendered * 4 >= inputs.size() * 3);
}

TEST_CASE("Fuzz inputs: a body is laid out and written as a PDF, or refused at its own file:line", "[fuzz][pdf]") {
    const auto inputs = inputs_of("pdf_layout");
    REQUIRE(inputs.size() >= 10);
    std::size_t laid_out = 0;
    for (const auto& input : inputs) {
        INFO(input.name);
        const DocumentOutcome outcome = lay_out_pdf(input.bytes);
        laid_out += outcome.output_size > 0 ? 1 : 0;
        CHECK(all_name_the_document(outcome.errors));
        if (outcome.errors.empty()) {
            CHECK(outcome.output_size >= 1);  // pages
            CHECK(outcome.pdf_start == "%PDF-1.6");
        }
    }
    CHECK(laid_out * 4 >= inputs.size() * 3);
}

TEST_CASE("Fuzz inputs: bundles verify only when whole and signed by the key", "[fuzz][bundle]") {
    const auto inputs = inputs_of("bundle_verify");
    REQUIRE(inputs.size() >= 5);
    for (const auto& input : inputs) {
        INFO(input.name);
        const BundleOutcome outcome = verify_bundle_bytes(input.bytes);
        // A signature proves nothing about a copy that does not verify.
        if (outcome.verified_with_key) CHECK(outcome.verified_without_key);
        for (const auto& e : outcome.errors) CHECK_FALSE(e.starts_with("unpack refused a verified zip"));
        // The seed corpus names what each bundle is (tests/fuzz/make_corpus.py).
        const std::string file = fs::path(input.name).filename().string();
        if (file.starts_with("good-")) CHECK(outcome.verified_with_key);
        if (file.starts_with("bad-")) CHECK_FALSE(outcome.verified_with_key);
        if (file.starts_with("unsigned-")) CHECK((outcome.verified_without_key && !outcome.verified_with_key));
    }
}

TEST_CASE("Fuzz inputs: queries are parsed and answered", "[fuzz][search]") {
    const auto inputs = inputs_of("search_query");
    REQUIRE(inputs.size() >= 10);
    for (const auto& input : inputs) {
        INFO(input.name);
        const SearchOutcome outcome = run_search_query(input.bytes);
        if (outcome.terms == 0) CHECK(outcome.results == 0);
    }
}
