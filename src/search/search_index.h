#pragma once
// The search index of one site (docs/search.md): the documents, their
// normalised fields, and postings from CJK bigrams and words to documents.
// The same structure serves `tebiki search` and is written as
// search/index.js and its part scripts for the browser client.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "document/site_contents.h"
#include "reuse/build_memo.h"
#include "search/key_list.h"
#include "search/search_document.h"

namespace tebiki::search {

// A document's fields, normalised for search.
struct NormalizedFields {
    std::u16string id;
    std::u16string title;
    std::u16string tags;      // joined by a space
    std::u16string headings;  // every section's heading, joined by a space
    std::u16string texts;     // every section's text, joined by a space
    std::u16string readings;  // the readings of its kanji words
    std::vector<std::u16string> section_headings;
    std::vector<std::u16string> section_texts;
};

using Postings = std::vector<std::uint32_t>;  // ascending document indexes

// What a document gives the browser's copy of an index (docs/search.md),
// and `tebiki search` its normalised text: all that builds keep of it,
// across sites and in the build cache.
struct IndexedDocument {
    std::string id;
    // Every key of every field but the readings, each once; and the keys
    // of the readings alone: what the postings are made of.
    KeyList cjk_keys;
    KeyList word_keys;
    KeyList reading_cjk_keys;
    KeyList reading_word_keys;
    // As JSON safe inside a script: the document's card in docs.js; its
    // entries in its part's match, readings and text scripts.
    std::string card_json;
    std::string match_json;
    std::string readings_json;
    std::string texts_json;
    // The normalised fields, so that `tebiki search` need not normalise
    // the documents again.
    NormalizedFields fields;
};

// A document made ready for indexing: its sections and normalised fields,
// which `tebiki search` ranks and quotes, and what the browser's copy takes.
// The costly part, done once per document however many sites carry it.
struct PreparedDocument {
    SearchDocument document;
    NormalizedFields fields;
    IndexedDocument indexed;
};

// The part (0 .. kSearchIndexParts - 1) whose match, readings and text
// scripts hold a document: FNV-1a of its id, so that a document stays in
// its part whatever else is added or removed.
std::size_t search_part_of(std::string_view document_id);

// The key shard (0 .. kSearchKeyShards - 1) that holds a key's postings:
// its first code point modulo the number of shards, so that every word
// that starts with a prefix is in one shard.
std::size_t search_key_shard_of(std::u16string_view key);

PreparedDocument prepare_document(SearchDocument document);

// A document made ready for `tebiki search` from what a build kept of it (its
// card and normalised fields, e.g. from the build cache), without reading its
// Markdown, its readings or its sections' text again: the sections are left
// out unless `with_sections` (complete_sections() adds them later). Nullopt
// when the card or sections cannot be read (another format).
std::optional<PreparedDocument> prepare_indexed(const IndexedDocument& indexed, bool with_sections = true);
// Adds the sections (headings, anchors, original text) to a document that
// prepare_indexed() made without them; false when they cannot be read.
bool complete_sections(PreparedDocument& prepared);

class SearchIndex {
public:
    explicit SearchIndex(std::vector<SearchDocument> documents);
    // Refers to `prepared`, which must outlive the index (a SearchCorpus
    // keeps its documents until forget_unused()).
    // Without postings (`with_postings` false) every document is a
    // candidate of every term, and rule 3 decides alone: the same results,
    // without building postings for a single query.
    explicit SearchIndex(const std::vector<const PreparedDocument*>& prepared, bool with_postings = true);

    std::size_t size() const { return prepared_.size(); }
    const SearchDocument& document(std::size_t doc) const { return prepared_[doc]->document; }
    const NormalizedFields& fields(std::size_t doc) const { return prepared_[doc]->fields; }
    const std::map<std::u16string, Postings>& cjk() const { return cjk_; }
    const std::map<std::u16string, Postings>& words() const { return words_; }
    bool has_postings() const { return with_postings_; }

    // The browser's copy (see the functions below).
    const std::vector<const IndexedDocument*>& indexed() const { return indexed_; }

private:
    explicit SearchIndex(std::shared_ptr<const std::vector<PreparedDocument>> owned);

    std::shared_ptr<const std::vector<PreparedDocument>> owned_;  // when made from documents
    std::vector<const PreparedDocument*> prepared_;
    std::vector<const IndexedDocument*> indexed_;  // the same documents' browser parts
    bool with_postings_ = true;
    std::map<std::u16string, Postings> cjk_;
    std::map<std::u16string, Postings> words_;
};

SearchIndex build_search_index(const std::vector<const Document*>& documents);

class PreparedStore;

// Documents prepared for the browser's index, kept by their path and bytes
// (git blob id): across the sites of a build, and across the builds of
// `tebiki serve`, where a save prepares only the documents it changed. With
// a store, across processes too (search/prepared_store.h). Only what the
// index is made of is kept (IndexedDocument), not the normalised text.
// Thread-safe.
class SearchCorpus {
public:
    explicit SearchCorpus(const PreparedStore* store = nullptr) : store_(store) {}

    const IndexedDocument& prepared(const Document& doc);
    // Prepares every document not yet prepared, on every core.
    void prepare(const std::vector<const Document*>& documents);
    // The documents' prepared forms, in the same order.
    std::vector<const IndexedDocument*> indexed(const std::vector<const Document*>& documents);
    // Forgets the documents not prepared or indexed since the last call.
    void forget_unused();

private:
    const PreparedStore* store_;
    std::mutex mutex_;  // guards prepared_; documents are prepared outside it
    reuse::BuildMemo<IndexedDocument> prepared_;
};

// "0,3,1": the first index, then differences, in base 36.
std::string encode_postings(const Postings& postings);
void append_encoded_postings(std::string& out, std::span<const std::uint32_t> postings);

// The browser's copy (docs/search.md):
// a string as JSON that is safe inside a script ("</" escaped);
std::string json_in_script(const std::string& utf8);
// index.js, which names the version and the numbers of shards and parts;
std::string index_javascript();

// A part's share of docs.js and of each key shard, made from its documents
// alone (docs/search.md "Index files"): its documents' cards in id order,
// and per key shard the postings of its keys over the part's own
// numbering (a document's place among its part's cards). docs.js and the
// key shards are these shares put together part by part, so a build makes
// again only the shares of the parts whose documents changed.
class PartIndexShare {
public:
    PartIndexShare() = default;
    // cards joined by ','; per key shard {"cjk":…,"rcjk":…,"rwords":…,"words":…}
    PartIndexShare(std::string_view cards, const std::array<std::string, kSearchKeyShards>& key_tables);
    // From bytes that encoded() gave; nullopt for any other bytes.
    static std::optional<PartIndexShare> decode(std::string bytes);

    std::string_view cards() const { return piece(0); }
    std::string_view key_table(std::size_t shard) const { return piece(1 + shard); }
    // The bytes the build cache keeps: the lengths of the pieces in
    // decimal, each followed by a space, a line break, then the pieces.
    const std::string& encoded() const { return bytes_; }

private:
    std::string_view piece(std::size_t i) const { return std::string_view(bytes_).substr(starts_[i], lengths_[i]); }
    std::string bytes_;
    std::array<std::size_t, 1 + kSearchKeyShards> starts_{};
    std::array<std::size_t, 1 + kSearchKeyShards> lengths_{};
};
// `documents` are the part's (any order; those of other parts are ignored).
PartIndexShare part_index_share(const std::vector<const IndexedDocument*>& documents, std::size_t part);
// docs.js from every part's share, part by part: a document's place in it
// is its number in the client; the key shards likewise (keys-NN.js holds,
// per part, that part's table of the shard).
std::string docs_javascript(const std::array<const PartIndexShare*, kSearchIndexParts>& shares);
std::vector<std::string> key_shards_javascript(const std::array<const PartIndexShare*, kSearchIndexParts>& shares);

// The same from a site's documents (every part's share made here): docs.js,
// every document's card, part by part and by id within a part;
std::string docs_javascript(const std::vector<const IndexedDocument*>& documents);
// the key shards keys-00.js … (kSearchKeyShards of them);
std::vector<std::string> key_shards_javascript(const std::vector<const IndexedDocument*>& documents);
// a part's scripts: what of its documents (those of `documents` whose ids
// hash to `part`) matching needs (match-NN.js), their readings
// (readings-NN.js) and their sections' text for snippets (text-NN.js). A
// part depends on its own documents alone.
enum class PartFile { Match, Readings, Text };
inline constexpr std::size_t kPartFiles = 3;
std::string part_javascript(const std::vector<const IndexedDocument*>& documents, std::size_t part, PartFile file);

}  // namespace tebiki::search
