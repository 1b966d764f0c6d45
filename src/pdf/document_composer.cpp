#include "pdf/document_composer.h"

#include <fmt/format.h>

#include "text/japanese_date.h"
#include "version.h"

namespace tebiki::pdf {

namespace {

std::string date_ja(const std::optional<Date>& d) {
    return d ? text::format_date_japanese(d->year, d->month, d->day) : std::string("—");
}

}  // namespace

std::string edition_value(const source::SourceSnapshot& src, const SiteContents& site) {
    if (src.from_worktree) return "プレビュー（未コミットの変更を含む）";
    if (site.edition)
        return fmt::format("{}（{}、コミット {}）", site.edition->name,
                           text::format_date_japanese(site.edition->date.year, site.edition->date.month, site.edition->date.day),
                           src.commit.short_id);
    const Date day = Date::from_unix_time(src.commit.time, src.commit.utc_offset_minutes);
    const std::string when = text::format_date_japanese(day.year, day.month, day.day);
    return fmt::format("コミット {}（{}）", src.commit.short_id, when);
}

std::string edition_label(const source::SourceSnapshot& src, const SiteContents& site) {
    const std::string value = edition_value(src, site);
    return src.from_worktree ? value : "発行版 " + value;
}

TextStyle DocumentComposer::sans(double size, bool bold, Color color) const {
    TextStyle t;
    t.role = FontRole::Heading;
    t.bold = bold;
    t.size = size;
    t.color = color;
    return t;
}

namespace {

// Markdown's punctuation escaped, so that a commit summary is text in a cell.
std::string table_cell(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (std::string_view("\\`*_{}[]<>()#+-.!|~").find(c) != std::string_view::npos) out += '\\';
        out += c == '\n' ? ' ' : c;
    }
    return out.empty() ? "—" : out;
}

// The revision history (改訂履歴) as a Markdown table, laid out like the body.
std::string history_markdown(const Document& doc) {
    std::string md = "## 改訂履歴\n\n| 版 | 日付 | 種別 | 内容 | 承認者 | 作成者 |\n|---|---|---|---|---|---|\n";
    for (const auto& r : doc.history) {
        md += "| " + table_cell(r.version) + " | " + r.date.iso() + " | " + table_cell(change_label_ja(r)) + " | " +
              table_cell(r.summary) + " | " + table_cell(r.approved_by) + " | " + table_cell(r.author) + " |\n";
    }
    return md;
}

}  // namespace

DocumentFlow DocumentComposer::flow(const Document& doc, const SiteContents& site) const {
    DocumentFlow f;
    f.document = &doc;
    f.laid_out.items.push_back(title_block(doc, site));
    layout_body(BodyLayoutContext{catalog_, doc, fonts_, s_, site}, f.laid_out);
    if (!doc.history.empty()) {
        Document history = doc;  // whose body is the revision history's table
        history.front_matter.clear();
        history.file_bytes = std::make_shared<const source::FileBytes>(history_markdown(doc));
        layout_body(BodyLayoutContext{catalog_, history, fonts_, s_, site, /*number_headings=*/false}, f.laid_out);
    }
    f.pages = paginate(f.laid_out.items, s_.content_height());
    return f;
}

// The document-control block at the top of the first page.
FlowItem DocumentComposer::title_block(const Document& doc, const SiteContents& site) const {
    const auto& m = doc.meta;
    const double width = s_.content_width(), pad = 8;
    FlowItem item;
    item.anchors.push_back("");  // the document's start
    std::vector<DrawOp> ops;
    double y = pad;
    for (const Line& line : layout_plain(fonts_, to_u32(m.title), sans(s_.title_size, true, s_.heading), width - 2 * pad, 1.35)) {
        ops.push_back(DrawText{line, pad, y});
        y += line.height;
    }
    y += 4;
    // Two fields to a row, in the page's words (版 is the document's
    // version, 発行版 the edition); the edition, which can be long, has a
    // row of its own.
    const std::string version = doc.version();
    const std::vector<std::vector<std::pair<const char*, std::string>>> rows = {
        {{"文書番号", m.id}, {"状態", std::string(status_label(m.status))}},
        {{"所管部署", m.owner}, {"承認者", m.approver.empty() ? "—" : m.approver}},
        {{"施行日", date_ja(m.effective)}, {"見直し期限", date_ja(m.review_by)}},
        {{"分類", m.category.empty() ? "—" : m.category}, {"版", version.empty() ? "—" : "第" + version + "版"}},
        {{"発行版", edition_value(catalog_.source(), site)}},
    };
    const double label_w = s_.body_size * 5.5, col_w = (width - 2 * pad) / 2;
    const TextStyle label = sans(s_.body_size * 0.85, false, s_.muted);
    const TextStyle value = sans(s_.body_size * 0.9, false, s_.text);
    double row_top = y;
    for (const auto& row : rows) {
        double row_h = 0;
        for (std::size_t i = 0; i < row.size(); ++i) {
            const double col_x = pad + static_cast<double>(i) * col_w;
            const double value_w = (row.size() == 1 ? width - 2 * pad : col_w) - label_w - 4;
            double ly = row_top, vy = row_top;
            for (const auto& line : layout_plain(fonts_, to_u32(row[i].first), label, label_w, 1.5)) {
                ops.push_back(DrawText{line, col_x, ly});
                ly += line.height;
            }
            for (const auto& line : layout_plain(fonts_, to_u32(row[i].second), value, value_w, 1.5)) {
                ops.push_back(DrawText{line, col_x + label_w, vy});
                vy += line.height;
            }
            row_h = std::max({row_h, ly - row_top, vy - row_top});
        }
        row_top += row_h;
    }
    y = row_top + pad;
    item.ops.push_back(DrawRect{0, 0, width, y, s_.title_block_background});
    item.ops.push_back(DrawRule{0, y, width, y, s_.heading, 1.2});
    item.ops.insert(item.ops.end(), ops.begin(), ops.end());
    item.height = y;
    item.space_before = 0;
    return item;
}

// Header, footer and watermark of a document's pages, but the page numbers.
DocumentComposer::Furniture DocumentComposer::furniture(const Document& doc, const SiteContents& site) const {
    Furniture f;
    const double left = s_.margin_left, width = s_.content_width();
    const TextStyle header = sans(s_.header_size, false, s_.muted);
    const double header_y = s_.margin_top - s_.header_size * 3;
    const auto header_lines = layout_plain(fonts_, to_u32(doc.meta.id + "　" + doc.meta.title), header, width * 0.8, 1.3);
    if (!header_lines.empty()) f.before_numbers.push_back(DrawText{header_lines.front(), left, header_y});
    const auto status = layout_plain(fonts_, to_u32(std::string(status_label(doc.meta.status))), header, width * 0.2, 1.3);
    if (!status.empty()) f.before_numbers.push_back(DrawText{status.front(), left + width - status.front().width, header_y});
    f.before_numbers.push_back(DrawRule{left, s_.margin_top - s_.header_size * 1.2, left + width, s_.margin_top - s_.header_size * 1.2, s_.rule, 0.4});

    const TextStyle footer = sans(s_.footer_size, false, s_.muted);
    const double footer_y = s_.page_height - s_.margin_bottom + s_.footer_size * 1.5;
    f.before_numbers.push_back(DrawRule{left, footer_y - 2, left + width, footer_y - 2, s_.rule, 0.4});
    const auto edition = layout_plain(fonts_, to_u32(edition_label(catalog_.source(), site)), footer, width * 0.6, 1.3);
    if (!edition.empty()) f.before_numbers.push_back(DrawText{edition.front(), left, footer_y});
    const auto notice = layout_plain(fonts_, to_u32(s_.footer_notice), footer, width, 1.3);
    double ny = footer_y + s_.footer_size * 1.6;
    for (const auto& line : notice) {
        f.after_numbers.push_back(DrawText{line, left + (width - line.width) / 2, ny});
        ny += line.height;
    }

    const std::string* mark = doc.meta.status == Status::Draft      ? &s_.watermark_draft
                              : doc.meta.status == Status::Obsolete ? &s_.watermark_obsolete
                              : doc.meta.status == Status::Review   ? &s_.watermark_review
                                                                    : nullptr;
    if (mark != nullptr && !mark->empty()) {
        const auto lines = layout_plain(fonts_, to_u32(*mark), sans(s_.watermark_size, true, s_.watermark), 1e6, 1.0);
        if (!lines.empty()) f.watermark = Watermark{lines.front(), s_.watermark, s_.watermark_opacity};
    }
    return f;
}

std::vector<Line> DocumentComposer::page_numbers(int number, int total, int binder_number, int binder_total) const {
    std::string label = fmt::format("{} / {}", number, total);
    if (binder_total > 0) label = fmt::format("{}（綴り {} / {}）", label, binder_number, binder_total);
    return layout_plain(fonts_, to_u32(label), sans(s_.footer_size * 1.15, true, s_.text), s_.content_width() * 0.4, 1.3);
}

void DocumentComposer::each_glyph(const DocumentFlow& f, const SiteContents& site,
                                  const std::function<void(const PlacedGlyph&)>& use) const {
    const auto lines_of = [&use](const std::vector<DrawOp>& ops) {
        for (const DrawOp& op : ops)
            if (const auto* text = std::get_if<DrawText>(&op))
                for (const PlacedGlyph& g : text->line.glyphs) use(g);
    };
    for (const FlowItem& item : f.laid_out.items) {
        lines_of(item.ops);
        lines_of(item.ops_at_page_end);
    }
    const Furniture shared = furniture(*f.document, site);
    lines_of(shared.before_numbers);
    lines_of(shared.after_numbers);
    const int total = static_cast<int>(f.pages.size());
    for (int number = 1; number <= total; ++number)
        for (const Line& line : page_numbers(number, total, 0, 0))
            for (const PlacedGlyph& g : line.glyphs) use(g);
}

std::vector<DrawOp> DocumentComposer::page_number_ops(int number, int total, int binder_number,
                                                      int binder_total) const {
    const auto lines = page_numbers(number, total, binder_number, binder_total);
    if (lines.empty()) return {};
    const double footer_y = s_.page_height - s_.margin_bottom + s_.footer_size * 1.5;
    return {DrawText{lines.front(), s_.margin_left + s_.content_width() - lines.front().width, footer_y}};
}

// The page numbers go in the overlay: they are all that differs between a
// document's page in its own PDF and in a binder (pdf_file.h).
void DocumentComposer::furnish(PageDrawing& page, const Furniture& shared, int number, int total, int binder_number,
                               int binder_total) const {
    page.ops.insert(page.ops.end(), shared.before_numbers.begin(), shared.before_numbers.end());
    page.ops.insert(page.ops.end(), shared.after_numbers.begin(), shared.after_numbers.end());
    page.overlay = page_number_ops(number, total, binder_number, binder_total);
    page.watermark = shared.watermark;
}

std::vector<DrawOp> DocumentComposer::binder_overlay(const DocumentFlow& f, std::size_t page, int binder_first,
                                                     int binder_total) const {
    const int number = static_cast<int>(page) + 1;
    return page_number_ops(number, static_cast<int>(f.pages.size()), binder_first + number - 1, binder_total);
}

// The flow's pages as drawings; images numbered from `image_offset`.
std::vector<PageDrawing> DocumentComposer::draw(const DocumentFlow& f, const SiteContents& site, int image_offset,
                                                int binder_first, int binder_total) const {
    std::vector<PageDrawing> out;
    const std::string& id = f.document->meta.id;
    const int total = static_cast<int>(f.pages.size());
    const Furniture shared = furniture(*f.document, site);
    for (std::size_t p = 0; p < f.pages.size(); ++p) {
        PageDrawing page;
        page.image_base = image_offset;
        for (const Placement& placement : f.pages[p].placements) {
            const FlowItem& item = f.laid_out.items[placement.item];
            const double top = s_.margin_top + placement.y, left = s_.margin_left;
            for (const std::string& anchor : item.anchors) page.anchors.emplace_back(id + "#" + anchor, top);
            const bool last_on_page = &placement == &f.pages[p].placements.back();
            const auto place = [&](DrawOp op) {
                std::visit(
                    [&](auto& o) {
                        using T = std::decay_t<decltype(o)>;
                        if constexpr (std::is_same_v<T, DrawRule>) {
                            o.x1 += left, o.x2 += left, o.y1 += top, o.y2 += top;
                        } else {
                            o.x += left;
                            o.y += top;
                        }
                        if constexpr (std::is_same_v<T, DrawText>)
                            for (const LineLink& link : o.line.links)
                                page.links.push_back({o.x + link.x, o.y, link.width, o.line.height,
                                                      f.laid_out.links[static_cast<std::size_t>(link.link)]});
                    },
                    op);
                page.ops.push_back(std::move(op));
            };
            for (const DrawOp& op : item.ops) place(op);
            if (last_on_page)
                for (const DrawOp& op : item.ops_at_page_end) place(op);
        }
        furnish(page, shared, static_cast<int>(p) + 1, total, binder_total > 0 ? binder_first + static_cast<int>(p) : 0,
                binder_total);
        out.push_back(std::move(page));
    }
    return out;
}

PdfFileContent DocumentComposer::document_file(const DocumentFlow& f, const SiteContents& site) const {
    const DocumentMetadata& m = f.document->meta;
    std::string keywords;
    for (const std::string& tag : m.tags) keywords += (keywords.empty() ? "" : ", ") + tag;
    PdfFileContent content;
    content.page_width = s_.page_width;
    content.page_height = s_.page_height;
    content.pages = draw(f, site, 0, 0, 0);
    content.images = f.laid_out.images;
    content.bookmarks = bookmarks(f);
    content.metadata = metadata(m.title, m.owner, m.id + " " + m.title, keywords);
    return content;
}

// Bookmarks from the headings, nested by level.
std::vector<BookmarkEntry> DocumentComposer::bookmarks(const DocumentFlow& f) const {
    std::vector<BookmarkEntry> root;
    std::vector<std::pair<int, std::vector<BookmarkEntry>*>> stack{{0, &root}};
    for (const FlowItem& item : f.laid_out.items) {
        if (item.outline_level == 0) continue;
        while (stack.size() > 1 && stack.back().first >= item.outline_level) stack.pop_back();
        auto* list = stack.back().second;
        list->push_back({item.outline_title, f.document->meta.id + "#" + item.anchors.front(), {}});
        stack.emplace_back(item.outline_level, &list->back().children);
    }
    return root;
}

PdfMetadata DocumentComposer::metadata(const std::string& title, const std::string& author, const std::string& subject,
                                       const std::string& keywords) const {
    PdfMetadata m;
    m.title = title;
    m.author = author;
    m.subject = subject;
    m.keywords = keywords;
    m.creator = std::string("tebiki ") + kVersion;
    m.time = catalog_.source().commit.time;
    m.utc_offset_minutes = catalog_.source().commit.utc_offset_minutes;
    return m;
}

}  // namespace tebiki::pdf
