#pragma once
// Limits on the shape of a Markdown body that every renderer relies on:
// how deeply blocks and inline spans nest. A body past a limit is refused
// with a diagnostic, so that no renderer walks a tree thousands of levels
// deep (docs/content-format.md, "Limits").

#include <optional>
#include <string>
#include <string_view>

struct cmark_node;

namespace tebiki {

// Block quotes and lists inside one another.
constexpr int kMaxBlockNesting = 16;
// Emphasis, strong, strikethrough, links and images inside one another.
constexpr int kMaxInlineNesting = 16;

struct MarkdownLimitBreach {
    int line = 1;    // 1-based line in the body
    int column = 1;  // 1-based byte column in that line
    std::string message;
};

// The first node of the parsed body nested past a limit. Walks the tree
// with cmark's iterator, never by recursion.
std::optional<MarkdownLimitBreach> find_too_deep_nesting(cmark_node* root);

}  // namespace tebiki
