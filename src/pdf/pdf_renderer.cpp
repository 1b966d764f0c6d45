#include "pdf/pdf_renderer.h"


#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <map>
#include <optional>

#include "foundation/atomic_write.h"
#include "foundation/parallel_for.h"
#include "pdf/block_layout.h"
#include "pdf/document_composer.h"
#include "pdf/pdf_file.h"

namespace tebiki::pdf {

namespace fs = std::filesystem;

PdfRenderer::PdfRenderer(const Catalog& catalog, PdfStyle style)
    : catalog_(catalog), style_(std::move(style)), fonts_(style_.fonts) {}

std::string PdfRenderer::layout_key(const Document& doc, const SiteContents& site) const {
    // Everything of the site the layout reads: the edition (title block)
    // and which of the document's links lead to a document the site carries.
    std::string key = fmt::format("{}\n{}\n", static_cast<const void*>(&doc), edition_label(catalog_.source(), site));
    for (const auto& link : doc.outline.links) {
        const tebiki::LinkTarget target = catalog_.resolve_link(doc, link.url);
        key += target.document != nullptr && !site.contains(*target.document) ? '0' : '1';
    }
    return key;
}

std::shared_ptr<const DocumentFlow> PdfRenderer::flow_of(const DocumentComposer& composer, const Document& doc,
                                                         const SiteContents& site) const {
    const std::string key = layout_key(doc, site);
    {
        const std::lock_guard<std::mutex> lock(flows_mutex_);
        if (const auto it = flows_.find(key); it != flows_.end()) return it->second;
    }
    auto made = std::make_shared<const DocumentFlow>(composer.flow(doc, site));
    const std::lock_guard<std::mutex> lock(flows_mutex_);
    return flows_.try_emplace(key, std::move(made)).first->second;
}

RenderedPdf PdfRenderer::render_document(const Document& doc, const SiteContents& site) const {
    return draw_document(doc, site);
}

void PdfRenderer::write_document(const Document& doc, const SiteContents& site, const fs::path& path) const {
    // A document's own PDF reads of its site only what its layout reads (the
    // edition in the footer and title block, its links), so every site of a
    // build with the same layout key gets the same bytes: rendered once, and
    // the other sites' files are links to it (docs/decisions.md, issue 19).
    const std::string key = layout_key(doc, site);
    std::optional<fs::path> written;
    {
        const std::lock_guard<std::mutex> lock(flows_mutex_);
        if (const auto it = documents_.find(key); it != documents_.end()) written = it->second;
    }
    if (written && link_output_file(*written, path)) return;
    if (written) {
        std::ifstream in(*written, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (in.is_open() && !bytes.empty()) {
            write_output_file(path, bytes);
            return;
        }
    }
    write_output_file(path, draw_document(doc, site).bytes);
    const std::lock_guard<std::mutex> lock(flows_mutex_);
    documents_.try_emplace(key, path);
}

void PdfRenderer::expect_sites(const std::vector<SiteContents>& sites) const {
    expect_binder_glyphs(sites);
    const std::lock_guard<std::mutex> lock(flows_mutex_);
    for (const SiteContents& site : sites) {
        if (!site.with_pdf) continue;
        for (const Document* doc : site.documents) ++layout_users_[layout_key(*doc, site)];
    }
}

bool PdfRenderer::release_if_last_user(const Document& doc, const SiteContents& site) const {
    const std::string key = layout_key(doc, site);
    const std::lock_guard<std::mutex> lock(flows_mutex_);
    const auto users = layout_users_.find(key);
    if (users == layout_users_.end() || users->second > 1) return false;
    flows_.erase(key);
    written_pages_.erase(key);
    return true;
}

void PdfRenderer::site_done(const SiteContents& site) const {
    const std::lock_guard<std::mutex> lock(flows_mutex_);
    for (const Document* doc : site.documents) {
        const std::string key = layout_key(*doc, site);
        const auto users = layout_users_.find(key);
        if (users != layout_users_.end() && --users->second == 0) {
            flows_.erase(key);
            written_pages_.erase(key);
        }
    }
}

RenderedPdf PdfRenderer::draw_document(const Document& doc, const SiteContents& site) const {
    const DocumentComposer composer(catalog_, style_, fonts_);
    const PdfFileContent content = composer.document_file(*flow_of(composer, doc, site), site);
    const std::string key = layout_key(doc, site);
    bool binder_to_come = false;
    {
        const std::lock_guard<std::mutex> lock(flows_mutex_);
        const auto users = layout_users_.find(key);
        binder_to_come = users != layout_users_.end() && users->second > 0;
    }
    auto written = binder_to_come ? std::make_shared<WrittenPages>() : nullptr;
    RenderedPdf rendered{write_pdf_file(content, written.get()), static_cast<int>(content.pages.size())};
    if (written && !written->streams.empty()) {
        const std::lock_guard<std::mutex> lock(flows_mutex_);
        written_pages_.try_emplace(key, std::move(written));
    }
    return rendered;
}

std::shared_ptr<const WrittenPages> PdfRenderer::written_pages_of(const Document& doc, const SiteContents& site) const {
    const std::string key = layout_key(doc, site);
    const std::lock_guard<std::mutex> lock(flows_mutex_);
    const auto it = written_pages_.find(key);
    return it == written_pages_.end() ? nullptr : it->second;
}

GroupPages PdfRenderer::binder_pages(const DocumentComposer& composer, const DocumentFlow& flow,
                                     const std::shared_ptr<const WrittenPages>& lent, const SiteContents& site,
                                     int image_offset, int first_page, int total) const {
    GroupPages group;
    if (!lent) {
        group.pages = composer.draw(flow, site, image_offset, first_page, total);
        return group;
    }
    group.written = lent;
    group.pages = lent->outlines;
    for (std::size_t p = 0; p < group.pages.size(); ++p) {
        group.pages[p].image_base = image_offset;
        group.pages[p].overlay = composer.binder_overlay(flow, p, first_page, total);
    }
    return group;
}

PageDrawing PdfRenderer::binder_cover(const DocumentComposer& composer, const SiteContents& site,
                                      std::size_t documents, int total) const {
    PageDrawing cover;
    const double width = style_.content_width();
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
    put(to_u32(site.audience.name + "　文書綴り"), composer.sans(style_.heading_sizes[0], true, style_.heading));
    y += 30;
    put(to_u32(fmt::format("収録文書 {} 件・全 {} ページ", documents, total)), composer.sans(style_.body_size, false, style_.text));
    put(to_u32(edition_label(catalog_.source(), site)), composer.sans(style_.body_size, false, style_.text));
    y = style_.page_height - style_.margin_bottom - 40;
    put(to_u32(style_.footer_notice), composer.sans(style_.footer_size, false, style_.muted));
    cover.anchors.emplace_back("binder#cover", 0);
    return cover;
}

void PdfRenderer::expect_binder_glyphs(const std::vector<SiteContents>& sites) const {
    const DocumentComposer composer(catalog_, style_, fonts_);
    std::map<const FontFace*, std::vector<GlyphId>> glyphs;
    const auto add = [&glyphs](const std::vector<Line>& lines) {
        for (const Line& line : lines)
            for (const PlacedGlyph& g : line.glyphs)
                if (g.face->stock() != nullptr) glyphs[g.face].push_back(g.glyph);
    };
    for (const SiteContents& site : sites) {
        if (!site.with_pdf) continue;
        // Every digit, in the counts' face and the page numbers' (binder_cover, composer.page_numbers).
        for (const DrawOp& op : binder_cover(composer, site, 1234567890, 0).ops)
            if (const auto* text = std::get_if<DrawText>(&op)) add({text->line});
    }
    add(layout_plain(fonts_, U"目次", composer.sans(style_.heading_sizes[0], true, style_.heading), 1e6, 1.6));
    add(layout_plain(fonts_, U"0123456789", composer.sans(style_.body_size, true, style_.text), 1e6, 1.6));
    add(layout_plain(fonts_, U"0123456789 / （綴り）", composer.sans(style_.footer_size * 1.15, true, style_.text), 1e6, 1.3));
    for (const auto& [face, used] : glyphs) face->stock()->expect(used);
}

RenderedPdf PdfRenderer::render_binder(const SiteContents& site) const {
    const DocumentComposer composer(catalog_, style_, fonts_);
    const Audience& audience = site.audience;
    // Laying out every document is most of a binder's work, and each is
    // independent (the composer is stateless, the font set thread-safe).
    std::vector<std::shared_ptr<const DocumentFlow>> flow_refs(site.documents.size());
    parallel_for(flow_refs.size(), [&](std::size_t i) { flow_refs[i] = flow_of(composer, *site.documents[i], site); });
    std::vector<std::reference_wrapper<const DocumentFlow>> flows;
    for (const auto& f : flow_refs) flows.emplace_back(*f);

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
    content.pages.push_back(binder_cover(composer, site, flows.size(), total));
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
                const Document& doc = *flows[placement.item - 1].get().document;
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
    // Each document's pages drawn on every core; its images numbered after
    // those of the documents before it.
    std::vector<int> image_offsets;
    for (const DocumentFlow& flow : flows) {
        image_offsets.push_back(static_cast<int>(content.images.size()));
        content.images.insert(content.images.end(), flow.laid_out.images.begin(), flow.laid_out.images.end());
    }
    for (const DocumentFlow& flow : flows)
        bookmarks.push_back({flow.document->meta.id + "　" + flow.document->meta.title, flow.document->meta.id + "#",
                             composer.bookmarks(flow)});
    // Each document's pages drawn when the writer needs them (twice: for
    // their glyphs, then for their content streams), never all held at
    // once: a binder of a thousand documents held a copy of every layout.
    // A document whose own PDF this build wrote lends its pages' streams.
    std::vector<std::shared_ptr<const WrittenPages>> lent(flows.size());
    int pages_lent = 0;
    for (std::size_t i = 0; i < flows.size(); ++i) {
        lent[i] = written_pages_of(*flows[i].get().document, site);
        if (lent[i] && lent[i]->outlines.size() != flows[i].get().pages.size()) lent[i].reset();
        if (lent[i]) pages_lent += static_cast<int>(lent[i]->outlines.size());
    }
    DeferredPages documents;
    documents.groups = flows.size();
    documents.draw = [&](std::size_t i) {
        return binder_pages(composer, flows[i], lent[i], site, image_offsets[i], start_page[i], total);
    };
    // Written, the layout is given back if no later site needs it.
    documents.written = [&](std::size_t i) {
        lent[i].reset();
        if (release_if_last_user(*flows[i].get().document, site)) flow_refs[i].reset();
    };
    content.bookmarks = std::move(bookmarks);
    content.metadata = composer.metadata(catalog_.config().site_title + "（" + audience.name + "）",
                                         catalog_.config().organisation, audience.name + "向け文書綴り", "");
    const int pages = total;
    return {write_pdf_file(std::move(content), documents), pages, pages_lent};
}

// The file of one PDF of a site: a document's, or the binder's (null).
void PdfRenderer::write_one(const SiteContents& site, const fs::path& dir, const Document* doc,
                            reuse::OutputReuse* reuse) const {
    const fs::path path = dir / ((doc == nullptr ? std::string("binder") : doc->meta.id) + ".pdf");
    const reuse::OutputItem item{doc == nullptr ? reuse::OutputItem::Kind::Binder : reuse::OutputItem::Kind::Document, doc};
    if (reuse != nullptr && reuse->restore(item, path)) return;
    if (doc == nullptr)
        write_output_file(path, render_binder(site).bytes);
    else
        write_document(*doc, site, path);
    if (reuse != nullptr) reuse->remember(item, path);
}

void PdfRenderer::expect_glyphs(const DocumentComposer& composer, const SiteContents& site,
                                const DocumentFlow& flow) const {
    std::map<const FontFace*, std::vector<GlyphId>> glyphs;
    composer.each_glyph(flow, site, [&glyphs](const PlacedGlyph& g) {
        if (g.face->stock() != nullptr) glyphs[g.face].push_back(g.glyph);
    });
    for (auto& [face, used] : glyphs) face->stock()->expect(std::move(used));
}

void PdfRenderer::write_documents(const SiteContents& site, const fs::path& dir, reuse::OutputReuse* reuse) const {
    const auto& docs = site.documents;
    const auto path_of = [&dir](const Document& doc) { return dir / (doc.meta.id + ".pdf"); };
    const auto item_of = [](const Document& doc) { return reuse::OutputItem{reuse::OutputItem::Kind::Document, &doc}; };
    std::vector<char> restored(docs.size(), 0);
    if (reuse != nullptr)
        parallel_for(docs.size(), [&](std::size_t i) { restored[i] = reuse->restore(item_of(*docs[i]), path_of(*docs[i])); });
    const DocumentComposer composer(catalog_, style_, fonts_);
    std::vector<std::shared_ptr<const DocumentFlow>> flows(docs.size());
    parallel_for(docs.size(), [&](std::size_t i) {
        if (restored[i]) return;
        flows[i] = flow_of(composer, *docs[i], site);
        expect_glyphs(composer, site, *flows[i]);
    });
    flows.clear();
    parallel_for(docs.size(), [&](std::size_t i) {
        if (restored[i]) return;
        write_document(*docs[i], site, path_of(*docs[i]));
        if (reuse != nullptr) reuse->remember(item_of(*docs[i]), path_of(*docs[i]));
    });
}

std::size_t PdfRenderer::render_site(const SiteContents& site, const fs::path& site_dir, reuse::OutputReuse* reuse) const {
    const fs::path dir = site_dir / "pdf";
    fs::create_directories(dir);
    // The documents on every core, then the binder, which spreads its own
    // work (layouts, drawing, fonts, pages) over every core: by then it
    // finds every layout made, and gives each back once it is drawn.
    write_documents(site, dir, reuse);
    write_one(site, dir, nullptr, reuse);
    return site.documents.size() + 1;
}

std::size_t PdfRenderer::render_site_part(SitePart part, const SiteContents& site, const fs::path& site_dir,
                                          reuse::OutputReuse* reuse) const {
    const fs::path dir = site_dir / "pdf";
    fs::create_directories(dir);
    if (part == SitePart::Binder) {
        write_one(site, dir, nullptr, reuse);
        return 1;
    }
    write_documents(site, dir, reuse);
    return site.documents.size();
}

}  // namespace tebiki::pdf
