#include "pdf/block_layout.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "pdf/image_info.h"
#include "pdf/kinsoku.h"
#include "pdf/svg_image.h"

namespace tebiki::pdf {

std::u32string to_u32(std::string_view utf8) {
    std::u32string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size();) {
        const unsigned char b = static_cast<unsigned char>(utf8[i]);
        char32_t c = 0xFFFD;
        int extra = 0;
        if (b < 0x80) c = b;
        else if ((b >> 5) == 6) { c = b & 0x1F; extra = 1; }
        else if ((b >> 4) == 14) { c = b & 0x0F; extra = 2; }
        else if ((b >> 3) == 30) { c = b & 0x07; extra = 3; }
        else { ++i; out += 0xFFFD; continue; }
        if (i + static_cast<std::size_t>(extra) >= utf8.size() && extra > 0) {
            out += 0xFFFD;
            break;
        }
        for (int k = 1; k <= extra; ++k) c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        out += c;
        i += 1 + extra;
    }
    return out;
}

std::vector<Line> layout_plain(const FontSet& fonts, std::u32string_view text, const TextStyle& style, double width,
                               double line_height, bool justify) {
    ParagraphOptions options;
    options.width = width;
    options.line_height = line_height;
    options.justify = justify;
    return layout_paragraph(fonts, {StyledText{std::u32string(text), style}}, options);
}

namespace {

std::string_view type_name(cmark_node* node) { return cmark_node_get_type_string(node); }

std::string literal(cmark_node* node) {
    const char* text = cmark_node_get_literal(node);
    return text != nullptr ? text : "";
}

class BodyLayout {
public:
    BodyLayout(const BodyLayoutContext& context, LaidOutDocument& out) : c_(context), s_(context.style), out_(out) {}

    void run() {
        MarkdownTree tree = MarkdownTree::parse(c_.document.body());
        const MarkdownOutline outline = tree.extract_outline();  // the catalog's ids
        std::size_t heading_index = 0;
        cmark_iter* iter = cmark_iter_new(tree.root());
        for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
            cmark_node* node = cmark_iter_get_node(iter);
            if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_HEADING &&
                heading_index < outline.headings.size())
                headings_[node] = &outline.headings[heading_index++];
        }
        cmark_iter_free(iter);
        blocks(tree.root(), 0, s_.content_width());
        footnotes();
    }

private:
    TextStyle body_style() const {
        TextStyle t;
        t.size = s_.body_size;
        t.color = s_.text;
        return t;
    }

    double line_height_for(const TextStyle& t) const { return t.role == FontRole::Body ? s_.line_height : 1.5; }

    // Text of inline children as styled spans.
    void inlines(cmark_node* parent, const TextStyle& style, std::vector<StyledText>& spans) {
        for (cmark_node* n = cmark_node_first_child(parent); n != nullptr; n = cmark_node_next(n)) {
            const auto type = cmark_node_get_type(n);
            const std::string_view name = type_name(n);
            if (type == CMARK_NODE_TEXT) {
                append(spans, to_u32(literal(n)), style);
            } else if (type == CMARK_NODE_SOFTBREAK) {
                // Japanese lines join with nothing; Latin words with a space.
                const char32_t before = last_char(spans);
                const char32_t after = first_char(cmark_node_next(n));
                append(spans, (is_cjk(before) || is_cjk(after)) ? U"" : U" ", style);
            } else if (type == CMARK_NODE_LINEBREAK) {
                append(spans, U"\n", style);
            } else if (type == CMARK_NODE_CODE) {
                TextStyle code = style;
                code.role = FontRole::Mono;
                code.size = style.size * 0.92;
                code.code = true;
                append(spans, to_u32(literal(n)), code);
            } else if (type == CMARK_NODE_EMPH) {
                // Japanese has no italic: emphasis is set in the sans face.
                TextStyle emph = style;
                if (emph.role == FontRole::Body) emph.role = FontRole::Heading;
                inlines(n, emph, spans);
            } else if (type == CMARK_NODE_STRONG) {
                TextStyle strong = style;
                strong.bold = true;
                if (strong.role == FontRole::Body && s_.strong_in_heading_face) strong.role = FontRole::Heading;
                inlines(n, strong, spans);
            } else if (name == "strikethrough") {
                TextStyle strike = style;
                strike.strike = true;
                inlines(n, strike, spans);
            } else if (type == CMARK_NODE_LINK) {
                TextStyle link = style;
                const int index = link_target(cmark_node_get_url(n));
                if (index >= 0) {
                    link.link = index;
                    link.color = s_.link;
                    link.underline = true;
                }
                inlines(n, link, spans);
            } else if (type == CMARK_NODE_IMAGE) {
                std::vector<StyledText> alt;
                inlines(n, style, alt);
                std::u32string text = U"［画像：";
                for (const auto& a : alt) text += a.text;
                append(spans, text + U"］", style);
            } else if (type == CMARK_NODE_FOOTNOTE_REFERENCE) {
                TextStyle mark = style;
                mark.size = style.size * 0.75;
                mark.color = s_.link;
                append(spans, U"※" + to_u32(std::to_string(++footnote_references_)), mark);
            } else if (type == CMARK_NODE_HTML_INLINE) {
                // Raw HTML is dropped, as on the site.
            } else {
                inlines(n, style, spans);
            }
        }
    }

    static void append(std::vector<StyledText>& spans, std::u32string_view text, const TextStyle& style) {
        if (text.empty()) return;
        spans.push_back({std::u32string(text), style});
    }
    static char32_t last_char(const std::vector<StyledText>& spans) {
        for (auto it = spans.rbegin(); it != spans.rend(); ++it)
            if (!it->text.empty()) return it->text.back();
        return 0;
    }
    static char32_t first_char(cmark_node* n) {
        for (; n != nullptr; n = cmark_node_first_child(n)) {
            const std::string text = literal(n);
            if (!text.empty()) return to_u32(text).front();
        }
        return 0;
    }

    int link_target(const char* url_text) {
        const std::string url = url_text != nullptr ? url_text : "";
        const tebiki::LinkTarget target = c_.catalog.resolve_link(c_.document, url);
        LinkTarget link;
        switch (target.kind) {
            case tebiki::LinkTarget::Kind::External:
                link.kind = LinkTarget::Kind::Uri;
                link.uri = url;
                break;
            case tebiki::LinkTarget::Kind::SameDocument:
                link.kind = LinkTarget::Kind::Anchor;
                link.document_id = c_.document.meta.id;
                link.anchor = target.fragment;
                break;
            case tebiki::LinkTarget::Kind::Document:
                if (!c_.site.contains(*target.document)) return -1;  // not in this site's set
                link.kind = LinkTarget::Kind::OtherDocument;
                link.document_id = target.document->meta.id;
                link.anchor = target.fragment;
                break;
            default:
                return -1;
        }
        out_.links.push_back(link);
        return static_cast<int>(out_.links.size() - 1);
    }

    // Adds a paragraph's lines as flow items; orphans and widows are kept
    // from standing alone by binding the first two and the last two lines.
    std::size_t add_lines(const std::vector<Line>& lines, double x, double space_before, bool keep_all = false) {
        const std::size_t first = out_.items.size();
        for (std::size_t i = 0; i < lines.size(); ++i) {
            FlowItem item;
            item.height = lines[i].height;
            item.space_before = i == 0 ? space_before : 0;
            item.keep_with_next = keep_all ? i + 1 < lines.size() : (i == 0 || i + 2 >= lines.size()) && i + 1 < lines.size();
            item.ops.push_back(DrawText{lines[i], x, 0});
            out_.items.push_back(std::move(item));
        }
        return first;
    }

    void blocks(cmark_node* parent, double x, double width) {
        bool first = true;
        for (cmark_node* n = cmark_node_first_child(parent); n != nullptr; n = cmark_node_next(n)) {
            block(n, x, width, first);
            first = false;
        }
    }

    void block(cmark_node* n, double x, double width, bool first_in_parent) {
        const auto type = cmark_node_get_type(n);
        const std::string_view name = type_name(n);
        const double gap = first_in_parent && x > 0 ? 0 : s_.paragraph_space;
        if (type == CMARK_NODE_HEADING) {
            heading(n);
        } else if (type == CMARK_NODE_PARAGRAPH) {
            if (cmark_node* image = sole_image(n)) {
                image_block(image, x, width, gap);
                return;
            }
            std::vector<StyledText> spans;
            inlines(n, body_style(), spans);
            ParagraphOptions options;
            options.width = width;
            options.line_height = s_.line_height;
            options.inter_script_space_em = s_.inter_script_space_em;
            add_lines(layout_paragraph(c_.fonts, spans, options), x, gap);
        } else if (type == CMARK_NODE_LIST) {
            list(n, x, width, gap);
        } else if (type == CMARK_NODE_BLOCK_QUOTE) {
            const std::size_t first = out_.items.size();
            const double inset = s_.body_size * 1.2;
            blocks(n, x + inset, width - inset);
            for (std::size_t i = first; i < out_.items.size(); ++i) {
                FlowItem& item = out_.items[i];
                const double top = i == first ? 0 : -item.space_before;
                item.ops.insert(item.ops.begin(), DrawRect{x + 2, top, 2.5, item.height - top, s_.quote_bar});
            }
            if (first < out_.items.size()) out_.items[first].space_before = std::max(out_.items[first].space_before, gap);
        } else if (type == CMARK_NODE_CODE_BLOCK) {
            code_block(n, x, width, gap);
        } else if (type == CMARK_NODE_THEMATIC_BREAK) {
            FlowItem item;
            item.height = s_.body_size;
            item.space_before = gap;
            item.ops.push_back(DrawRule{x, item.height / 2, x + width, item.height / 2, s_.rule, 0.6});
            out_.items.push_back(std::move(item));
        } else if (name == "table") {
            table(n, x, width, gap);
        } else if (type == CMARK_NODE_FOOTNOTE_DEFINITION) {
            footnote_definitions_.push_back(n);
        } else if (type == CMARK_NODE_HTML_BLOCK) {
            // dropped, as on the site
        } else {
            blocks(n, x, width);
        }
    }

    std::u32string heading_number(int level, bool shown) {
        if (!s_.heading_numbering || !c_.number_headings || level < 2 || level > 4) return {};
        ++counters_[level];
        for (int deeper = level + 1; deeper < 7; ++deeper) counters_[deeper] = 0;
        if (!shown) return {};
        std::string number;
        for (int l = 2; l <= level; ++l) number += fmt::format("{}{}", l > 2 ? "." : "", counters_[l]);
        return to_u32(number);
    }

    // The number a writer put at the start of a heading (「3. 確認」「3.1
    // 範囲」「第2条」「（1）」「①」): its length with the white after it, or 0.
    static std::size_t own_number_length(std::u32string_view t) {
        const auto digit = [](char32_t c) {
            return (c >= U'0' && c <= U'9') || (c >= U'０' && c <= U'９') ||
                   std::u32string_view(U"〇一二三四五六七八九十百").find(c) != std::u32string_view::npos;
        };
        const auto white = [](char32_t c) { return c == U' ' || c == U'　' || c == U'\t'; };
        std::size_t i = 0;
        if (!t.empty() && t[0] >= U'①' && t[0] <= U'⑳') {
            i = 1;
        } else if (!t.empty() && t[0] == U'第') {
            std::size_t k = 1;
            while (k < t.size() && digit(t[k])) ++k;
            if (k == 1 || k >= t.size() || std::u32string_view(U"条章節項款編部").find(t[k]) == std::u32string_view::npos) return 0;
            i = k + 1;
            while (i < t.size() && (digit(t[i]) || t[i] == U'の')) ++i;  // 第2条の2
        } else if (!t.empty() && (t[0] == U'(' || t[0] == U'（')) {
            std::size_t k = 1;
            while (k < t.size() && digit(t[k])) ++k;
            if (k == 1 || k >= t.size() || (t[k] != U')' && t[k] != U'）')) return 0;
            i = k + 1;
        } else {
            std::size_t k = 0;
            while (k < t.size() && t[k] >= U'0' && t[k] <= U'9') ++k;
            if (k == 0) {
                while (k < t.size() && t[k] >= U'０' && t[k] <= U'９') ++k;
            }
            if (k == 0) return 0;
            // 3 / 3.1 / 3.1.2 / 3. / 3） — then white or the end of the number.
            while (k + 1 < t.size() && (t[k] == U'.' || t[k] == U'．') && digit(t[k + 1])) {
                ++k;
                while (k < t.size() && digit(t[k])) ++k;
            }
            if (k < t.size() && std::u32string_view(U".．、)）").find(t[k]) != std::u32string_view::npos) ++k;
            else if (k < t.size() && !white(t[k])) return 0;  // 「2026年度」 is not a number
            i = k;
        }
        if (i < t.size() && !white(t[i]) && t[i - 1] != U'.' && t[i - 1] != U'．' && t[i - 1] != U'、' && t[i - 1] != U')' &&
            t[i - 1] != U'）' && t[0] != U'第' && !(t[0] >= U'①' && t[0] <= U'⑳'))
            return 0;
        while (i < t.size() && white(t[i])) ++i;
        return i;
    }

    void heading(cmark_node* n) {
        const Heading* h = headings_.count(n) ? headings_.at(n) : nullptr;
        const int level = cmark_node_get_heading_level(n);
        // The title block shows the title; a leading "# title" would repeat it.
        if (!skipped_title_ && cmark_node_previous(n) == nullptr && level == 1 && h != nullptr &&
            h->text == c_.document.meta.title) {
            skipped_title_ = true;
            return;
        }
        TextStyle t;
        t.role = FontRole::Heading;
        t.bold = true;
        t.size = s_.heading_sizes[std::clamp(level, 1, 6) - 1];
        t.color = s_.heading;
        std::vector<StyledText> spans;
        inlines(n, t, spans);
        // The writer's own number is kept and not numbered again; either
        // number stands apart, and wrapped lines hang under the text.
        std::u32string own;
        if (!spans.empty()) {
            const std::size_t length = own_number_length(spans.front().text);
            if (length > 0 && length < spans.front().text.size()) {
                own = spans.front().text.substr(0, length);
                spans.front().text.erase(0, length);
                while (!own.empty() && (own.back() == U' ' || own.back() == U'　')) own.pop_back();
            }
        }
        // Under a heading with its own number, the sections are the
        // writer's too: no automatic number of ours below it.
        if (own_number_level_ > 0 && level <= own_number_level_) own_number_level_ = 0;
        if (!own.empty()) own_number_level_ = level;
        const bool under_own = own_number_level_ > 0 && level > own_number_level_;
        const std::u32string automatic = heading_number(level, own.empty() && !under_own);  // counts either way
        const std::u32string number = own.empty() ? automatic : own;
        ParagraphOptions options;
        options.line_height = 1.45;
        options.justify = false;
        double indent = 0;
        std::vector<Line> number_lines;
        if (!number.empty()) {
            number_lines = layout_plain(c_.fonts, number, t, s_.content_width(), 1.45, false);
            indent = number_lines.front().width + t.size;
            if (indent > s_.content_width() * 0.4) indent = 0;  // an absurd number: no hanging
        }
        options.width = s_.content_width() - indent;
        auto lines = layout_paragraph(c_.fonts, spans, options);
        if (indent == 0 && !number_lines.empty()) {
            std::vector<StyledText> joined{{number + U"　", t}};
            joined.insert(joined.end(), spans.begin(), spans.end());
            options.width = s_.content_width();
            lines = layout_paragraph(c_.fonts, joined, options);
        }
        const std::size_t first = add_lines(lines, indent, t.size * (level <= 2 ? 1.3 : 0.9), true);
        if (indent > 0) {
            FlowItem& head = out_.items[first];
            Line number_line = number_lines.front();
            number_line.height = head.height;
            number_line.baseline = std::get<DrawText>(head.ops.front()).line.baseline;
            head.ops.insert(head.ops.begin(), DrawText{number_line, 0, 0});
        }
        FlowItem& last = out_.items.back();
        last.keep_with_next = true;  // never alone at the bottom of a page
        if (level <= 2) last.ops.push_back(DrawRule{0, last.height - 1, s_.content_width(), last.height - 1, s_.rule, 0.6});
        if (h != nullptr) {
            out_.items[first].anchors.push_back(h->id);
            out_.items[first].outline_level = level;
            std::u32string title = number.empty() ? U"" : number + (own.empty() ? U"　" : U" ");
            for (const auto& span : spans) title += span.text;
            out_.items[first].outline_title = text_of(title);
        }
    }

    static std::string text_of(const std::u32string& text) {
        std::string out;
        for (char32_t c : text) {
            if (c < 0x80) out += static_cast<char>(c);
            else if (c < 0x800) { out += static_cast<char>(0xC0 | (c >> 6)); out += static_cast<char>(0x80 | (c & 0x3F)); }
            else if (c < 0x10000) { out += static_cast<char>(0xE0 | (c >> 12)); out += static_cast<char>(0x80 | ((c >> 6) & 0x3F)); out += static_cast<char>(0x80 | (c & 0x3F)); }
            else { out += static_cast<char>(0xF0 | (c >> 18)); out += static_cast<char>(0x80 | ((c >> 12) & 0x3F)); out += static_cast<char>(0x80 | ((c >> 6) & 0x3F)); out += static_cast<char>(0x80 | (c & 0x3F)); }
        }
        return out;
    }

    void list(cmark_node* n, double x, double width, double gap) {
        const bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
        int number = ordered ? cmark_node_get_list_start(n) : 0;
        const double indent = s_.body_size * (ordered ? 2.0 : 1.5);
        bool first_item = true;
        for (cmark_node* item = cmark_node_first_child(n); item != nullptr; item = cmark_node_next(item)) {
            std::u32string marker;
            if (type_name(item) == std::string_view("tasklist"))
                marker = cmark_gfm_extensions_get_tasklist_item_checked(item) ? U"☑" : U"☐";
            else if (ordered)
                marker = to_u32(std::to_string(number++) + ".");
            else
                marker = x > 0 && nested_bullet_ ? U"◦" : U"・";
            const std::size_t first = out_.items.size();
            const bool was_nested = nested_bullet_;
            nested_bullet_ = true;
            blocks(item, x + indent, width - indent);
            nested_bullet_ = was_nested;
            if (first == out_.items.size()) {  // an empty item
                FlowItem empty;
                empty.height = s_.body_size * s_.line_height;
                out_.items.push_back(std::move(empty));
            }
            FlowItem& head = out_.items[first];
            head.space_before = first_item ? gap : s_.paragraph_space * 0.4;
            const auto lines = layout_plain(c_.fonts, marker, body_style(), indent, s_.line_height);
            if (!lines.empty()) {
                Line marker_line = lines.front();
                marker_line.height = head.height;
                const double text_baseline = !head.ops.empty() && std::holds_alternative<DrawText>(head.ops.front())
                                                 ? std::get<DrawText>(head.ops.front()).line.baseline
                                                 : marker_line.baseline;
                marker_line.baseline = text_baseline;
                // First in the item, so that the text layer reads marker, then text.
                head.ops.insert(head.ops.begin(), DrawText{marker_line, x + (ordered ? indent * 0.1 : indent * 0.15), 0});
            }
            first_item = false;
        }
    }

    void code_block(cmark_node* n, double x, double width, double gap) {
        TextStyle t;
        t.role = FontRole::Mono;
        t.size = s_.code_size;
        t.color = s_.text;
        std::string code = literal(n);
        if (!code.empty() && code.back() == '\n') code.pop_back();
        const double pad = s_.code_size * 0.6;
        ParagraphOptions options;
        options.width = width - 2 * pad;
        options.line_height = 1.45;
        options.justify = false;
        std::vector<Line> lines;
        std::size_t start = 0;
        const std::u32string text = to_u32(code);
        do {
            std::size_t end = text.find(U'\n', start);
            if (end == std::u32string::npos) end = text.size();
            auto part = layout_paragraph(c_.fonts, {StyledText{text.substr(start, end - start), t}}, options);
            lines.insert(lines.end(), part.begin(), part.end());
            start = end + 1;
        } while (start <= text.size());
        for (std::size_t i = 0; i < lines.size(); ++i) {
            FlowItem item;
            const bool top = i == 0, bottom = i + 1 == lines.size();
            item.height = lines[i].height + (top ? pad : 0) + (bottom ? pad : 0);
            item.space_before = top ? gap : 0;
            item.keep_with_next = (i == 0 || i + 2 >= lines.size()) && !bottom;
            item.ops.push_back(DrawRect{x, 0, width, item.height, s_.code_background});
            item.ops.push_back(DrawText{lines[i], x + pad, top ? pad : 0});
            out_.items.push_back(std::move(item));
        }
    }

    static cmark_node* sole_image(cmark_node* paragraph) {
        cmark_node* child = cmark_node_first_child(paragraph);
        return child != nullptr && cmark_node_next(child) == nullptr && cmark_node_get_type(child) == CMARK_NODE_IMAGE
                   ? child
                   : nullptr;
    }

    void image_block(cmark_node* n, double x, double width, double gap) {
        const tebiki::LinkTarget target = c_.catalog.resolve_link(c_.document, cmark_node_get_url(n));
        std::optional<ImageInfo> info;
        const source::SourceFile* file = nullptr;
        if (target.kind == tebiki::LinkTarget::Kind::Asset) {
            file = c_.catalog.source().find(target.asset_path);
            if (file != nullptr) info = read_image_info(file->bytes());
        }
        std::vector<StyledText> alt;
        TextStyle caption = body_style();
        caption.size = s_.footnote_size;
        caption.color = s_.muted;
        inlines(n, caption, alt);
        std::string bytes = file != nullptr ? file->bytes() : std::string();
        if (!info && file != nullptr && looks_like_svg(bytes)) {
            // A drawing: rendered by librsvg at print resolution, sized as the browser sizes it.
            if (auto svg = render_svg(bytes)) {
                bytes = std::move(svg->png);
                info = ImageInfo{static_cast<int>(std::lround(svg->css_width)), static_cast<int>(std::lround(svg->css_height)), false};
                if (info->width < 1 || info->height < 1) info.reset();
            }
        }
        if (!info) {
            // Not a PNG or JPEG we can read: say so in place of the picture.
            std::u32string text = U"［画像：";
            for (const auto& a : alt) text += a.text;
            add_lines(layout_plain(c_.fonts, text + U"］", caption, width, s_.line_height), x, gap);
            return;
        }
        out_.images.push_back({std::move(bytes), info->jpeg, info->width, info->height});
        // Pixels at 96 per inch, never wider than the text nor taller than half a page.
        double w = info->width * 0.75, h = info->height * 0.75;
        const double scale = std::min({1.0, width / w, s_.content_height() * 0.5 / h});
        w *= scale;
        h *= scale;
        FlowItem item;
        item.space_before = gap;
        item.height = h;
        item.keep_with_next = !alt.empty();
        item.ops.push_back(DrawImage{static_cast<int>(out_.images.size() - 1), x, 0, w, h});
        out_.items.push_back(std::move(item));
        if (!alt.empty()) add_lines(layout_paragraph(c_.fonts, alt, ParagraphOptions{width, 1.4, 0.25, false}), x, 2);
    }

    struct Cell {
        std::vector<StyledText> spans;
        std::vector<Line> lines;
        double height = 0;
    };

    void table(cmark_node* n, double x, double width, double gap) {
        const int columns = std::max<int>(1, cmark_gfm_extensions_get_table_columns(n));
        const std::size_t ncols = static_cast<std::size_t>(columns);
        const double pad = s_.table_size * 0.45;
        const uint8_t* alignments = cmark_gfm_extensions_get_table_alignments(n);
        std::vector<std::vector<Cell>> rows;
        std::vector<bool> header_row;
        for (cmark_node* row = cmark_node_first_child(n); row != nullptr; row = cmark_node_next(row)) {
            const bool header = cmark_gfm_extensions_get_table_row_is_header(row) != 0;
            TextStyle t;
            t.role = FontRole::Heading;
            t.bold = header;
            t.size = s_.table_size;
            t.color = s_.text;
            std::vector<Cell> cells(ncols);
            int col = 0;
            for (cmark_node* cell = cmark_node_first_child(row); cell != nullptr && col < columns;
                 cell = cmark_node_next(cell), ++col)
                inlines(cell, t, cells[static_cast<std::size_t>(col)].spans);
            rows.push_back(std::move(cells));
            header_row.push_back(header);
        }
        const std::vector<double> col_w = column_widths(rows, ncols, width - 2 * pad * columns);
        int header_index = -1;
        for (std::size_t r = 0; r < rows.size(); ++r) {
            double content_h = 0;
            for (std::size_t col = 0; col < ncols; ++col) {
                Cell& cell = rows[r][col];
                ParagraphOptions options{col_w[col], 1.4, s_.inter_script_space_em, false};
                cell.lines = layout_paragraph(c_.fonts, cell.spans, options);
                for (const auto& l : cell.lines) cell.height += l.height;
                content_h = std::max(content_h, cell.height);
            }
            std::vector<double> cell_x(ncols + 1, x);
            for (std::size_t col = 0; col < ncols; ++col) cell_x[col + 1] = cell_x[col] + col_w[col] + 2 * pad;
            // Where each line goes across the cell: the column's GFM alignment.
            const auto line_x = [&](std::size_t col, const Line& l) {
                const char a = alignments != nullptr ? static_cast<char>(alignments[col]) : 0;
                const double room = std::max(0.0, col_w[col] - l.width);
                return cell_x[col] + pad + (a == 'r' ? room : a == 'c' ? room / 2 : 0);
            };
            // A row that could not share a page with the rows around it is
            // cut between its lines into bands, so that pagination can
            // continue it on the next page under the repeated header.
            const bool splittable = !header_row[r] && content_h + 2 * pad > s_.content_height() * 0.25;
            std::vector<double> cuts{0};
            if (splittable) {
                for (double y : band_cuts(rows[r], content_h)) cuts.push_back(y);
            }
            cuts.push_back(content_h);
            const std::size_t bands = cuts.size() - 1;
            for (std::size_t b = 0; b < bands; ++b) {
                const bool top = b == 0, bottom = b + 1 == bands;
                const double offset = (top ? pad : 0) - cuts[b];  // from content y to the band's y
                FlowItem item;
                item.height = cuts[b + 1] - cuts[b] + (top ? pad : 0) + (bottom ? pad : 0);
                item.space_before = r == 0 && top ? gap : 0;
                if (header_row[r]) {
                    item.ops.push_back(DrawRect{x, 0, width, item.height, s_.table_header_background});
                    item.keep_with_next = true;
                    header_index = static_cast<int>(out_.items.size());
                } else {
                    item.repeat_header = header_index;
                    // No line of a row stands alone at a page's foot or head.
                    item.keep_with_next = !bottom && (b < 1 || b + 2 >= bands);
                }
                for (std::size_t col = 0; col <= ncols; ++col)
                    item.ops.push_back(DrawRule{cell_x[col], 0, cell_x[col], item.height, s_.table_border, 0.5});
                if (top) item.ops.push_back(DrawRule{x, 0, cell_x[ncols], 0, s_.table_border, 0.5});
                const DrawRule foot{x, item.height, cell_x[ncols], item.height, s_.table_border, 0.5};
                if (bottom) item.ops.push_back(foot);
                else item.ops_at_page_end.push_back(foot);  // a row continued overleaf is closed at the foot
                for (std::size_t col = 0; col < ncols; ++col) {
                    double y = 0;
                    for (const auto& l : rows[r][col].lines) {
                        if (y >= cuts[b] - 0.01 && y < cuts[b + 1] - 0.01)
                            item.ops.push_back(DrawText{l, line_x(col, l), y + offset});
                        y += l.height;
                    }
                }
                out_.items.push_back(std::move(item));
            }
        }
    }

    // Column widths from content, as browsers lay out an automatic table:
    // each column needs its widest unbreakable piece (a date, an identifier,
    // a drug name) or, if the cell is short, its whole text; it would like
    // its unwrapped width; what is left over is shared in proportion.
    std::vector<double> column_widths(const std::vector<std::vector<Cell>>& rows, std::size_t ncols, double available) const {
        std::vector<double> min_w(ncols, 0), max_w(ncols, 0);
        const double short_cell = s_.table_size * 6;  // a cell of up to six characters is never broken
        for (const auto& cells : rows)
            for (std::size_t col = 0; col < ncols; ++col) {
                double natural = 0;
                for (const auto& l : layout_paragraph(c_.fonts, cells[col].spans, ParagraphOptions{1e6, 1.4, s_.inter_script_space_em, false}))
                    natural = std::max(natural, l.width);
                max_w[col] = std::max(max_w[col], natural);
                const double piece = longest_unbreakable_width(c_.fonts, cells[col].spans);
                min_w[col] = std::max({min_w[col], std::min(piece, available * 0.45), natural <= short_cell ? natural : 0.0});
            }
        double total_min = 0, total_max = 0;
        for (std::size_t i = 0; i < ncols; ++i) {
            max_w[i] = std::max(max_w[i], min_w[i]) + 0.01;
            total_min += min_w[i];
            total_max += max_w[i];
        }
        std::vector<double> w(ncols);
        if (total_max <= available) {
            for (std::size_t i = 0; i < ncols; ++i)
                w[i] = max_w[i] + (available - total_max) * (total_max > 0 ? max_w[i] / total_max : 1.0 / static_cast<double>(ncols));
        } else if (total_min <= available) {
            // Water-filling: a column that needs no more than its fair share
            // of the room left gets its whole text on one line; the rest
            // share what remains in proportion to what they lack.
            w = min_w;
            std::vector<bool> settled(ncols, false);
            double room = available - total_min;
            for (bool changed = true; changed;) {
                changed = false;
                std::size_t open = 0;
                for (std::size_t i = 0; i < ncols; ++i) open += settled[i] ? 0 : 1;
                if (open == 0) break;
                const double share = room / static_cast<double>(open);
                for (std::size_t i = 0; i < ncols; ++i)
                    if (!settled[i] && max_w[i] - min_w[i] <= share) {
                        w[i] = max_w[i];
                        room -= max_w[i] - min_w[i];
                        settled[i] = changed = true;
                    }
            }
            double lacking = 0;
            for (std::size_t i = 0; i < ncols; ++i) lacking += settled[i] ? 0 : max_w[i] - min_w[i];
            for (std::size_t i = 0; i < ncols; ++i)
                if (!settled[i]) w[i] = min_w[i] + room * (max_w[i] - min_w[i]) / std::max(1e-6, lacking);
        } else {
            for (std::size_t i = 0; i < ncols; ++i)
                w[i] = total_min > 0 ? min_w[i] * available / total_min : available / static_cast<double>(ncols);
        }
        return w;
    }

    // The heights inside a row's content at which every cell is between two
    // of its lines (or past its last): where the row may be cut.
    static std::vector<double> band_cuts(const std::vector<Cell>& cells, double content_h) {
        std::vector<double> candidates;
        for (const auto& cell : cells) {
            double y = 0;
            for (const auto& l : cell.lines) candidates.push_back(y += l.height);
        }
        std::sort(candidates.begin(), candidates.end());
        std::vector<double> cuts;
        for (double c : candidates) {
            if (c >= content_h - 0.01 || (!cuts.empty() && c - cuts.back() < 0.01)) continue;
            bool clean = true;
            for (const auto& cell : cells) {
                double y = 0;
                for (const auto& l : cell.lines) {
                    if (y < c - 0.01 && c < y + l.height - 0.01) clean = false;
                    y += l.height;
                }
            }
            if (clean) cuts.push_back(c);
        }
        return cuts;
    }

    void footnotes() {
        if (footnote_definitions_.empty()) return;
        FlowItem rule;
        rule.height = s_.footnote_size;
        rule.space_before = s_.paragraph_space * 2;
        rule.keep_with_next = true;
        rule.ops.push_back(DrawRule{0, rule.height / 2, s_.content_width() * 0.3, rule.height / 2, s_.rule, 0.5});
        out_.items.push_back(std::move(rule));
        int number = 0;
        for (cmark_node* def : footnote_definitions_) {
            TextStyle t = body_style();
            t.size = s_.footnote_size;
            std::vector<StyledText> spans{{U"※" + to_u32(std::to_string(++number)) + U"　", t}};
            for (cmark_node* child = cmark_node_first_child(def); child != nullptr; child = cmark_node_next(child)) {
                if (cmark_node_get_type(child) == CMARK_NODE_PARAGRAPH) {
                    if (spans.size() > 1) spans.push_back({U"\n", t});
                    inlines(child, t, spans);
                }
            }
            ParagraphOptions options{s_.content_width(), 1.5, s_.inter_script_space_em, true};
            add_lines(layout_paragraph(c_.fonts, spans, options), 0, 2);
        }
    }

    const BodyLayoutContext& c_;
    const PdfStyle& s_;
    LaidOutDocument& out_;
    std::map<cmark_node*, const Heading*> headings_;
    std::vector<cmark_node*> footnote_definitions_;
    int counters_[7] = {};
    int footnote_references_ = 0;
    bool nested_bullet_ = false;
    bool skipped_title_ = false;
    int own_number_level_ = 0;  // the level of the last heading that carried its writer's number
};

}  // namespace

void layout_body(const BodyLayoutContext& context, LaidOutDocument& out) { BodyLayout(context, out).run(); }

}  // namespace tebiki::pdf
