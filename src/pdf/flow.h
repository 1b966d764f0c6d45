#pragma once
// The laid-out document before pagination: a column of flow items, each
// placed whole on a page, holding what to draw relative to its own top-left
// corner (x from the text area's left edge, y down from the item's top).

#include <string>
#include <variant>
#include <vector>

#include "pdf/paragraph_layout.h"

namespace tebiki::pdf {

struct DrawText {
    Line line;
    double x = 0, y = 0;  // the line box's top-left
};
struct DrawRect {
    double x = 0, y = 0, width = 0, height = 0;
    Color fill;
};
struct DrawFrame {  // a stroked rectangle
    double x = 0, y = 0, width = 0, height = 0;
    Color stroke;
    double line_width = 0.5;
};
struct DrawRule {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    Color stroke;
    double line_width = 0.5;
};
struct DrawImage {
    int image = -1;  // index into the document's images
    double x = 0, y = 0, width = 0, height = 0;
};
using DrawOp = std::variant<DrawText, DrawRect, DrawFrame, DrawRule, DrawImage>;

struct FlowItem {
    double height = 0;
    double space_before = 0;   // dropped at the top of a page
    bool keep_with_next = false;
    bool page_break_before = false;
    int repeat_header = -1;    // a table row: the index of its header row item, repeated on a new page
    std::vector<DrawOp> ops;
    std::vector<DrawOp> ops_at_page_end;  // drawn only when the item is the last on its page
    std::vector<std::string> anchors;  // heading ids that point here
    int outline_level = 0;     // a heading: its level (1-6), for the bookmarks
    std::string outline_title;
};

// Where a link leads.
struct LinkTarget {
    enum class Kind { Uri, Anchor, OtherDocument, None } kind = Kind::None;
    std::string uri;          // Kind::Uri
    std::string document_id;  // Kind::OtherDocument (and Anchor in a binder)
    std::string anchor;       // heading id, may be empty
};

struct ImageSource {
    std::string bytes;
    bool jpeg = false;
    int pixel_width = 0, pixel_height = 0;
};

struct LaidOutDocument {
    std::vector<FlowItem> items;
    std::vector<LinkTarget> links;
    std::vector<ImageSource> images;
};

}  // namespace tebiki::pdf
