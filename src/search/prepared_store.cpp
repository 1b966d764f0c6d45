#include "search/prepared_store.h"

#include <cstdint>
#include <cstring>

#include "document/byte_codec.h"

namespace tebiki::search {

namespace {

// Bumped whenever the layout below changes (1 was CBOR; 2 had one JSON entry).
constexpr std::uint64_t kFormat = 3;

void write_texts(ByteWriter& out, const std::vector<std::string>& texts) {
    out.number(texts.size());
    for (const auto& t : texts) out.text(t);
}

std::vector<std::string> read_texts(ByteReader& in) {
    std::vector<std::string> texts(in.count());
    for (auto& t : texts) t = in.text();
    return texts;
}

void write_texts16(ByteWriter& out, const std::vector<std::u16string>& texts) {
    out.number(texts.size());
    for (const auto& t : texts) out.text16(t);
}

std::vector<std::u16string> read_texts16(ByteReader& in) {
    std::vector<std::u16string> texts(in.count());
    for (auto& t : texts) t = in.text16();
    return texts;
}

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
    write_texts(out, d.tags);
    out.number(d.sections.size());
    for (const auto& s : d.sections) out.text(s.heading).text(s.anchor).text(s.text);
    out.text16(p.fields.id).text16(p.fields.title).text16(p.fields.tags);
    write_texts16(out, p.fields.section_headings);
    write_texts16(out, p.fields.section_texts);
    write_texts16(out, p.cjk_keys);
    write_texts16(out, p.word_keys);
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
        const auto status = in.number();
        if (status > static_cast<std::uint64_t>(Status::Obsolete)) return std::nullopt;
        d.status = static_cast<Status>(status);
        d.href = in.text();
        d.tags = read_texts(in);
        d.sections.resize(in.count());
        for (auto& s : d.sections) {
            s.heading = in.text();
            s.anchor = in.text();
            s.text = in.text();
        }
        p.fields.id = in.text16();
        p.fields.title = in.text16();
        p.fields.tags = in.text16();
        p.fields.section_headings = read_texts16(in);
        p.fields.section_texts = read_texts16(in);
        if (p.fields.section_headings.size() != d.sections.size() ||
            p.fields.section_texts.size() != d.sections.size())
            return std::nullopt;
        p.fields.headings = joined_by_space(p.fields.section_headings);
        p.fields.texts = joined_by_space(p.fields.section_texts);
        p.cjk_keys = read_texts16(in);
        p.word_keys = read_texts16(in);
        p.card_json = in.text();
        p.sections_json = in.text();
        in.finish();
        return p;
    } catch (const CodecError&) {
        return std::nullopt;
    }
}

}  // namespace tebiki::search
