#include "html/body_html.h"

#include <cmark-gfm.h>
#include <fmt/format.h>

#include <vector>

namespace tebiki::html {

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string media_path(std::string_view asset_path) { return std::string(asset_path); }

namespace {

// Wraps `node` in a new custom node that renders `before` and `after`
// around it, keeping its children.
void wrap_in_custom(cmark_node* node, cmark_node_type custom_type, const std::string& before, const std::string& after) {
    cmark_node* wrapper = cmark_node_new(custom_type);
    cmark_node_set_on_enter(wrapper, before.c_str());
    cmark_node_set_on_exit(wrapper, after.c_str());
    cmark_node_insert_before(node, wrapper);
    cmark_node_unlink(node);
    cmark_node_append_child(wrapper, node);
}

std::string render_fragment(cmark_node* node, int options, cmark_llist* extensions) {
    char* rendered = cmark_render_html(node, options, extensions);
    std::string html(rendered);
    free(rendered);
    return html;
}

// A heading becomes a childless custom block holding its finished HTML, so
// that it carries its id: cmark's renderer writes no attributes on headings.
void give_heading_id(cmark_node* heading, const Heading& outline, int options, cmark_llist* extensions) {
    std::string inner;
    for (cmark_node* child = cmark_node_first_child(heading); child != nullptr; child = cmark_node_next(child))
        inner += render_fragment(child, options, extensions);
    const std::string tag = fmt::format("h{}", outline.level);
    cmark_node* replacement = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    const std::string html = "<" + tag + " id=\"" + escape_html(outline.id) + "\">" + inner + "</" + tag + ">";
    cmark_node_set_on_enter(replacement, html.c_str());
    cmark_node_insert_before(heading, replacement);
    cmark_node_unlink(heading);
    cmark_node_free(heading);
}

// The page shows the title from the front matter; a leading "# title" in the
// body would repeat it.
bool repeats_title(cmark_node* heading, const Document& doc) {
    return cmark_node_previous(heading) == nullptr && cmark_node_get_heading_level(heading) == 1 &&
           plain_text(heading) == doc.meta.title;
}

// A link to a document that this audience's site does not carry must not be a
// link at all. cmark cannot hold a custom node inside a table cell, so such
// links are marked with this URL and turned into spans after rendering
// (Markdown links cannot nest, so the next </a> closes the marked one).
constexpr const char* kUnavailableUrl = "tebiki-unavailable:";

std::string unlink_unavailable(std::string html) {
    const std::string open = std::string("<a href=\"") + kUnavailableUrl + "\"";
    for (std::size_t pos = html.find(open); pos != std::string::npos; pos = html.find(open, pos)) {
        html.replace(pos, open.size(), "<span class=\"link-unavailable\"");
        const std::size_t close = html.find("</a>", pos);
        if (close == std::string::npos) break;
        html.replace(close, 4, "</span>");
    }
    return html;
}

// cmark-gfm labels footnote back-links in English.
std::string localise_footnote_labels(std::string html) {
    const std::string english = "aria-label=\"Back to content\"";
    const std::string japanese = "aria-label=\"本文へ戻る\"";
    for (std::size_t pos = html.find(english); pos != std::string::npos; pos = html.find(english, pos))
        html.replace(pos, english.size(), japanese);
    return html;
}

struct Rewrite {
    const Catalog& catalog;
    const Document& doc;
    const PageLinks& links;

    void link(cmark_node* node) const {
        const LinkTarget target = catalog.resolve_link(doc, cmark_node_get_url(node));
        const std::string fragment = target.fragment.empty() ? "" : "#" + target.fragment;
        switch (target.kind) {
            case LinkTarget::Kind::SameDocument:
                cmark_node_set_url(node, fragment.empty() ? "#" : fragment.c_str());
                break;
            case LinkTarget::Kind::Document:
                if (links.site.contains(*target.document)) {
                    const std::string url = links.document_prefix + target.document->meta.id + ".html" + fragment;
                    cmark_node_set_url(node, url.c_str());
                } else {
                    const std::string title = target.document->meta.id + "「" + target.document->meta.title +
                                              "」はこの配布版に含まれていません";
                    cmark_node_set_url(node, kUnavailableUrl);
                    cmark_node_set_title(node, title.c_str());
                }
                break;
            case LinkTarget::Kind::Asset:
                cmark_node_set_url(node, (links.media_prefix + media_path(target.asset_path)).c_str());
                break;
            case LinkTarget::Kind::External:
            case LinkTarget::Kind::Broken:
                break;
        }
    }
};

// Nodes by cmark's type name ("heading", "link", "table": extension node
// types have no public constant).
std::vector<cmark_node*> nodes_of_types(cmark_node* root, std::initializer_list<std::string_view> types) {
    std::vector<cmark_node*> out;
    cmark_iter* iter = cmark_iter_new(root);
    for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node* node = cmark_iter_get_node(iter);
        const std::string_view name = cmark_node_get_type_string(node);
        for (auto t : types)
            if (name == t) out.push_back(node);
    }
    cmark_iter_free(iter);
    return out;
}

}  // namespace

std::string render_body_html(const Catalog& catalog, const Document& doc, const PageLinks& links) {
    MarkdownTree tree = MarkdownTree::parse(doc.body());
    const MarkdownOutline outline = tree.extract_outline();  // same ids as the catalog's

    // Collect first: rewriting while iterating would disturb the iterator.
    const auto headings = nodes_of_types(tree.root(), {"heading"});
    const auto link_nodes = nodes_of_types(tree.root(), {"link", "image"});
    const auto tables = nodes_of_types(tree.root(), {"table"});

    const int options = CMARK_OPT_FOOTNOTES | (catalog.config().allow_raw_html ? CMARK_OPT_UNSAFE : 0);
    const Rewrite rewrite{catalog, doc, links};
    for (cmark_node* node : link_nodes) rewrite.link(node);
    // A soft break between two Japanese characters is no space: browsers
    // would show the line break as one.
    for (cmark_node* softbreak : nodes_of_types(tree.root(), {"softbreak"})) {
        if (!soft_break_text(softbreak).empty()) continue;
        cmark_node_unlink(softbreak);
        cmark_node_free(softbreak);
    }
    for (std::size_t i = 0; i < headings.size() && i < outline.headings.size(); ++i) {
        if (i == 0 && repeats_title(headings[i], doc)) {
            cmark_node_unlink(headings[i]);
            cmark_node_free(headings[i]);
            continue;
        }
        give_heading_id(headings[i], outline.headings[i], options, tree.extensions());
    }
    // Wide tables scroll inside their own box instead of widening the page.
    for (cmark_node* table : tables) wrap_in_custom(table, CMARK_NODE_CUSTOM_BLOCK, "<div class=\"table-wrap\">", "</div>");
    return localise_footnote_labels(unlink_unavailable(render_fragment(tree.root(), options, tree.extensions())));
}

}  // namespace tebiki::html
