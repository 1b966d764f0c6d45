#include "search/prepared_store.h"

#include <cstdint>

#include "document/byte_codec.h"

namespace tebiki::search {

namespace {

// Bumped whenever the layout below changes (1 was CBOR; 2 had one JSON
// entry; 3 kept the sections and their normalised text too).
constexpr std::uint64_t kFormat = 4;

}  // namespace

std::string to_bytes(const IndexedDocument& d) {
    ByteWriter out;
    out.number(kFormat);
    out.text(d.id).texts(d.cjk_keys).texts(d.word_keys).text(d.card_json).text(d.sections_json);
    return out.take();
}

std::optional<IndexedDocument> prepared_from_bytes(std::string_view bytes) {
    try {
        ByteReader in(bytes);
        if (in.number() != kFormat) return std::nullopt;
        IndexedDocument d;
        d.id = in.text();
        d.cjk_keys = in.texts16();
        d.word_keys = in.texts16();
        d.card_json = in.text();
        d.sections_json = in.text();
        in.finish();
        return d;
    } catch (const CodecError&) {
        return std::nullopt;
    }
}

}  // namespace tebiki::search
