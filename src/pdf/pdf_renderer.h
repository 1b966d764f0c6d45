#pragma once
// The PDF renderer: one PDF per document (title block, header, footer with
// the edition, "x / y" and the uncontrolled-copy notice, a watermark on
// drafts and obsolete documents, bookmarks from the headings) and a binder
// per audience (a cover, a master table of contents with page numbers and
// links, then every document of the audience, bookmarks nested per document).

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "document/catalog.h"
#include "document/site_contents.h"
#include "pdf/document_composer.h"
#include "pdf/font_set.h"
#include "pdf/pdf_style.h"
#include "reuse/output_reuse.h"

namespace tebiki::pdf {

struct RenderedPdf {
    std::string bytes;
    int pages = 0;
};

class PdfRenderer {
public:
    // Finds the style's fonts; throws FontError when one is not installed.
    PdfRenderer(const Catalog& catalog, PdfStyle style);

    RenderedPdf render_document(const Document& document, const SiteContents& site) const;
    RenderedPdf render_binder(const SiteContents& site) const;

    // Writes <site_dir>/pdf/<id>.pdf for every document the site carries and
    // <site_dir>/pdf/binder.pdf. Returns the number of files written.
    // With `reuse`, PDFs an earlier build made from the same inputs are taken
    // from it instead of being rendered again.
    std::size_t render_site(const SiteContents& site, const std::filesystem::path& site_dir,
                            reuse::OutputReuse* reuse = nullptr) const;

    const PdfStyle& style() const { return style_; }

private:
    // A document's layout in a site, made once per renderer (per build): a
    // document lays out the same in every site with the same edition that
    // carries the same targets of its links (block_layout.cpp drops links to
    // documents a site does not carry), so the binders of a build and the
    // documents' own PDFs share their layouts. Thread-safe.
    std::shared_ptr<const DocumentFlow> flow_of(const DocumentComposer& composer, const Document& doc,
                                                const SiteContents& site) const;
    // What of `site` a document's layout and its own PDF depend on.
    std::string layout_key(const Document& doc, const SiteContents& site) const;
    RenderedPdf draw_document(const Document& doc, const SiteContents& site) const;

    const Catalog& catalog_;
    PdfStyle style_;
    FontSet fonts_;
    mutable std::mutex flows_mutex_;
    mutable std::unordered_map<std::string, std::shared_ptr<const DocumentFlow>> flows_;
    // Each document's own PDF by layout key: the sites of a build share them.
    mutable std::unordered_map<std::string, std::shared_ptr<const RenderedPdf>> documents_;
};

}  // namespace tebiki::pdf
