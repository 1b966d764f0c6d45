#pragma once
// The catalog: every document of the content set with its validated
// metadata, outline and resolved links, plus the diagnostics found on the
// way. Built once from a source snapshot; immutable afterwards, read by every
// renderer.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "document/content_config.h"
#include "document/date.h"
#include "document/diagnostic.h"
#include "document/markdown.h"
#include "document/metadata.h"
#include "document/revision_history.h"
#include "source/content_source.h"

namespace tebiki {

inline constexpr std::string_view kContentConfigFile = "tebiki.yml";

struct Document {
    std::string path;          // relative to the content root: procedures/restore.md
    std::string display_path;  // from the repository root: content/procedures/restore.md
    std::string blob_id;
    DocumentMetadata meta;
    std::string front_matter;  // the file's bytes before the body: the fences and the YAML between
    // The file's bytes, which the body is a view of: a reading of the file
    // kept in the build cache need not carry the body, and one taken from
    // it reads the body only if a page must be made again.
    std::shared_ptr<const source::FileBytes> file_bytes;
    int body_first_line = 1;
    MarkdownOutline outline;
    std::vector<DocumentRevision> history;  // newest first; empty unless asked for

    // Markdown after the front matter.
    std::string_view body() const;
    // The version of the newest committed revision ("1.2"), or "".
    std::string version() const;
    bool is_for(std::string_view audience_key) const;
    const Heading* find_heading(std::string_view id) const;
};

enum class ReviewState { None, Current, DueSoon, Overdue };

// Where a link in a document leads.
struct LinkTarget {
    enum class Kind { External, SameDocument, Document, Asset, Broken };
    Kind kind = Kind::Broken;
    const Document* document = nullptr;  // Kind::Document (and SameDocument)
    std::string fragment;                // canonical heading id, or empty
    std::string asset_path;              // Kind::Asset: content-relative path
    std::string problem;                 // Kind::Broken: what is wrong, for the diagnostic
    std::string missing_path;            // Kind::Broken: the content path that does not exist, if that is why
    std::string advice;                  // resolved, but better written otherwise: for a warning
};

namespace reuse {
class CatalogMemo;  // reuse/catalog_memo.h
}

struct CatalogOptions {
    // The day against which review dates are judged. Publishing uses the
    // commit's date so that the same commit gives the same output; `check`
    // uses today.
    Date as_of;
    // Read each document's revision history from git (costs a walk of the
    // history; `check` does without).
    bool with_history = false;
    // What the previous build of the same content can lend this one (`tebiki
    // serve`); none: everything is read afresh.
    reuse::CatalogMemo* memo = nullptr;
};

class Catalog {
public:
    Catalog() = default;
    // Resolved links point into the catalog's own documents: a move keeps
    // them where they are, a copy would not.
    Catalog(Catalog&&) = default;
    Catalog& operator=(Catalog&&) = default;
    Catalog(const Catalog&) = delete;
    Catalog& operator=(const Catalog&) = delete;

    const ContentConfig& config() const { return config_; }
    const source::SourceSnapshot& source() const { return source_; }
    const std::vector<Document>& documents() const { return documents_; }  // sorted by id
    const Diagnostics& diagnostics() const { return diagnostics_; }
    Date as_of() const { return as_of_; }
    // False when tebiki.yml is missing or has errors: the documents were
    // then not read, since every check of theirs would be judged against
    // settings that are not there.
    bool config_loaded() const { return config_loaded_; }

    const Document* find_by_id(std::string_view id) const;
    const Document* find_by_path(std::string_view content_path) const;
    std::vector<const Document*> documents_for(std::string_view audience_key) const;

    // Where `url`, written in `from`, leads. The catalog resolves every link
    // of its documents once when it is built; pages, keys and PDFs of every
    // site then look them up.
    LinkTarget resolve_link(const Document& from, std::string_view url) const;
    ReviewState review_state(const Document& doc) const;
    // The place of `doc` in documents(), or none when it is not one of them.
    std::optional<std::size_t> index_of(const Document& doc) const;

    friend Catalog build_catalog(source::SourceSnapshot snapshot, const CatalogOptions& options);

private:
    LinkTarget resolve_link_afresh(const Document& from, std::string_view url) const;
    const Document* page_named_in_another_tools_style(const std::string& written, const std::string& resolved,
                                                     LinkTarget& target) const;
    const LinkTarget* resolved_link(const Document& from, std::string_view url) const;
    void resolve_every_link();
    void explain_moved_targets();

    source::SourceSnapshot source_;
    ContentConfig config_;
    std::vector<Document> documents_;
    // Each document's outline links' targets, in the same order.
    std::vector<std::vector<LinkTarget>> link_targets_;
    std::map<std::string, std::size_t, std::less<>> by_path_;
    Diagnostics diagnostics_;
    bool config_loaded_ = true;
    Date as_of_;
};

Catalog build_catalog(source::SourceSnapshot snapshot, const CatalogOptions& options);

// True when a URL names a scheme (https:, mailto:) or is protocol-relative.
bool is_external_url(std::string_view url);

}  // namespace tebiki
