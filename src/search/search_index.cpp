#include "search/search_index.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>
#include <unordered_map>

#include "text/search_text.h"

namespace tebiki::search {

namespace {

std::u16string join_normalized(const std::vector<std::string>& parts) {
    std::string joined;
    for (std::size_t i = 0; i < parts.size(); ++i) joined += (i ? " " : "") + parts[i];
    return text::normalize_for_search(joined);
}

NormalizedFields normalize_fields(const SearchDocument& doc) {
    NormalizedFields f;
    f.id = text::normalize_for_search(doc.id);
    f.title = text::normalize_for_search(doc.title);
    f.tags = join_normalized(doc.tags);
    for (std::size_t i = 0; i < doc.sections.size(); ++i) {
        f.section_headings.push_back(text::normalize_for_search(doc.sections[i].heading));
        f.section_texts.push_back(text::normalize_for_search(doc.sections[i].text));
        if (i > 0) {
            f.headings += u' ';
            f.texts += u' ';
        }
        f.headings += f.section_headings.back();
        f.texts += f.section_texts.back();
    }
    return f;
}

// Adds document `doc` to the postings of every key of a field. Documents
// come in index order, so a list only needs its last entry checked to stay
// ascending and free of repeats.
// Keys are looked up as views into the field; a key's own string is made
// only when it is first seen.
struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::u16string_view s) const { return std::hash<std::u16string_view>{}(s); }
};
using GatheredPostings = std::unordered_map<std::u16string, Postings, KeyHash, std::equal_to<>>;

void add_key(GatheredPostings& postings, std::u16string_view key, std::uint32_t doc) {
    auto it = postings.find(key);
    if (it == postings.end()) it = postings.emplace(std::u16string(key), Postings{}).first;
    if (it->second.empty() || it->second.back() != doc) it->second.push_back(doc);
}

void add_keys(const std::u16string& field, std::uint32_t doc, GatheredPostings& cjk, GatheredPostings& words) {
    const auto keys = text::index_key_views(field);
    for (const auto k : keys.cjk) add_key(cjk, k, doc);
    for (const auto k : keys.words) add_key(words, k, doc);
}

// Postings gathered in a hash map (fast to fill), then kept ordered by key
// (prefix look-ups, and a deterministic index.js).
std::map<std::u16string, Postings> ordered(GatheredPostings&& gathered) {
    std::map<std::u16string, Postings> out;
    for (auto& [key, postings] : gathered) out.emplace(key, std::move(postings));
    return out;
}

std::string base36(std::uint32_t n) {
    constexpr const char* digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    std::string out;
    do {
        out.insert(out.begin(), digits[n % 36]);
        n /= 36;
    } while (n != 0);
    return out;
}

nlohmann::json postings_json(const std::map<std::u16string, Postings>& postings) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, list] : postings) out[text::to_utf8(key)] = encode_postings(list);
    return out;
}

}  // namespace

std::string encode_postings(const Postings& postings) {
    std::string out;
    std::uint32_t previous = 0;
    for (std::size_t i = 0; i < postings.size(); ++i) {
        if (i) out += ',';
        out += base36(postings[i] - previous);
        previous = postings[i];
    }
    return out;
}

PreparedDocument prepare_document(SearchDocument document) {
    NormalizedFields fields = normalize_fields(document);
    return {std::move(document), std::move(fields)};
}

namespace {
std::vector<PreparedDocument> prepare_all(std::vector<SearchDocument> documents) {
    std::vector<PreparedDocument> out;
    out.reserve(documents.size());
    for (auto& d : documents) out.push_back(prepare_document(std::move(d)));
    return out;
}
}  // namespace

SearchIndex::SearchIndex(std::vector<SearchDocument> documents) : SearchIndex(prepare_all(std::move(documents))) {}

SearchIndex::SearchIndex(std::vector<PreparedDocument> prepared) {
    GatheredPostings cjk, words;
    documents_.reserve(prepared.size());
    fields_.reserve(prepared.size());
    for (std::size_t i = 0; i < prepared.size(); ++i) {
        documents_.push_back(std::move(prepared[i].document));
        fields_.push_back(std::move(prepared[i].fields));
        const auto& f = fields_.back();
        for (const auto* field : {&f.id, &f.title, &f.tags, &f.headings, &f.texts})
            add_keys(*field, static_cast<std::uint32_t>(i), cjk, words);
    }
    cjk_ = ordered(std::move(cjk));
    words_ = ordered(std::move(words));
}

std::string SearchIndex::to_javascript() const {
    nlohmann::json docs = nlohmann::json::array();
    for (const auto& d : documents_) {
        nlohmann::json sections = nlohmann::json::array();
        for (const auto& s : d.sections) sections.push_back({{"heading", s.heading}, {"anchor", s.anchor}, {"text", s.text}});
        docs.push_back({{"id", d.id},
                        {"title", d.title},
                        {"status", std::string(status_key(d.status))},
                        {"href", d.href},
                        {"tags", d.tags},
                        {"sections", sections}});
    }
    const nlohmann::json index = {{"version", 1}, {"docs", docs}, {"cjk", postings_json(cjk_)}, {"words", postings_json(words_)}};
    // "</" cannot appear raw inside a script; JSON allows escaping the slash.
    std::string json = index.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    for (std::size_t pos = json.find("</"); pos != std::string::npos; pos = json.find("</", pos + 3))
        json.replace(pos, 2, "<\\/");
    return "window.tebikiSearchIndex = " + json + ";\n";
}

const PreparedDocument& SearchCorpus::prepared(const Document& doc) {
    auto it = prepared_.find(&doc);
    if (it == prepared_.end()) it = prepared_.emplace(&doc, prepare_document(make_search_document(doc))).first;
    return it->second;
}

SearchIndex SearchCorpus::index_of(const std::vector<const Document*>& documents) {
    std::vector<PreparedDocument> copies;
    copies.reserve(documents.size());
    for (const Document* d : documents) copies.push_back(prepared(*d));
    return SearchIndex(std::move(copies));
}

SearchIndex build_search_index(const std::vector<const Document*>& documents) {
    std::vector<SearchDocument> docs;
    docs.reserve(documents.size());
    for (const Document* d : documents) docs.push_back(make_search_document(*d));
    return SearchIndex(std::move(docs));
}

}  // namespace tebiki::search
