#pragma once
// Writing the PDF file through PoDoFo: pages and their content streams,
// embedded font subsets, images, link annotations, named destinations,
// bookmarks, the document information dictionary, XMP metadata and /Lang.
// The same input gives the same bytes: dates come from the commit, never
// from the clock, and PoDoFo's file identifier is a hash of the (fixed)
// information dictionary.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pdf/flow.h"
#include "pdf/font_embedder.h"
#include "pdf/pdf_style.h"

namespace tebiki::pdf {

struct LinkArea {
    double x = 0, y = 0, width = 0, height = 0;  // page coordinates, y down from the top
    LinkTarget target;
};

// Drawn as the glyphs' outlines (a picture), so it never mixes into the
// text that copying, searching and pdftotext see.
struct Watermark {
    Line text;
    Color color;
    double opacity = 0.15;
};

// One page: what to draw (page coordinates, y down from the top edge), the
// links on it and the anchors (document id "#" heading id) that point into it.
//
// A page is written as two content streams: `ops` (with the watermark) and
// `overlay`. A document's page shows the same `ops` in its own PDF and in
// its binder, which differ only in the overlay (the page number), so the
// binder takes the first stream as the document's PDF compressed it
// (WrittenPages) instead of drawing and compressing it again. For that, a
// stream names its resources the same in every file: fonts by face
// (font_resource_name), images by their index in the page's document.
struct PageDrawing {
    std::vector<DrawOp> ops;
    std::vector<DrawOp> overlay;  // drawn over `ops`, in a stream of its own: text and rules, no pictures
    int image_base = 0;           // DrawImage::image + image_base: the file's image
    std::vector<LinkArea> links;
    std::optional<Watermark> watermark;
    std::vector<std::pair<std::string, double>> anchors;  // key, y
};

// The glyphs a PDF's pages show, by face (a glyph keeps the first text it
// was given that is not empty).
using FaceUsage = std::map<const FontFace*, GlyphUsage>;

// A document's pages as its own PDF wrote them, for its binder pages.
struct WrittenPages {
    std::vector<std::string> streams;   // each page's `ops` stream, compressed
    FaceUsage glyphs;                   // what those streams show, page after page
    std::vector<PageDrawing> outlines;  // each page without its text: links, anchors, pictures, watermark
};

// A group of deferred pages. With `written`, `pages` are outlines (no text
// in `ops`) whose `ops` stream is written->streams[i]; their overlays are
// drawn here.
struct GroupPages {
    std::vector<PageDrawing> pages;
    std::shared_ptr<const WrittenPages> written;
};

struct BookmarkEntry {
    std::string title;
    std::string anchor;  // key into the pages' anchors
    std::vector<BookmarkEntry> children;
};

struct PdfMetadata {
    std::string title, author, subject, keywords, creator;
    long long time = 0;  // Unix seconds (the commit's)
    int utc_offset_minutes = 0;
    std::string language = "ja-JP";
};

struct PdfFileContent {
    double page_width = 595.276, page_height = 841.89;
    std::vector<PageDrawing> pages;
    std::vector<ImageSource> images;
    std::vector<BookmarkEntry> bookmarks;
    PdfMetadata metadata;
};

// Pages drawn when the writer needs them rather than held all at once: a
// binder's thousands of pages, a document (a group) at a time. The writer
// draws each group twice, on every core: once for the glyphs and pictures
// its pages show (keeping only their links, anchors, watermark and
// pictures), once for their content streams; `written(group)` is told when
// a group is written for good. `draw` must give the same pages each time.
struct DeferredPages {
    std::size_t groups = 0;
    std::function<GroupPages(std::size_t group)> draw;
    std::function<void(std::size_t group)> written;
};

// "D:20260401090000+09'00'"
std::string pdf_date(long long unix_seconds, int utc_offset_minutes);

// The name a content stream gives `face`'s font, the same in every PDF.
std::string font_resource_name(const FontFace& face);

// The whole file's bytes. With `pages`: its pages' `ops` streams and what
// they show, for another file that shows the same pages.
std::string write_pdf_file(const PdfFileContent& content, WrittenPages* pages = nullptr);
// The same with the deferred pages after content.pages: the bytes are those
// of write_pdf_file with every page held.
std::string write_pdf_file(PdfFileContent content, const DeferredPages& deferred);

}  // namespace tebiki::pdf
