#pragma once
// The search renderer: writes <site>/search/index.js and its part scripts
// for one audience (docs/search.md), in two steps, so that a build prepares
// only the documents of the parts it must write:
//
//   1. restore_search_parts() puts in place each part script an earlier
//      build made from the same documents, and says which parts are left;
//   2. the build prepares those parts' documents (SearchCorpus::prepare);
//   3. write_search_index() writes index.js and the parts left.
//
// A part's scripts hold its own documents, so an edit rewrites the
// edited document's part; docs.js and the key shards (postings over every
// document) are written by every build.

#include <array>
#include <filesystem>
#include <vector>

#include "document/site_contents.h"
#include "reuse/output_reuse.h"

namespace tebiki::search {

class SearchCorpus;

// The parts of a site still to be written, and each part's documents.
class PendingSearchParts {
public:
    explicit PendingSearchParts(const SiteContents& site);

    const std::vector<std::size_t>& parts() const { return parts_; }
    const std::vector<const Document*>& documents_in(std::size_t part) const { return documents_[part]; }
    // Every document of the parts left, in index order part by part.
    std::vector<const Document*> documents() const;
    // Every document of the site, part by part.
    std::vector<const Document*> all_documents() const;

private:
    friend PendingSearchParts restore_search_parts(const SiteContents&, const std::filesystem::path&, reuse::OutputReuse*);
    std::array<std::vector<const Document*>, kSearchIndexParts> documents_;
    std::vector<std::size_t> parts_;  // ascending
};

// Without `reuse`, every part is left to write.
PendingSearchParts restore_search_parts(const SiteContents& site, const std::filesystem::path& site_dir,
                                        reuse::OutputReuse* reuse);

// What the sites' index needs prepared: each document once (docs.js and
// the key shards hold every document, the parts left their own).
std::vector<const Document*> documents_to_index(const std::vector<PendingSearchParts>& sites);

// `corpus` keeps each document's preparation for the next site of the
// build; `reuse` (when given) keeps the parts written for later builds.
void write_search_index(const std::filesystem::path& site_dir, const PendingSearchParts& pending,
                        SearchCorpus& corpus, reuse::OutputReuse* reuse);

}  // namespace tebiki::search
