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
#include <vector>

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
    int pages_lent = 0;  // a binder's pages whose content its documents' own PDFs lent
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
    // The two halves of render_site, for a caller that wants every site's
    // documents before any binder (serve: the document a writer saved
    // before the binders that also hold it).
    enum class SitePart { Documents, Binder };
    std::size_t render_site_part(SitePart part, const SiteContents& site, const std::filesystem::path& site_dir,
                                 reuse::OutputReuse* reuse = nullptr) const;

    // Memory on a large set: the layouts a build shares between a
    // document's own PDF and the binders are given back once the last site
    // that uses them is done. `expect_sites` names every site whose PDFs
    // this renderer will make (before the first); `site_done` says one is
    // finished. Without expect_sites, layouts stay until the renderer goes.
    void expect_sites(const std::vector<SiteContents>& sites) const;
    void site_done(const SiteContents& site) const;

    const PdfStyle& style() const { return style_; }

private:
    // A document's layout in a site, made once per renderer (per build): a
    // document lays out the same in every site with the same edition that
    // carries the same targets of its links (block_layout.cpp drops links to
    // documents a site does not carry), so the binders of a build and the
    // documents' own PDFs share their layouts (until the last site that uses
    // one is done with it: expect_sites). Thread-safe.
    std::shared_ptr<const DocumentFlow> flow_of(const DocumentComposer& composer, const Document& doc,
                                                const SiteContents& site) const;
    // What of `site` a document's layout and its own PDF depend on.
    std::string layout_key(const Document& doc, const SiteContents& site) const;
    RenderedPdf draw_document(const Document& doc, const SiteContents& site) const;
    // A document's pages as its own PDF wrote them in a site with the same
    // layout key, while a binder still to come will show them; else null.
    std::shared_ptr<const WrittenPages> written_pages_of(const Document& doc, const SiteContents& site) const;
    // The binder's pages of one of its documents: taken from its own PDF's
    // written pages when there are some (`lent`), else drawn.
    GroupPages binder_pages(const DocumentComposer& composer, const DocumentFlow& flow,
                            const std::shared_ptr<const WrittenPages>& lent, const SiteContents& site, int image_offset,
                            int first_page, int total) const;
    // Writes the document's own PDF at `path`: rendered, or a link to (else a
    // copy of) another site's file with the same layout key.
    void write_document(const Document& doc, const SiteContents& site, const std::filesystem::path& path) const;
    // Drops the shared layout of `doc` in `site` when this site is the last
    // to use it (expect_sites); true when it did.
    bool release_if_last_user(const Document& doc, const SiteContents& site) const;
    void write_one(const SiteContents& site, const std::filesystem::path& dir, const Document* doc,
                   reuse::OutputReuse* reuse) const;
    // Every document's own PDF of the site, on every core: those not taken
    // from an earlier build are laid out first, so that each face's stock
    // (glyph_stock.h) is cut once for all their glyphs.
    void write_documents(const SiteContents& site, const std::filesystem::path& dir, reuse::OutputReuse* reuse) const;
    // A binder's cover.
    PageDrawing binder_cover(const DocumentComposer& composer, const SiteContents& site, std::size_t documents,
                             int total) const;
    // Tells the faces' stocks the glyphs of the binders' covers, contents
    // heading and page numbers, so that the first stock holds them: every
    // binder's fonts are then cut from a stock, not from the faces.
    void expect_binder_glyphs(const std::vector<SiteContents>& sites) const;
    // Tells the faces' stocks the glyphs a document's own PDF shows.
    void expect_glyphs(const DocumentComposer& composer, const SiteContents& site, const DocumentFlow& flow) const;

    const Catalog& catalog_;
    PdfStyle style_;
    FontSet fonts_;
    mutable std::mutex flows_mutex_;
    mutable std::unordered_map<std::string, std::shared_ptr<const DocumentFlow>> flows_;
    // By layout key, for the binders: given back with the layouts.
    mutable std::unordered_map<std::string, std::shared_ptr<const WrittenPages>> written_pages_;
    // Where each document's own PDF was written, by layout key: the sites
    // of a build share them (the file, not its bytes, is kept).
    mutable std::unordered_map<std::string, std::filesystem::path> documents_;
    // By layout key: the sites still to come that use the layout (expect_sites).
    mutable std::unordered_map<std::string, int> layout_users_;
};

}  // namespace tebiki::pdf
