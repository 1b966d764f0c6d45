#pragma once
// A document's Markdown body as HTML for one audience's site: headings with
// their ids, links to other documents rewritten to their pages, images to the
// site's media folder, links to documents outside the audience marked as not
// available here.

#include <string>
#include <string_view>

#include "document/catalog.h"
#include "document/site_contents.h"

namespace tebiki::html {

// Where, relative to a document page, the site keeps things.
struct PageLinks {
    const SiteContents& site;
    std::string document_prefix;  // to another document page: "" (pages are siblings)
    std::string media_prefix;     // to a content asset: "../assets/media/"
};

std::string render_body_html(const Catalog& catalog, const Document& doc, const PageLinks& links);

// The site path of a content asset (an image) under the media folder.
std::string media_path(std::string_view asset_path);

std::string escape_html(std::string_view text);

}  // namespace tebiki::html
