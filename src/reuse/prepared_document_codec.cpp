#include "reuse/prepared_document_codec.h"

#include <cstdint>

#include "reuse/byte_codec.h"

namespace tebiki::reuse {

using search::IndexedDocument;
using search::KeyList;
using search::NormalizedFields;

namespace {

// Bumped whenever the layout below changes (1 was CBOR; 2 had one JSON
// entry; 3 kept the sections and their normalised text too; 4 had each key
// as a string of its own; 5 named its part in its card; 6 had the sections
// as one JSON entry; 7 keeps the readings' keys apart and the part's three
// scripts' entries). The fields' entry has its own format number.
constexpr std::uint64_t kFormat = 7;
constexpr std::uint64_t kFieldsFormat = 1001;

// A key list as its code units, then each key's length.
void write_keys(ByteWriter& out, const KeyList& keys) {
    out.text16(keys.chars()).number(keys.size());
    std::uint32_t previous = 0;
    for (const std::uint32_t end : keys.ends()) {
        out.number(end - previous);
        previous = end;
    }
}

KeyList read_keys(ByteReader& in) {
    std::u16string chars = in.text16();
    std::vector<std::uint32_t> ends(in.count());
    std::uint64_t end = 0;
    for (auto& each : ends) {
        end += in.number();
        if (end > chars.size()) throw CodecError("key beyond its list");
        each = static_cast<std::uint32_t>(end);
    }
    KeyList keys;
    if (!keys.assign(std::move(chars), std::move(ends))) throw CodecError("keys and their lengths disagree");
    return keys;
}

void write_texts16(ByteWriter& out, const std::vector<std::u16string>& list) {
    out.number(list.size());
    for (const auto& each : list) out.text16(each);
}

std::vector<std::u16string> read_texts16(ByteReader& in) {
    std::vector<std::u16string> list(in.count());
    for (auto& each : list) each = in.text16();
    return list;
}

// The joined headings and texts are not kept: they are the sections' joined
// by a space (search_index.cpp's normalize_fields()).
std::u16string joined(const std::vector<std::u16string>& list) {
    std::u16string out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (i) out += u' ';
        out += list[i];
    }
    return out;
}

}  // namespace

std::string to_bytes(const IndexedDocument& d) {
    ByteWriter out;
    out.number(kFormat);
    out.text(d.id);
    write_keys(out, d.cjk_keys);
    write_keys(out, d.word_keys);
    write_keys(out, d.reading_cjk_keys);
    write_keys(out, d.reading_word_keys);
    out.text(d.card_json).text(d.match_json).text(d.readings_json).text(d.texts_json);
    return out.take();
}

std::string fields_to_bytes(const IndexedDocument& d) {
    ByteWriter out;
    out.number(kFieldsFormat);
    out.text(d.id).text(d.card_json);
    const NormalizedFields& f = d.fields;
    out.text16(f.id).text16(f.title).text16(f.tags).text16(f.readings);
    write_texts16(out, f.section_headings);
    write_texts16(out, f.section_texts);
    return out.take();
}

std::optional<IndexedDocument> fields_from_bytes(std::string_view bytes) {
    try {
        ByteReader in(bytes);
        if (in.number() != kFieldsFormat) return std::nullopt;
        IndexedDocument d;
        d.id = in.text();
        d.card_json = in.text();
        NormalizedFields& f = d.fields;
        f.id = in.text16();
        f.title = in.text16();
        f.tags = in.text16();
        f.readings = in.text16();
        f.section_headings = read_texts16(in);
        f.section_texts = read_texts16(in);
        if (f.section_headings.size() != f.section_texts.size()) throw CodecError("sections disagree");
        f.headings = joined(f.section_headings);
        f.texts = joined(f.section_texts);
        in.finish();
        return d;
    } catch (const CodecError&) {
        return std::nullopt;
    }
}

std::optional<IndexedDocument> prepared_from_bytes(std::string_view bytes) {
    try {
        ByteReader in(bytes);
        if (in.number() != kFormat) return std::nullopt;
        IndexedDocument d;
        d.id = in.text();
        d.cjk_keys = read_keys(in);
        d.word_keys = read_keys(in);
        d.reading_cjk_keys = read_keys(in);
        d.reading_word_keys = read_keys(in);
        d.card_json = in.text();
        d.match_json = in.text();
        d.readings_json = in.text();
        d.texts_json = in.text();
        in.finish();
        return d;
    } catch (const CodecError&) {
        return std::nullopt;
    }
}

}  // namespace tebiki::reuse
