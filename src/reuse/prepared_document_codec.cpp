#include "reuse/prepared_document_codec.h"

#include <cstdint>

#include "reuse/byte_codec.h"

namespace tebiki::reuse {

using search::IndexedDocument;
using search::KeyList;

namespace {

// Bumped whenever the layout below changes (1 was CBOR; 2 had one JSON
// entry; 3 kept the sections and their normalised text too; 4 had each key
// as a string of its own; 5 named its part in its card).
constexpr std::uint64_t kFormat = 6;

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

}  // namespace

std::string to_bytes(const IndexedDocument& d) {
    ByteWriter out;
    out.number(kFormat);
    out.text(d.id);
    write_keys(out, d.cjk_keys);
    write_keys(out, d.word_keys);
    out.text(d.card_json).text(d.sections_json);
    return out.take();
}

std::optional<IndexedDocument> prepared_from_bytes(std::string_view bytes) {
    try {
        ByteReader in(bytes);
        if (in.number() != kFormat) return std::nullopt;
        IndexedDocument d;
        d.id = in.text();
        d.cjk_keys = read_keys(in);
        d.word_keys = read_keys(in);
        d.card_json = in.text();
        d.sections_json = in.text();
        in.finish();
        return d;
    } catch (const CodecError&) {
        return std::nullopt;
    }
}

}  // namespace tebiki::reuse
