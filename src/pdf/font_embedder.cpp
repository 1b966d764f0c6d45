#include "pdf/font_embedder.h"

#include <podofo/podofo.h>

#include <cmath>
#include <set>
#include <unordered_map>
#include <vector>

#include "pdf/flate.h"
#include "pdf/to_unicode_cmap.h"

namespace tebiki::pdf {

using namespace PoDoFo;

void GlyphUsage::add(GlyphId glyph, std::u32string_view text) {
    auto [it, inserted] = glyphs_.try_emplace(glyph, text);
    // One glyph, one text: a glyph first seen inside a cluster (no text of its
    // own) takes the text of a later standalone use.
    if (!inserted && it->second.empty()) it->second = text;
}

std::string subset_tag(const FontFace& face, const GlyphUsage& usage) {
    // FNV-1a over the face's name and the glyph ids.
    std::uint64_t hash = 1469598103934665603ull;
    const auto mix = [&hash](std::uint64_t v) {
        for (int i = 0; i < 8; ++i) {
            hash ^= (v >> (8 * i)) & 0xFF;
            hash *= 1099511628211ull;
        }
    };
    for (char c : face.postscript_name()) mix(static_cast<unsigned char>(c));
    for (const auto& entry : usage.glyphs()) mix(entry.first);
    std::string tag;
    for (int i = 0; i < 6; ++i) {
        tag += static_cast<char>('A' + hash % 26);
        hash /= 26;
    }
    return tag + "+";
}

namespace {

constexpr int kDefaultWidth = 1000;  // /DW: a full em

struct Subset {
    HbFace face;
    std::unordered_map<GlyphId, GlyphId> new_glyph;  // original id → id in the subset
};

// A CFF face's subset straight from the face (CFF and maxp only).
Subset cut_from_face(const FontFace& face, const std::set<GlyphId>& glyphs) {
    const HbSubsetInput input = cff_subset_input(glyphs, /*keep_maxp=*/false);
    HbSubsetPlan plan(hb_subset_plan_create_or_fail(face.subset_source(), input.get()));
    if (!plan) throw FontError("HarfBuzz could not plan a subset of " + face.postscript_name());
    Subset subset;
    subset.face.reset(hb_subset_plan_execute_or_fail(plan.get()));
    if (!subset.face) throw FontError("HarfBuzz could not subset " + face.postscript_name());
    return subset;
}

// A CFF face's subset, cut from the build's stock of its glyphs (the same
// bytes as a cut from the face itself: glyph_stock.h).
Subset cut_from_stock(const FontFace& face, const GlyphUsage& usage) {
    std::set<GlyphId> wanted;
    for (const auto& entry : usage.glyphs()) wanted.insert(entry.first);
    const std::shared_ptr<const StockedFace> stock = face.stock()->covering(wanted);
    if (!stock) return cut_from_face(face, wanted);
    std::set<GlyphId> in_stock;
    for (GlyphId glyph : wanted)
        if (const auto it = stock->stock_glyph.find(glyph); it != stock->stock_glyph.end()) in_stock.insert(it->second);
    const HbSubsetInput input = cff_subset_input(in_stock, /*keep_maxp=*/false);
    HbSubsetPlan plan(hb_subset_plan_create_or_fail(stock->face.get(), input.get()));
    Subset subset;
    if (plan) subset.face.reset(hb_subset_plan_execute_or_fail(plan.get()));
    // Whatever went wrong with the stock, the face itself can still be cut.
    if (!subset.face) return cut_from_face(face, wanted);
    return subset;
}

Subset make_subset(const FontFace& face, const GlyphUsage& usage) {
    // CFF faces: codes are CIDs, which the program keeps (cut_font).
    if (face.has_cff_outlines()) return cut_from_stock(face, usage);
    HbSubsetInput input(hb_subset_input_create_or_fail());
    if (!input) throw FontError("HarfBuzz could not start a subset of " + face.postscript_name());
    hb_set_t* glyphs = hb_subset_input_glyph_set(input.get());
    hb_set_add(glyphs, 0);
    for (const auto& entry : usage.glyphs()) hb_set_add(glyphs, entry.first);
    hb_set_clear(hb_subset_input_set(input.get(), HB_SUBSET_SETS_LAYOUT_FEATURE_TAG));
    // A TrueType subset is a whole font file (FontFile2): its tables stay
    // but those a PDF viewer never reads.
    hb_set_t* drop = hb_subset_input_set(input.get(), HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (hb_tag_t tag : {HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
                         HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
                         HB_TAG('V', 'O', 'R', 'G'), HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'),
                         HB_TAG('D', 'S', 'I', 'G'), HB_TAG('k', 'e', 'r', 'n')})
        hb_set_add(drop, tag);
    // Straight from the face, never from hb_subset_preprocess of the whole
    // face: preparing a Noto CJK face costs 1.5-8 s and hundreds of
    // megabytes (docs/decisions.md, issue 19).
    HbSubsetPlan plan(hb_subset_plan_create_or_fail(face.subset_source(), input.get()));
    if (!plan) throw FontError("HarfBuzz could not plan a subset of " + face.postscript_name());
    Subset subset;
    const hb_map_t* mapping = hb_subset_plan_old_to_new_glyph_mapping(plan.get());
    for (const auto& entry : usage.glyphs()) {
        const hb_codepoint_t mapped = hb_map_get(mapping, entry.first);
        subset.new_glyph[entry.first] = mapped == HB_MAP_VALUE_INVALID ? 0 : mapped;
    }
    subset.face.reset(hb_subset_plan_execute_or_fail(plan.get()));
    if (!subset.face) throw FontError("HarfBuzz could not subset " + face.postscript_name());
    return subset;
}

std::string blob_bytes(hb_blob_t* blob) {
    unsigned length = 0;
    const char* data = hb_blob_get_data(blob, &length);
    return data == nullptr ? std::string() : std::string(data, length);
}

PdfObject* stream_object(PdfVecObjects& objects, const std::string& bytes) {
    PdfObject* object = objects.CreateObject();
    set_flate_stream(*object, bytes);
    return object;
}

// /W as runs of consecutive codes: [c [w w w] c' [w] ...], in 1/1000 em.
PdfArray width_array(const std::map<std::uint16_t, int>& widths) {
    PdfArray w;
    auto it = widths.begin();
    while (it != widths.end()) {
        const std::uint16_t first = it->first;
        PdfArray run;
        std::uint16_t expected = first;
        for (; it != widths.end() && it->first == expected; ++it, ++expected)
            run.push_back(PdfObject(static_cast<pdf_int64>(it->second)));
        w.push_back(PdfObject(static_cast<pdf_int64>(first)));
        w.push_back(PdfObject(run));
    }
    return w;
}

PdfArray int_array(std::initializer_list<int> values) {
    PdfArray a;
    for (int v : values) a.push_back(PdfObject(static_cast<pdf_int64>(v)));
    return a;
}

}  // namespace

CutFont cut_font(const FontFace& face, const GlyphUsage& usage) {
    const Subset subset = make_subset(face, usage);
    const bool cff = face.has_cff_outlines();
    const FontMetrics& m = face.metrics();
    CutFont cut;
    cut.face = &face;
    // Codes are the original glyph ids whatever the subset, so that a page's
    // content stream reads the same in every PDF (pdf_file.h): a CID-keyed
    // CFF program (Noto CJK is one, in Adobe-Identity-0 with CIDs equal to
    // the original glyph ids) selects glyphs by CID, and hb-subset keeps
    // each glyph's CID; a TrueType program is addressed through a
    // /CIDToGIDMap from those codes to the subset's glyph ids.
    std::string cid_to_gid;
    for (const auto& [glyph, text] : usage.glyphs()) {
        const std::uint16_t code = glyph_code(glyph);
        if (!cff) {
            const GlyphId in_subset = subset.new_glyph.at(glyph);
            if (cid_to_gid.size() < 2 * (std::size_t{code} + 1)) cid_to_gid.resize(2 * (std::size_t{code} + 1), '\0');
            cid_to_gid[2 * code] = static_cast<char>(in_subset >> 8);
            cid_to_gid[2 * code + 1] = static_cast<char>(in_subset & 0xff);
        }
        // /W lists only what differs from /DW 1000: full-width CJK glyphs,
        // most of a Japanese document's, need no entry of their own.
        const int width = static_cast<int>(std::lround(face.advance(glyph) * 1000.0 / m.units_per_em));
        if (width != kDefaultWidth) cut.widths[code] = width;
        cut.text_of_code[code] = text;
    }
    cut.base_font = subset_tag(face, usage) + face.postscript_name();
    // The bare CFF table for FontFile3; a TrueType subset is a whole font file.
    HbBlob program(cff ? hb_face_reference_table(subset.face.get(), HB_TAG('C', 'F', 'F', ' '))
                       : hb_face_reference_blob(subset.face.get()));
    const std::string bytes = blob_bytes(program.get());
    cut.program_length = bytes.size();
    cut.compressed_program = flate_compress(bytes);
    if (!cff) cut.compressed_cid_to_gid_map = flate_compress(cid_to_gid);
    return cut;
}

EmbeddedFont embed_font(PdfVecObjects& objects, const FontFace& face, const GlyphUsage& usage) {
    return embed_font(objects, cut_font(face, usage));
}

EmbeddedFont embed_font(PdfVecObjects& objects, const CutFont& cut) {
    const FontFace& face = *cut.face;
    const bool cff = face.has_cff_outlines();
    const FontMetrics& m = face.metrics();
    const auto per_mille = [&m](double units) { return static_cast<int>(std::lround(units * 1000.0 / m.units_per_em)); };

    EmbeddedFont embedded;
    const PdfName base_font(cut.base_font);

    PdfObject* program = objects.CreateObject();
    set_compressed_flate_stream(*program, cut.compressed_program);
    if (cff)
        program->GetDictionary().AddKey("Subtype", PdfName("CIDFontType0C"));
    else
        program->GetDictionary().AddKey("Length1", PdfObject(static_cast<pdf_int64>(cut.program_length)));

    PdfObject* descriptor = objects.CreateObject("FontDescriptor");
    PdfDictionary& d = descriptor->GetDictionary();
    d.AddKey("FontName", base_font);
    d.AddKey("Flags", PdfObject(static_cast<pdf_int64>(4)));  // symbolic: glyphs are chosen by CID
    d.AddKey("FontBBox", int_array({per_mille(m.bbox[0]), per_mille(m.bbox[1]), per_mille(m.bbox[2]), per_mille(m.bbox[3])}));
    d.AddKey("ItalicAngle", PdfObject(static_cast<pdf_int64>(0)));
    d.AddKey("Ascent", PdfObject(static_cast<pdf_int64>(per_mille(m.ascender))));
    d.AddKey("Descent", PdfObject(static_cast<pdf_int64>(per_mille(m.descender))));
    d.AddKey("CapHeight", PdfObject(static_cast<pdf_int64>(per_mille(m.cap_height))));
    d.AddKey("StemV", PdfObject(static_cast<pdf_int64>(80)));
    d.AddKey(cff ? "FontFile3" : "FontFile2", program->Reference());

    PdfObject* cid_font = objects.CreateObject("Font");
    PdfDictionary& c = cid_font->GetDictionary();
    c.AddKey("Subtype", PdfName(cff ? "CIDFontType0" : "CIDFontType2"));
    c.AddKey("BaseFont", base_font);
    PdfDictionary system_info;
    system_info.AddKey("Registry", PdfString("Adobe"));
    system_info.AddKey("Ordering", PdfString("Identity"));
    system_info.AddKey("Supplement", PdfObject(static_cast<pdf_int64>(0)));
    c.AddKey("CIDSystemInfo", system_info);
    c.AddKey("FontDescriptor", descriptor->Reference());
    c.AddKey("DW", PdfObject(static_cast<pdf_int64>(kDefaultWidth)));
    if (!cut.widths.empty()) c.AddKey("W", width_array(cut.widths));
    if (!cff) {
        PdfObject* map = objects.CreateObject();
        set_compressed_flate_stream(*map, cut.compressed_cid_to_gid_map);
        c.AddKey("CIDToGIDMap", map->Reference());
    }

    PdfObject* to_unicode = stream_object(objects, to_unicode_cmap(cut.text_of_code));

    PdfObject* font = objects.CreateObject("Font");
    PdfDictionary& f = font->GetDictionary();
    f.AddKey("Subtype", PdfName("Type0"));
    f.AddKey("BaseFont", base_font);
    f.AddKey("Encoding", PdfName("Identity-H"));
    PdfArray descendants;
    descendants.push_back(cid_font->Reference());
    f.AddKey("DescendantFonts", descendants);
    f.AddKey("ToUnicode", to_unicode->Reference());
    embedded.font_ = font;
    return embedded;
}

}  // namespace tebiki::pdf
