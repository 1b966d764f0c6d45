#include "search/prepared_store.h"

#include <cstdint>

#include "document/byte_codec.h"

namespace tebiki::search {

namespace {

// Bumped whenever the layout below changes (1 was CBOR; 2 had one JSON entry).
constexpr std::uint64_t kFormat = 3;

// The whole-document fields join the sections' as normalize_fields does.
std::u16string joined_by_space(const std::vector<std::u16string>& parts) {
    std::u16string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += u' ';
        out += parts[i];
    }
    return out;
}

}  // namespace

std::string to_bytes(const PreparedDocument& p) {
    const SearchDocument& d = p.document;
    ByteWriter out;
    out.number(kFormat);
    out.text(d.id).text(d.title).number(static_cast<std::uint64_t>(d.status)).text(d.href);
    out.texts(d.tags);
    out.number(d.sections.size());
    for (const auto& s : d.sections) out.text(s.heading).text(s.anchor).text(s.text);
    out.text16(p.fields.id).text16(p.fields.title).text16(p.fields.tags);
    out.texts(p.fields.section_headings).texts(p.fields.section_texts).texts(p.cjk_keys).texts(p.word_keys);
    out.text(p.card_json).text(p.sections_json);
    return out.take();
}

std::optional<PreparedDocument> prepared_from_bytes(std::string_view bytes) {
    try {
        ByteReader in(bytes);
        if (in.number() != kFormat) return std::nullopt;
        PreparedDocument p;
        SearchDocument& d = p.document;
        d.id = in.text();
        d.title = in.text();
        d.status = in.enumeration(Status::Obsolete);
        d.href = in.text();
        d.tags = in.texts();
        d.sections.resize(in.count());
        for (auto& s : d.sections) {
            s.heading = in.text();
            s.anchor = in.text();
            s.text = in.text();
        }
        p.fields.id = in.text16();
        p.fields.title = in.text16();
        p.fields.tags = in.text16();
        p.fields.section_headings = in.texts16();
        p.fields.section_texts = in.texts16();
        if (p.fields.section_headings.size() != d.sections.size() ||
            p.fields.section_texts.size() != d.sections.size())
            return std::nullopt;
        p.fields.headings = joined_by_space(p.fields.section_headings);
        p.fields.texts = joined_by_space(p.fields.section_texts);
        p.cjk_keys = in.texts16();
        p.word_keys = in.texts16();
        p.card_json = in.text();
        p.sections_json = in.text();
        in.finish();
        return p;
    } catch (const CodecError&) {
        return std::nullopt;
    }
}

}  // namespace tebiki::search
