#include "pdf/pdf_file.h"

#include <fmt/format.h>
#include <podofo/podofo.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>

#include "pdf/font_embedder.h"
#include "pdf/glyph_outline.h"

namespace tebiki::pdf {

using namespace PoDoFo;

namespace {

PdfString utf8_string(const std::string& text) { return PdfString(reinterpret_cast<const pdf_utf8*>(text.c_str())); }

// Destination names are the anchor keys' bytes, the same in the document
// that defines them and in another document's GoToR link to them.
PdfString name_string(const std::string& key) { return PdfString(key.data(), static_cast<pdf_long>(key.size())); }

std::string xml_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string iso_time(long long seconds, int offset_minutes) {
    const std::string d = pdf_date(seconds, offset_minutes);  // D:YYYYMMDDHHmmSS+HH'mm'
    return fmt::format("{}-{}-{}T{}:{}:{}{}{}:{}", d.substr(2, 4), d.substr(6, 2), d.substr(8, 2), d.substr(10, 2),
                       d.substr(12, 2), d.substr(14, 2), d.substr(16, 1), d.substr(17, 2), d.substr(20, 2));
}

std::string xmp_packet(const PdfMetadata& m) {
    const std::string when = iso_time(m.time, m.utc_offset_minutes);
    return fmt::format(
        "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
        "xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
        "   <dc:format>application/pdf</dc:format>\n"
        "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{0}</rdf:li></rdf:Alt></dc:title>\n"
        "   <dc:creator><rdf:Seq><rdf:li>{1}</rdf:li></rdf:Seq></dc:creator>\n"
        "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{2}</rdf:li></rdf:Alt></dc:description>\n"
        "   <dc:language><rdf:Bag><rdf:li>{3}</rdf:li></rdf:Bag></dc:language>\n"
        "   <pdf:Keywords>{4}</pdf:Keywords>\n"
        "   <pdf:Producer>{5}</pdf:Producer>\n"
        "   <xmp:CreatorTool>{5}</xmp:CreatorTool>\n"
        "   <xmp:CreateDate>{6}</xmp:CreateDate>\n"
        "   <xmp:ModifyDate>{6}</xmp:ModifyDate>\n"
        "   <xmp:MetadataDate>{6}</xmp:MetadataDate>\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        "<?xpacket end=\"w\"?>",
        xml_escape(m.title), xml_escape(m.author), xml_escape(m.subject), xml_escape(m.language),
        xml_escape(m.keywords), xml_escape(m.creator), when);
}

void set_metadata(PdfMemDocument& doc, const PdfMetadata& m) {
    PdfInfo* info = doc.GetInfo();
    info->SetTitle(utf8_string(m.title));
    info->SetAuthor(utf8_string(m.author));
    info->SetSubject(utf8_string(m.subject));
    info->SetKeywords(utf8_string(m.keywords));
    info->SetCreator(utf8_string(m.creator));
    info->SetProducer(utf8_string(m.creator));
    // PoDoFo stamps CreationDate with the clock; the commit's time replaces it.
    const PdfString date(pdf_date(m.time, m.utc_offset_minutes));
    info->GetObject()->GetDictionary().AddKey("CreationDate", date);
    info->GetObject()->GetDictionary().AddKey("ModDate", date);
    // Not PdfDocument::SetLanguage, which leaks the object it adds in 0.9.8.
    doc.GetCatalog()->GetDictionary().AddKey("Lang", PdfString(m.language));

    const std::string xmp = xmp_packet(m);
    PdfObject* metadata = doc.GetObjects().CreateObject("Metadata");
    metadata->GetDictionary().AddKey("Subtype", PdfName("XML"));
    // Unfiltered, so that tools that do not parse PDF streams can still find it.
    metadata->GetStream()->Set(xmp.data(), static_cast<pdf_long>(xmp.size()), TVecFilters());
    doc.GetCatalog()->GetDictionary().AddKey("Metadata", metadata->Reference());
}

struct FontTable {
    std::vector<const FontFace*> faces;  // resource /F<i> is faces[i]
    std::vector<EmbeddedFont> embedded;
    std::map<const FontFace*, std::size_t> index;
};

void collect_glyphs(const PdfFileContent& content, std::map<const FontFace*, GlyphUsage>& usage) {
    const auto add_line = [&usage](const Line& line) {
        for (const PlacedGlyph& g : line.glyphs) usage[g.face].add(g.glyph, g.missing ? std::u32string() : g.text);
    };
    for (const PageDrawing& page : content.pages) {
        for (const DrawOp& op : page.ops)
            if (const auto* text = std::get_if<DrawText>(&op)) add_line(text->line);
    }
}

FontTable embed_fonts(PdfMemDocument& doc, const PdfFileContent& content) {
    std::map<const FontFace*, GlyphUsage> usage;
    collect_glyphs(content, usage);
    // Faces in a fixed order (by file and index), not by pointer value.
    std::vector<const FontFace*> faces;
    for (const auto& entry : usage) faces.push_back(entry.first);
    std::sort(faces.begin(), faces.end(), [](const FontFace* a, const FontFace* b) {
        return std::make_pair(a->file().string(), a->face_index()) < std::make_pair(b->file().string(), b->face_index());
    });
    FontTable table;
    for (const FontFace* face : faces) {
        table.index[face] = table.faces.size();
        table.faces.push_back(face);
        table.embedded.push_back(embed_font(doc.GetObjects(), *face, usage.at(face)));
    }
    return table;
}

std::string number(double v) {
    if (std::abs(v) < 0.0005) return "0";
    std::string s = fmt::format("{:.3f}", v);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

std::string utf16be_hex(std::u32string_view text) {
    std::string out = "FEFF";
    for (char32_t c : text) {
        if (c >= 0x10000) {
            const char32_t v = c - 0x10000;
            out += fmt::format("{:04X}{:04X}", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
        } else {
            out += fmt::format("{:04X}", static_cast<unsigned>(c));
        }
    }
    return out;
}

// Text-showing operators for one line, glyph by glyph at the positions the
// layout chose: runs of one font, size and colour in a TJ array whose
// numbers correct the advance where justification or the inter-script
// space moved a glyph. Glyphs no font has are shown as .notdef inside
// /ActualText, so that the text layer still holds the character.
void show_line(std::string& out, const Line& line, double x, double baseline, const FontTable& fonts) {
    std::size_t i = 0;
    while (i < line.glyphs.size()) {
        const PlacedGlyph& first = line.glyphs[i];
        std::size_t end = i + 1;
        while (end < line.glyphs.size() && line.glyphs[end].face == first.face && line.glyphs[end].size == first.size &&
               line.glyphs[end].color.r == first.color.r && line.glyphs[end].color.g == first.color.g &&
               line.glyphs[end].color.b == first.color.b && line.glyphs[end].missing == first.missing &&
               !first.missing)
            ++end;
        const std::size_t font = fonts.index.at(first.face);
        const EmbeddedFont& embedded = fonts.embedded[font];
        if (first.missing) out += "/Span << /ActualText <" + utf16be_hex(first.text) + "> >> BDC\n";
        out += fmt::format("BT /F{} {} Tf {} {} {} rg 1 0 0 1 {} {} Tm [<", font, number(first.size), number(first.color.r),
                           number(first.color.g), number(first.color.b), number(x + first.x), number(baseline));
        double pen = first.x;
        const double per_unit = first.size / first.face->metrics().units_per_em;
        for (std::size_t k = i; k < end; ++k) {
            const PlacedGlyph& g = line.glyphs[k];
            const double shift = g.x - pen;
            if (std::abs(shift) > 0.001) out += "> " + number(-shift * 1000 / g.size) + " <";
            out += fmt::format("{:04X}", embedded.code(g.glyph));
            // The viewer advances by the /W width, which is rounded to 1/1000 em.
            pen = g.x + std::lround(g.face->advance(g.glyph) * per_unit * 1000 / g.size) * g.size / 1000;
        }
        out += ">] TJ ET\n";
        if (first.missing) out += "EMC\n";
        i = end;
    }
}

struct PageWriter {
    PdfMemDocument& doc;
    const PdfFileContent& content;
    const FontTable& fonts;
    std::vector<std::unique_ptr<PdfImage>>& images;
    double height;

    PdfImage* image(int index) {
        auto& slot = images[static_cast<std::size_t>(index)];
        if (!slot) {
            const ImageSource& src = content.images[static_cast<std::size_t>(index)];
            auto img = std::make_unique<PdfImage>(&doc);
            try {
                const auto* data = reinterpret_cast<const unsigned char*>(src.bytes.data());
                if (src.jpeg)
                    img->LoadFromJpegData(data, static_cast<pdf_long>(src.bytes.size()));
                else
                    img->LoadFromPngData(data, static_cast<pdf_long>(src.bytes.size()));
            } catch (const PdfError&) {
                return nullptr;  // a damaged image: its place stays empty
            }
            slot = std::move(img);
        }
        return slot.get();
    }

    void draw_line(PdfPainter& painter, const DrawText& t) {
        const double baseline = height - (t.y + t.line.baseline);
        for (const LineDecoration& d : t.line.decorations) {
            if (d.kind != LineDecoration::Kind::CodeBackground) continue;
            painter.SetColor(0.93, 0.93, 0.95);
            painter.Rectangle(t.x + d.x - 1, baseline - d.size * 0.25, d.width + 2, d.size * 1.2);
            painter.Fill();
        }
        std::string ops;
        show_line(ops, t.line, t.x, baseline, fonts);
        painter.GetCanvas()->Append(ops);
        for (const LineDecoration& d : t.line.decorations) {
            if (d.kind == LineDecoration::Kind::CodeBackground) continue;
            const double y = d.kind == LineDecoration::Kind::Underline ? baseline - d.size * 0.12 : baseline + d.size * 0.3;
            painter.SetStrokingColor(d.color.r, d.color.g, d.color.b);
            painter.SetStrokeWidth(d.size * 0.05);
            painter.DrawLine(t.x + d.x, y, t.x + d.x + d.width, y);
        }
    }

    void draw(PdfPainter& painter, const DrawOp& op) {
        if (const auto* t = std::get_if<DrawText>(&op)) {
            draw_line(painter, *t);
        } else if (const auto* r = std::get_if<DrawRect>(&op)) {
            painter.SetColor(r->fill.r, r->fill.g, r->fill.b);
            painter.Rectangle(r->x, height - r->y - r->height, r->width, r->height);
            painter.Fill();
        } else if (const auto* f = std::get_if<DrawFrame>(&op)) {
            painter.SetStrokingColor(f->stroke.r, f->stroke.g, f->stroke.b);
            painter.SetStrokeWidth(f->line_width);
            painter.Rectangle(f->x, height - f->y - f->height, f->width, f->height);
            painter.Stroke();
        } else if (const auto* l = std::get_if<DrawRule>(&op)) {
            painter.SetStrokingColor(l->stroke.r, l->stroke.g, l->stroke.b);
            painter.SetStrokeWidth(l->line_width);
            painter.DrawLine(l->x1, height - l->y1, l->x2, height - l->y2);
        } else if (const auto* i = std::get_if<DrawImage>(&op)) {
            if (PdfImage* img = image(i->image))
                painter.DrawImage(i->x, height - i->y - i->height, img, i->width / img->GetWidth(),
                                  i->height / img->GetHeight());
        }
    }

    void watermark(PdfPainter& painter, const Watermark& w, double width) {
        PdfExtGState state(&doc);
        state.SetFillOpacity(static_cast<float>(w.opacity));
        painter.Save();
        painter.SetExtGState(&state);
        // Diagonal, centred on the page.
        const double angle = std::atan2(height, width) * 180 / M_PI;
        const double a = angle * M_PI / 180;
        // The em box's middle sits about 0.38 em above the baseline.
        const double size = w.text.glyphs.empty() ? 0 : w.text.glyphs.front().size;
        const double half = w.text.width / 2, mid = size * 0.38;
        const double x = width / 2 - half * std::cos(a) + mid * std::sin(a);
        const double y = height / 2 - half * std::sin(a) - mid * std::cos(a);
        // Glyph outlines as a filled path, rotated about the origin.
        painter.SetColor(w.color.r, w.color.g, w.color.b);
        const double cos_a = std::cos(a), sin_a = std::sin(a);
        for (const PlacedGlyph& g : w.text.glyphs) {
            const double scale = g.size / g.face->metrics().units_per_em;
            const auto at = [&](double gx, double gy) {
                const double lx = g.x + gx * scale, ly = gy * scale;
                return std::make_pair(x + lx * cos_a - ly * sin_a, y + lx * sin_a + ly * cos_a);
            };
            for (const PathSegment& seg : glyph_outline(*g.face, g.glyph)) {
                switch (seg.kind) {
                    case PathSegment::Kind::MoveTo: {
                        const auto [px, py] = at(seg.x, seg.y);
                        painter.MoveTo(px, py);
                        break;
                    }
                    case PathSegment::Kind::LineTo: {
                        const auto [px, py] = at(seg.x, seg.y);
                        painter.LineTo(px, py);
                        break;
                    }
                    case PathSegment::Kind::CubicTo: {
                        const auto [c1x, c1y] = at(seg.x1, seg.y1);
                        const auto [c2x, c2y] = at(seg.x2, seg.y2);
                        const auto [px, py] = at(seg.x, seg.y);
                        painter.CubicBezierTo(c1x, c1y, c2x, c2y, px, py);
                        break;
                    }
                    case PathSegment::Kind::Close:
                        painter.ClosePath();
                        break;
                }
            }
        }
        painter.Fill();
        painter.Restore();
    }
};

void add_font_resources(PdfPage* page, const FontTable& fonts) {
    PdfDictionary font_dict;
    for (std::size_t i = 0; i < fonts.embedded.size(); ++i)
        font_dict.AddKey(PdfName(fmt::format("F{}", i)), fonts.embedded[i].font_dictionary()->Reference());
    page->GetResources()->GetDictionary().AddKey("Font", font_dict);
}

PdfDictionary remote_go_to(const LinkTarget& target) {
    PdfDictionary action;
    action.AddKey("S", PdfName("GoToR"));
    action.AddKey("F", PdfString(target.document_id + ".pdf"));
    if (!target.anchor.empty()) {
        action.AddKey("D", name_string(target.document_id + "#" + target.anchor));
    } else {
        // The first page, whole: a destination array needs its page and its view.
        PdfArray first_page(PdfObject(static_cast<pdf_int64>(0)));
        first_page.push_back(PdfName("Fit"));
        action.AddKey("D", first_page);
    }
    action.AddKey("NewWindow", PdfVariant(false));
    return action;
}

// Every page of the document, in order. PoDoFo 0.9.8 walks its page tree to
// insert each page created one by one, and again for each page it has not
// cached when asked for it: a 3,000-page binder spent seconds there. So the
// pages are created in one call and their objects wrapped here, by index.
std::vector<std::unique_ptr<PdfPage>> create_pages(PdfMemDocument& doc, std::size_t count, const PdfRect& size) {
    doc.CreatePages(std::vector<PdfRect>(count, size));
    PdfObject* tree = doc.GetPagesTree()->GetObject();
    const std::deque<PdfObject*> parents{tree};
    std::vector<std::unique_ptr<PdfPage>> pages;
    pages.reserve(count);
    for (const PdfObject& kid : tree->GetDictionary().GetKey("Kids")->GetArray())
        pages.push_back(std::make_unique<PdfPage>(doc.GetObjects().GetObject(kid.GetReference()), parents));
    if (pages.size() != count) throw std::runtime_error("PDF: the page tree does not hold the pages just made");
    return pages;
}

}  // namespace

std::string pdf_date(long long unix_seconds, int utc_offset_minutes) {
    const long long local = unix_seconds + utc_offset_minutes * 60LL;
    long long days = local / 86400, rem = local % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    days += 719468;
    const long long era = (days >= 0 ? days : days - 146096) / 146097;
    const long long doe = days - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    const long long d = doy - (153 * mp + 2) / 5 + 1;
    const long long m = mp < 10 ? mp + 3 : mp - 9;
    const long long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    const int off = std::abs(utc_offset_minutes);
    return fmt::format("D:{:04}{:02}{:02}{:02}{:02}{:02}{}{:02}'{:02}'", y, m, d, rem / 3600, rem % 3600 / 60, rem % 60,
                       utc_offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
}

std::string write_pdf_file(const PdfFileContent& content) {
    PdfMemDocument doc;
    doc.SetPdfVersion(ePdfVersion_1_6);
    const FontTable fonts = embed_fonts(doc, content);
    std::vector<std::unique_ptr<PdfImage>> images(content.images.size());
    PageWriter writer{doc, content, fonts, images, content.page_height};

    const std::vector<std::unique_ptr<PdfPage>> pages =
        create_pages(doc, content.pages.size(), PdfRect(0, 0, content.page_width, content.page_height));
    const auto page_at = [&pages](int index) { return pages[static_cast<std::size_t>(index)].get(); };
    std::map<std::string, std::pair<int, double>> anchors;
    for (std::size_t index = 0; index < content.pages.size(); ++index) {
        const PageDrawing& drawing = content.pages[index];
        PdfPage* page = pages[index].get();
        add_font_resources(page, fonts);
        PdfPainter painter;
        painter.SetPage(page);
        for (const DrawOp& op : drawing.ops) writer.draw(painter, op);
        if (drawing.watermark) writer.watermark(painter, *drawing.watermark, content.page_width);
        painter.FinishPage();
        for (const auto& [key, y] : drawing.anchors)
            anchors.try_emplace(key, static_cast<int>(index), content.page_height - y);
    }

    // Named destinations, for links from other documents' PDFs.
    for (const auto& [key, where] : anchors)
        if (key.find('#') + 1 < key.size())
            doc.AddNamedDestination(PdfDestination(page_at(where.first), 0, where.second, 0), name_string(key));

    for (std::size_t p = 0; p < content.pages.size(); ++p) {
        for (const LinkArea& link : content.pages[p].links) {
            const PdfRect rect(link.x, content.page_height - link.y - link.height, link.width, link.height);
            const auto local = anchors.find(link.target.document_id + "#" + link.target.anchor);
            const auto local_start = anchors.find(link.target.document_id + "#");
            if (link.target.kind == LinkTarget::Kind::None) continue;
            PdfAnnotation* annotation = page_at(static_cast<int>(p))->CreateAnnotation(ePdfAnnotation_Link, rect);
            annotation->SetBorderStyle(0, 0, 0);
            // PoDoFo stamps /M with the clock; the commit's time keeps the bytes reproducible.
            annotation->GetObject()->GetDictionary().AddKey(
                "M", PdfString(pdf_date(content.metadata.time, content.metadata.utc_offset_minutes)));
            if (link.target.kind == LinkTarget::Kind::Uri) {
                PdfAction action(ePdfAction_URI, &doc);
                action.SetURI(PdfString(link.target.uri));
                annotation->SetAction(action);
            } else if (local != anchors.end()) {
                annotation->SetDestination(PdfDestination(page_at(local->second.first), 0, local->second.second, 0));
            } else if (local_start != anchors.end()) {
                annotation->SetDestination(
                    PdfDestination(page_at(local_start->second.first), 0, local_start->second.second, 0));
            } else {
                annotation->GetObject()->GetDictionary().AddKey("A", remote_go_to(link.target));
            }
        }
    }

    if (!content.bookmarks.empty()) {
        PdfOutlines* outlines = doc.GetOutlines();
        const auto destination = [&](const std::string& anchor) {
            const auto it = anchors.find(anchor);
            return it != anchors.end() ? PdfDestination(page_at(it->second.first), 0, it->second.second, 0)
                                       : PdfDestination(page_at(0), 0, content.page_height, 0);
        };
        const std::function<void(PdfOutlineItem*, const std::vector<BookmarkEntry>&)> add_children =
            [&](PdfOutlineItem* parent, const std::vector<BookmarkEntry>& entries) {
                PdfOutlineItem* previous = nullptr;
                for (const BookmarkEntry& entry : entries) {
                    PdfOutlineItem* item = previous == nullptr
                                               ? parent->CreateChild(utf8_string(entry.title), destination(entry.anchor))
                                               : previous->CreateNext(utf8_string(entry.title), destination(entry.anchor));
                    add_children(item, entry.children);
                    previous = item;
                }
            };
        add_children(outlines, content.bookmarks);
        doc.SetPageMode(ePdfPageModeUseBookmarks);
    }

    set_metadata(doc, content.metadata);
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    doc.Write(&device);
    return std::string(buffer.GetBuffer(), device.GetLength());
}

}  // namespace tebiki::pdf
