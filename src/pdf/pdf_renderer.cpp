#include "pdf/pdf_renderer.h"

#include <fmt/format.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

#include "pdf/block_layout.h"
#include "pdf/pagination.h"
#include "pdf/pdf_file.h"
#include "text/japanese_date.h"
#include "version.h"

namespace tebiki::pdf {

namespace fs = std::filesystem;

namespace {

std::string date_ja(const std::optional<Date>& d) {
    return d ? text::format_date_japanese(d->year, d->month, d->day) : std::string("—");
}

// The edition a PDF belongs to: the published edition (a tag), or the commit.
std::string edition_label(const source::SourceSnapshot& src, const SiteContents& site) {
    if (src.from_worktree) return "プレビュー（未コミットの変更を含む）";
    if (site.edition)
        return fmt::format("版 {}（{}、コミット {}）", site.edition->name,
                           text::format_date_japanese(site.edition->date.year, site.edition->date.month, site.edition->date.day),
                           src.commit.short_id);
    const Date day = Date::from_unix_time(src.commit.time, src.commit.utc_offset_minutes);
    const std::string when = text::format_date_japanese(day.year, day.month, day.day);
    return fmt::format("版 コミット {}（{}）", src.commit.short_id, when);
}

struct DocumentFlow {
    const Document* document = nullptr;
    LaidOutDocument laid_out;
    std::vector<PageFlow> pages;
};

class Composer {
public:
    Composer(const Catalog& catalog, const PdfStyle& style, const FontSet& fonts)
        : catalog_(catalog), s_(style), fonts_(fonts) {}

    TextStyle sans(double size, bool bold = false, Color color = {}) const {
        TextStyle t;
        t.role = FontRole::Heading;
        t.bold = bold;
        t.size = size;
        t.color = color;
        return t;
    }

    DocumentFlow flow(const Document& doc, const SiteContents& site) const {
        DocumentFlow f;
        f.document = &doc;
        f.laid_out.items.push_back(title_block(doc, site));
        layout_body(BodyLayoutContext{catalog_, doc, fonts_, s_, site}, f.laid_out);
        f.pages = paginate(f.laid_out.items, s_.content_height());
        return f;
    }

    // The document-control block at the top of the first page.
    FlowItem title_block(const Document& doc, const SiteContents& site) const {
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
        // Two fields to a row; the edition, which can be long, has a row of its own.
        const std::vector<std::vector<std::pair<const char*, std::string>>> rows = {
            {{"文書番号", m.id}, {"状態", std::string(status_label(m.status))}},
            {{"管理部署", m.owner}, {"承認者", m.approver.empty() ? "—" : m.approver}},
            {{"施行日", date_ja(m.effective)}, {"見直し期限", date_ja(m.review_by)}},
            {{"分類", m.category.empty() ? "—" : m.category}},
            {{"版", edition_label(catalog_.source(), site)}},
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

    // Header, footer and watermark of a page.
    void furniture(PageDrawing& page, const Document& doc, const SiteContents& site, int number, int total, int binder_number, int binder_total) const {
        const double left = s_.margin_left, width = s_.content_width();
        const TextStyle header = sans(s_.header_size, false, s_.muted);
        const double header_y = s_.margin_top - s_.header_size * 3;
        const auto header_lines = layout_plain(fonts_, to_u32(doc.meta.id + "　" + doc.meta.title), header, width * 0.8, 1.3);
        if (!header_lines.empty()) page.ops.push_back(DrawText{header_lines.front(), left, header_y});
        const auto status = layout_plain(fonts_, to_u32(std::string(status_label(doc.meta.status))), header, width * 0.2, 1.3);
        if (!status.empty()) page.ops.push_back(DrawText{status.front(), left + width - status.front().width, header_y});
        page.ops.push_back(DrawRule{left, s_.margin_top - s_.header_size * 1.2, left + width, s_.margin_top - s_.header_size * 1.2, s_.rule, 0.4});

        const TextStyle footer = sans(s_.footer_size, false, s_.muted);
        const double footer_y = s_.page_height - s_.margin_bottom + s_.footer_size * 1.5;
        page.ops.push_back(DrawRule{left, footer_y - 2, left + width, footer_y - 2, s_.rule, 0.4});
        const auto edition = layout_plain(fonts_, to_u32(edition_label(catalog_.source(), site)), footer, width * 0.6, 1.3);
        if (!edition.empty()) page.ops.push_back(DrawText{edition.front(), left, footer_y});
        std::string page_label = fmt::format("{} / {}", number, total);
        if (binder_total > 0) page_label = fmt::format("{}（綴り {} / {}）", page_label, binder_number, binder_total);
        const auto pages = layout_plain(fonts_, to_u32(page_label), sans(s_.footer_size * 1.15, true, s_.text), width * 0.4, 1.3);
        if (!pages.empty()) page.ops.push_back(DrawText{pages.front(), left + width - pages.front().width, footer_y});
        const auto notice = layout_plain(fonts_, to_u32(s_.footer_notice), footer, width, 1.3);
        double ny = footer_y + s_.footer_size * 1.6;
        for (const auto& line : notice) {
            page.ops.push_back(DrawText{line, left + (width - line.width) / 2, ny});
            ny += line.height;
        }

        const std::string* mark = doc.meta.status == Status::Draft      ? &s_.watermark_draft
                                  : doc.meta.status == Status::Obsolete ? &s_.watermark_obsolete
                                  : doc.meta.status == Status::Review   ? &s_.watermark_review
                                                                        : nullptr;
        if (mark != nullptr && !mark->empty()) {
            const auto lines = layout_plain(fonts_, to_u32(*mark), sans(s_.watermark_size, true, s_.watermark), 1e6, 1.0);
            if (!lines.empty()) page.watermark = Watermark{lines.front(), s_.watermark, s_.watermark_opacity};
        }
    }

    // The flow's pages as drawings; images numbered from `image_offset`.
    std::vector<PageDrawing> draw(const DocumentFlow& f, const SiteContents& site, int image_offset, int binder_first, int binder_total) const {
        std::vector<PageDrawing> out;
        const std::string& id = f.document->meta.id;
        const int total = static_cast<int>(f.pages.size());
        for (std::size_t p = 0; p < f.pages.size(); ++p) {
            PageDrawing page;
            for (const Placement& placement : f.pages[p].placements) {
                const FlowItem& item = f.laid_out.items[placement.item];
                const double top = s_.margin_top + placement.y, left = s_.margin_left;
                for (const std::string& anchor : item.anchors) page.anchors.emplace_back(id + "#" + anchor, top);
                for (DrawOp op : item.ops) {
                    std::visit(
                        [&](auto& o) {
                            using T = std::decay_t<decltype(o)>;
                            if constexpr (std::is_same_v<T, DrawRule>) {
                                o.x1 += left, o.x2 += left, o.y1 += top, o.y2 += top;
                            } else {
                                o.x += left;
                                o.y += top;
                            }
                            if constexpr (std::is_same_v<T, DrawImage>) o.image += image_offset;
                            if constexpr (std::is_same_v<T, DrawText>)
                                for (const LineLink& link : o.line.links)
                                    page.links.push_back({o.x + link.x, o.y, link.width, o.line.height,
                                                          f.laid_out.links[static_cast<std::size_t>(link.link)]});
                        },
                        op);
                    page.ops.push_back(std::move(op));
                }
            }
            furniture(page, *f.document, site, static_cast<int>(p) + 1, total, binder_total > 0 ? binder_first + static_cast<int>(p) : 0,
                      binder_total);
            out.push_back(std::move(page));
        }
        return out;
    }

    // Bookmarks from the headings, nested by level.
    std::vector<BookmarkEntry> bookmarks(const DocumentFlow& f) const {
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

    PdfMetadata metadata(const std::string& title, const std::string& author, const std::string& subject,
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

    const Catalog& catalog_;
    const PdfStyle& s_;
    const FontSet& fonts_;
};

std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

void write_file(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write '" + path.string() + "'");
}

}  // namespace

PdfRenderer::PdfRenderer(const Catalog& catalog, PdfStyle style)
    : catalog_(catalog), style_(std::move(style)), fonts_(style_.fonts) {}

std::string PdfRenderer::render_document(const Document& doc, const SiteContents& site) const {
    const Composer composer(catalog_, style_, fonts_);
    const DocumentFlow flow = composer.flow(doc, site);
    PdfFileContent content;
    content.page_width = style_.page_width;
    content.page_height = style_.page_height;
    content.pages = composer.draw(flow, site, 0, 0, 0);
    content.images = flow.laid_out.images;
    content.bookmarks = composer.bookmarks(flow);
    content.metadata = composer.metadata(doc.meta.title, doc.meta.owner, doc.meta.id + " " + doc.meta.title,
                                         join(doc.meta.tags, ", "));
    return write_pdf_file(content);
}

std::string PdfRenderer::render_binder(const SiteContents& site) const {
    const Composer composer(catalog_, style_, fonts_);
    const Audience& audience = site.audience;
    std::vector<DocumentFlow> flows;
    for (const Document* doc : site.documents) flows.push_back(composer.flow(*doc, site));

    const double width = style_.content_width();
    // The master table of contents: one entry per document.
    const TextStyle entry_style = composer.sans(style_.body_size, false, style_.text);
    const TextStyle number_style = composer.sans(style_.body_size, true, style_.text);
    std::vector<FlowItem> toc;
    {
        FlowItem heading;
        const auto lines = layout_plain(fonts_, U"目次", composer.sans(style_.heading_sizes[0], true, style_.heading), width, 1.6);
        for (const auto& l : lines) heading.ops.push_back(DrawText{l, 0, heading.height}), heading.height += l.height;
        heading.height += 6;
        heading.ops.push_back(DrawRule{0, heading.height - 3, width, heading.height - 3, style_.rule, 0.6});
        toc.push_back(std::move(heading));
    }
    const double number_w = style_.body_size * 4;
    std::vector<std::vector<Line>> entry_lines;
    for (const DocumentFlow& f : flows) {
        const auto lines = layout_plain(fonts_, to_u32(f.document->meta.id + "　" + f.document->meta.title), entry_style,
                                        width - number_w, 1.6);
        FlowItem item;
        for (const auto& l : lines) item.height += l.height;
        toc.push_back(std::move(item));
        entry_lines.push_back(lines);
    }
    const auto toc_pages = paginate(toc, style_.content_height());
    const int first_doc_page = 1 + static_cast<int>(toc_pages.size()) + 1;  // after the cover and the contents
    int total = first_doc_page - 1;
    std::vector<int> start_page;
    for (const DocumentFlow& f : flows) {
        start_page.push_back(total + 1);
        total += static_cast<int>(f.pages.size());
    }
    for (std::size_t i = 0; i < flows.size(); ++i) {
        FlowItem& item = toc[i + 1];
        double y = 0;
        for (const auto& l : entry_lines[i]) {
            DrawText t{l, 0, y};
            // The whole entry links to the document's first page.
            item.ops.push_back(t);
            y += l.height;
        }
        const auto number = layout_plain(fonts_, to_u32(std::to_string(start_page[i])), number_style, number_w, 1.6);
        if (!number.empty()) item.ops.push_back(DrawText{number.front(), width - number.front().width, 0});
    }

    PdfFileContent content;
    content.page_width = style_.page_width;
    content.page_height = style_.page_height;
    {
        // The cover.
        PageDrawing cover;
        double y = style_.page_height * 0.3;
        const auto put = [&](std::u32string_view text, const TextStyle& t) {
            for (const auto& l : layout_plain(fonts_, text, t, width, 1.5)) {
                cover.ops.push_back(DrawText{l, style_.margin_left + (width - l.width) / 2, y});
                y += l.height;
            }
        };
        put(to_u32(catalog_.config().organisation), composer.sans(style_.heading_sizes[1], false, style_.muted));
        y += 10;
        put(to_u32(catalog_.config().site_title), composer.sans(style_.title_size * 1.3, true, style_.heading));
        put(to_u32(audience.name + "　文書綴り"), composer.sans(style_.heading_sizes[0], true, style_.heading));
        y += 30;
        put(to_u32(fmt::format("収録文書 {} 件・全 {} ページ", flows.size(), total)), composer.sans(style_.body_size, false, style_.text));
        put(to_u32(edition_label(catalog_.source(), site)), composer.sans(style_.body_size, false, style_.text));
        y = style_.page_height - style_.margin_bottom - 40;
        put(to_u32(style_.footer_notice), composer.sans(style_.footer_size, false, style_.muted));
        cover.anchors.emplace_back("binder#cover", 0);
        content.pages.push_back(std::move(cover));
    }
    for (std::size_t p = 0; p < toc_pages.size(); ++p) {
        PageDrawing page;
        if (p == 0) page.anchors.emplace_back("binder#contents", style_.margin_top);
        for (const Placement& placement : toc_pages[p].placements) {
            for (DrawOp op : toc[placement.item].ops) {
                std::visit(
                    [&](auto& o) {
                        using T = std::decay_t<decltype(o)>;
                        if constexpr (std::is_same_v<T, DrawRule>) {
                            o.x1 += style_.margin_left, o.x2 += style_.margin_left;
                            o.y1 += style_.margin_top + placement.y, o.y2 += style_.margin_top + placement.y;
                        } else {
                            o.x += style_.margin_left;
                            o.y += style_.margin_top + placement.y;
                        }
                    },
                    op);
                page.ops.push_back(std::move(op));
            }
            if (placement.item > 0) {
                const Document& doc = *flows[placement.item - 1].document;
                LinkTarget target{LinkTarget::Kind::OtherDocument, "", doc.meta.id, ""};
                page.links.push_back({style_.margin_left, style_.margin_top + placement.y, width,
                                      toc[placement.item].height, target});
            }
        }
        const auto label = layout_plain(fonts_, to_u32(fmt::format("{} / {}", p + 2, total)),
                                        composer.sans(style_.footer_size, false, style_.muted), width, 1.3);
        if (!label.empty())
            page.ops.push_back(DrawText{label.front(), style_.margin_left + width - label.front().width,
                                        style_.page_height - style_.margin_bottom + style_.footer_size * 1.5});
        content.pages.push_back(std::move(page));
    }
    std::vector<BookmarkEntry> bookmarks{{"目次", "binder#contents", {}}};
    for (std::size_t i = 0; i < flows.size(); ++i) {
        const int offset = static_cast<int>(content.images.size());
        auto pages = composer.draw(flows[i], site, offset, start_page[i], total);
        content.images.insert(content.images.end(), flows[i].laid_out.images.begin(), flows[i].laid_out.images.end());
        for (auto& page : pages) content.pages.push_back(std::move(page));
        bookmarks.push_back({flows[i].document->meta.id + "　" + flows[i].document->meta.title,
                             flows[i].document->meta.id + "#", composer.bookmarks(flows[i])});
    }
    content.bookmarks = std::move(bookmarks);
    content.metadata = composer.metadata(catalog_.config().site_title + "（" + audience.name + "）",
                                         catalog_.config().organisation, audience.name + "向け文書綴り", "");
    return write_pdf_file(content);
}

std::size_t PdfRenderer::render_site(const SiteContents& site, const fs::path& site_dir) const {
    const fs::path dir = site_dir / "pdf";
    fs::create_directories(dir);
    const auto& docs = site.documents;
    // Documents are independent: render them on every core, as the HTML pages are.
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    const auto work = [&] {
        for (std::size_t i = next++; i < docs.size(); i = next++) {
            try {
                write_file(dir / (docs[i]->meta.id + ".pdf"), render_document(*docs[i], site));
            } catch (...) {
                std::lock_guard lock(failure_mutex);
                if (!failure) failure = std::current_exception();
            }
        }
    };
    const unsigned threads = std::max(1u, std::min(std::thread::hardware_concurrency(), 8u));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
    write_file(dir / "binder.pdf", render_binder(site));
    return docs.size() + 1;
}

}  // namespace tebiki::pdf
