#pragma once
// Markdown through cmark-gfm: the parse tree's owner, and the outline
// (headings with their ids, links) that the catalog and renderers share.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct cmark_node;
typedef struct _cmark_llist cmark_llist;
struct cmark_parser;

namespace tebiki {

struct Heading {
    int level = 1;
    std::string text;  // plain text, explicit id marker removed
    std::string id;    // unique within the document
    int line = 0;      // 1-based line in the body
    bool explicit_id = false;
};

struct LinkReference {
    std::string url;
    bool is_image = false;
    int line = 0;    // 1-based line in the body
    int column = 0;  // 1-based byte column in that line
};

struct MarkdownOutline {
    std::vector<Heading> headings;
    std::vector<LinkReference> links;
    std::vector<int> raw_html_lines;  // body lines holding raw HTML
};

// A parsed document (GFM: table, strikethrough, autolink, tagfilter,
// tasklist, footnotes). Owns the cmark tree and the parser's extension list
// that rendering needs.
class MarkdownTree {
public:
    static MarkdownTree parse(std::string_view markdown);
    ~MarkdownTree();
    MarkdownTree(MarkdownTree&&) noexcept;
    MarkdownTree& operator=(MarkdownTree&&) noexcept;

    cmark_node* root() const { return root_; }
    cmark_llist* extensions() const;

    // Gives every heading its id (an explicit trailing "{#id}" is honoured
    // and removed from the text; otherwise text::heading_slug, with "-1",
    // "-2"... for repeats) and lists the links and images. Deterministic: the
    // same body always gives the same outline.
    MarkdownOutline extract_outline();

private:
    MarkdownTree(cmark_parser* parser, cmark_node* root) : parser_(parser), root_(root) {}
    cmark_parser* parser_ = nullptr;
    cmark_node* root_ = nullptr;
};

// Plain text of a node's inline content (text, code, hard line breaks as
// spaces, soft breaks as soft_break_text() says).
std::string plain_text(cmark_node* node);

// What a soft break node becomes in text made from the source: "" between
// two East Asian characters (text::soft_break_vanishes), else " ". Pages,
// search text, headings (and so PDF bookmarks) all ask this.
std::string_view soft_break_text(cmark_node* softbreak);

}  // namespace tebiki
