#pragma once
// What each fuzz target does with one input, shared by the libFuzzer
// programs (tests/fuzz/*_fuzz.cpp, built with clang by build-scripts/fuzz)
// and by the unit test that replays every input kept under
// tests/fuzz/regressions/<target>/ (tests/unit/fuzz_regressions_test.cpp),
// so that every crash the fuzzers found stays a test of the g++ build.
//
// Each function must return for any input: a crash, a sanitizer report or
// a hang is the finding. What they return is what the replay test asserts.

#include <string>
#include <string_view>
#include <vector>

namespace tebiki::fuzz {

// What became of one document: kept in the catalog, or refused with the
// errors (formatted "content/doc.md:3:1: error: ...").
struct DocumentOutcome {
    bool catalogued = false;
    std::vector<std::string> errors;
    std::size_t output_size = 0;  // bytes of HTML, or pages of the PDF layout
    std::string pdf_start;        // pdf_layout: the first bytes of the PDF written
};

// The file name the input document has in the content tree.
inline constexpr std::string_view kDocumentPath = "content/doc.md";

// catalog: the input is a whole Markdown file (front matter and body); it
// is catalogued beside another document and an image, and checked as
// `tebiki check` checks it (template text left in the document included).
DocumentOutcome check_document(std::string_view file);

// html_page: the input is a body under a valid front matter; when the
// catalog takes it without errors (as build requires), its page body is
// rendered as HTML for the `all` site.
DocumentOutcome render_page(std::string_view body);

// pdf_layout: the same, laid out and paginated as the document's PDF
// (fonts shaped, lines broken, pages cut), then written as that PDF (fonts
// subset and embedded, pictures, content streams, the file serialised).
DocumentOutcome lay_out_pdf(std::string_view body);

// bundle_verify: the input is a zip. It is verified against the fuzzing
// public key (tests/fuzz/bundle-key/) and without a key; if it verifies
// without one, it is unpacked into a temporary directory (then removed).
struct BundleOutcome {
    bool verified_with_key = false;
    bool verified_without_key = false;
    std::vector<std::string> errors;  // of the check without a key
};
BundleOutcome verify_bundle_bytes(std::string_view zip);

// search_query: the input is a query, parsed into terms and run against a
// small index of Japanese documents (snippets included); the query is also
// normalised with its origins traced, as highlighting does.
struct SearchOutcome {
    std::size_t terms = 0;
    std::size_t results = 0;
};
SearchOutcome run_search_query(std::string_view query);

}  // namespace tebiki::fuzz
