#pragma once
// Limits on the shape of a Markdown body that every renderer relies on:
// how deeply blocks and inline spans nest, and how many columns a table
// has. A body past a limit is refused with a diagnostic, so that no
// renderer walks a tree thousands of levels deep or a table a hundred
// thousand columns wide (docs/content-format.md, "Limits").

#include <optional>
#include <string>
#include <string_view>

struct cmark_node;

namespace tebiki {

// Block quotes and lists inside one another.
constexpr int kMaxBlockNesting = 16;
// Emphasis, strong, strikethrough, links and images inside one another.
constexpr int kMaxInlineNesting = 16;
// Cells in a table's delimiter row ("|---|---|").
constexpr int kMaxTableColumns = 64;

struct MarkdownLimitBreach {
    int line = 1;    // 1-based line in the body
    int column = 1;  // 1-based byte column in that line
    std::string message;
};

// The first table in the body (before parsing: cmark-gfm's cost grows with
// the columns times the rows) whose delimiter row has too many cells.
std::optional<MarkdownLimitBreach> find_too_wide_table(std::string_view body);

// The first node of the parsed body nested past a limit. Walks the tree
// with cmark's iterator, never by recursion.
std::optional<MarkdownLimitBreach> find_too_deep_nesting(cmark_node* root);

}  // namespace tebiki
