#include "reuse/output_keys.h"

#include <openssl/evp.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "document/content_config.h"
#include "foundation/parallel_for.h"
#include "pdf/font_set.h"
#include "search/search_index.h"
#include "version.h"

namespace tebiki::reuse {

namespace fs = std::filesystem;

namespace {

// OpenSSL 3 looks the algorithm up by name on every EVP_sha256() init; a
// build makes thousands of keys, so it is fetched once (and kept: it is
// freed with the process).
const EVP_MD* sha256() {
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}

}  // namespace

KeyDigest::KeyDigest() : context_(EVP_MD_CTX_new()) {
    if (context_ == nullptr || sha256() == nullptr ||
        EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(context_), sha256(), nullptr) != 1)
        throw std::runtime_error("cannot start a SHA-256 digest");
}

KeyDigest::~KeyDigest() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(context_)); }

KeyDigest& KeyDigest::add(std::string_view field) {
    const std::string length = std::to_string(field.size()) + ":";
    auto* ctx = static_cast<EVP_MD_CTX*>(context_);
    EVP_DigestUpdate(ctx, length.data(), length.size());
    EVP_DigestUpdate(ctx, field.data(), field.size());
    return *this;
}

KeyDigest& KeyDigest::add(long long number) { return add(std::to_string(number)); }

std::string KeyDigest::hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(context_), digest, &size);
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < size; ++i) {
        out += kDigits[digest[i] >> 4];
        out += kDigits[digest[i] & 0xf];
    }
    return out;
}

std::string tebiki_fingerprint() {
    KeyDigest digest;
    digest.add(kVersion);
    struct stat info {};
    if (stat("/proc/self/exe", &info) == 0) {
        digest.add(static_cast<long long>(info.st_size));
        digest.add(static_cast<long long>(info.st_mtim.tv_sec));
        digest.add(static_cast<long long>(info.st_mtim.tv_nsec));
    }
    return digest.hex();
}

std::string directory_fingerprint(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    KeyDigest digest;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        digest.add(fs::relative(file, dir).generic_string()).add(bytes.str());
    }
    return digest.hex();
}

OutputEnvironments output_environments(const fs::path& theme_directory, const pdf::PdfStyle& style, bool with_pdf) {
    const std::string tebiki_and_theme = tebiki_fingerprint() + directory_fingerprint(theme_directory);
    OutputEnvironments env{tebiki_and_theme, ""};
    if (!with_pdf) return env;
    KeyDigest fonts;
    for (const std::string& family : {style.fonts.body, style.fonts.heading, style.fonts.mono}) {
        for (bool bold : {false, true}) {
            const pdf::FontLocation where = pdf::locate_font(family, bold);
            std::error_code ec;
            fonts.add(where.file.string()).add(static_cast<long long>(where.face_index));
            fonts.add(static_cast<long long>(fs::file_size(where.file, ec)));
        }
    }
    env.pdf = tebiki_and_theme + fonts.hex();
    return env;
}

std::string site_fingerprint(const Catalog& catalog, const SiteContents& site, std::string_view output_kind,
                             std::string_view environment) {
    const auto& src = catalog.source();
    KeyDigest digest;
    digest.add(output_kind).add(environment);
    const auto* config = src.find(kContentConfigFile);
    digest.add(config != nullptr ? config->bytes() : "");
    digest.add(src.content_prefix).add(src.from_worktree ? "worktree" : "revision");
    digest.add(src.commit.id).add(src.commit.time).add(src.commit.utc_offset_minutes);
    digest.add(catalog.as_of().iso());
    digest.add(site.audience.key).add(site.audience.name);
    digest.add(site.edition ? site.edition->name + " " + site.edition->date.iso() : "");
    digest.add(site.with_pdf ? "with pdf" : "no pdf");
    return digest.hex();
}

namespace {

void add_history(KeyDigest& digest, const Document& doc) {
    for (const auto& r : doc.history) {
        digest.add(r.number).add(r.version).add(r.date.iso()).add(r.author).add(r.summary).add(r.commit_id);
        digest.add(r.approved_by).add(static_cast<long long>(r.kind)).add(r.path).add(r.previous_path);
        digest.add(r.uncommitted ? 1 : 0);
    }
}

// What the links resolve to, whatever the site; `linked` gets the
// documents they lead to, whose presence each site's key adds.
void add_link_targets(KeyDigest& digest, const Catalog& catalog, const Document& doc,
                      std::vector<const Document*>& linked) {
    for (const auto& link : doc.outline.links) {
        const LinkTarget target = catalog.resolve_link(doc, link.url);
        digest.add(link.url).add(static_cast<long long>(target.kind)).add(target.fragment);
        if (target.document != nullptr) {
            const Document& to = *target.document;
            digest.add(to.meta.id).add(to.meta.title);
            linked.push_back(&to);
        }
        if (!target.asset_path.empty()) {
            const auto* asset = catalog.source().find(target.asset_path);
            digest.add(target.asset_path).add(asset != nullptr ? asset->blob_id : "");
        }
    }
}

}  // namespace

const DocumentDigests::Entry& DocumentDigests::entry_of(const Document& doc) const {
    const auto& documents = catalog_.documents();
    std::call_once(made_, [&] {
        entries_.resize(documents.size());
        parallel_for(documents.size(), [&](std::size_t i) {
            const Document& each = documents[i];
            KeyDigest digest;
            digest.add(each.path).add(each.blob_id);
            digest.add(static_cast<long long>(catalog_.review_state(each)));
            add_history(digest, each);
            add_link_targets(digest, catalog_, each, entries_[i].linked);
            entries_[i].digest = digest.hex();
        });
    });
    const auto index = catalog_.index_of(doc);
    if (!index) throw std::logic_error("a document key asked of a document of another catalog");
    return entries_[*index];
}

const std::string& DocumentDigests::digest_of(const Document& doc) const { return entry_of(doc).digest; }

const std::vector<const Document*>& DocumentDigests::linked_from(const Document& doc) const {
    return entry_of(doc).linked;
}

std::string document_key(const DocumentDigests& digests, const SiteContents& site, const Document& doc,
                         std::string_view site_fingerprint) {
    KeyDigest digest;
    digest.add(site_fingerprint).add(digests.digest_of(doc));
    for (const Document* linked : digests.linked_from(doc)) digest.add(site.contains(*linked) ? "in site" : "not in site");
    return digest.hex();
}

namespace {

std::string register_key(const Catalog& catalog, const SiteContents& site, std::string_view site_fingerprint) {
    KeyDigest digest;
    digest.add(site_fingerprint).add("register");
    for (const Document* doc : site.documents) {
        digest.add(doc->display_path).add(doc->front_matter);
        digest.add(static_cast<long long>(catalog.review_state(*doc)));
        add_history(digest, *doc);
    }
    return digest.hex();
}

// A part's script (its match, readings or text script: `item` is the part
// plus kSearchIndexParts times the file, search/index_writer.cpp) holds the
// site's documents whose ids hash to the part (search/search_index.h),
// which the documents' bytes alone decide.
// A part's share of docs.js and the key shards (Kind::SearchShare, `item`
// the part) depends on the same documents.
std::string search_part_key(const SiteContents& site, std::size_t item, std::string_view site_fingerprint,
                            std::string_view what = "search part") {
    const std::size_t part = item % kSearchIndexParts;
    KeyDigest digest;
    digest.add(site_fingerprint).add(what).add(static_cast<long long>(item));
    for (const Document* doc : site.documents)
        if (search::search_part_of(doc->meta.id) == part) digest.add(doc->path).add(doc->blob_id);
    return digest.hex();
}

}  // namespace

std::string output_key(const DocumentDigests& digests, const SiteContents& site, const OutputItem& item,
                       std::string_view site_fingerprint) {
    switch (item.kind) {
        case OutputItem::Kind::Document:
            return document_key(digests, site, *item.document, site_fingerprint);
        case OutputItem::Kind::Register:
            return register_key(digests.catalog(), site, site_fingerprint);
        case OutputItem::Kind::SearchPart:
            return search_part_key(site, item.part, site_fingerprint);
        case OutputItem::Kind::SearchShare:
            return search_part_key(site, item.part, site_fingerprint, "search share");
        case OutputItem::Kind::SearchIndexFile: {
            KeyDigest digest;
            digest.add(site_fingerprint).add("search index file").add(static_cast<long long>(item.part));
            return digest.add(item.content).hex();
        }
        case OutputItem::Kind::Binder:
            break;
    }
    KeyDigest digest;
    digest.add(site_fingerprint).add("binder");
    for (const Document* each : site.documents) digest.add(document_key(digests, site, *each, site_fingerprint));
    return digest.hex();
}

bool counts_as_document(const OutputItem& item) {
    return item.kind == OutputItem::Kind::Document || item.kind == OutputItem::Kind::Binder;
}

}  // namespace tebiki::reuse
