#include "cli/command_support.h"

#include <fmt/format.h>

#include <mutex>
#include <vector>

#include "cli/commands.h"

namespace tebiki::cli {

source::SourceSnapshot read_source(const SourceOptions& options) {
    if (!options.revision.empty()) return source::read_revision(options.content_dir, options.revision);
    if (options.worktree) return source::read_worktree(options.content_dir);
    return source::read_revision(options.content_dir, "HEAD");
}

int exit_code_for(const source::SourceError& e) {
    return e.kind() == source::SourceError::Kind::BadRevision ? kExitUsage : kExitEnvironment;
}

void print_diagnostics(const Diagnostics& diags, std::ostream& out) {
    for (const auto& d : diags.sorted()) out << d.format() << '\n';
}

std::string summary(const Catalog& catalog) {
    const auto& d = catalog.diagnostics();
    return fmt::format("{} documents, {} error{}, {} warning{}", catalog.documents().size(), d.error_count(),
                       d.error_count() == 1 ? "" : "s", d.warning_count(), d.warning_count() == 1 ? "" : "s");
}

Date publication_date(const source::SourceSnapshot& src) {
    if (src.from_worktree || src.commit.id.empty()) return Date::today();
    return Date::from_unix_time(src.commit.time, src.commit.utc_offset_minutes);
}

void detail::keep_alive(std::shared_ptr<void> object) {
    // Allocated once and never freed: what it holds outlives every static destructor.
    static auto* const kept = new std::vector<std::shared_ptr<void>>;
    static std::mutex mutex;
    const std::lock_guard<std::mutex> lock(mutex);
    kept->push_back(std::move(object));
}

}  // namespace tebiki::cli
