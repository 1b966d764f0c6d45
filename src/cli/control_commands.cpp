// Document control: publish an edition, a document's log, the review list.

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <iostream>
#include <nlohmann/json.hpp>

#include "changes/change_notice.h"
#include "cli/command_support.h"
#include "cli/commands.h"
#include "html/theme.h"
#include "publish/edition_policy.h"
#include "publish/site_build.h"
#include "publish/staged_directory.h"
#include "reuse/output_cache.h"
#include "source/repository_state.h"

namespace tebiki::cli {

bool fnmatch_tag(const std::string& tag, const std::string& pattern);
Date edition_date(const std::string& content_dir, const std::string& tag, const source::CommitInfo& commit);

namespace {

int refuse(const std::string& message, int code) {
    std::cerr << "tebiki: publish refused: " << message << '\n';
    return code;
}

// Everything `publish` checks before it writes anything; 0 when all is well.
int check_edition_request(const PublishOptions& options, const Catalog& catalog) {
    const std::string& pattern = catalog.config().publishing.edition_tag_pattern;
    if (!fnmatch_tag(options.edition, pattern))
        return refuse(fmt::format("tag '{}' is not an edition: edition tags match '{}' (publishing.edition_tag_pattern "
                                  "in tebiki.yml)",
                                  options.edition, pattern),
                      kExitUsage);
    auto dirty = source::uncommitted_paths(options.content_dir);
    // Earlier outputs inside the repository that git does not ignore are
    // tebiki's own, not changes to the content.
    std::erase_if(dirty, [&](const std::string& p) { return inside_tebiki_output(catalog.source().repository_root, p); });
    if (!dirty.empty()) {
        std::string list;
        for (const auto& p : dirty) list += "\n  " + p;
        return refuse("the work tree has uncommitted changes; commit or stash them first, so that what you checked "
                      "is what is published:" + list,
                      kExitContentErrors);
    }
    print_diagnostics(catalog.diagnostics(), std::cerr);
    if (catalog.diagnostics().has_errors())
        return refuse("the edition's content has errors (" + summary(catalog) + ")", kExitContentErrors);
    return kExitSuccess;
}

// The changes since the edition before this one (by commit time), if any.
std::optional<changes::ChangeNotices> change_notices_since_previous(const PublishOptions& options, const Catalog& catalog,
                                                                  const Edition& edition) {
    const auto tags = source::matching_tags(options.content_dir, catalog.config().publishing.edition_tag_pattern);
    const auto self = std::find_if(tags.begin(), tags.end(), [&](const auto& t) { return t.name == edition.name; });
    if (self == tags.end() || self == tags.begin()) return std::nullopt;
    const auto& previous = *std::prev(self);
    source::SourceSnapshot snapshot = source::read_revision(options.content_dir, "refs/tags/" + previous.name);
    const Date date = Date::from_unix_time(snapshot.commit.time, snapshot.commit.utc_offset_minutes);
    const Catalog older = build_catalog(std::move(snapshot), CatalogOptions{date, true});
    return changes::compare_sites(older, catalog, previous.name, edition.name);
}

std::string change_kind_name(source::ChangeKind kind) {
    switch (kind) {
        case source::ChangeKind::Added: return "added";
        case source::ChangeKind::Modified: return "modified";
        case source::ChangeKind::Renamed: return "renamed";
        case source::ChangeKind::Deleted: return "deleted";
    }
    return "";
}

}  // namespace

int run_publish(const PublishOptions& options) {
    std::vector<std::string> successor_keys;
    if (const int refused = check_signing_keys(options.content_dir, options.sign_key, options.introduce_key, successor_keys))
        return refused;
    try {
        if (!source::tag_exists(options.content_dir, options.edition)) {
            std::cerr << "tebiki: error: no tag named '" << options.edition << "' (list them with 'git tag')\n";
            return kExitUsage;
        }
        source::SourceSnapshot snapshot = source::read_revision(options.content_dir, "refs/tags/" + options.edition);
        const Edition edition{options.edition, edition_date(options.content_dir, options.edition, snapshot.commit)};
        const Catalog catalog = build_catalog(std::move(snapshot), CatalogOptions{edition.date, true});
        if (const int refused = check_edition_request(options, catalog)) return refused;
        const Diagnostics violations = document_control_checks(catalog, edition);
        print_diagnostics(violations, std::cerr);
        if (violations.has_errors()) {
            return refuse(fmt::format("{} violation{} of the approval policy (publishing in tebiki.yml)",
                                      violations.error_count(), violations.error_count() == 1 ? "" : "s"),
                          kExitContentErrors);
        }
        const auto notices = change_notices_since_previous(options, catalog, edition);
        // An edition is rendered whole, without the build cache: the copy
        // that goes to the wards owes nothing to earlier builds.
        publish::SiteBuildOptions build_options;
        build_options.edition = edition;
        build_options.notices = notices ? &*notices : nullptr;
        if (!options.sign_key.empty()) build_options.sign_key = options.sign_key;
        build_options.successor_keys = successor_keys;
        const auto result = publish::build_sites(catalog, options.out_dir, build_options);
        std::cerr << fmt::format("tebiki: published edition {} ({}, commit {}): {} pages for {} audiences\n",
                                 edition.name, edition.date.iso(), catalog.source().commit.short_id,
                                 result.pages_written, result.index_pages.size());
        for (const auto& page : result.index_pages) std::cout << page.string() << '\n';
        return kExitSuccess;
    } catch (const source::SourceError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return exit_code_for(e);
    } catch (const std::exception& e) {
        std::cerr << "tebiki: error: " << e.what() << "; '" << options.out_dir << "' was left as it was\n";
        return kExitEnvironment;
    }
}

int run_log(const LogOptions& options) {
    try {
        source::SourceSnapshot snapshot = read_source(options.source);
        const Date as_of = publication_date(snapshot);
        const Catalog catalog = build_catalog(std::move(snapshot), CatalogOptions{as_of, true});
        const Document* doc = catalog.find_by_id(options.id);
        if (doc == nullptr) {
            std::cerr << "tebiki: error: no document with id '" << options.id << "'\n";
            return kExitUsage;
        }
        if (options.json) {
            nlohmann::json list = nlohmann::json::array();
            for (const auto& r : doc->history)
                list.push_back({{"number", r.number}, {"version", r.version}, {"date", r.date.iso()},
                                {"author", r.author}, {"approved_by", r.approved_by}, {"commit", r.commit_id},
                                {"summary", r.summary}, {"change", r.uncommitted ? "uncommitted" : change_kind_name(r.kind)},
                                {"path", r.path}, {"previous_path", r.previous_path}});
            std::cout << nlohmann::json{{"id", doc->meta.id}, {"title", doc->meta.title}, {"history", list}}.dump(2)
                      << '\n';
            return kExitSuccess;
        }
        std::cout << fmt::format("{} {} ({})\n", doc->meta.id, doc->meta.title, doc->display_path);
        for (const auto& r : doc->history) {
            std::string line = fmt::format("{:>4}  {}  {}  {:7}  {}", r.version.empty() ? "-" : r.version, r.date.iso(),
                                           r.uncommitted ? "(work tree)" : r.author, r.short_id, r.summary);
            if (!r.approved_by.empty()) line += "  [Approved-by: " + r.approved_by + "]";
            if (r.kind == source::ChangeKind::Renamed) line += "  (moved from " + r.previous_path + ")";
            if (r.kind == source::ChangeKind::Deleted) line += "  (deleted)";
            std::cout << line << '\n';
        }
        return kExitSuccess;
    } catch (const source::SourceError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return exit_code_for(e);
    }
}

int run_review(const ReviewOptions& options) {
    std::optional<Date> as_of = Date::today();
    if (!options.as_of.empty() && !(as_of = Date::parse_iso(options.as_of))) {
        std::cerr << "tebiki: error: --as-of must be a date like 2026-04-01\n";
        return kExitUsage;
    }
    try {
        const Catalog catalog = build_catalog(read_source(options.source), CatalogOptions{*as_of, false});
        std::size_t listed = 0;
        for (const auto& doc : catalog.documents()) {
            const ReviewState state = catalog.review_state(doc);
            if (state != ReviewState::Overdue && state != ReviewState::DueSoon) continue;
            const long days = doc.meta.review_by->days_since_epoch() - as_of->days_since_epoch();
            std::cout << fmt::format("{}  {}  {}  {}  {}  ({})\n", state == ReviewState::Overdue ? "overdue" : "due    ",
                                     doc.meta.review_by->iso(), doc.meta.id, doc.meta.title, doc.meta.owner,
                                     days < 0 ? fmt::format("{} days ago", -days) : fmt::format("in {} days", days));
            ++listed;
        }
        std::cerr << fmt::format("tebiki: {} document{} due or overdue for review as of {} (due: within {} days)\n",
                                 listed, listed == 1 ? "" : "s", as_of->iso(), catalog.config().review_warning_days);
        return kExitSuccess;
    } catch (const source::SourceError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return exit_code_for(e);
    }
}

bool fnmatch_tag(const std::string& tag, const std::string& pattern) {
    return ::fnmatch(pattern.c_str(), tag.c_str(), 0) == 0;
}

}  // namespace tebiki::cli
