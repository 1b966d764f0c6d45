#include "document/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <map>
#include <mutex>
#include <utility>

#include "text/slug.h"
#include "text/soft_break.h"

namespace tebiki {

namespace {

constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink", "tagfilter", "tasklist"};

void register_extensions_once() {
    static std::once_flag once;
    std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

struct IterDeleter {
    void operator()(cmark_iter* it) const { cmark_iter_free(it); }
};

// Leaves that show text of their own: text and code spans.
bool shows_text(cmark_node* node) {
    const auto type = cmark_node_get_type(node);
    return type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE;
}

// The character next to `node` inside its block, looking backwards or
// forwards through inline containers (emphasis, links); 0 at the block's
// edge or at another break.
char32_t neighbour_char(cmark_node* node, bool forwards) {
    const auto step = [&](cmark_node* n) { return forwards ? cmark_node_next(n) : cmark_node_previous(n); };
    const auto inward = [&](cmark_node* n) { return forwards ? cmark_node_first_child(n) : cmark_node_last_child(n); };
    cmark_node* n = node;
    while (true) {
        cmark_node* sibling = step(n);
        if (sibling == nullptr) {
            n = cmark_node_parent(n);
            // Inline containers are passed through; a block ends the search.
            if (n == nullptr) return 0;
            const auto type = cmark_node_get_type(n);
            if (type != CMARK_NODE_EMPH && type != CMARK_NODE_STRONG && type != CMARK_NODE_LINK &&
                std::string_view(cmark_node_get_type_string(n)) != "strikethrough")
                return 0;
            continue;
        }
        n = sibling;
        while (cmark_node* inner = inward(n)) n = inner;
        const auto type = cmark_node_get_type(n);
        if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) return 0;
        if (shows_text(n)) {
            const char* literal = cmark_node_get_literal(n);
            const std::string_view text = literal != nullptr ? literal : "";
            if (text.empty()) continue;
            return forwards ? text::first_code_point(text) : text::last_code_point(text);
        }
    }
}

// Raw HTML that is nothing but comments (<!-- textlint-disable -->, a
// translator's original, a writer's note) shows nothing: it is not content.
// An unclosed comment runs to the end of the node, as in a browser.
bool only_comments(cmark_node* html) {
    const char* literal = cmark_node_get_literal(html);
    const std::string_view text = literal != nullptr ? literal : "";
    std::size_t pos = 0;
    while (true) {
        pos = text.find_first_not_of(" \t\r\n", pos);
        if (pos == std::string_view::npos) return true;
        if (text.substr(pos, 4) != "<!--") return false;
        const std::size_t end = text.find("-->", pos + 4);
        if (end == std::string_view::npos) return true;
        pos = end + 3;
    }
}

void append_plain_text(cmark_node* node, std::string& out) {
    for (cmark_node* child = cmark_node_first_child(node); child != nullptr; child = cmark_node_next(child)) {
        switch (cmark_node_get_type(child)) {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE:
                out += cmark_node_get_literal(child);
                break;
            case CMARK_NODE_SOFTBREAK:
                out += soft_break_text(child);
                break;
            case CMARK_NODE_LINEBREAK:
                out += ' ';
                break;
            default:
                append_plain_text(child, out);
        }
    }
}

bool is_id_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_id_char(char c) { return is_id_start(c) || c == '.' || c == ':' || c == '-'; }

bool is_marker_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Where the trailing " {#id}" marker of `text` starts, and the id; npos
// when there is none. A plain scan from the end: a regular expression over
// a long heading recursed once per character and overflowed the stack.
std::pair<std::size_t, std::string_view> find_explicit_id(std::string_view text) {
    constexpr auto none = std::make_pair(std::string_view::npos, std::string_view());
    std::size_t end = text.size();
    while (end > 0 && is_marker_space(text[end - 1])) --end;
    if (end == 0 || text[end - 1] != '}') return none;
    const std::size_t open = text.rfind("{#", end - 1);
    if (open == std::string_view::npos) return none;
    const std::string_view id = text.substr(open + 2, end - 1 - (open + 2));
    if (id.empty() || !is_id_start(id.front())) return none;
    for (char c : id)
        if (!is_id_char(c)) return none;
    std::size_t start = open;
    while (start > 0 && is_marker_space(text[start - 1])) --start;
    return {start, id};
}

// "復元の手順 {#restore}" → the id "restore", removed from the last text node.
std::string take_explicit_id(cmark_node* heading) {
    cmark_node* last = cmark_node_last_child(heading);
    if (last == nullptr || cmark_node_get_type(last) != CMARK_NODE_TEXT) return {};
    const std::string literal = cmark_node_get_literal(last);
    const auto [start, id_view] = find_explicit_id(literal);
    if (start == std::string_view::npos) return {};
    const std::string id(id_view);
    cmark_node_set_literal(last, literal.substr(0, start).c_str());
    return id;
}

std::string unique_id(const std::string& base, std::map<std::string, int>& used) {
    auto [it, inserted] = used.try_emplace(base, 0);
    if (inserted) return base;
    // Repeats get -1, -2... unless that id is itself taken by another heading.
    std::string candidate;
    do {
        candidate = base + "-" + std::to_string(++it->second);
    } while (used.count(candidate) != 0);
    used.emplace(candidate, 0);
    return candidate;
}

}  // namespace

MarkdownTree MarkdownTree::parse(std::string_view markdown) {
    register_extensions_once();
    cmark_parser* parser = cmark_parser_new(CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8);
    for (const char* name : kExtensions) {
        if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
            cmark_parser_attach_syntax_extension(parser, ext);
        }
    }
    cmark_parser_feed(parser, markdown.data(), markdown.size());
    cmark_node* root = cmark_parser_finish(parser);
    return MarkdownTree(parser, root);
}

MarkdownTree::~MarkdownTree() {
    if (root_ != nullptr) cmark_node_free(root_);
    if (parser_ != nullptr) cmark_parser_free(parser_);
}

MarkdownTree::MarkdownTree(MarkdownTree&& other) noexcept
    : parser_(std::exchange(other.parser_, nullptr)), root_(std::exchange(other.root_, nullptr)) {}

MarkdownTree& MarkdownTree::operator=(MarkdownTree&& other) noexcept {
    if (this != &other) {
        this->~MarkdownTree();
        parser_ = std::exchange(other.parser_, nullptr);
        root_ = std::exchange(other.root_, nullptr);
    }
    return *this;
}

cmark_llist* MarkdownTree::extensions() const { return cmark_parser_get_syntax_extensions(parser_); }

MarkdownOutline MarkdownTree::extract_outline() {
    MarkdownOutline outline;
    std::map<std::string, int> used_ids;
    // Explicit ids are claimed first so that generated ids never take them.
    std::vector<std::pair<cmark_node*, std::string>> headings;
    std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(root_));
    for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node* node = cmark_iter_get_node(iter.get());
        const auto type = cmark_node_get_type(node);
        if (type == CMARK_NODE_HEADING) {
            headings.emplace_back(node, take_explicit_id(node));
        } else if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
            const char* url = cmark_node_get_url(node);
            outline.links.push_back({url != nullptr ? url : "", type == CMARK_NODE_IMAGE,
                                     cmark_node_get_start_line(node), cmark_node_get_start_column(node)});
        } else if ((type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE) && !only_comments(node)) {
            const int line = cmark_node_get_start_line(node);
            if (outline.raw_html_lines.empty() || outline.raw_html_lines.back() != line)
                outline.raw_html_lines.push_back(line);
        }
    }
    for (const auto& [node, id] : headings)
        if (!id.empty()) used_ids.emplace(id, 0);
    for (const auto& [node, id] : headings) {
        Heading h;
        h.level = cmark_node_get_heading_level(node);
        h.text = plain_text(node);
        h.line = cmark_node_get_start_line(node);
        h.explicit_id = !id.empty();
        h.id = h.explicit_id ? id : unique_id(text::heading_slug(h.text), used_ids);
        outline.headings.push_back(std::move(h));
    }
    return outline;
}

std::string_view soft_break_text(cmark_node* softbreak) {
    return text::soft_break_vanishes(neighbour_char(softbreak, false), neighbour_char(softbreak, true)) ? "" : " ";
}

std::string plain_text(cmark_node* node) {
    std::string out;
    append_plain_text(node, out);
    return out;
}

}  // namespace tebiki
