#include "search/search_document.h"

#include <cmark-gfm.h>

#include "search/word_readings.h"

namespace tebiki::search {

namespace {

bool ends_block(cmark_node_type type, std::string_view type_name) {
    switch (type) {
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_ITEM:
        case CMARK_NODE_CODE_BLOCK:
        case CMARK_NODE_BLOCK_QUOTE:
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            return true;
        default:
            return type_name == "table_cell";
    }
}

void append_separated(std::string& text, std::string_view piece) {
    if (piece.empty()) return;
    if (!text.empty() && text.back() != ' ') text += ' ';
    text += piece;
}

// Collects the plain text of the body, starting a new section at each
// heading (the outline gives headings in the same order as the tree).
class SectionCollector {
public:
    SectionCollector(const Document& doc, const MarkdownOutline& outline) : doc_(doc), outline_(outline) {
        sections_.push_back({});
    }

    std::vector<SearchSection> collect(cmark_node* root) {
        cmark_iter* iter = cmark_iter_new(root);
        for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
            cmark_node* node = cmark_iter_get_node(iter);
            const cmark_node_type type = cmark_node_get_type(node);
            if (type == CMARK_NODE_HEADING && ev == CMARK_EVENT_ENTER) {
                start_section(node);
                continue;
            }
            if (ev == CMARK_EVENT_ENTER && in_heading_) continue;
            if (type == CMARK_NODE_HEADING && ev == CMARK_EVENT_EXIT) {
                in_heading_ = false;
                continue;
            }
            collect_node(node, type, ev);
        }
        cmark_iter_free(iter);
        if (sections_.front().text.empty() && sections_.size() > 1) sections_.erase(sections_.begin());
        return sections_;
    }

private:
    void start_section(cmark_node* heading) {
        in_heading_ = true;
        const std::size_t index = heading_index_++;
        const bool repeats_title = index == 0 && cmark_node_get_heading_level(heading) == 1 &&
                                   plain_text(heading) == doc_.meta.title;
        if (repeats_title || index >= outline_.headings.size()) return;
        sections_.push_back({outline_.headings[index].text, outline_.headings[index].id, {}});
    }

    void collect_node(cmark_node* node, cmark_node_type type, cmark_event_type ev) {
        std::string& text = sections_.back().text;
        if (ev == CMARK_EVENT_ENTER && (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE)) {
            text += cmark_node_get_literal(node);
        } else if (ev == CMARK_EVENT_ENTER && type == CMARK_NODE_CODE_BLOCK) {
            append_separated(text, cmark_node_get_literal(node));
        } else if (ev == CMARK_EVENT_ENTER && type == CMARK_NODE_SOFTBREAK) {
            text += soft_break_text(node);  // nothing between two Japanese characters
        } else if (ev == CMARK_EVENT_ENTER && type == CMARK_NODE_LINEBREAK) {
            text += ' ';
        } else if (ev == CMARK_EVENT_EXIT && ends_block(type, cmark_node_get_type_string(node))) {
            if (!text.empty() && text.back() != ' ') text += ' ';
        }
    }

    const Document& doc_;
    const MarkdownOutline& outline_;
    std::vector<SearchSection> sections_;
    std::size_t heading_index_ = 0;
    bool in_heading_ = false;
};

void trim_trailing_spaces(std::vector<SearchSection>& sections) {
    for (auto& s : sections) {
        while (!s.text.empty() && (s.text.back() == ' ' || s.text.back() == '\n')) s.text.pop_back();
        for (char& c : s.text)
            if (c == '\n' || c == '\t') c = ' ';
    }
}

}  // namespace

SearchDocument make_search_document(const Document& doc) {
    SearchDocument out;
    out.id = doc.meta.id;
    out.title = doc.meta.title;
    out.status = doc.meta.status;
    out.href = "docs/" + doc.meta.id + ".html";
    out.tags = doc.meta.tags;
    MarkdownTree tree = MarkdownTree::parse(doc.body());
    const MarkdownOutline outline = tree.extract_outline();
    out.sections = SectionCollector(doc, outline).collect(tree.root());
    trim_trailing_spaces(out.sections);
    // One text, so that each reading is listed once for the document.
    std::string all = out.title;
    for (const auto& s : out.sections) all += "\n" + s.heading + "\n" + s.text;
    out.readings = kanji_word_readings(all);
    return out;
}

}  // namespace tebiki::search
