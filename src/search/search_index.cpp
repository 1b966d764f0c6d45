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
void add_keys(const std::u16string& field, std::uint32_t doc, std::unordered_map<std::u16string, Postings>& cjk,
              std::unordered_map<std::u16string, Postings>& words) {
    const auto keys = text::index_keys(field);
    const auto add = [doc](Postings& p) {
        if (p.empty() || p.back() != doc) p.push_back(doc);
    };
    for (const auto& k : keys.cjk) add(cjk[k]);
    for (const auto& k : keys.words) add(words[k]);
}

// Postings gathered in a hash map (fast to fill), then kept ordered by key
// (prefix look-ups, and a deterministic index.js).
std::map<std::u16string, Postings> ordered(std::unordered_map<std::u16string, Postings>&& gathered) {
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

SearchIndex::SearchIndex(std::vector<SearchDocument> documents) : documents_(std::move(documents)) {
    std::unordered_map<std::u16string, Postings> cjk, words;
    for (std::size_t i = 0; i < documents_.size(); ++i) {
        fields_.push_back(normalize_fields(documents_[i]));
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

SearchIndex build_search_index(const std::vector<const Document*>& documents) {
    std::vector<SearchDocument> docs;
    docs.reserve(documents.size());
    for (const Document* d : documents) docs.push_back(make_search_document(*d));
    return SearchIndex(std::move(docs));
}

}  // namespace tebiki::search
