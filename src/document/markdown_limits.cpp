#include "document/markdown_limits.h"

#include <cmark-gfm.h>
#include <fmt/format.h>

#include <algorithm>
#include <memory>

namespace tebiki {

namespace {

struct IterDeleter {
    void operator()(cmark_iter* it) const { cmark_iter_free(it); }
};

bool is_block_nesting(cmark_node* node) {
    const auto type = cmark_node_get_type(node);
    return type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_LIST;
}

bool is_inline_nesting(cmark_node* node) {
    const auto type = cmark_node_get_type(node);
    return type == CMARK_NODE_EMPH || type == CMARK_NODE_STRONG || type == CMARK_NODE_LINK ||
           type == CMARK_NODE_IMAGE || std::string_view(cmark_node_get_type_string(node)) == "strikethrough";
}

// The node's position, or its nearest ancestor's that has one.
MarkdownLimitBreach breach_at(cmark_node* node, std::string message) {
    for (cmark_node* n = node; n != nullptr; n = cmark_node_parent(n)) {
        if (cmark_node_get_start_line(n) > 0)
            return {cmark_node_get_start_line(n), std::max(1, cmark_node_get_start_column(n)), std::move(message)};
    }
    return {1, 1, std::move(message)};
}

}  // namespace

std::optional<MarkdownLimitBreach> find_too_deep_nesting(cmark_node* root) {
    int blocks = 0, inlines = 0;
    std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(root));
    for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
        cmark_node* node = cmark_iter_get_node(iter.get());
        const int step = ev == CMARK_EVENT_ENTER ? 1 : ev == CMARK_EVENT_EXIT ? -1 : 0;
        if (is_block_nesting(node)) blocks += step;
        else if (is_inline_nesting(node)) inlines += step;
        else continue;
        if (blocks > kMaxBlockNesting) {
            return breach_at(node, fmt::format("block quotes and lists nested more than {} deep: tebiki cannot set "
                                               "them on a page; flatten the structure (use headings or a table)",
                                               kMaxBlockNesting));
        }
        if (inlines > kMaxInlineNesting) {
            return breach_at(node, fmt::format("emphasis, links and strikethrough nested more than {} deep: remove "
                                               "the inner '*', '_', '~' or '[...]' markers",
                                               kMaxInlineNesting));
        }
    }
    return std::nullopt;
}

}  // namespace tebiki
