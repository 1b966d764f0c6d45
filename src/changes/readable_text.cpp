#include "changes/readable_text.h"

#include <cmark-gfm.h>

#include <cstring>

#include "document/markdown.h"

namespace tebiki::changes {

namespace {

class BlockReader {
public:
    std::vector<ReadableBlock> take() { return std::move(blocks_); }

    // Walks the children of a container block; leaf blocks become
    // readable blocks, containers are entered.
    void read_children(cmark_node* container, const std::string& prefix = "") {
        int item_number = 0;
        for (cmark_node* node = cmark_node_first_child(container); node != nullptr; node = cmark_node_next(node))
            read_block(node, item_prefix(container, ++item_number, prefix));
    }

private:
    static std::string item_prefix(cmark_node* container, int number, const std::string& outer) {
        if (cmark_node_get_type(container) != CMARK_NODE_LIST) return outer;
        if (cmark_node_get_list_type(container) == CMARK_ORDERED_LIST)
            return outer + std::to_string(cmark_node_get_list_start(container) + number - 1) + ". ";
        return outer + "・";
    }

    void read_block(cmark_node* node, const std::string& prefix) {
        const char* type = cmark_node_get_type_string(node);
        switch (cmark_node_get_type(node)) {
            case CMARK_NODE_PARAGRAPH:
            case CMARK_NODE_HEADING:
                add(prefix, node);
                return;
            case CMARK_NODE_CODE_BLOCK:
                blocks_.push_back({prefix + trim_newline(cmark_node_get_literal(node)), {}});
                return;
            case CMARK_NODE_THEMATIC_BREAK:
            case CMARK_NODE_HTML_BLOCK:  // raw HTML is dropped from the pages
                return;
            case CMARK_NODE_ITEM: {
                // The item's first block carries its marker; the rest
                // (nested lists, more paragraphs) are indented under it.
                for (cmark_node* child = cmark_node_first_child(node); child != nullptr; child = cmark_node_next(child))
                    read_block(child, child == cmark_node_first_child(node) ? prefix : "　");
                return;
            }
            default:
                break;
        }
        if (std::strcmp(type, "table_row") == 0 || std::strcmp(type, "table_header") == 0) {
            ReadableBlock row;
            for (cmark_node* cell = cmark_node_first_child(node); cell != nullptr; cell = cmark_node_next(cell)) {
                if (cell != cmark_node_first_child(node)) row.text += " ｜ ";
                append_inline(cell, row);
            }
            blocks_.push_back(std::move(row));
            return;
        }
        read_children(node, prefix);  // lists, block quotes, tables, footnotes
    }

    void add(const std::string& prefix, cmark_node* node) {
        ReadableBlock block{prefix, {}};
        append_inline(node, block);
        blocks_.push_back(std::move(block));
    }

    static std::string trim_newline(const char* literal) {
        std::string s = literal != nullptr ? literal : "";
        while (!s.empty() && s.back() == '\n') s.pop_back();
        return s;
    }

    // Inline content as the page shows it.
    static void append_inline(cmark_node* node, ReadableBlock& block) {
        for (cmark_node* child = cmark_node_first_child(node); child != nullptr; child = cmark_node_next(child)) {
            switch (cmark_node_get_type(child)) {
                case CMARK_NODE_IMAGE:
                    block.links.push_back(cmark_node_get_url(child));
                    block.text += "［画像：" + plain_text(child) + "］";
                    break;
                case CMARK_NODE_LINK:
                    block.links.push_back(cmark_node_get_url(child));
                    append_inline(child, block);
                    break;
                case CMARK_NODE_HTML_INLINE:
                    break;
                case CMARK_NODE_TEXT:
                case CMARK_NODE_CODE:
                    block.text += cmark_node_get_literal(child);
                    break;
                case CMARK_NODE_SOFTBREAK:  // as the page reads it: nothing between Japanese lines
                    block.text += soft_break_text(child);
                    break;
                case CMARK_NODE_LINEBREAK:
                    block.text += ' ';
                    break;
                default:
                    append_inline(child, block);
            }
        }
    }

    std::vector<ReadableBlock> blocks_;
};

}  // namespace

std::vector<ReadableBlock> readable_blocks(std::string_view markdown_body) {
    MarkdownTree tree = MarkdownTree::parse(markdown_body);
    tree.extract_outline();  // takes explicit heading ids ("{#restore}") out of the text
    BlockReader reader;
    reader.read_children(tree.root());
    return reader.take();
}

}  // namespace tebiki::changes
