#pragma once
// Writing the PDF file through PoDoFo: pages and their content streams,
// embedded font subsets, images, link annotations, named destinations,
// bookmarks, the document information dictionary, XMP metadata and /Lang.
// The same input gives the same bytes: dates come from the commit, never
// from the clock, and PoDoFo's file identifier is a hash of the (fixed)
// information dictionary.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pdf/flow.h"
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
struct PageDrawing {
    std::vector<DrawOp> ops;
    std::vector<LinkArea> links;
    std::optional<Watermark> watermark;
    std::vector<std::pair<std::string, double>> anchors;  // key, y
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
    std::function<std::vector<PageDrawing>(std::size_t group)> draw;
    std::function<void(std::size_t group)> written;
};

// "D:20260401090000+09'00'"
std::string pdf_date(long long unix_seconds, int utc_offset_minutes);

// The whole file's bytes.
std::string write_pdf_file(const PdfFileContent& content);
// The same with the deferred pages after content.pages: the bytes are those
// of write_pdf_file with every page held.
std::string write_pdf_file(PdfFileContent content, const DeferredPages& deferred);

}  // namespace tebiki::pdf
