#pragma once
// What the subcommands share: reading the source, printing diagnostics.

#include <iostream>
#include <string>

#include "document/catalog.h"
#include "source/content_source.h"

namespace tebiki::cli {

struct SourceOptions;

source::SourceSnapshot read_source(const SourceOptions& options);
int exit_code_for(const source::SourceError& e);
void print_diagnostics(const Diagnostics& diags, std::ostream& out);
std::string summary(const Catalog& catalog);
// Review dates of a published copy are judged on the day of its commit, so
// that the same commit always gives the same output; a preview uses today.
Date publication_date(const source::SourceSnapshot& src);

}  // namespace tebiki::cli
