#pragma once
// What the subcommands share: reading the source, printing diagnostics.

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "document/catalog.h"
#include "source/content_source.h"

namespace tebiki::cli {

struct SourceOptions;

source::SourceSnapshot read_source(const SourceOptions& options);
int exit_code_for(const source::SourceError& e);
void print_diagnostics(const Diagnostics& diags, std::ostream& out);
std::string summary(const Catalog& catalog);
// The same, counting `diagnostics` (the catalog's and the command's own).
std::string summary(const Catalog& catalog, const Diagnostics& diagnostics);
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
