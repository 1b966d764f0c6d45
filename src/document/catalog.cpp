#include "document/catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <limits>
#include <set>

#include "document/markdown_limits.h"
#include "foundation/parallel_for.h"
#include "reuse/catalog_memo.h"
#include "source/history.h"
#include "text/slug.h"
#include "text/unicode_form.h"
#include "text/utf8.h"

namespace tebiki {

bool Document::is_for(std::string_view audience_key) const {
    for (const auto& a : meta.audience)
        if (a == kAllStaffAudience || a == audience_key) return true;
    return false;
}

std::string_view Document::body() const {
    if (file_bytes == nullptr) return {};
    const std::string_view bytes = file_bytes->get();
    return bytes.size() >= front_matter.size() ? bytes.substr(front_matter.size()) : std::string_view();
}

std::string Document::version() const {
    for (const auto& r : history)
        if (!r.uncommitted && !r.version.empty()) return r.version;
    return {};
}

const Heading* Document::find_heading(std::string_view id) const {
    for (const auto& h : outline.headings)
        if (h.id == id) return &h;
    return nullptr;
}

bool is_external_url(std::string_view url) {
    if (url.starts_with("//")) return true;
    const auto colon = url.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    const auto scheme = url.substr(0, colon);
    return std::all_of(scheme.begin(), scheme.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
               c == '-' || c == '.';
    });
}

namespace {

namespace fs = std::filesystem;

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// cmark percent-encodes non-ASCII link destinations; file names and heading
// ids are compared decoded.
std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
            hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

bool is_markdown_path(std::string_view path) { return path.ends_with(".md") || path.ends_with(".markdown"); }

std::string line_text(std::string_view body, int line) {
    std::size_t pos = 0;
    for (int i = 1; i < line && pos != std::string_view::npos; ++i) {
        pos = body.find('\n', pos);
        if (pos != std::string_view::npos) ++pos;
    }
    if (pos == std::string_view::npos || pos > body.size()) return {};
    const std::size_t end = body.find('\n', pos);
    return std::string(body.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
}

// A position in the body (line, byte column) as a file position (line, character column).
FieldPosition file_position(const Document& doc, int body_line, int byte_column) {
    const int column = byte_column > 0
                           ? text::character_column(line_text(doc.body(), body_line), static_cast<std::size_t>(byte_column - 1))
                           : 1;
    return {doc.body_first_line + body_line - 1, column};
}

std::string decode_error_hint(std::string_view bytes) {
    if (auto encoding = text::guess_encoding_of_non_utf8(bytes)) {
        if (encoding->starts_with("UTF-16")) {
            return fmt::format("the file looks like {} (Notepad's \"Unicode\"); save it as UTF-8 (e.g. 'iconv -f "
                               "UTF-16 -t UTF-8 FILE > FILE.new' and rename)",
                               *encoding);
        }
        const std::string iconv_name = *encoding == "Shift_JIS" ? "CP932" : *encoding;
        return fmt::format("the file looks like {} (common in Japanese Windows offices); save it as UTF-8 "
                           "(e.g. 'iconv -f {} -t UTF-8 FILE > FILE.new' and rename), or choose UTF-8 in your "
                           "editor's save dialog",
                           *encoding == "Shift_JIS" ? "Shift_JIS (CP932)" : *encoding, iconv_name);
    }
    return "save the file as UTF-8";
}

// Returns false when the bytes are not UTF-8 (and says so).
bool check_utf8(const source::SourceFile& file, const std::string& display, Diagnostics& diags) {
    const auto bad = text::find_invalid_utf8(file.bytes());
    if (!bad) return true;
    diags.error(display, bad->line, bad->column, "not valid UTF-8: " + decode_error_hint(file.bytes()));
    return false;
}

}  // namespace

const Document* Catalog::find_by_id(std::string_view id) const {
    auto it = std::lower_bound(documents_.begin(), documents_.end(), id,
                               [](const Document& d, std::string_view key) { return d.meta.id < key; });
    return it != documents_.end() && it->meta.id == id ? &*it : nullptr;
}

const Document* Catalog::find_by_path(std::string_view content_path) const {
    auto it = by_path_.find(content_path);
    return it == by_path_.end() ? nullptr : &documents_[it->second];
}

std::vector<const Document*> Catalog::documents_for(std::string_view audience_key) const {
    std::vector<const Document*> out;
    for (const auto& d : documents_)
        if (d.is_for(audience_key)) out.push_back(&d);
    return out;
}

ReviewState Catalog::review_state(const Document& doc) const {
    if (!doc.meta.review_by || doc.meta.status == Status::Obsolete) return ReviewState::None;
    const long days_left = doc.meta.review_by->days_since_epoch() - as_of_.days_since_epoch();
    if (days_left < 0) return ReviewState::Overdue;
    if (days_left <= config_.review_warning_days) return ReviewState::DueSoon;
    return ReviewState::Current;
}

LinkTarget Catalog::resolve_link(const Document& from, std::string_view url) const {
    if (const LinkTarget* resolved = resolved_link(from, url)) return *resolved;
    return resolve_link_afresh(from, url);
}

std::optional<std::size_t> Catalog::index_of(const Document& doc) const {
    // std::less orders any two pointers; `<` only those into one array.
    const std::less<const Document*> before;
    const Document* first = documents_.data();
    if (before(&doc, first) || !before(&doc, first + documents_.size())) return std::nullopt;
    return static_cast<std::size_t>(&doc - first);
}

const LinkTarget* Catalog::resolved_link(const Document& from, std::string_view url) const {
    const auto index = index_of(from);
    if (!index || *index >= link_targets_.size()) return nullptr;  // another catalog's, or not resolved yet
    const auto& links = from.outline.links;
    for (std::size_t i = 0; i < links.size(); ++i)
        if (links[i].url == url) return &link_targets_[*index][i];
    return nullptr;
}

void Catalog::resolve_every_link() {
    std::vector<std::vector<LinkTarget>> targets(documents_.size());
    parallel_for(documents_.size(), [&](std::size_t d) {
        for (const auto& link : documents_[d].outline.links)
            targets[d].push_back(resolve_link_afresh(documents_[d], link.url));
    });
    link_targets_ = std::move(targets);
    explain_moved_targets();
}

// A link to a document's old path: git knows where the file went, so the
// diagnostic can say. The history is read only when such a link exists.
void Catalog::explain_moved_targets() {
    bool any_missing = false;
    for (const auto& targets : link_targets_)
        for (const auto& t : targets)
            any_missing |= t.kind == LinkTarget::Kind::Broken && is_markdown_path(t.missing_path);
    if (!any_missing || source_.commit.id.empty()) return;
    std::map<std::string, std::pair<std::string, std::string>> moved;  // old path → (path now, commit)
    const auto walked = source::read_histories(source_, is_markdown_path, document_facts);
    for (const auto& [now, revisions] : walked.histories)
        for (const auto& r : revisions)
            if (!r.previous_path.empty()) moved.emplace(r.previous_path, std::make_pair(now, r.commit.short_id));
    for (std::size_t d = 0; d < documents_.size(); ++d) {
        for (auto& t : link_targets_[d]) {
            const auto it = t.kind == LinkTarget::Kind::Broken ? moved.find(t.missing_path) : moved.end();
            if (it == moved.end() || find_by_path(it->second.first) == nullptr) continue;
            const auto here = fs::path(documents_[d].path).parent_path();
            const auto relative = fs::path(it->second.first).lexically_relative(here).generic_string();
            t.problem += fmt::format("; it was moved to {} in commit {}: link to '{}', or by id ('{}')",
                                     source_.display_path(it->second.first), it->second.second, relative,
                                     find_by_path(it->second.first)->meta.id);
        }
    }
}

// mdBook, GitBook and Sphinx writers link the page a document becomes
// (chapter.html); where no such file exists and chapter.md is a document,
// the link means that document, and `target` gets advice to say so.
const Document* Catalog::page_named_in_another_tools_style(const std::string& written, const std::string& resolved,
                                                          LinkTarget& target) const {
    if (!resolved.ends_with(".html") || source_.find(resolved) != nullptr) return nullptr;
    const std::string markdown = resolved.substr(0, resolved.size() - 5) + ".md";
    const Document* document = find_by_path(markdown);
    if (document == nullptr) return nullptr;
    const std::string suggested = written.substr(0, written.size() - 5) + ".md";
    target.advice = fmt::format("'{}' is taken to mean {} ({}); link the Markdown file, '{}', as tebiki does",
                                written, document->meta.id, document->display_path, suggested);
    return document;
}

namespace {

// A file whose name is `path` in another Unicode normalisation form: the
// link was typed composed and the file saved decomposed, or the other way.
const source::SourceFile* file_in_other_unicode_form(const source::SourceSnapshot& source, const std::string& path) {
    const std::string wanted = text::nfc_form(path);
    for (const auto& file : source.files)
        if (file.path != path && text::nfc_form(file.path) == wanted) return &file;
    return nullptr;
}

}  // namespace

LinkTarget Catalog::resolve_link_afresh(const Document& from, std::string_view url) const {
    LinkTarget target;
    if (url.empty()) {
        target.problem = "empty link destination";
        return target;
    }
    if (is_external_url(url)) {
        target.kind = LinkTarget::Kind::External;
        return target;
    }
    const auto hash = url.find('#');
    std::string path_part = percent_decode(url.substr(0, hash));
    const std::string fragment = hash == std::string_view::npos ? "" : percent_decode(url.substr(hash + 1));
    if (auto q = path_part.find('?'); q != std::string::npos) path_part.erase(q);

    const Document* document = &from;
    if (!path_part.empty()) {
        const fs::path joined = path_part.starts_with('/') ? fs::path(path_part.substr(1))
                                                          : fs::path(from.path).parent_path() / path_part;
        const std::string resolved = joined.lexically_normal().generic_string();
        if (resolved.empty() || resolved.starts_with("..")) {
            target.problem = fmt::format("'{}' points outside the content root", path_part);
            return target;
        }
        document = find_by_path(resolved);
        if (document == nullptr) document = page_named_in_another_tools_style(path_part, resolved, target);
        // Else a link by id ("PRC-010", "PRC-010#steps") holds wherever the file moves.
        if (document == nullptr && source_.find(resolved) == nullptr && is_valid_document_id(path_part))
            document = find_by_id(path_part);
        if (document == nullptr) {
            if (source_.find(resolved) != nullptr && !is_markdown_path(resolved) && !text::is_nfc(resolved)) {
                // A bundle cannot carry it: zip readers compose the names they read.
                target.problem = fmt::format(
                    "the file name {} is not in Unicode NFC (decomposed, as some Mac tools write it) and cannot "
                    "be published; rename the file to its NFC form '{}' (e.g. git mv) and write the link so",
                    source_.display_path(resolved), text::nfc_form(resolved));
            } else if (source_.find(resolved) != nullptr && !is_markdown_path(resolved)) {
                target.kind = LinkTarget::Kind::Asset;
                target.asset_path = resolved;
            } else if (source_.find(resolved) != nullptr) {
                target.problem = fmt::format("'{}' is not a valid document (see its own errors)", path_part);
            } else if (const source::SourceFile* other_form = file_in_other_unicode_form(source_, resolved)) {
                target.problem = fmt::format(
                    "'{}' does not exist as written: {} has the same name in another Unicode form (NFC and "
                    "decomposed NFD differ in bytes); rename the file to the NFC form '{}' and write the link so",
                    path_part, source_.display_path(other_form->path), text::nfc_form(resolved));
            } else {
                target.problem = fmt::format("'{}' does not exist (looked for {})", path_part,
                                             source_.display_path(resolved));
                target.missing_path = resolved;
            }
            return target;
        }
    }
    target.kind = document == &from ? LinkTarget::Kind::SameDocument : LinkTarget::Kind::Document;
    target.document = document;
    if (fragment.empty()) return target;
    // Accept the heading id itself, or the heading's text as a writer would
    // type it. The id is tried first: most links carry it, and making a slug
    // costs an ICU normalisation.
    if (document->find_heading(fragment) != nullptr) {
        target.fragment = fragment;
        return target;
    }
    if (std::string slug = text::heading_slug(fragment); document->find_heading(slug) != nullptr) {
        target.fragment = std::move(slug);
        return target;
    }
    std::string known;
    for (std::size_t i = 0; i < document->outline.headings.size() && i < 8; ++i)
        known += (i ? ", " : "") + document->outline.headings[i].id;
    target.kind = LinkTarget::Kind::Broken;
    target.problem = fmt::format("{} ({}) has no heading with id '{}'{}", document->meta.id, document->display_path,
                                 fragment, known.empty() ? "" : "; its heading ids are: " + known);
    return target;
}

namespace {

std::optional<Document> read_document(const source::SourceFile& file, const source::SourceSnapshot& snapshot,
                                      const ContentConfig& config, Diagnostics& diags) {
    const std::string display = snapshot.display_path(file.path);
    if (!check_utf8(file, display, diags)) return std::nullopt;
    const std::string_view bytes = file.bytes();
    const SplitDocument split = split_front_matter(bytes);
    if (!split.has_front_matter) {
        diags.error(display, 1, 1,
                    "missing front matter: start the file with a '---' line, then 'id', 'title', 'status', "
                    "'owner' and 'effective', then another '---' line");
        return std::nullopt;
    }
    if (split.closing_line == 0) {
        diags.error(display, 1, 1, "front matter is not closed: add a '---' line after the last 'key: value' line");
        return std::nullopt;
    }
    Document doc;
    doc.path = file.path;
    doc.display_path = display;
    doc.blob_id = file.blob_id;
    doc.meta = parse_metadata(split.front_matter, 2, config, display, diags);
    if (doc.meta.id.empty()) return std::nullopt;
    doc.front_matter = std::string(bytes.substr(0, bytes.size() - split.body.size()));
    doc.file_bytes = file.content;
    doc.body_first_line = split.body_first_line;
    // The shape limits first: past them, neither cmark-gfm's table parser
    // nor the outline nor any renderer would finish in good time.
    const auto refuse = [&](const MarkdownLimitBreach& breach) {
        const auto pos = file_position(doc, breach.line, breach.column);
        diags.error(display, pos.line, pos.column, breach.message);
        return std::nullopt;
    };
    if (auto breach = find_too_wide_table(doc.body())) return refuse(*breach);
    MarkdownTree tree = MarkdownTree::parse(doc.body());
    if (auto breach = find_too_deep_nesting(tree.root())) return refuse(*breach);
    doc.outline = tree.extract_outline();
    return doc;
}

// Reading a document depends on its bytes, its path (and so the content
// root, which its diagnostics name) and the content config.
std::string memo_key(const source::SourceFile& file, const source::SourceSnapshot& snapshot) {
    const auto* config = snapshot.find(kContentConfigFile);
    return snapshot.content_prefix + '\n' + file.path + '\n' + file.blob_id + '\n' +
           (config != nullptr ? config->blob_id : "");
}

reuse::CatalogMemo::ReadFile read_file(const source::SourceFile& file, const source::SourceSnapshot& snapshot,
                               const ContentConfig& config) {
    reuse::CatalogMemo::ReadFile out;
    if (auto doc = read_document(file, snapshot, config, out.diagnostics))
        out.document = std::make_shared<const Document>(std::move(*doc));
    return out;
}

// Every Markdown file read, in the snapshot's order: those the memo holds
// from it, the others taken from its store or parsed, on every core.
std::vector<reuse::CatalogMemo::ReadFile> read_markdown_files(const source::SourceSnapshot& src, const ContentConfig& config,
                                                       reuse::CatalogMemo* memo) {
    std::vector<const source::SourceFile*> files;
    for (const auto& file : src.files)
        if (is_markdown_path(file.path)) files.push_back(&file);
    std::vector<reuse::CatalogMemo::ReadFile> read(files.size());
    std::vector<std::string> keys(files.size());
    std::vector<std::size_t> to_read;
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (memo == nullptr) {
            to_read.push_back(i);
            continue;
        }
        keys[i] = memo_key(*files[i], src);
        if (const reuse::CatalogMemo::ReadFile* kept = memo->find(keys[i])) read[i] = *kept;
        else to_read.push_back(i);
    }
    const reuse::ReadFileStore* store = memo != nullptr ? memo->store() : nullptr;
    parallel_for(to_read.size(), [&](std::size_t n) {
        const std::size_t i = to_read[n];
        std::optional<reuse::CatalogMemo::ReadFile> stored = store != nullptr ? store->load(keys[i]) : std::nullopt;
        if (stored) {
            read[i] = std::move(*stored);
            return;
        }
        read[i] = read_file(*files[i], src, config);
        if (store != nullptr) store->save(keys[i], read[i]);
    });
    if (memo != nullptr)
        for (const std::size_t i : to_read) memo->keep(keys[i], read[i]);
    return read;
}

// When each of `paths` first appeared in the history: the commit time of
// its oldest revision, or none for a file not yet committed.
std::map<std::string, long long> first_commit_times(const source::SourceSnapshot& src,
                                                    const std::set<std::string>& paths) {
    const auto wanted = [&](std::string_view path) { return paths.count(std::string(path)) != 0; };
    const auto walked = source::read_histories(src, wanted, document_facts);
    std::map<std::string, long long> times;
    for (const auto& path : paths) {
        const auto it = walked.histories.find(path);
        const bool committed = it != walked.histories.end() && !it->second.empty();
        times[path] = committed ? it->second.back().commit.time : std::numeric_limits<long long>::max();
    }
    return times;
}

// Two files with one id: the document that had it first keeps it, and the
// error is the newer file's, which introduced the clash. (Rare: the history
// is read for the clashing files only.)
void check_duplicate_ids(const std::vector<Document>& docs, const source::SourceSnapshot& src, Diagnostics& diags) {
    std::vector<std::pair<std::size_t, std::size_t>> groups;  // [first, last) of each run of one id
    std::set<std::string> clashing;
    for (std::size_t i = 0, j; i < docs.size(); i = j) {
        for (j = i + 1; j < docs.size() && docs[j].meta.id == docs[i].meta.id;) ++j;
        if (j - i < 2) continue;
        groups.emplace_back(i, j);
        for (std::size_t k = i; k < j; ++k) clashing.insert(docs[k].path);
    }
    if (groups.empty()) return;
    const auto since = first_commit_times(src, clashing);
    for (const auto& [first, last] : groups) {
        std::size_t established = first;
        for (std::size_t k = first + 1; k < last; ++k)
            if (since.at(docs[k].path) < since.at(docs[established].path)) established = k;
        const Document& owner = docs[established];
        const auto owner_pos = owner.meta.position_of("id");
        for (std::size_t k = first; k < last; ++k) {
            if (k == established) continue;
            const auto pos = docs[k].meta.position_of("id");
            diags.error(docs[k].display_path, pos.line, pos.column,
                        fmt::format("duplicate id '{}': already used by {}:{}:{}, which had it first; give this "
                                    "document an id of its own",
                                    docs[k].meta.id, owner.display_path, owner_pos.line, owner_pos.column));
        }
    }
}

void check_links(const Catalog& catalog, const Document& doc, Diagnostics& diags) {
    for (const auto& link : doc.outline.links) {
        const LinkTarget target = catalog.resolve_link(doc, link.url);
        std::string problem;
        if (target.kind == LinkTarget::Kind::Broken) {
            problem = fmt::format("{} '{}': {}", link.is_image ? "image" : "link", link.url, target.problem);
        } else if (link.is_image && target.kind != LinkTarget::Kind::Asset &&
                   target.kind != LinkTarget::Kind::External) {
            problem = fmt::format("image '{}' is not an image file", link.url);
        } else if (link.is_image && target.kind == LinkTarget::Kind::External) {
            problem = fmt::format("image '{}' is outside the bundle: terminals may have no network; put the "
                                  "image under the content root and link it by a relative path",
                                  link.url);
        }
        if (problem.empty() && !target.advice.empty()) {
            const auto pos = file_position(doc, link.line, link.column);
            diags.warning(doc.display_path, pos.line, pos.column, fmt::format("link '{}': {}", link.url, target.advice));
        }
        if (problem.empty()) continue;
        // Found only for a problem: it scans the body's lines.
        const auto pos = file_position(doc, link.line, link.column);
        diags.error(doc.display_path, pos.line, pos.column, problem);
    }
}

void check_document(const Catalog& catalog, const Document& doc, Diagnostics& diags) {
    check_links(catalog, doc, diags);
    if (!catalog.config().allow_raw_html) {
        for (int line : doc.outline.raw_html_lines) {
            diags.warning(doc.display_path, doc.body_first_line + line - 1, 1,
                          "raw HTML is left out of the output (allow_raw_html is false in tebiki.yml); use "
                          "Markdown instead");
        }
    }
    const ReviewState review = catalog.review_state(doc);
    if (review == ReviewState::Overdue || review == ReviewState::DueSoon) {
        const auto pos = doc.meta.position_of(doc.meta.positions.count("review_by") ? "review_by" : "review_months");
        const long days = catalog.as_of().days_since_epoch() - doc.meta.review_by->days_since_epoch();
        diags.warning(doc.display_path, pos.line, pos.column,
                      review == ReviewState::Overdue
                          ? fmt::format("review was due on {} ({} days ago): review the document and set a new "
                                        "'review_by'",
                                        doc.meta.review_by->iso(), days)
                          : fmt::format("review is due on {} (in {} days): plan the review with the owner ({})",
                                        doc.meta.review_by->iso(), -days, doc.meta.owner));
    }
    if (doc.meta.status == Status::Approved && !doc.meta.review_by) {
        const auto pos = doc.meta.position_of("status");
        diags.warning(doc.display_path, pos.line, pos.column,
                      "approved document has no review date: add 'review_by: YYYY-MM-DD' or 'review_months: 12'");
    }
}

// The histories depend on the commit, the content root and which documents
// there are: the key names all three. The last walk of the content root
// is kept besides, for the walk after the next commit to stop at.
source::FileHistories read_histories(const source::SourceSnapshot& src, reuse::CatalogMemo* memo) {
    const auto walk = [&](const source::WalkedHistories* earlier) {
        return source::read_histories(src, is_markdown_path, document_facts, earlier);
    };
    if (memo == nullptr) return walk(nullptr).histories;
    std::string key = src.commit.id + '\n' + src.content_prefix;
    for (const auto& file : src.files)
        if (is_markdown_path(file.path)) key += '\n' + file.path;
    return memo->histories(key, "latest\n" + src.content_prefix, walk);
}

// A Change-type the numbering cannot read is an error: the version it
// would give is a guess.
void check_change_types(const Document& doc, Diagnostics& diags) {
    for (const auto& r : doc.history) {
        if (is_known_change_type(r.change_type)) continue;
        diags.error(doc.display_path, 0, 0,
                    fmt::format("commit {} ('{}') has 'Change-type: {}': it must be 'major' or 'minor', or absent "
                                "for minor; correct the commit message (git commit --amend, if it is the last "
                                "commit and not yet shared)",
                                r.short_id, r.summary, r.change_type));
    }
}

void attach_histories(std::vector<Document>& docs, const source::SourceSnapshot& src, Date today,
                      reuse::CatalogMemo* memo, Diagnostics& diags) {
    const auto histories = read_histories(src, memo);
    for (auto& doc : docs) {
        if (auto it = histories.find(doc.path); it != histories.end()) doc.history = number_revisions(it->second);
        check_change_types(doc, diags);
        const auto* file = src.find(doc.path);
        if (src.from_worktree && file != nullptr && file->uncommitted)
            doc.history.insert(doc.history.begin(), uncommitted_revision(doc.path, today));
    }
}

}  // namespace

Catalog build_catalog(source::SourceSnapshot snapshot, const CatalogOptions& options) {
    Catalog catalog;
    catalog.source_ = std::move(snapshot);
    catalog.as_of_ = options.as_of;
    const auto& src = catalog.source_;
    Diagnostics& diags = catalog.diagnostics_;

    const std::string config_display = src.display_path(kContentConfigFile);
    if (const auto* config_file = src.find(kContentConfigFile)) {
        if (check_utf8(*config_file, config_display, diags))
            catalog.config_ = parse_content_config(config_file->bytes(), config_display, diags);
    } else {
        diags.error(config_display, 0, 0,
                    "content config not found: create it with 'organisation', 'site_title' and 'audiences' "
                    "(see README.md)");
    }
    // One cause, said once: a config that failed to load would make every
    // document's audiences and dates look wrong.
    if (diags.has_errors()) {
        catalog.config_loaded_ = false;
        return catalog;
    }

    auto read_files = read_markdown_files(src, catalog.config_, options.memo);
    std::vector<const Document*> read_documents;  // shared with the memo: copied into the catalog
    for (const auto& read : read_files) {
        diags.append(read.diagnostics);
        if (read.document) read_documents.push_back(read.document.get());
    }
    // By id; a repeated id keeps the path order, which its diagnostic names.
    // Each document is copied once, not moved about by the sort, and on
    // every core: a thousand bodies and outlines were 10 ms of a build.
    std::stable_sort(read_documents.begin(), read_documents.end(),
                     [](const Document* a, const Document* b) { return a->meta.id < b->meta.id; });
    catalog.documents_.resize(read_documents.size());
    parallel_for(read_documents.size(), [&](std::size_t i) {
        Document& doc = catalog.documents_[i];
        doc = *read_documents[i];
        // A reading from the build cache has no bytes; any reading of the
        // same path and blob may take this snapshot's.
        doc.file_bytes = src.find(doc.path)->content;
    });
    check_duplicate_ids(catalog.documents_, src, diags);
    for (std::size_t i = 0; i < catalog.documents_.size(); ++i)
        catalog.by_path_.emplace(catalog.documents_[i].path, i);
    if (options.with_history) attach_histories(catalog.documents_, src, options.as_of, options.memo, diags);
    catalog.resolve_every_link();  // the documents stay where they are from here on
    // Checked on every core, reported in the documents' order.
    std::vector<Diagnostics> checks(catalog.documents_.size());
    parallel_for(checks.size(), [&](std::size_t i) { check_document(catalog, catalog.documents_[i], checks[i]); });
    for (const Diagnostics& each : checks) diags.append(each);
    if (options.memo != nullptr) options.memo->end_build();
    return catalog;
}

}  // namespace tebiki
