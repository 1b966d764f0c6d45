#pragma once
// What the subcommands share: reading the source, printing diagnostics.

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "document/catalog.h"
#include "document/site_contents.h"
#include "source/content_source.h"

namespace tebiki::cli {

struct SourceOptions;

source::SourceSnapshot read_source(const SourceOptions& options);
int exit_code_for(const source::SourceError& e);
void print_diagnostics(const Diagnostics& diags, std::ostream& out);
std::string summary(const Catalog& catalog);
// The same, counting `diagnostics` (the catalog's and the command's own).
std::string summary(const Catalog& catalog, const Diagnostics& diagnostics);

// What document control checks beyond the catalog's own: template text
// left in documents under review or approved, and, given an edition, the
// approval policy publish applies to it.
Diagnostics document_control_checks(const Catalog& catalog, const std::optional<Edition>& edition,
                                    bool with_approval_trailers = true);

// Whether a repository path lies in one of tebiki's own outputs or build
// caches: they are not content, even where .gitignore does not list them.
bool inside_tebiki_output(const std::filesystem::path& repository_root, const std::string& repo_path);
// Review dates of a published copy are judged on the day of its commit, so
// that the same commit always gives the same output; a preview uses today.
Date publication_date(const source::SourceSnapshot& src);
// What `build` would refuse about the theme tebiki.yml names (missing,
// incomplete, a bad pdf.yml), as a diagnostic on tebiki.yml's 'theme:' line
// or naming the theme's file, so that `check` says it.
std::optional<Diagnostic> theme_problem(const Catalog& catalog);

namespace detail {
void keep_alive(std::shared_ptr<void> object);
}

// Keeps `object` to the end of the process without ever destroying it. A
// build's catalog and the memo of its parsed documents are a few hundred
// thousand allocations, which the system reclaims at once when the process
// ends and which took an incremental build 7 ms to free one by one. The
// object stays reachable, so leak checkers do not count it.
template <typename T>
T& keep_until_exit(std::unique_ptr<T> object) {
    T& kept = *object;
    detail::keep_alive(std::shared_ptr<void>(std::move(object)));
    return kept;
}

}  // namespace tebiki::cli
