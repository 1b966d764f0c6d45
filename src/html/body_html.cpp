#include "html/body_html.h"

#include <cmark-gfm.h>

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

// Replaces a node by a custom node with the same children.
void replace_with_custom(cmark_node* node, cmark_node_type custom_type, const std::string& before,
                         const std::string& after) {
    cmark_node* replacement = cmark_node_new(custom_type);
    cmark_node_set_on_enter(replacement, before.c_str());
    cmark_node_set_on_exit(replacement, after.c_str());
    cmark_node_insert_before(node, replacement);
    while (cmark_node* child = cmark_node_first_child(node)) {
        cmark_node_unlink(child);
        cmark_node_append_child(replacement, child);
    }
    cmark_node_unlink(node);
    cmark_node_free(node);
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
                if (target.document->is_for(links.audience_key)) {
                    const std::string url = links.document_prefix + target.document->meta.id + ".html" + fragment;
                    cmark_node_set_url(node, url.c_str());
                } else {
                    const std::string title = target.document->meta.id + "「" + target.document->meta.title +
                                              "」はこの配布版に含まれていません";
                    replace_with_custom(node, CMARK_NODE_CUSTOM_INLINE,
                                        "<span class=\"link-unavailable\" title=\"" + escape_html(title) + "\">",
                                        "</span>");
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
    MarkdownTree tree = MarkdownTree::parse(doc.body);
    const MarkdownOutline outline = tree.extract_outline();  // same ids as the catalog's

    // Collect first: rewriting while iterating would disturb the iterator.
    const auto headings = nodes_of_types(tree.root(), {"heading"});
    const auto link_nodes = nodes_of_types(tree.root(), {"link", "image"});
    const auto tables = nodes_of_types(tree.root(), {"table"});

    const Rewrite rewrite{catalog, doc, links};
    for (cmark_node* node : link_nodes) rewrite.link(node);
    for (std::size_t i = 0; i < headings.size() && i < outline.headings.size(); ++i) {
        const std::string tag = "h" + std::to_string(outline.headings[i].level);
        replace_with_custom(headings[i], CMARK_NODE_CUSTOM_BLOCK,
                            "<" + tag + " id=\"" + escape_html(outline.headings[i].id) + "\">", "</" + tag + ">");
    }
    // Wide tables scroll inside their own box instead of widening the page.
    for (cmark_node* table : tables) wrap_in_custom(table, CMARK_NODE_CUSTOM_BLOCK, "<div class=\"table-wrap\">", "</div>");

    const int options = CMARK_OPT_FOOTNOTES | (catalog.config().allow_raw_html ? CMARK_OPT_UNSAFE : 0);
    char* rendered = cmark_render_html(tree.root(), options, tree.extensions());
    std::string html(rendered);
    free(rendered);
    return html;
}

}  // namespace tebiki::html
