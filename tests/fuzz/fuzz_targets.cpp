#include "fuzz_targets.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "bundle/bundle.h"
#include "bundle/manifest.h"
#include "document/catalog.h"
#include "document/site_contents.h"
#include "document/template_text.h"
#include "html/body_html.h"
#include "pdf/document_composer.h"
#include "pdf/font_set.h"
#include "pdf/pdf_style.h"
#include "scaffold/scaffold.h"
#include "search/search_engine.h"
#include "text/search_text.h"

namespace fs = std::filesystem;

namespace tebiki::fuzz {

namespace {

// Where the sample content, the default theme and the fuzzing key are.
const fs::path kSourceDir = TEBIKI_SOURCE_DIR;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("fuzz target setup: cannot read " + path.string());
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

source::SourceFile file_of(std::string path, std::string bytes) {
    source::SourceFile file;
    file.path = std::move(path);
    // A git-like id of the bytes; nothing here reads blobs from a repository.
    file.blob_id = bundle::sha256_hex(bytes.data(), bytes.size()).substr(0, 40);
    file.content = std::make_shared<const source::FileBytes>(std::move(bytes));
    return file;
}

// The files beside the fuzzed document, read once: the sample content's
// tebiki.yml, its images and a picture in SVG, and another document with
// headings to link to.
const std::vector<source::SourceFile>& neighbours() {
    static const std::vector<source::SourceFile> files = [] {
        std::vector<source::SourceFile> out;
        out.push_back(file_of("images/backup-layout.png", read_file(kSourceDir / "content/images/backup-layout.png")));
        out.push_back(file_of("images/degraded-flow.jpg", read_file(kSourceDir / "content/images/degraded-flow.jpg")));
        out.push_back(file_of("images/flow.svg", read_file(kSourceDir / "tests/fixtures/pdf-print/images/flow.svg")));
        out.push_back(file_of("other.md", "---\nid: OTHER-001\ntitle: 連絡網\nstatus: approved\nowner: 医療情報部\n"
                                          "approver: 病院長\neffective: 2026-04-01\nreview_by: 2099-03-31\n"
                                          "audience: [all]\n---\n\n## 手順\n\n連絡する。\n\n## 確認 {#verify}\n"));
        out.push_back(file_of(std::string(kContentConfigFile), read_file(kSourceDir / "content/tebiki.yml")));
        return out;
    }();
    return files;
}

source::SourceSnapshot snapshot_with(std::string_view document) {
    source::SourceSnapshot snapshot;
    snapshot.repository_root = kSourceDir;  // where find_theme looks for themes/default
    snapshot.content_prefix = "content";
    snapshot.revision = "HEAD";
    snapshot.commit.id = std::string(40, 'a');
    snapshot.commit.short_id = "aaaaaaa";
    snapshot.commit.time = 1777593600;  // 2026-05-01
    snapshot.files = neighbours();
    snapshot.files.push_back(file_of(std::string(kDocumentPath.substr(kDocumentPath.find('/') + 1)), std::string(document)));
    std::sort(snapshot.files.begin(), snapshot.files.end(),
              [](const source::SourceFile& a, const source::SourceFile& b) { return a.path < b.path; });
    return snapshot;
}

Catalog catalog_with(std::string_view document) {
    return build_catalog(snapshot_with(document), CatalogOptions{Date{2026, 5, 1}});
}

const Document* the_document(const Catalog& catalog) {
    return catalog.find_by_path(kDocumentPath.substr(kDocumentPath.find('/') + 1));
}

DocumentOutcome outcome_of(const Catalog& catalog, const Diagnostics& diagnostics) {
    DocumentOutcome outcome;
    outcome.catalogued = the_document(catalog) != nullptr;
    for (const Diagnostic& d : diagnostics.items())
        if (d.severity == Severity::Error) outcome.errors.push_back(d.format());
    return outcome;
}

// A body under a front matter the catalog accepts.
std::string with_front_matter(std::string_view body) {
    return "---\nid: FUZZ-001\ntitle: ファズ文書\nstatus: approved\nowner: 医療情報部\napprover: 病院長\n"
           "effective: 2026-04-01\nreview_by: 2099-03-31\naudience: [all]\n---\n" +
           std::string(body);
}

const Audience& everyone(const Catalog& catalog) {
    const Audience* all = catalog.config().find_audience("all");
    if (all == nullptr) throw std::logic_error("fuzz target setup: content/tebiki.yml has no audience 'all'");
    return *all;
}

}  // namespace

DocumentOutcome check_document(std::string_view file) {
    static const std::vector<std::string> templates =
        scaffold::document_template_texts(kSourceDir, kSourceDir / "themes" / "default");
    const Catalog catalog = catalog_with(file);
    Diagnostics diagnostics = catalog.diagnostics();
    if (catalog.config_loaded()) diagnostics.append(TemplatePlaceholders::from_templates(templates).check(catalog));
    return outcome_of(catalog, diagnostics);
}

DocumentOutcome render_page(std::string_view body) {
    const Catalog catalog = catalog_with(with_front_matter(body));
    DocumentOutcome outcome = outcome_of(catalog, catalog.diagnostics());
    const Document* doc = the_document(catalog);
    if (doc == nullptr || catalog.diagnostics().has_errors()) return outcome;  // build stops here
    const SiteContents site = select_site(catalog, everyone(catalog), std::nullopt);
    const html::PageLinks links{site, "", "../assets/media/"};
    outcome.output_size = html::render_body_html(catalog, *doc, links).size();
    return outcome;
}

DocumentOutcome lay_out_pdf(std::string_view body) {
    static const pdf::PdfStyle style = pdf::pdf_style_of_theme(kSourceDir / "themes" / "default");
    static const pdf::FontSet fonts(style.fonts);
    const Catalog catalog = catalog_with(with_front_matter(body));
    DocumentOutcome outcome = outcome_of(catalog, catalog.diagnostics());
    const Document* doc = the_document(catalog);
    if (doc == nullptr || catalog.diagnostics().has_errors()) return outcome;
    const SiteContents site = select_site(catalog, everyone(catalog), std::nullopt);
    const pdf::DocumentComposer composer(catalog, style, fonts);
    const pdf::DocumentFlow flow = composer.flow(*doc, site);
    const pdf::PdfFileContent content = composer.document_file(flow, site);
    outcome.output_size = content.pages.size();
    outcome.pdf_start = pdf::write_pdf_file(content).substr(0, 8);
    return outcome;
}

BundleOutcome verify_bundle_bytes(std::string_view zip) {
    static const std::vector<std::string> keys{read_file(kSourceDir / "tests/fuzz/bundle-key/tebiki-signing.pub")};
    // One scratch directory per process, emptied after each input.
    static const fs::path scratch = [] {
        const fs::path dir = fs::temp_directory_path() / ("tebiki-fuzz-bundle-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        return dir;
    }();
    const fs::path zip_path = scratch / "bundle.zip";
    {
        std::ofstream out(zip_path, std::ios::binary | std::ios::trunc);
        out.write(zip.data(), static_cast<std::streamsize>(zip.size()));
        if (!out) throw std::runtime_error("fuzz target: cannot write " + zip_path.string());
    }
    BundleOutcome outcome;
    outcome.verified_with_key = bundle::verify_bundle_by_keys(zip_path, keys).ok();
    const bundle::VerifyReport report = bundle::verify_bundle_by_keys(zip_path, {});
    outcome.verified_without_key = report.ok();
    outcome.errors = report.errors;
    if (report.ok()) {
        const fs::path unpacked = scratch / "unpacked";
        try {
            bundle::unpack_zip(zip_path, unpacked);
        } catch (const std::runtime_error& e) {
            // A refusal is an answer; that it refuses what it verified is not.
            outcome.errors.push_back(std::string("unpack refused a verified zip: ") + e.what());
        }
        fs::remove_all(unpacked);
    }
    fs::remove(zip_path);
    return outcome;
}

SearchOutcome run_search_query(std::string_view query) {
    using search::SearchDocument;
    using search::SearchSection;
    static const search::SearchIndex index(std::vector<SearchDocument>{
        {"OPS-003", "サイバー攻撃に備えたバックアップ取得規則", Status::Approved, "docs/OPS-003.html", {"バックアップ"},
         {{"", "", "バックアップは毎日取得する。"},
          {"復元手順", "復元手順", "復元は次の手順で行う。EMRサーバを停止する。ＥＭＲ端末、ｶﾀｶﾅ、①②。"}}, {}},
        {"OPS-010", "画面の使い方", Status::Approved, "docs/OPS-010.html", {},
         {{"サイドバー", "sidebar", "サイドバーに一覧を表示する。第3条、2026年4月1日。"}}, {}},
        {"PRC-004", "夜間のバックアップ確認（案）", Status::Draft, "docs/PRC-004.html", {},
         {{"", "", "夜間にバックアップの完了を確認する。"}}, {}},
        {"PRC-005", "旧バックアップ手順", Status::Obsolete, "docs/PRC-005.html", {},
         {{"", "", "テープにバックアップを取る。"}}, {}},
        {"MAN-001", "電子カルテ端末マニュアル", Status::Approved, "docs/MAN-001.html", {"端末"},
         {{"ログイン", "login", "EMR端末にログインする。emergencyアカウントは使わない。\"引用\" “全角”"}}, {}},
    });
    SearchOutcome outcome;
    outcome.terms = search::parse_query(query).size();
    outcome.results = search::run_search(index, query, {}).size();
    search::run_search(index, query, {true});
    // Highlighting trusts every origin to lie within the original text.
    const std::u16string original = text::to_utf16(query);
    const text::TracedText traced = text::normalize_traced(original);
    if (traced.origin.size() != traced.normalized.size() + 1)
        throw std::logic_error("normalize_traced: not one origin per normalised unit plus the end");
    for (const std::size_t at : traced.origin)
        if (at > original.size()) throw std::logic_error("normalize_traced: an origin past the original text");
    return outcome;
}

}  // namespace tebiki::fuzz
