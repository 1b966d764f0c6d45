#include "search/search_index.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "document/metadata.h"
#include "foundation/parallel_for.h"
#include "search/prepared_store.h"
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
    f.readings = text::normalize_for_search(doc.readings);
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

// Adds document `doc` to the postings of `key`. Documents come in index
// order, so a list only needs its last entry checked to stay ascending and
// free of repeats. Keys are looked up as views; a key's own string is made
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

// A field's keys repeat (a bigram of a common word, the document's own
// terms); a document's postings need each once. The readings' keys are kept
// apart: the client loads a document's readings only when the readings may
// hold a term (docs/search.md "Index files").
void collect_unique_keys(const std::vector<const std::u16string*>& fields, KeyList& cjk_keys, KeyList& word_keys) {
    std::unordered_set<std::u16string_view> seen_cjk, seen_words;
    for (const auto* field : fields) {
        const auto keys = text::index_key_views(*field);
        for (const auto k : keys.cjk)
            if (seen_cjk.insert(k).second) cjk_keys.push_back(k);
        for (const auto k : keys.words)
            if (seen_words.insert(k).second) word_keys.push_back(k);
    }
}

// Postings gathered in a hash map (fast to fill), then kept ordered by key
// (prefix look-ups, and a deterministic index.js).
std::map<std::u16string, Postings> ordered(GatheredPostings&& gathered) {
    std::map<std::u16string, Postings> out;
    for (auto& [key, postings] : gathered) out.emplace(key, std::move(postings));
    return out;
}

// Writes n in base 36 at `at`, most significant digit first (at most 7
// digits for 32 bits); returns the end.
char* write_base36(char* at, std::uint32_t n) {
    static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    char reversed[8];
    int length = 0;
    do {
        reversed[length++] = kDigits[n % 36];
        n /= 36;
    } while (n != 0);
    while (length > 0) *at++ = reversed[--length];
    return at;
}

}  // namespace

void append_encoded_postings(std::string& out, std::span<const std::uint32_t> postings) {
    // Written in place, room made once: index.js has a million of these numbers.
    const std::size_t start = out.size();
    out.resize(start + postings.size() * 8);  // a comma and 7 digits at most each
    char* at = out.data() + start;
    std::uint32_t previous = 0;
    for (std::size_t i = 0; i < postings.size(); ++i) {
        if (i) *at++ = ',';
        at = write_base36(at, postings[i] - previous);
        previous = postings[i];
    }
    out.resize(static_cast<std::size_t>(at - out.data()));
}

std::string encode_postings(const Postings& postings) {
    std::string out;
    append_encoded_postings(out, postings);
    return out;
}

namespace {

// JSON inside a script: "</" cannot appear raw there; JSON allows escaping the slash.
std::string script_safe(std::string json) {
    for (std::size_t pos = json.find("</"); pos != std::string::npos; pos = json.find("</", pos + 3))
        json.replace(pos, 2, "<\\/");
    return json;
}

std::string dump(const nlohmann::json& value) {
    return script_safe(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

std::string json_in_script(const std::string& utf8) { return dump(utf8); }

namespace {

// Members in the order a JSON object sorts them, as everywhere in the index.
std::string card_json(const SearchDocument& d, std::size_t text_length) {
    return dump({{"href", d.href},
                 {"id", d.id},
                 {"len", text_length},
                 {"part", search_part_of(d.id)},
                 {"status", std::string(status_key(d.status))},
                 {"tags", d.tags},
                 {"title", d.title}});
}

// What matching needs: the normalised id, title and tags, headings and
// texts (the client normalises nothing of a document), and the original
// headings and anchors that a result shows.
std::string match_json(const SearchDocument& d, const NormalizedFields& f) {
    nlohmann::json headings = nlohmann::json::array(), shown = nlohmann::json::array(), texts = nlohmann::json::array();
    for (std::size_t i = 0; i < d.sections.size(); ++i) {
        headings.push_back(text::to_utf8(f.section_headings[i]));
        texts.push_back(text::to_utf8(f.section_texts[i]));
        shown.push_back({d.sections[i].heading, d.sections[i].anchor});
    }
    const nlohmann::json fields = {text::to_utf8(f.id), text::to_utf8(f.title), text::to_utf8(f.tags)};
    return dump({{"h", headings}, {"n", fields}, {"s", shown}, {"t", texts}});
}

std::string texts_json(const SearchDocument& d) {
    nlohmann::json texts = nlohmann::json::array();
    for (const auto& s : d.sections) texts.push_back(s.text);
    return dump(texts);
}

// A part's postings, gathered for its script: each key of each document is
// looked up once and numbered, and the postings are laid out by number in
// one array, rather than a list made per key.
class PartPostings {
public:
    // Documents come in index order, each key of a document once.
    void add_key(std::u16string_view key, std::uint32_t doc) {
        const auto [it, added] = numbers_.try_emplace(key, static_cast<std::uint32_t>(keys_.size()));
        if (added) keys_.push_back(key);
        entries_.emplace_back(it->second, doc);
    }

    // {"key":"postings",...}, keys in UTF-8 byte order (as a JSON object sorts them).
    void append_json(std::string& out) const {
        // Each key's documents, in order: a counting sort by key number.
        std::vector<std::uint32_t> start(keys_.size() + 1, 0);
        for (const auto& [number, doc] : entries_) ++start[number + 1];
        for (std::size_t k = 0; k < keys_.size(); ++k) start[k + 1] += start[k];
        std::vector<std::uint32_t> docs(entries_.size());
        std::vector<std::uint32_t> filled(start.begin(), start.end() - 1);
        for (const auto& [number, doc] : entries_) docs[filled[number]++] = doc;

        std::vector<std::pair<std::string, std::uint32_t>> by_utf8;
        by_utf8.reserve(keys_.size());
        for (std::size_t k = 0; k < keys_.size(); ++k)
            by_utf8.emplace_back(text::to_utf8(keys_[k]), static_cast<std::uint32_t>(k));
        std::sort(by_utf8.begin(), by_utf8.end());
        out += '{';
        for (std::size_t i = 0; i < by_utf8.size(); ++i) {
            if (i) out += ',';
            out += dump(by_utf8[i].first);
            out += ":\"";
            const std::uint32_t k = by_utf8[i].second;
            append_encoded_postings(out, std::span<const std::uint32_t>(docs).subspan(start[k], start[k + 1] - start[k]));
            out += '"';
        }
        out += '}';
    }

private:
    std::unordered_map<std::u16string_view, std::uint32_t> numbers_;
    std::vector<std::u16string_view> keys_;                          // by number
    std::vector<std::pair<std::uint32_t, std::uint32_t>> entries_;  // (key number, document)
};

std::shared_ptr<const std::vector<PreparedDocument>> prepare_all(std::vector<SearchDocument> documents) {
    auto out = std::make_shared<std::vector<PreparedDocument>>();
    out->reserve(documents.size());
    for (auto& d : documents) out->push_back(prepare_document(std::move(d)));
    return out;
}

std::vector<const PreparedDocument*> pointers_to(const std::vector<PreparedDocument>& prepared) {
    std::vector<const PreparedDocument*> out;
    out.reserve(prepared.size());
    for (const auto& p : prepared) out.push_back(&p);
    return out;
}

}  // namespace

PreparedDocument prepare_document(SearchDocument document) {
    PreparedDocument prepared{std::move(document), {}, {}};
    prepared.fields = normalize_fields(prepared.document);
    const NormalizedFields& f = prepared.fields;
    IndexedDocument& indexed = prepared.indexed;
    indexed.id = prepared.document.id;
    collect_unique_keys({&f.id, &f.title, &f.tags, &f.headings, &f.texts}, indexed.cjk_keys, indexed.word_keys);
    collect_unique_keys({&f.readings}, indexed.reading_cjk_keys, indexed.reading_word_keys);
    indexed.card_json = card_json(prepared.document, f.texts.size());
    indexed.match_json = match_json(prepared.document, f);
    indexed.readings_json = json_in_script(text::to_utf8(f.readings));
    indexed.texts_json = texts_json(prepared.document);
    indexed.fields = f;
    return prepared;
}

std::optional<PreparedDocument> prepare_indexed(const IndexedDocument& indexed, bool with_sections) {
    const auto card = nlohmann::json::parse(indexed.card_json, nullptr, false);
    if (!card.is_object()) return std::nullopt;
    try {
        PreparedDocument prepared;
        SearchDocument& d = prepared.document;
        d.id = card.at("id").get<std::string>();
        d.title = card.at("title").get<std::string>();
        d.href = card.at("href").get<std::string>();
        d.tags = card.at("tags").get<std::vector<std::string>>();
        const auto status = parse_status(card.at("status").get<std::string>());
        if (!status) return std::nullopt;
        d.status = *status;
        prepared.fields = indexed.fields;
        prepared.indexed = indexed;
        if (with_sections && !complete_sections(prepared)) return std::nullopt;
        return prepared;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

bool complete_sections(PreparedDocument& prepared) {
    const auto match = nlohmann::json::parse(prepared.indexed.match_json, nullptr, false);
    const auto texts = nlohmann::json::parse(prepared.indexed.texts_json, nullptr, false);
    if (!match.is_object() || !texts.is_array()) return false;
    try {
        const auto& shown = match.at("s");
        if (!shown.is_array() || shown.size() != texts.size()) return false;
        std::vector<SearchSection> sections;
        for (std::size_t i = 0; i < shown.size(); ++i)
            sections.push_back({shown[i].at(0).get<std::string>(), shown[i].at(1).get<std::string>(),
                                texts[i].get<std::string>()});
        prepared.document.sections = std::move(sections);
        return true;
    } catch (const nlohmann::json::exception&) {
        return false;
    }
}

SearchIndex::SearchIndex(std::vector<SearchDocument> documents) : SearchIndex(prepare_all(std::move(documents))) {}

SearchIndex::SearchIndex(std::shared_ptr<const std::vector<PreparedDocument>> owned)
    : SearchIndex(pointers_to(*owned)) {
    owned_ = std::move(owned);
}

SearchIndex::SearchIndex(const std::vector<const PreparedDocument*>& prepared, bool with_postings)
    : prepared_(prepared), with_postings_(with_postings) {
    GatheredPostings cjk, words;
    for (std::size_t i = 0; i < prepared_.size(); ++i) {
        const auto doc = static_cast<std::uint32_t>(i);
        const IndexedDocument& indexed = prepared_[i]->indexed;
        indexed_.push_back(&indexed);
        if (!with_postings) continue;
        // The engine's postings hold every field's keys, readings too.
        for (const auto* keys : {&indexed.cjk_keys, &indexed.reading_cjk_keys})
            for (const auto key : *keys) add_key(cjk, key, doc);
        for (const auto* keys : {&indexed.word_keys, &indexed.reading_word_keys})
            for (const auto key : *keys) add_key(words, key, doc);
    }
    cjk_ = ordered(std::move(cjk));
    words_ = ordered(std::move(words));
}

std::size_t search_part_of(std::string_view document_id) {
    std::uint32_t hash = 2166136261u;
    for (const char c : document_id) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 16777619u;
    }
    return hash % kSearchIndexParts;
}

std::size_t search_key_shard_of(std::u16string_view key) {
    if (key.empty()) return 0;
    char32_t first = key[0];
    if (key.size() > 1 && first >= 0xD800 && first <= 0xDBFF && key[1] >= 0xDC00 && key[1] <= 0xDFFF)
        first = 0x10000 + ((first - 0xD800) << 10) + (key[1] - 0xDC00);
    return first % kSearchKeyShards;
}

std::string index_javascript() {
    // Members in the order a JSON object sorts them.
    return "window.tebikiSearchIndex = {\"keys\":" + std::to_string(kSearchKeyShards) +
           ",\"parts\":" + std::to_string(kSearchIndexParts) + ",\"version\":5};\n";
}

namespace {

// The documents in docs.js's order: by id (UTF-8 bytes, which is code-unit
// order for the ids tebiki accepts).
std::vector<const IndexedDocument*> by_id(const std::vector<const IndexedDocument*>& documents) {
    std::vector<const IndexedDocument*> sorted = documents;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const IndexedDocument* a, const IndexedDocument* b) { return a->id < b->id; });
    return sorted;
}

}  // namespace

PartIndexShare::PartIndexShare(std::string_view cards, const std::array<std::string, kSearchKeyShards>& key_tables) {
    std::size_t total = cards.size();
    bytes_ = std::to_string(cards.size()) + ' ';
    for (const auto& table : key_tables) {
        bytes_ += std::to_string(table.size()) + ' ';
        total += table.size();
    }
    bytes_ += '\n';
    bytes_.reserve(bytes_.size() + total);
    starts_[0] = bytes_.size();
    lengths_[0] = cards.size();
    bytes_ += cards;
    for (std::size_t shard = 0; shard < kSearchKeyShards; ++shard) {
        starts_[1 + shard] = bytes_.size();
        lengths_[1 + shard] = key_tables[shard].size();
        bytes_ += key_tables[shard];
    }
}

std::optional<PartIndexShare> PartIndexShare::decode(std::string bytes) {
    const std::size_t header_end = bytes.find('\n');
    if (header_end == std::string::npos) return std::nullopt;
    PartIndexShare share;
    std::size_t at = 0, start = header_end + 1;
    for (std::size_t i = 0; i < share.lengths_.size(); ++i) {
        const std::size_t space = bytes.find(' ', at);
        if (space == std::string::npos || space > header_end || space == at || space - at > 12) return std::nullopt;
        std::size_t length = 0;
        for (std::size_t k = at; k < space; ++k) {
            if (bytes[k] < '0' || bytes[k] > '9') return std::nullopt;
            length = length * 10 + static_cast<std::size_t>(bytes[k] - '0');
        }
        if (length > bytes.size() - start) return std::nullopt;
        share.starts_[i] = start;
        share.lengths_[i] = length;
        start += length;
        at = space + 1;
    }
    if (at != header_end || start != bytes.size()) return std::nullopt;
    share.bytes_ = std::move(bytes);
    return share;
}

PartIndexShare part_index_share(const std::vector<const IndexedDocument*>& documents, std::size_t part) {
    std::string cards;
    // Per shard, the four tables (members in JSON order): cjk, rcjk, rwords, words.
    std::vector<std::array<PartPostings, 4>> shards(kSearchKeyShards);
    std::uint32_t doc = 0;
    for (const IndexedDocument* d : by_id(documents)) {
        if (search_part_of(d->id) != part) continue;
        if (doc != 0) cards += ',';
        cards += d->card_json;
        const KeyList* tables[4] = {&d->cjk_keys, &d->reading_cjk_keys, &d->reading_word_keys, &d->word_keys};
        for (std::size_t t = 0; t < 4; ++t)
            for (const std::u16string_view key : *tables[t]) shards[search_key_shard_of(key)][t].add_key(key, doc);
        ++doc;
    }
    static constexpr const char* kTables[4] = {"cjk", "rcjk", "rwords", "words"};
    std::array<std::string, kSearchKeyShards> key_tables;
    for (std::size_t shard = 0; shard < kSearchKeyShards; ++shard) {
        std::string& table = key_tables[shard];
        table += '{';
        for (std::size_t t = 0; t < 4; ++t) {
            table += (t ? ",\"" : "\"") + std::string(kTables[t]) + "\":";
            shards[shard][t].append_json(table);
        }
        table += '}';
    }
    return PartIndexShare(cards, key_tables);
}

std::string docs_javascript(const std::array<const PartIndexShare*, kSearchIndexParts>& shares) {
    std::string out = "window.tebikiSearchDocs = [";
    std::size_t size = out.size() + 3;
    for (const PartIndexShare* share : shares) size += share->cards().size() + 1;
    out.reserve(size);
    bool first = true;
    for (const PartIndexShare* share : shares) {
        if (share->cards().empty()) continue;
        if (!first) out += ',';
        first = false;
        out += share->cards();
    }
    return out + "];\n";
}

std::vector<std::string> key_shards_javascript(const std::array<const PartIndexShare*, kSearchIndexParts>& shares) {
    std::vector<std::string> out;
    for (std::size_t shard = 0; shard < kSearchKeyShards; ++shard) {
        std::string script = "window.tebikiSearchKeys = window.tebikiSearchKeys || {};\n";
        script += "window.tebikiSearchKeys[" + std::to_string(shard) + "] = [";
        std::size_t size = script.size() + 4;
        for (const PartIndexShare* share : shares) size += share->key_table(shard).size() + 1;
        script.reserve(size);
        for (std::size_t part = 0; part < kSearchIndexParts; ++part) {
            if (part) script += ',';
            script += shares[part]->key_table(shard);
        }
        out.push_back(script + "];\n");
    }
    return out;
}

namespace {

// Every part's share of a site's documents, made here.
std::vector<PartIndexShare> shares_of(const std::vector<const IndexedDocument*>& documents) {
    std::vector<std::vector<const IndexedDocument*>> by_part(kSearchIndexParts);
    for (const IndexedDocument* d : documents) by_part[search_part_of(d->id)].push_back(d);
    std::vector<PartIndexShare> shares;
    for (std::size_t part = 0; part < kSearchIndexParts; ++part) shares.push_back(part_index_share(by_part[part], part));
    return shares;
}

std::array<const PartIndexShare*, kSearchIndexParts> pointers_to(const std::vector<PartIndexShare>& shares) {
    std::array<const PartIndexShare*, kSearchIndexParts> out{};
    for (std::size_t part = 0; part < kSearchIndexParts; ++part) out[part] = &shares[part];
    return out;
}

}  // namespace

std::string docs_javascript(const std::vector<const IndexedDocument*>& documents) {
    return docs_javascript(pointers_to(shares_of(documents)));
}

std::vector<std::string> key_shards_javascript(const std::vector<const IndexedDocument*>& documents) {
    return key_shards_javascript(pointers_to(shares_of(documents)));
}

std::string part_javascript(const std::vector<const IndexedDocument*>& documents, std::size_t part, PartFile file) {
    static constexpr const char* kGlobals[] = {"tebikiSearchMatch", "tebikiSearchReadings", "tebikiSearchTexts"};
    const std::string global = std::string("window.") + kGlobals[static_cast<std::size_t>(file)];
    std::string out = global + " = " + global + " || {};\n" + global + "[" + std::to_string(part) + "] = {";
    bool first = true;
    for (const IndexedDocument* d : by_id(documents)) {
        if (search_part_of(d->id) != part) continue;
        if (!first) out += ',';
        first = false;
        out += json_in_script(d->id) + ':';
        switch (file) {
            case PartFile::Match: out += d->match_json; break;
            case PartFile::Readings: out += d->readings_json; break;
            case PartFile::Text: out += d->texts_json; break;
        }
    }
    return out + "};\n";
}

const IndexedDocument& SearchCorpus::prepared(const Document& doc) {
    const std::string key = doc.path + '\n' + doc.blob_id;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (const IndexedDocument* kept = prepared_.find(key)) return *kept;
    }
    std::optional<IndexedDocument> made = store_ != nullptr ? store_->load(doc) : std::nullopt;
    if (!made) {
        made = std::move(prepare_document(make_search_document(doc)).indexed);
        if (store_ != nullptr) store_->save(doc, *made);
    }
    const std::lock_guard<std::mutex> lock(mutex_);
    return prepared_.insert(key, std::move(*made));
}

void SearchCorpus::prepare(const std::vector<const Document*>& documents) {
    parallel_for(documents.size(), [&](std::size_t i) { prepared(*documents[i]); });
}

std::vector<const IndexedDocument*> SearchCorpus::indexed(const std::vector<const Document*>& documents) {
    std::vector<const IndexedDocument*> out;
    out.reserve(documents.size());
    for (const Document* d : documents) out.push_back(&prepared(*d));
    return out;
}

void SearchCorpus::forget_unused() {
    const std::lock_guard<std::mutex> lock(mutex_);
    prepared_.sweep();
}

SearchIndex build_search_index(const std::vector<const Document*>& documents) {
    std::vector<SearchDocument> docs;
    docs.reserve(documents.size());
    for (const Document* d : documents) docs.push_back(make_search_document(*d));
    return SearchIndex(std::move(docs));
}

}  // namespace tebiki::search
