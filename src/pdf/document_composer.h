#pragma once
// One document as pages: its flow (the title block, then the body) broken
// into pages, and each page drawn with its furniture: the header (id and
// title, status), the footer (edition, "x / y", the uncontrolled-copy
// notice) and, on drafts and obsolete documents, the diagonal watermark.
// Shared by the single-document PDFs and the binder.

#include <functional>
#include <string>
#include <vector>

#include "document/catalog.h"
#include "document/site_contents.h"
#include "pdf/block_layout.h"
#include "pdf/pagination.h"
#include "pdf/pdf_file.h"

namespace tebiki::pdf {

struct DocumentFlow {
    const Document* document = nullptr;
    LaidOutDocument laid_out;
    std::vector<PageFlow> pages;
};

// The edition a PDF belongs to: the published edition (a tag), or the commit.
std::string edition_label(const source::SourceSnapshot& source, const SiteContents& site);
// The same without the leading 「版」, for where a label already says it.
std::string edition_value(const source::SourceSnapshot& source, const SiteContents& site);

class DocumentComposer {
public:
    DocumentComposer(const Catalog& catalog, const PdfStyle& style, const FontSet& fonts)
        : catalog_(catalog), s_(style), fonts_(fonts) {}

    // The furniture's text style: the sans face.
    TextStyle sans(double size, bool bold = false, Color color = {}) const;

    DocumentFlow flow(const Document& doc, const SiteContents& site) const;

    // The flow's pages as drawings, the page numbers in their overlays. In a
    // binder, images are numbered from `image_offset` and the footer adds
    // the binder's page number.
    std::vector<PageDrawing> draw(const DocumentFlow& flow, const SiteContents& site, int image_offset,
                                  int binder_first, int binder_total) const;
    // The overlay `draw` gives the flow's page `page` (from 0) in a binder.
    std::vector<DrawOp> binder_overlay(const DocumentFlow& flow, std::size_t page, int binder_first,
                                       int binder_total) const;

    // Every glyph the flow's own PDF shows (its pages' text and furniture,
    // not the watermark, which is drawn as outlines), without drawing it.
    void each_glyph(const DocumentFlow& flow, const SiteContents& site,
                    const std::function<void(const PlacedGlyph&)>& use) const;

    // The document's own PDF: its pages, pictures, bookmarks and metadata.
    PdfFileContent document_file(const DocumentFlow& flow, const SiteContents& site) const;

    // Bookmarks from the headings, nested by level.
    std::vector<BookmarkEntry> bookmarks(const DocumentFlow& flow) const;

    PdfMetadata metadata(const std::string& title, const std::string& author, const std::string& subject,
                         const std::string& keywords) const;

private:
    // What a document's pages share of their header, footer and watermark:
    // laid out once per document, not once per page.
    struct Furniture {
        std::vector<DrawOp> before_numbers;  // header, rules, edition
        std::vector<DrawOp> after_numbers;   // the footer's notice
        std::optional<Watermark> watermark;
    };
    FlowItem title_block(const Document& doc, const SiteContents& site) const;
    Furniture furniture(const Document& doc, const SiteContents& site) const;
    // The footer's "x / y" (and the binder's page) as set.
    std::vector<Line> page_numbers(int number, int total, int binder_number, int binder_total) const;
    // The same in place on the page.
    std::vector<DrawOp> page_number_ops(int number, int total, int binder_number, int binder_total) const;
    // The furniture on a page, with its page numbers.
    void furnish(PageDrawing& page, const Furniture& shared, int number, int total, int binder_number,
                 int binder_total) const;

    const Catalog& catalog_;
    const PdfStyle& s_;
    const FontSet& fonts_;
};

}  // namespace tebiki::pdf
