#pragma once
// The search index of one site (docs/search.md): the documents, their
// normalised fields, and postings from CJK bigrams and words to documents.
// The same structure serves `tebiki search` and is written as
// search/index.js and its part scripts for the browser client.

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

// What a document gives the browser's copy of an index (docs/search.md):
// all that builds keep of it, across sites and in the build cache.
struct IndexedDocument {
    std::string id;
    // Every key of every field, each once: what the postings are made of.
    KeyList cjk_keys;
    KeyList word_keys;
    // The document's card in index.js and its sections in its part script,
    // as JSON safe inside a script.
    std::string card_json;
    std::string sections_json;
};

// A document made ready for indexing: its sections and normalised fields,
// which `tebiki search` ranks and quotes, and what the browser's copy takes.
// The costly part, done once per document however many sites carry it.
struct PreparedDocument {
    SearchDocument document;
    NormalizedFields fields;
    IndexedDocument indexed;
};

// The part script (0 .. kSearchIndexParts - 1) that holds a document's
// sections: FNV-1a of its id, so that a document stays in its part
// whatever else is added or removed.
std::size_t search_part_of(std::string_view document_id);

PreparedDocument prepare_document(SearchDocument document);

// A document made ready for `tebiki search` from what a build kept of it (its
// card, sections and keys, e.g. from the build cache), without reading its
// Markdown or its readings again. Nullopt when the card or sections cannot
// be read (another format).
std::optional<PreparedDocument> prepare_indexed(const IndexedDocument& indexed);

class SearchIndex {
public:
    explicit SearchIndex(std::vector<SearchDocument> documents);
    // Refers to `prepared`, which must outlive the index (a SearchCorpus
    // keeps its documents until forget_unused()).
    explicit SearchIndex(const std::vector<const PreparedDocument*>& prepared);

    std::size_t size() const { return prepared_.size(); }
    const SearchDocument& document(std::size_t doc) const { return prepared_[doc]->document; }
    const NormalizedFields& fields(std::size_t doc) const { return prepared_[doc]->fields; }
    const std::map<std::u16string, Postings>& cjk() const { return cjk_; }
    const std::map<std::u16string, Postings>& words() const { return words_; }

    // The browser's copy of one part (part_javascript() below).
    std::string part_javascript(std::size_t part) const;

private:
    explicit SearchIndex(std::shared_ptr<const std::vector<PreparedDocument>> owned);

    std::shared_ptr<const std::vector<PreparedDocument>> owned_;  // when made from documents
    std::vector<const PreparedDocument*> prepared_;
    std::vector<const IndexedDocument*> indexed_;  // the same documents' browser parts
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
// index.js, which names the version and the number of parts;
std::string index_javascript();
// a part script: the cards, sections and postings of the documents (of
// `documents`, in index order) whose ids hash to `part`. Its postings count
// only those documents, so the part depends on nothing else.
std::string part_javascript(const std::vector<const IndexedDocument*>& documents, std::size_t part);

}  // namespace tebiki::search
