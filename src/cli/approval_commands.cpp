// A controller's two commands: approve documents (front matter and a commit
// with its trailers) and tag an edition, each only when the approval policy
// passes, each saying what it did and how to undo it.

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "document/front_matter_edit.h"
#include "source/history.h"
#include "source/repository_state.h"
#include "source/repository_writes.h"

namespace tebiki::cli {

bool fnmatch_tag(const std::string& tag, const std::string& pattern);

namespace {

namespace fs = std::filesystem;

std::optional<Date> date_option(const std::string& text, const char* name, bool& bad) {
    if (text.empty()) return std::nullopt;
    auto date = Date::parse_iso(text);
    if (!date) {
        std::cerr << "tebiki: error: " << name << " must be a date like 2026-04-01\n";
        bad = true;
    }
    return date;
}

// The front matter an approval writes into one document.
FrontMatterEdit approval_edit(const Document& doc, const ApproveOptions& o, const std::optional<Date>& effective,
                              const std::optional<Date>& review_by) {
    FrontMatterEdit edit;
    edit.set = {{"status", "approved"}, {"approver", o.by}};
    if (effective) edit.set.emplace_back("effective", effective->iso());
    else if (!doc.meta.effective) edit.set.emplace_back("effective", Date::today().iso());
    if (review_by) {
        edit.set.emplace_back("review_by", review_by->iso());
        edit.remove.push_back("review_months");
    } else if (o.review_months > 0) {
        edit.set.emplace_back("review_months", std::to_string(o.review_months));
        edit.remove.push_back("review_by");
    }
    return edit;
}

std::string read_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void write_bytes(const fs::path& file, const std::string& bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

// The files an approval rewrites, kept as they were until it is committed.
class ApprovalFiles {
public:
    explicit ApprovalFiles(fs::path root) : root_(std::move(root)) {}
    ~ApprovalFiles() {
        if (!committed_) restore();
    }
    void rewrite(const std::string& repo_path, const std::string& bytes) {
        originals_.emplace(repo_path, read_bytes(root_ / repo_path));
        write_bytes(root_ / repo_path, bytes);
    }
    void restore() {
        for (const auto& [path, bytes] : originals_) write_bytes(root_ / path, bytes);
        originals_.clear();
    }
    void keep() { committed_ = true; }
    std::vector<std::string> paths() const {
        std::vector<std::string> out;
        for (const auto& [path, bytes] : originals_) out.push_back(path);
        return out;
    }

private:
    fs::path root_;
    std::map<std::string, std::string> originals_;
    bool committed_ = false;
};

// Refuses documents with uncommitted edits (an approval approves what was
// committed and reviewed) and a staged index (the commit would take it along).
int refuse_unclean(const ApproveOptions& o, const std::vector<const Document*>& docs) {
    const auto dirty = source::uncommitted_paths(o.content_dir);
    for (const Document* doc : docs) {
        if (std::find(dirty.begin(), dirty.end(), doc->display_path) == dirty.end()) continue;
        std::cerr << "tebiki: approval refused: " << doc->display_path
                  << " has uncommitted changes; commit them for review first: an approval approves committed text\n";
        return kExitContentErrors;
    }
    if (source::has_staged_changes(o.content_dir)) {
        std::cerr << "tebiki: approval refused: the index has staged changes that the approval commit would take "
                     "along; commit or unstage them first (git restore --staged PATH)\n";
        return kExitContentErrors;
    }
    return kExitSuccess;
}

std::string approval_message(const std::vector<const Document*>& docs, const ApproveOptions& o) {
    std::string ids, titles;
    for (const Document* d : docs) {
        ids += (ids.empty() ? "" : " ") + d->meta.id;
        titles += fmt::format("- {} {}\n", d->meta.id, d->meta.title);
    }
    return fmt::format("承認: {}\n\n{}\nApproved-by: {}\nChange-type: {}\n", ids, titles, o.by,
                       o.major ? "major" : "minor");
}

// Only the approved documents' own problems stop their approval.
Diagnostics problems_of(const Diagnostics& all, const std::vector<const Document*>& docs) {
    Diagnostics out;
    for (const auto& d : all.items())
        if (std::any_of(docs.begin(), docs.end(), [&](const Document* doc) { return doc->display_path == d.file; }))
            out.add(d);
    return out;
}

}  // namespace

int run_approve(const ApproveOptions& o) {
    bool bad = false;
    const auto effective = date_option(o.effective, "--effective", bad);
    const auto review_by = date_option(o.review_by, "--review-by", bad);
    if (o.review_months < 0) {
        std::cerr << "tebiki: error: --review-months must be a positive number of months\n";
        bad = true;
    }
    if (bad) return kExitUsage;
    try {
        const Catalog current =
            build_catalog(source::read_worktree(o.content_dir), CatalogOptions{Date::today(), false});
        std::vector<const Document*> docs;
        for (const auto& id : o.ids) {
            const Document* doc = current.find_by_id(id);
            if (doc == nullptr) {
                std::cerr << "tebiki: error: no document with id '" << id << "'\n";
                return kExitUsage;
            }
            docs.push_back(doc);
        }
        if (const int refused = refuse_unclean(o, docs)) return refused;
        const fs::path root = current.source().repository_root;
        ApprovalFiles files(root);
        for (const Document* doc : docs)
            files.rewrite(doc->display_path,
                          edit_front_matter(read_bytes(root / doc->display_path), approval_edit(*doc, o, effective, review_by)));

        // Judged as `check --policy` would on the day the approval takes effect.
        const Catalog approved = build_catalog(source::read_worktree(o.content_dir), CatalogOptions{Date::today(), true});
        std::vector<const Document*> now;
        for (const auto& id : o.ids)
            if (const Document* doc = approved.find_by_id(id)) now.push_back(doc);
        Diagnostics found = approved.diagnostics();
        if (now.size() != o.ids.size()) {  // the edit made a document unreadable: say why, change nothing
            print_diagnostics(found, std::cerr);
            std::cerr << "tebiki: approval refused: a document no longer reads after the edit; nothing was changed\n";
            return kExitContentErrors;
        }
        const Date day = std::max(Date::today(), now.front()->meta.effective.value_or(Date::today()));
        found.append(document_control_checks(approved, Edition{"approval", day}, /*with_approval_trailers=*/false));
        const Diagnostics problems = problems_of(found, now);
        print_diagnostics(problems, std::cerr);
        if (problems.has_errors()) {
            std::cerr << fmt::format("tebiki: approval refused: {} problem{} to fix first; nothing was changed\n",
                                     problems.error_count(), problems.error_count() == 1 ? "" : "s");
            return kExitContentErrors;
        }
        const source::CommitInfo commit = source::commit_paths(o.content_dir, files.paths(), approval_message(docs, o));
        files.keep();
        const Catalog after = build_catalog(source::read_revision(o.content_dir, "HEAD"), CatalogOptions{Date::today(), true});
        for (const auto& id : o.ids) {
            const Document& d = *after.find_by_id(id);
            std::cout << fmt::format("approved {} {}: version {}, effective {}, review by {}\n", d.meta.id,
                                     d.meta.title, d.version(), d.meta.effective ? d.meta.effective->iso() : "-",
                                     d.meta.review_by ? d.meta.review_by->iso() : "-");
        }
        std::cerr << fmt::format("tebiki: committed {} (Approved-by: {}, Change-type: {}); to undo it: git revert {}\n",
                                 commit.short_id, o.by, o.major ? "major" : "minor", commit.short_id);
        return kExitSuccess;
    } catch (const source::SourceError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return exit_code_for(e);
    } catch (const std::exception& e) {
        std::cerr << "tebiki: error: " << e.what() << "; nothing was changed\n";
        return kExitEnvironment;
    }
}

int run_edition(const EditionOptions& o) {
    bool bad = false;
    const auto date = date_option(o.date, "--date", bad);
    if (bad) return kExitUsage;
    try {
        source::SourceSnapshot snapshot = source::read_revision(o.content_dir, "HEAD");
        const source::CommitInfo head = snapshot.commit;
        const Edition edition{o.name, date.value_or(Date::from_unix_time(head.time, head.utc_offset_minutes))};
        const Catalog catalog = build_catalog(std::move(snapshot), CatalogOptions{edition.date, true});
        const std::string& pattern = catalog.config().publishing.edition_tag_pattern;
        if (!fnmatch_tag(o.name, pattern)) {
            std::cerr << fmt::format("tebiki: error: '{}' is not an edition name: edition tags match '{}' "
                                     "(publishing.edition_tag_pattern in tebiki.yml)\n", o.name, pattern);
            return kExitUsage;
        }
        if (source::tag_exists(o.content_dir, o.name)) {
            std::cerr << "tebiki: error: the tag '" << o.name << "' exists; choose another name\n";
            return kExitUsage;
        }
        Diagnostics found = catalog.diagnostics();
        found.append(document_control_checks(catalog, edition));
        print_diagnostics(found, std::cerr);
        if (found.has_errors()) {
            std::cerr << fmt::format("tebiki: edition refused: {} problem{} in HEAD ({}); no tag was made\n",
                                     found.error_count(), found.error_count() == 1 ? "" : "s", head.short_id);
            return kExitContentErrors;
        }
        source::tag_head(o.content_dir, o.name,
                         fmt::format("配布版 {}\n\nEdition-date: {}\n", o.name, edition.date.iso()));
        std::cout << fmt::format("tagged edition {} ({}) at commit {}\n", o.name, edition.date.iso(), head.short_id);
        std::cerr << fmt::format("tebiki: publish it with: tebiki publish --edition {}; to undo the tag: git tag -d {}\n",
                                 o.name, o.name);
        return kExitSuccess;
    } catch (const source::SourceError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return exit_code_for(e);
    }
}

// The edition's date: the Edition-date its tag names (tebiki edition
// --date), else the tagged commit's date.
Date edition_date(const std::string& content_dir, const std::string& tag, const source::CommitInfo& commit) {
    const auto trailers = source::message_trailers(source::tag_message(content_dir, tag));
    if (const auto it = trailers.find("Edition-date"); it != trailers.end())
        if (const auto date = Date::parse_iso(it->second)) return *date;
    return Date::from_unix_time(commit.time, commit.utc_offset_minutes);
}

}  // namespace tebiki::cli
