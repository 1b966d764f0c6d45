#include "pdf/pdf_file.h"

#include <fmt/format.h>
#include <podofo/podofo.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "foundation/parallel_for.h"
#include "pdf/flate.h"
#include "pdf/font_embedder.h"
#include "pdf/glyph_outline.h"
#include "pdf/png_passthrough.h"

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
    std::vector<const FontFace*> faces;  // faces[i] is shown as names[i]
    std::vector<std::string> names;      // font_resource_name
    std::vector<EmbeddedFont> embedded;
    std::map<const FontFace*, std::size_t> index;
};

void collect_glyphs(const std::vector<DrawOp>& ops, FaceUsage& usage) {
    for (const DrawOp& op : ops)
        if (const auto* text = std::get_if<DrawText>(&op))
            for (const PlacedGlyph& g : text->line.glyphs)
                usage[g.face].add(g.glyph, g.missing ? std::u32string_view() : std::u32string_view(g.text));
}

// The glyphs of a run of pages: their `ops`, then their overlays. (A binder
// takes a document's `ops` glyphs from its PDF, so they come first.)
void collect_ops_glyphs(const std::vector<PageDrawing>& pages, FaceUsage& usage) {
    for (const PageDrawing& page : pages) collect_glyphs(page.ops, usage);
}
void collect_overlay_glyphs(const std::vector<PageDrawing>& pages, FaceUsage& usage) {
    for (const PageDrawing& page : pages) collect_glyphs(page.overlay, usage);
}

// `later`'s glyphs after `usage`'s, as if collected from its pages after
// usage's (a glyph keeps the first text it was given that is not empty).
void merge_glyphs(FaceUsage& usage, const FaceUsage& later) {
    for (const auto& [face, glyphs] : later)
        for (const auto& [glyph, text] : glyphs.glyphs()) usage[face].add(glyph, text);
}

FontTable embed_fonts(PdfMemDocument& doc, const FaceUsage& usage) {
    // Faces in a fixed order (by file and index), not by pointer value.
    std::vector<const FontFace*> faces;
    for (const auto& entry : usage) faces.push_back(entry.first);
    std::sort(faces.begin(), faces.end(), [](const FontFace* a, const FontFace* b) {
        return std::make_pair(a->file().string(), a->face_index()) < std::make_pair(b->file().string(), b->face_index());
    });
    // Cut on every core (a binder's faces each hold thousands of glyphs),
    // then added to the document in the faces' order.
    std::vector<CutFont> cuts(faces.size());
    parallel_for(faces.size(), [&](std::size_t i) { cuts[i] = cut_font(*faces[i], usage.at(faces[i])); });
    FontTable table;
    for (std::size_t i = 0; i < faces.size(); ++i) {
        table.index[faces[i]] = table.faces.size();
        table.faces.push_back(faces[i]);
        table.names.push_back(font_resource_name(*faces[i]));
        if (std::count(table.names.begin(), table.names.end(), table.names.back()) > 1)
            throw std::runtime_error("PDF: two fonts would share the resource name /" + table.names.back() + " (" +
                                     faces[i]->postscript_name() + ")");
        table.embedded.push_back(embed_font(doc.GetObjects(), cuts[i]));
    }
    return table;
}

// PoDoFo stamps a new document's /CreationDate and every annotation's /M
// with the clock through localtime(), whose result is one static buffer for
// all threads; PDFs are written on every core, so those calls take turns.
// (Both stamps are then replaced by the commit's time.)
std::mutex& podofo_clock_mutex() {
    static std::mutex mutex;
    return mutex;
}

// A glyph's two-byte code as four hex digits, for every glyph shown.
void append_hex4(std::string& out, std::uint16_t code) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    const char digits[4] = {kDigits[code >> 12], kDigits[(code >> 8) & 0xf], kDigits[(code >> 4) & 0xf], kDigits[code & 0xf]};
    out.append(digits, 4);
}

// A number in a content stream: three decimals at most, no trailing zeros.
// std::to_chars, as fmt's general formatting was a tenth of a binder's time.
std::string number(double v) {
    if (std::abs(v) < 0.0005) return "0";
    char buffer[32];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed, 3);
    if (error != std::errc()) return fmt::format("{:.3f}", v);
    std::string_view s(buffer, static_cast<std::size_t>(end - buffer));
    while (s.back() == '0') s.remove_suffix(1);
    if (s.back() == '.') s.remove_suffix(1);
    return std::string(s);
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
        if (first.missing) out += "/Span << /ActualText <" + utf16be_hex(first.text) + "> >> BDC\n";
        out += fmt::format("BT /{} {} Tf {} {} {} rg 1 0 0 1 {} {} Tm [<", fonts.names[font], number(first.size), number(first.color.r),
                           number(first.color.g), number(first.color.b), number(x + first.x), number(baseline));
        double pen = first.x;
        const double per_unit = first.size / first.face->metrics().units_per_em;
        for (std::size_t k = i; k < end; ++k) {
            const PlacedGlyph& g = line.glyphs[k];
            const double shift = g.x - pen;
            if (std::abs(shift) > 0.001) out += "> " + number(-shift * 1000 / g.size) + " <";
            append_hex4(out, glyph_code(g.glyph));
            // The viewer advances by the /W width, which is rounded to 1/1000 em.
            pen = g.x + std::lround(g.face->advance(g.glyph) * per_unit * 1000 / g.size) * g.size / 1000;
        }
        out += ">] TJ ET\n";
        if (first.missing) out += "EMC\n";
        i = end;
    }
}

// The objects a page's content stream names: the images (by the file's
// image index; null where an image is damaged or unused) and the
// transparency of the watermarks (by opacity). Made before the pages are
// drawn, in a fixed order, so that the objects' numbers and so the bytes
// are reproducible.
struct PageResources {
    std::vector<std::optional<PdfReference>> images;
    std::map<double, std::unique_ptr<PdfExtGState>> watermark_states;
};

// The names a page's content stream gives its images and its watermark's
// transparency: the same in every file that shows the page (PageDrawing).
std::string image_resource_name(int image_in_document) { return fmt::format("Im{}", image_in_document); }
std::string opacity_resource_name(double opacity) { return fmt::format("GSa{}", std::lround(opacity * 1000)); }

// The file's image a page's DrawImage shows, or null.
const std::optional<PdfReference>* image_of(const PageResources& resources, const PageDrawing& page, const DrawImage& drawn) {
    const int image = page.image_base + drawn.image;
    if (drawn.image < 0 || image < 0 || static_cast<std::size_t>(image) >= resources.images.size()) return nullptr;
    return &resources.images[static_cast<std::size_t>(image)];
}

// A PNG's compressed rows as they are, with the predictor that undoes its
// filters (png_passthrough.h).
PdfReference stored_png(PdfMemDocument& doc, const PngPixels& png) {
    PdfObject* object = doc.GetObjects().CreateObject("XObject");
    PdfDictionary& d = object->GetDictionary();
    d.AddKey("Subtype", PdfName("Image"));
    d.AddKey("Width", PdfObject(static_cast<pdf_int64>(png.width)));
    d.AddKey("Height", PdfObject(static_cast<pdf_int64>(png.height)));
    d.AddKey("ColorSpace", PdfName(png.colors == 1 ? "DeviceGray" : "DeviceRGB"));
    d.AddKey("BitsPerComponent", PdfObject(static_cast<pdf_int64>(png.bits_per_component)));
    PdfDictionary predictor;
    predictor.AddKey("Predictor", PdfObject(static_cast<pdf_int64>(15)));
    predictor.AddKey("Colors", PdfObject(static_cast<pdf_int64>(png.colors)));
    predictor.AddKey("BitsPerComponent", PdfObject(static_cast<pdf_int64>(png.bits_per_component)));
    predictor.AddKey("Columns", PdfObject(static_cast<pdf_int64>(png.width)));
    d.AddKey("DecodeParms", predictor);
    set_compressed_flate_stream(*object, png.zlib_stream);
    return object->Reference();
}

std::optional<PdfReference> load_image(PdfMemDocument& doc, const ImageSource& src) {
    if (!src.jpeg)
        if (const std::optional<PngPixels> png = png_pixels_as_stored(src.bytes)) return stored_png(doc, *png);
    PdfImage image(&doc);
    try {
        const auto* data = reinterpret_cast<const unsigned char*>(src.bytes.data());
        if (src.jpeg)
            image.LoadFromJpegData(data, static_cast<pdf_long>(src.bytes.size()));
        else
            image.LoadFromPngData(data, static_cast<pdf_long>(src.bytes.size()));
    } catch (const PdfError&) {
        return std::nullopt;  // a damaged image: its place stays empty
    }
    return image.GetObjectReference();
}

PageResources make_resources(PdfMemDocument& doc, const PdfFileContent& content) {
    PageResources resources;
    resources.images.resize(content.images.size());
    for (const PageDrawing& page : content.pages) {
        for (const DrawOp& op : page.ops) {
            const auto* drawn = std::get_if<DrawImage>(&op);
            if (drawn == nullptr || image_of(resources, page, *drawn) == nullptr) continue;
            const auto index = static_cast<std::size_t>(page.image_base + drawn->image);
            if (!resources.images[index]) resources.images[index] = load_image(doc, content.images[index]);
        }
        if (page.watermark && !resources.watermark_states.count(page.watermark->opacity)) {
            auto state = std::make_unique<PdfExtGState>(&doc);
            state->SetFillOpacity(static_cast<float>(page.watermark->opacity));
            resources.watermark_states.emplace(page.watermark->opacity, std::move(state));
        }
    }
    return resources;
}

// A page's content stream, written as PDF operators (PDF 32000-1 §8-9).
// Pages are independent, so a document's pages are written, and deflated,
// on every core; PoDoFo's painter would do both one page at a time. Reads
// only `fonts` and `resources`, which are complete before any page starts.
class ContentWriter {
public:
    ContentWriter(const FontTable& fonts, const PageResources& resources, double page_width, double page_height)
        : fonts_(fonts), resources_(resources), width_(page_width), height_(page_height) {}

    // The page's first content stream: its ops, then the watermark.
    std::string ops(const PageDrawing& drawing) const {
        std::string out;
        for (const DrawOp& op : drawing.ops) draw(out, op, drawing);
        if (drawing.watermark) watermark(out, *drawing.watermark);
        return out;
    }
    // Its second: the overlay.
    std::string overlay(const PageDrawing& drawing) const {
        std::string out;
        for (const DrawOp& op : drawing.overlay) draw(out, op, drawing);
        return out;
    }

private:
    static void fill_color(std::string& out, const Color& c) {
        out += fmt::format("{} {} {} rg\n", number(c.r), number(c.g), number(c.b));
    }
    static void stroke(std::string& out, const Color& c, double line_width) {
        out += fmt::format("{} {} {} RG\n{} w\n", number(c.r), number(c.g), number(c.b), number(line_width));
    }
    static void line(std::string& out, double x1, double y1, double x2, double y2) {
        out += fmt::format("{} {} m\n{} {} l\nS\n", number(x1), number(y1), number(x2), number(y2));
    }
    static void rectangle(std::string& out, double x, double y, double w, double h, const char* paint) {
        out += fmt::format("{} {} {} {} re\n{}\n", number(x), number(y), number(w), number(h), paint);
    }

    void draw_text(std::string& out, const DrawText& t) const {
        const double baseline = height_ - (t.y + t.line.baseline);
        for (const LineDecoration& d : t.line.decorations) {
            if (d.kind != LineDecoration::Kind::CodeBackground) continue;
            fill_color(out, Color{0.93, 0.93, 0.95});
            rectangle(out, t.x + d.x - 1, baseline - d.size * 0.25, d.width + 2, d.size * 1.2, "f");
        }
        show_line(out, t.line, t.x, baseline, fonts_);
        for (const LineDecoration& d : t.line.decorations) {
            if (d.kind == LineDecoration::Kind::CodeBackground) continue;
            const double y = d.kind == LineDecoration::Kind::Underline ? baseline - d.size * 0.12 : baseline + d.size * 0.3;
            stroke(out, d.color, d.size * 0.05);
            line(out, t.x + d.x, y, t.x + d.x + d.width, y);
        }
    }

    void draw(std::string& out, const DrawOp& op, const PageDrawing& page) const {
        if (const auto* t = std::get_if<DrawText>(&op)) {
            draw_text(out, *t);
        } else if (const auto* r = std::get_if<DrawRect>(&op)) {
            fill_color(out, r->fill);
            rectangle(out, r->x, height_ - r->y - r->height, r->width, r->height, "f");
        } else if (const auto* f = std::get_if<DrawFrame>(&op)) {
            stroke(out, f->stroke, f->line_width);
            rectangle(out, f->x, height_ - f->y - f->height, f->width, f->height, "S");
        } else if (const auto* l = std::get_if<DrawRule>(&op)) {
            stroke(out, l->stroke, l->line_width);
            line(out, l->x1, height_ - l->y1, l->x2, height_ - l->y2);
        } else if (const auto* i = std::get_if<DrawImage>(&op)) {
            const std::optional<PdfReference>* image = image_of(resources_, page, *i);
            if (image == nullptr || !*image) return;
            // The image space's unit square scaled to the image's box.
            out += fmt::format("q\n{} 0 0 {} {} {} cm\n/{} Do\nQ\n", number(i->width), number(i->height), number(i->x),
                               number(height_ - i->y - i->height), image_resource_name(i->image));
        }
    }

    // Diagonal across the page, centred, the glyphs' outlines as a filled
    // path at the watermark's opacity.
    void watermark(std::string& out, const Watermark& w) const {
        const double angle = std::atan2(height_, width_);
        // The em box's middle sits about 0.38 em above the baseline.
        const double size = w.text.glyphs.empty() ? 0 : w.text.glyphs.front().size;
        const double half = w.text.width / 2, mid = size * 0.38;
        const double x = width_ / 2 - half * std::cos(angle) + mid * std::sin(angle);
        const double y = height_ / 2 - half * std::sin(angle) - mid * std::cos(angle);
        const double cos_a = std::cos(angle), sin_a = std::sin(angle);
        out += fmt::format("q\n/{} gs\n", opacity_resource_name(w.opacity));
        fill_color(out, w.color);
        for (const PlacedGlyph& g : w.text.glyphs) {
            const double scale = g.size / g.face->metrics().units_per_em;
            const auto point = [&](double gx, double gy) {
                const double lx = g.x + gx * scale, ly = gy * scale;
                return number(x + lx * cos_a - ly * sin_a) + " " + number(y + lx * sin_a + ly * cos_a);
            };
            for (const PathSegment& seg : glyph_outline(*g.face, g.glyph)) {
                switch (seg.kind) {
                    case PathSegment::Kind::MoveTo:
                        out += point(seg.x, seg.y) + " m\n";
                        break;
                    case PathSegment::Kind::LineTo:
                        out += point(seg.x, seg.y) + " l\n";
                        break;
                    case PathSegment::Kind::CubicTo:
                        out += point(seg.x1, seg.y1) + " " + point(seg.x2, seg.y2) + " " + point(seg.x, seg.y) + " c\n";
                        break;
                    case PathSegment::Kind::Close:
                        out += "h\n";
                        break;
                }
            }
        }
        out += "f\nQ\n";
    }

    const FontTable& fonts_;
    const PageResources& resources_;
    double width_;
    double height_;
};

// A page's resource dictionary names what its content stream uses.
void add_resource(PdfPage* page, const char* category, const PdfName& name, const PdfReference& object) {
    PdfDictionary& resources = page->GetResources()->GetDictionary();
    if (!resources.HasKey(category)) resources.AddKey(category, PdfDictionary());
    resources.GetKey(category)->GetDictionary().AddKey(name, object);
}

void add_page_resources(PdfPage* page, const PageDrawing& drawing, const PageResources& resources) {
    for (const DrawOp& op : drawing.ops) {
        const auto* drawn = std::get_if<DrawImage>(&op);
        if (drawn == nullptr) continue;
        if (const std::optional<PdfReference>* image = image_of(resources, drawing, *drawn); image != nullptr && *image)
            add_resource(page, "XObject", PdfName(image_resource_name(drawn->image)), **image);
    }
    if (drawing.watermark) {
        const PdfExtGState& state = *resources.watermark_states.at(drawing.watermark->opacity);
        add_resource(page, "ExtGState", PdfName(opacity_resource_name(drawing.watermark->opacity)),
                     state.GetObject()->Reference());
    }
}

void add_font_resources(PdfPage* page, const FontTable& fonts) {
    PdfDictionary font_dict;
    for (std::size_t i = 0; i < fonts.embedded.size(); ++i)
        font_dict.AddKey(PdfName(fonts.names[i]), fonts.embedded[i].font_dictionary()->Reference());
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

namespace {

// A page with only what the writer needs of it after its content stream is
// made: links, anchors, watermark, and its pictures (for its resources).
PageDrawing outline_of(const PageDrawing& page) {
    PageDrawing outline;
    for (const DrawOp& op : page.ops)
        if (std::holds_alternative<DrawImage>(op)) outline.ops.push_back(op);
    outline.image_base = page.image_base;
    outline.links = page.links;
    outline.watermark = page.watermark;
    outline.anchors = page.anchors;
    return outline;
}

// A page's two content streams, compressed; the overlay's empty when it
// draws nothing.
struct PageStreams {
    std::string ops, overlay;
};

PageStreams page_streams(const ContentWriter& writer, const PageDrawing& page, const std::string* written_ops) {
    PageStreams streams;
    streams.ops = written_ops != nullptr ? *written_ops : flate_compress(writer.ops(page));
    if (!page.overlay.empty()) streams.overlay = flate_compress(writer.overlay(page));
    return streams;
}

// The page's /Contents: one stream, or the ops' and the overlay's.
void set_page_contents(PdfMemDocument& doc, PdfPage& page, PageStreams& streams) {
    if (streams.overlay.empty()) {
        set_compressed_flate_stream(*page.GetContentsForAppending(), streams.ops);
    } else {
        PdfArray contents;
        for (const std::string* bytes : {&streams.ops, &streams.overlay}) {
            PdfObject* stream = doc.GetObjects().CreateObject();
            set_compressed_flate_stream(*stream, *bytes);
            contents.push_back(stream->Reference());
        }
        page.GetObject()->GetDictionary().AddKey("Contents", contents);
    }
    streams = PageStreams();  // a binder's streams are tens of megabytes
}

// The `ops` streams of a document's pages and their outlines, for its
// binder pages. (Glyphs are shown by their ids in the face, never in the
// file's subset: font_embedder.h.)
void keep_written_pages(const std::vector<PageStreams>& streams, const PdfFileContent& content,
                        WrittenPages& written) {
    for (const PageStreams& page : streams) written.streams.push_back(page.ops);
    for (const PageDrawing& page : content.pages) written.outlines.push_back(outline_of(page));
}

std::string write_file(const PdfFileContent& content, const FaceUsage& usage, const DeferredPages* deferred,
                       const std::vector<std::size_t>& group_start, WrittenPages* written = nullptr) {
    std::optional<std::lock_guard<std::mutex>> clock_turn(std::in_place, podofo_clock_mutex());
    PdfMemDocument doc;
    clock_turn.reset();
    doc.SetPdfVersion(ePdfVersion_1_6);
    const FontTable fonts = embed_fonts(doc, usage);
    const PageResources resources = make_resources(doc, content);

    const std::vector<std::unique_ptr<PdfPage>> pages =
        create_pages(doc, content.pages.size(), PdfRect(0, 0, content.page_width, content.page_height));
    const auto page_at = [&pages](int index) { return pages[static_cast<std::size_t>(index)].get(); };
    std::vector<PageStreams> streams(content.pages.size());
    const ContentWriter writer(fonts, resources, content.page_width, content.page_height);
    const std::size_t held = deferred != nullptr ? group_start.front() : content.pages.size();
    parallel_for(held, [&](std::size_t index) { streams[index] = page_streams(writer, content.pages[index], nullptr); });
    if (deferred != nullptr)
        parallel_for(deferred->groups, [&](std::size_t group) {
            const GroupPages drawn = deferred->draw(group);
            for (std::size_t i = 0; i < drawn.pages.size(); ++i)
                streams[group_start[group] + i] =
                    page_streams(writer, drawn.pages[i], drawn.written ? &drawn.written->streams.at(i) : nullptr);
            if (deferred->written) deferred->written(group);
        });
    if (written != nullptr) keep_written_pages(streams, content, *written);
    std::map<std::string, std::pair<int, double>> anchors;
    for (std::size_t index = 0; index < content.pages.size(); ++index) {
        const PageDrawing& drawing = content.pages[index];
        PdfPage* page = pages[index].get();
        add_font_resources(page, fonts);
        add_page_resources(page, drawing, resources);
        set_page_contents(doc, *page, streams[index]);
        for (const auto& [key, y] : drawing.anchors)
            anchors.try_emplace(key, static_cast<int>(index), content.page_height - y);
    }

    // Named destinations, for links from other documents' PDFs: one node of
    // the name tree holding every name, in the order of their bytes (the
    // map's). PoDoFo's AddNamedDestination walks the tree for every name it
    // adds, which a binder's thousands of headings made quadratic.
    PdfArray destinations;
    for (const auto& [key, where] : anchors) {
        if (key.find('#') + 1 >= key.size()) continue;
        const PdfDestination destination(page_at(where.first), 0, where.second, 0);
        destinations.push_back(name_string(key));
        destinations.push_back(destination.GetObject()->Reference());
    }
    if (!destinations.empty()) {
        PdfDictionary dests;
        dests.AddKey("Names", destinations);
        doc.GetNamesTree()->GetObject()->GetDictionary().AddKey("Dests", dests);
    }

    for (std::size_t p = 0; p < content.pages.size(); ++p) {
        for (const LinkArea& link : content.pages[p].links) {
            const PdfRect rect(link.x, content.page_height - link.y - link.height, link.width, link.height);
            const auto local = anchors.find(link.target.document_id + "#" + link.target.anchor);
            const auto local_start = anchors.find(link.target.document_id + "#");
            if (link.target.kind == LinkTarget::Kind::None) continue;
            PdfAnnotation* annotation = nullptr;
            {
                const std::lock_guard<std::mutex> turn(podofo_clock_mutex());
                annotation = page_at(static_cast<int>(p))->CreateAnnotation(ePdfAnnotation_Link, rect);
            }
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

}  // namespace

std::string font_resource_name(const FontFace& face) {
    // FNV-1a over what tells faces apart wherever the fonts are installed.
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    const std::string identity =
        face.postscript_name() + '\0' + std::to_string(face.face_index()) + '\0' + face.file().filename().string();
    for (const unsigned char c : identity) hash = (hash ^ c) * 0x100000001b3ULL;
    return fmt::format("F{:012x}", hash >> 16);
}

std::string write_pdf_file(const PdfFileContent& content, WrittenPages* written) {
    FaceUsage usage;
    collect_ops_glyphs(content.pages, usage);
    if (written != nullptr) written->glyphs = usage;
    collect_overlay_glyphs(content.pages, usage);
    return write_file(content, usage, nullptr, {}, written);
}

std::string write_pdf_file(PdfFileContent content, const DeferredPages& deferred) {
    FaceUsage usage;
    collect_ops_glyphs(content.pages, usage);
    collect_overlay_glyphs(content.pages, usage);
    // Each group drawn on every core for its glyphs, then kept in outline.
    std::vector<std::vector<PageDrawing>> outlines(deferred.groups);
    std::vector<std::shared_ptr<const WrittenPages>> lent(deferred.groups);
    std::vector<FaceUsage> group_usage(deferred.groups);  // but what was lent
    parallel_for(deferred.groups, [&](std::size_t group) {
        GroupPages drawn = deferred.draw(group);
        lent[group] = std::move(drawn.written);
        if (!lent[group]) collect_ops_glyphs(drawn.pages, group_usage[group]);
        collect_overlay_glyphs(drawn.pages, group_usage[group]);
        outlines[group] = std::move(drawn.pages);
        for (PageDrawing& page : outlines[group]) page = outline_of(page);
    });
    std::vector<std::size_t> group_start;
    for (std::size_t group = 0; group < deferred.groups; ++group) {
        if (lent[group]) merge_glyphs(usage, lent[group]->glyphs);
        lent[group].reset();
        merge_glyphs(usage, group_usage[group]);
        FaceUsage().swap(group_usage[group]);
        group_start.push_back(content.pages.size());
        for (PageDrawing& page : outlines[group]) content.pages.push_back(std::move(page));
        std::vector<PageDrawing>().swap(outlines[group]);
    }
    group_start.push_back(content.pages.size());
    return write_file(content, usage, &deferred, group_start);
}

}  // namespace tebiki::pdf
