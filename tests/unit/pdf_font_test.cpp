// Fonts: fontconfig lookup, hb-subset embedding as a Type0 font through
// PoDoFo, the ToUnicode CMap (non-BMP included) and reproducible subsets.

#include <catch2/catch.hpp>
#include <podofo/podofo.h>

#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include "pdf/font_embedder.h"
#include "pdf/font_set.h"
#include "pdf/shaper.h"
#include "pdf/to_unicode_cmap.h"

using namespace tebiki::pdf;

namespace {

GlyphUsage usage_of(const FontFace& face, std::u32string_view text) {
    GlyphUsage usage;
    for (const auto& g : shape(face, text, 0, text.size())) usage.add(g.glyph, text.substr(g.cluster, 1));
    return usage;
}

std::string stream_text(PoDoFo::PdfObject* object) {
    char* buffer = nullptr;
    PoDoFo::pdf_long length = 0;
    object->GetStream()->GetFilteredCopy(&buffer, &length);
    std::string text(buffer, static_cast<std::size_t>(length));
    PoDoFo::podofo_free(buffer);
    return text;
}

}  // namespace

TEST_CASE("fontconfig finds the Noto CJK faces by family, bold included", "[pdf][font]") {
    const auto regular = locate_font("Noto Serif CJK JP", false);
    const auto bold = locate_font("Noto Serif CJK JP", true);
    CHECK(regular.file.extension() == ".ttc");
    CHECK(regular.file != bold.file);
    CHECK_THROWS_AS(locate_font("No Such Family 12345", false), FontError);
}

TEST_CASE("a CFF CJK face is embedded as CIDFontType0 with a complete ToUnicode", "[pdf][font]") {
    const FontFace face(locate_font("Noto Serif CJK JP", false).file, locate_font("Noto Serif CJK JP", false).face_index);
    REQUIRE(face.has_cff_outlines());
    const std::u32string text = U"𠮟る手順";
    const GlyphUsage usage = usage_of(face, text);
    PoDoFo::PdfMemDocument doc;
    const EmbeddedFont font = embed_font(doc.GetObjects(), face, usage);
    PoDoFo::PdfDictionary& type0 = font.font_dictionary()->GetDictionary();
    CHECK(type0.GetKeyAsName("Subtype") == PoDoFo::PdfName("Type0"));
    CHECK(type0.GetKeyAsName("Encoding") == PoDoFo::PdfName("Identity-H"));
    PoDoFo::PdfObject* cid = doc.GetObjects().GetObject(type0.GetKey("DescendantFonts")->GetArray()[0].GetReference());
    CHECK(cid->GetDictionary().GetKeyAsName("Subtype") == PoDoFo::PdfName("CIDFontType0"));
    PoDoFo::PdfObject* descriptor = doc.GetObjects().GetObject(cid->GetDictionary().GetKey("FontDescriptor")->GetReference());
    PoDoFo::PdfObject* program = doc.GetObjects().GetObject(descriptor->GetDictionary().GetKey("FontFile3")->GetReference());
    CHECK(program->GetDictionary().GetKeyAsName("Subtype") == PoDoFo::PdfName("CIDFontType0C"));
    CHECK(descriptor->GetDictionary().GetKey("FontName")->GetName().GetName().substr(6, 1) == "+");
    const std::string cmap = stream_text(doc.GetObjects().GetObject(type0.GetKey("ToUnicode")->GetReference()));
    CHECK(cmap.find("<D842DF9F>") != std::string::npos);  // 𠮟 as a surrogate pair
    CHECK(cmap.find("<624B>") != std::string::npos);      // 手
}

TEST_CASE("the ToUnicode CMap splits bfchar blocks at 100 entries", "[pdf][font]") {
    std::map<std::uint16_t, std::u32string> codes;
    for (std::uint16_t i = 1; i <= 150; ++i) codes[i] = std::u32string(1, static_cast<char32_t>(0x4E00 + i));
    const std::string cmap = to_unicode_cmap(codes);
    CHECK(cmap.find("100 beginbfchar") != std::string::npos);
    CHECK(cmap.find("50 beginbfchar") != std::string::npos);
}

TEST_CASE("a face subset again and again gives the same bytes", "[pdf][font][determinism]") {
    const auto where = locate_font("Noto Sans CJK JP", false);
    const FontFace face(where.file, where.face_index);
    const GlyphUsage usage = usage_of(face, U"同じ入力は同じ出力");
    std::vector<std::string> programs;
    for (int i = 0; i < 10; ++i) {  // as often as a site build subsets a face
        PoDoFo::PdfMemDocument doc;
        const EmbeddedFont font = embed_font(doc.GetObjects(), face, usage);
        PoDoFo::PdfDictionary& type0 = font.font_dictionary()->GetDictionary();
        PoDoFo::PdfObject* cid = doc.GetObjects().GetObject(type0.GetKey("DescendantFonts")->GetArray()[0].GetReference());
        PoDoFo::PdfObject* descriptor =
            doc.GetObjects().GetObject(cid->GetDictionary().GetKey("FontDescriptor")->GetReference());
        programs.push_back(stream_text(doc.GetObjects().GetObject(descriptor->GetDictionary().GetKey("FontFile3")->GetReference())));
    }
    for (const auto& p : programs) CHECK(p == programs.front());
}

namespace {

// The bare CFF program of `face` cut to `glyphs` in one step from the face
// itself, as every PDF was cut before the stock (glyph_stock.h).
std::string program_from_face(const FontFace& face, const std::set<GlyphId>& glyphs) {
    const HbSubsetInput input = cff_subset_input(glyphs, /*keep_maxp=*/false);
    const HbSubsetPlan plan(hb_subset_plan_create_or_fail(face.subset_source(), input.get()));
    const HbFace cut(hb_subset_plan_execute_or_fail(plan.get()));
    const HbBlob cff(hb_face_reference_table(cut.get(), HB_TAG('C', 'F', 'F', ' ')));
    unsigned length = 0;
    const char* data = hb_blob_get_data(cff.get(), &length);
    return std::string(data, length);
}

// The same through cut_font (from the stock), uncompressed.
std::string program_from_stock(const FontFace& face, const GlyphUsage& usage) {
    const CutFont cut = cut_font(face, usage);
    PoDoFo::PdfMemDocument doc;
    PoDoFo::PdfObject* object = doc.GetObjects().CreateObject();
    object->GetDictionary().AddKey("Filter", PoDoFo::PdfName("FlateDecode"));
    PoDoFo::PdfMemoryInputStream in(cut.compressed_program.data(), static_cast<PoDoFo::pdf_long>(cut.compressed_program.size()));
    object->GetStream()->SetRawData(&in, static_cast<PoDoFo::pdf_long>(cut.compressed_program.size()));
    return stream_text(object);
}

std::string file_text(const std::string& relative) {
    std::ifstream in(std::string(TEBIKI_SOURCE_DIR) + "/" + relative, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::u32string utf32(const std::string& utf8) {
    std::u32string out;
    for (std::size_t i = 0; i < utf8.size();) {
        const unsigned char c = static_cast<unsigned char>(utf8[i]);
        const int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
        char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
        for (int k = 1; k <= extra && i + k < utf8.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        out += cp;
        i += static_cast<std::size_t>(extra) + 1;
    }
    return out;
}

}  // namespace

TEST_CASE("a subset cut from the build's stock is byte for byte the one cut from the face", "[pdf][font][stock]") {
    // Documents of the sample content, each a PDF's glyphs; all of them the build's.
    const std::vector<std::string> files{"content/rules/backup.md", "content/manuals/emr-terminal.md",
                                         "content/procedures/night-failure-contact.md", "content/training/plan.md"};
    for (const auto& [family, bold] : std::vector<std::pair<std::string, bool>>{
             {"Noto Serif CJK JP", false}, {"Noto Serif CJK JP", true}, {"Noto Sans CJK JP", false},
             {"Noto Sans CJK JP", true}, {"Noto Sans Mono CJK JP", false}}) {
        const auto where = locate_font(family, bold);
        const FontFace face(where.file, where.face_index);
        REQUIRE(face.stock() != nullptr);
        std::vector<GlyphUsage> documents;
        for (const auto& file : files) {
            const std::string text = file_text(file);
            REQUIRE(!text.empty());
            documents.push_back(usage_of(face, utf32(text)));
            std::set<GlyphId> glyphs;
            for (const auto& entry : documents.back().glyphs()) glyphs.insert(entry.first);
            face.stock()->expect({glyphs.begin(), glyphs.end()});
        }
        for (const GlyphUsage& usage : documents) {
            std::set<GlyphId> glyphs;
            for (const auto& entry : usage.glyphs()) glyphs.insert(entry.first);
            INFO(family << (bold ? " Bold" : "") << ", " << glyphs.size() << " glyphs");
            // The stock holds every document's glyphs, so each is cut from it.
            REQUIRE(face.stock()->covering(glyphs) != nullptr);
            CHECK(program_from_stock(face, usage) == program_from_face(face, glyphs));
        }
        // A PDF with glyphs the stock lacks (a binder's cover, say) is cut
        // from the face and still comes out the same.
        const GlyphUsage cover = usage_of(face, U"鬱蒼とした森の奥の檜舞台　文書綴り");
        std::set<GlyphId> cover_glyphs;
        for (const auto& entry : cover.glyphs()) cover_glyphs.insert(entry.first);
        CHECK(program_from_stock(face, cover) == program_from_face(face, cover_glyphs));
    }
}

TEST_CASE("subsets cut from one stock on several threads at once are each the one cut alone", "[pdf][font][stock]") {
    const auto where = locate_font("Noto Serif CJK JP", false);
    const FontFace face(where.file, where.face_index);
    const std::u32string text = utf32(file_text("content/rules/backup.md"));
    std::vector<GlyphUsage> pieces;
    for (std::size_t at = 0; at < text.size(); at += text.size() / 8 + 1)
        pieces.push_back(usage_of(face, text.substr(at, text.size() / 8 + 1)));
    std::vector<std::string> alone;
    for (const GlyphUsage& usage : pieces) {
        std::set<GlyphId> glyphs;
        for (const auto& entry : usage.glyphs()) glyphs.insert(entry.first);
        face.stock()->expect({glyphs.begin(), glyphs.end()});
        alone.push_back(program_from_face(face, glyphs));
    }
    std::vector<std::string> together(pieces.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < pieces.size(); ++i)
        threads.emplace_back([&, i] {
            for (int round = 0; round < 3; ++round) together[i] = program_from_stock(face, pieces[i]);
        });
    for (auto& thread : threads) thread.join();
    for (std::size_t i = 0; i < pieces.size(); ++i) CHECK(together[i] == alone[i]);
}
