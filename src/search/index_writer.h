#pragma once
// The search renderer: writes <site>/search/index.js and its part scripts
// for one audience (docs/search.md), in two steps, so that a build prepares
// only the documents of the parts it must write:
//
//   1. restore_search_parts() puts in place each part script an earlier
//      build made from the same documents, and says which parts are left;
//   2. the build prepares those parts' documents (SearchCorpus::prepare);
//   3. write_search_index() writes index.js and the parts left, and
//      docs.js and the key shards from every part's share of them
//      (search_index.h, PartIndexShare): the restored parts' shares kept
//      by an earlier build, the others' made now.
//
// A part's scripts and share hold its own documents, so an edit prepares
// only the edited document's part.

#include <array>
#include <filesystem>
#include <optional>
#include <vector>

#include "document/site_contents.h"
#include "reuse/output_reuse.h"
#include "search/search_index.h"

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
    // A restored part's share of docs.js and the key shards; none for a part left.
    const std::optional<PartIndexShare>& share_of(std::size_t part) const { return shares_[part]; }

private:
    friend PendingSearchParts restore_search_parts(const SiteContents&, const std::filesystem::path&, reuse::OutputReuse*);
    std::array<std::vector<const Document*>, kSearchIndexParts> documents_;
    std::array<std::optional<PartIndexShare>, kSearchIndexParts> shares_;
    std::vector<std::size_t> parts_;  // ascending
};

// Without `reuse`, every part is left to write.
PendingSearchParts restore_search_parts(const SiteContents& site, const std::filesystem::path& site_dir,
                                        reuse::OutputReuse* reuse);

// What the sites' index needs prepared: the documents of the parts left,
// each once.
std::vector<const Document*> documents_to_index(const std::vector<PendingSearchParts>& sites);

// `corpus` keeps each document's preparation for the next site of the
// build; `reuse` (when given) keeps the parts written for later builds.
void write_search_index(const std::filesystem::path& site_dir, const PendingSearchParts& pending,
                        SearchCorpus& corpus, reuse::OutputReuse* reuse);

}  // namespace tebiki::search
