#pragma once
// A document's Markdown body (cmark-gfm's tree) laid out into flow items:
// every GFM block (headings, paragraphs, lists and task lists, block quotes,
// code blocks, tables, images, thematic breaks, footnotes) in the theme's
// PDF style. Pagination comes after.

#include <string_view>

#include "document/catalog.h"
#include "document/site_contents.h"
#include "pdf/flow.h"
#include "pdf/font_set.h"
#include "pdf/pdf_style.h"

namespace tebiki::pdf {

struct BodyLayoutContext {
    const Catalog& catalog;
    const Document& document;
    const FontSet& fonts;
    const PdfStyle& style;
    const SiteContents& site;  // links to documents it does not carry are not links
    bool number_headings = true;  // false for furniture sections such as the revision history
};

// Appends the body's items (and its links and images) to `out`.
void layout_body(const BodyLayoutContext& context, LaidOutDocument& out);

// Lays out plain text as one paragraph (for furniture, the title block and
// the binder's cover and contents).
std::vector<Line> layout_plain(const FontSet& fonts, std::u32string_view text, const TextStyle& style, double width,
                               double line_height = 1.4, bool justify = false);

std::u32string to_u32(std::string_view utf8);

}  // namespace tebiki::pdf
