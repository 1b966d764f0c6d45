#include "search/prepared_store.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>

namespace tebiki::search {

namespace {

using Json = nlohmann::json;
using Binary = Json::binary_t;

// Bumped whenever the layout below changes.
constexpr int kFormat = 1;

// UTF-16 text as its code units' bytes: no conversion either way.
Binary binary_of(std::u16string_view text) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    return Binary(std::vector<std::uint8_t>(bytes, bytes + text.size() * sizeof(char16_t)));
}

std::u16string text_of(const Json& value) {
    const auto& bytes = value.get_binary();
    if (bytes.size() % sizeof(char16_t) != 0) throw std::runtime_error("odd UTF-16 length");
    std::u16string text(bytes.size() / sizeof(char16_t), u'\0');
    if (!bytes.empty()) std::memcpy(text.data(), bytes.data(), bytes.size());
    return text;
}

// Keys joined by U+0000, which no key contains: one value instead of thousands.
Binary joined(const std::vector<std::u16string>& keys) {
    std::u16string all;
    for (const auto& key : keys) all.append(key).push_back(u'\0');
    return binary_of(all);
}

std::vector<std::u16string> split(const Json& value) {
    const std::u16string all = text_of(value);
    std::vector<std::u16string> keys;
    for (std::size_t start = 0, end; start < all.size(); start = end + 1) {
        end = all.find(u'\0', start);
        if (end == std::u16string::npos) throw std::runtime_error("unterminated key");
        keys.emplace_back(all, start, end - start);
    }
    return keys;
}

Json texts_json(const std::vector<std::u16string>& texts) {
    Json out = Json::array();
    for (const auto& text : texts) out.push_back(binary_of(text));
    return out;
}

std::vector<std::u16string> texts_of(const Json& value) {
    std::vector<std::u16string> out;
    for (const auto& text : value) out.push_back(text_of(text));
    return out;
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
    Json sections = Json::array();
    for (const auto& s : d.sections) sections.push_back(Json::array({s.heading, s.anchor, s.text}));
    const Json value = {
        {"format", kFormat},
        {"document",
         {{"id", d.id}, {"title", d.title}, {"status", std::string(status_key(d.status))}, {"href", d.href},
          {"tags", d.tags}, {"sections", sections}}},
        {"fields",
         {{"id", binary_of(p.fields.id)}, {"title", binary_of(p.fields.title)}, {"tags", binary_of(p.fields.tags)},
          {"section_headings", texts_json(p.fields.section_headings)},
          {"section_texts", texts_json(p.fields.section_texts)}}},
        {"cjk_keys", joined(p.cjk_keys)},
        {"word_keys", joined(p.word_keys)},
        {"json", p.json}};
    const std::vector<std::uint8_t> cbor = Json::to_cbor(value);
    return std::string(cbor.begin(), cbor.end());
}

std::optional<PreparedDocument> prepared_from_bytes(std::string_view bytes) {
    try {
        const Json value = Json::from_cbor(bytes.begin(), bytes.end());
        if (value.at("format") != kFormat) return std::nullopt;
        PreparedDocument p;
        const Json& d = value.at("document");
        p.document.id = d.at("id");
        p.document.title = d.at("title");
        const auto status = parse_status(d.at("status").get<std::string>());
        if (!status) return std::nullopt;
        p.document.status = *status;
        p.document.href = d.at("href");
        p.document.tags = d.at("tags").get<std::vector<std::string>>();
        for (const auto& s : d.at("sections")) p.document.sections.push_back({s.at(0), s.at(1), s.at(2)});
        const Json& f = value.at("fields");
        p.fields.id = text_of(f.at("id"));
        p.fields.title = text_of(f.at("title"));
        p.fields.tags = text_of(f.at("tags"));
        p.fields.section_headings = texts_of(f.at("section_headings"));
        p.fields.section_texts = texts_of(f.at("section_texts"));
        p.fields.headings = joined_by_space(p.fields.section_headings);
        p.fields.texts = joined_by_space(p.fields.section_texts);
        p.cjk_keys = split(value.at("cjk_keys"));
        p.word_keys = split(value.at("word_keys"));
        p.json = value.at("json");
        return p;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace tebiki::search
