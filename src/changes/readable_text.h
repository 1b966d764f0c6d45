#pragma once
// A Markdown body as its readers see it, block by block: the change notice
// compares what the page shows, not the Markdown source, so emphasis marks,
// link destinations and image paths never appear in it.

#include <string>
#include <string_view>
#include <vector>

namespace tebiki::changes {

struct ReadableBlock {
    std::string text;                // the block's text as the page shows it
    std::vector<std::string> links;  // where its links lead (destinations as written)

    bool operator==(const ReadableBlock&) const = default;
};

// Paragraphs, headings, list items, table rows and code blocks, in order.
// Images read as 「［画像：説明］」; a list item keeps its marker (「・」 or
// 「1. 」), a table row its cells separated by 「 ｜ 」.
std::vector<ReadableBlock> readable_blocks(std::string_view markdown_body);

}  // namespace tebiki::changes
