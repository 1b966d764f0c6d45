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

// The cells of a GFM delimiter row ("| :--- | ---: |"), or 0 when `line`
// is not one. Block quote markers and indentation before it are skipped.
int delimiter_row_cells(std::string_view line) {
    std::size_t i = line.find_first_not_of(" \t>");
    if (i == std::string_view::npos) return 0;
    line.remove_prefix(i);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
    if (line.find('|') == std::string_view::npos || line.find('-') == std::string_view::npos) return 0;
    if (line.find_first_not_of("|-: \t") != std::string_view::npos) return 0;
    if (line.front() == '|') line.remove_prefix(1);
    if (!line.empty() && line.back() == '|') line.remove_suffix(1);
    int cells = 1;
    for (char c : line) cells += c == '|' ? 1 : 0;
    return cells;
}

}  // namespace

std::optional<MarkdownLimitBreach> find_too_wide_table(std::string_view body) {
    int line_number = 1;
    for (std::size_t start = 0; start < body.size(); ++line_number) {
        std::size_t end = body.find('\n', start);
        if (end == std::string_view::npos) end = body.size();
        const int cells = delimiter_row_cells(body.substr(start, end - start));
        if (cells > kMaxTableColumns) {
            return MarkdownLimitBreach{
                line_number, 1,
                fmt::format("table with {} columns: tebiki sets at most {} columns to a table (they would not fit "
                            "a page); split the table, or turn its columns into rows",
                            cells, kMaxTableColumns)};
        }
        start = end + 1;
    }
    return std::nullopt;
}

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
