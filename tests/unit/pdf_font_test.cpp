// Fonts: fontconfig lookup, hb-subset embedding as a Type0 font through
// PoDoFo, the ToUnicode CMap (non-BMP included) and reproducible subsets.

#include <catch2/catch.hpp>
#include <podofo/podofo.h>

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
