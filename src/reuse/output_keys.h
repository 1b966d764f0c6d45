#pragma once
// Cache keys for the build cache (output_cache.h). A key digests every input
// an output is made from, so that equal keys mean byte-identical outputs:
//
//   site fingerprint  tebiki itself (version and executable), the theme's
//                     files, the content config, the audience, the edition,
//                     the commit (every page names it), the day reviews are
//                     judged against, and the kind of output;
//   document key      the site fingerprint, the document's digest, and
//                     whether this site carries each document it links to;
//   document digest   the document's bytes (its git blob id), its revision
//                     history and review state, and what each of its links
//                     resolves to (the target's id, title and heading id; an
//                     image's bytes), so that renaming a heading or a title
//                     in one document renews the pages that link to it. The
//                     same for every site: made once per build.
//
// Whole-site outputs (the register, the search index, manifests, bundles)
// are rebuilt every time; the binder's key digests all its documents' keys.

#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "document/catalog.h"
#include "document/site_contents.h"
#include "pdf/pdf_style.h"
#include "reuse/output_reuse.h"

namespace tebiki::reuse {

// SHA-256 over length-prefixed fields: ("ab","c") and ("a","bc") differ.
class KeyDigest {
public:
    KeyDigest();
    ~KeyDigest();
    KeyDigest(const KeyDigest&) = delete;
    KeyDigest& operator=(const KeyDigest&) = delete;

    KeyDigest& add(std::string_view field);
    KeyDigest& add(long long number);
    std::string hex();  // 64 lowercase hex digits; ends the digest

private:
    void* context_;  // EVP_MD_CTX
};

// tebiki's version and its executable's size and modification time: a
// rebuilt tebiki may render differently even under the same version.
std::string tebiki_fingerprint();
// Every file of the theme directory, by path and bytes.
std::string directory_fingerprint(const std::filesystem::path& dir);

// What every output of a kind depends on beyond the content: tebiki, the
// theme and, for PDFs, the font files fontconfig chose.
struct OutputEnvironments {
    std::string html;
    std::string pdf;  // empty without PDFs
};
OutputEnvironments output_environments(const std::filesystem::path& theme_directory, const pdf::PdfStyle& style,
                                       bool with_pdf);

std::string site_fingerprint(const Catalog& catalog, const SiteContents& site, std::string_view output_kind,
                             std::string_view environment);

// The document digests of a catalog's documents, made on first use (on
// every core) and shared by the keys of every site. Thread-safe.
class DocumentDigests {
public:
    explicit DocumentDigests(const Catalog& catalog) : catalog_(catalog) {}
    const Catalog& catalog() const { return catalog_; }
    // The document's digest, and the documents its links lead to, in order.
    const std::string& digest_of(const Document& doc) const;
    const std::vector<const Document*>& linked_from(const Document& doc) const;

private:
    struct Entry {
        std::string digest;
        std::vector<const Document*> linked;
    };
    const Entry& entry_of(const Document& doc) const;

    const Catalog& catalog_;
    mutable std::once_flag made_;
    mutable std::vector<Entry> entries_;  // by the document's place in the catalog
};

std::string document_key(const DocumentDigests& digests, const SiteContents& site, const Document& doc,
                         std::string_view site_fingerprint);
// The key of one output of a site: a document's, the register's (every
// document's front matter, path, review state and history, but not its body),
// the binder's (every document's key, in order), or a search part's (the
// paths and bytes of the documents in it).
std::string output_key(const DocumentDigests& digests, const SiteContents& site, const OutputItem& item,
                       std::string_view site_fingerprint);
// What the progress line counts: documents' outputs and the binder.
bool counts_as_document(const OutputItem& item);

}  // namespace tebiki::reuse
