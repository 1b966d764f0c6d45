// tebiki diff: the change notice between two editions, on the terminal.

#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "changes/change_notice.h"
#include "cli/command_support.h"
#include "cli/commands.h"

namespace tebiki::cli {

namespace {

// On a terminal, deletions in red and insertions in green; otherwise in the
// [-deleted-]{+inserted+} notation of git's word diff.
struct Marks {
    std::string del_open, del_close, ins_open, ins_close;
};

Marks marks_for(bool tty) {
    if (tty) return {"\x1b[31;9m", "\x1b[0m", "\x1b[32;4m", "\x1b[0m"};
    return {"[-", "-]", "{+", "+}"};
}

std::string indent(const std::string& text, const std::string& prefix) {
    std::string out = prefix;
    for (char c : text) {
        out += c;
        if (c == '\n') out += prefix;
    }
    return out;
}

void print_paragraph(const changes::ParagraphChange& p, const Marks& m) {
    using Kind = changes::ParagraphChange::Kind;
    if (p.kind == Kind::LinkTargetChanged) {
        std::cout << indent(p.new_text, "    → ") << "  (link target changed)\n";
    } else if (p.kind == Kind::Removed) {
        std::cout << indent(p.old_text, "    - ") << '\n';
    } else if (p.kind == Kind::Added) {
        std::cout << indent(p.new_text, "    + ") << '\n';
    } else {
        std::string line;
        for (const auto& span : p.spans) {
            if (span.kind == changes::EditKind::Equal) line += span.text;
            else if (span.kind == changes::EditKind::Delete) line += m.del_open + span.text + m.del_close;
            else line += m.ins_open + span.text + m.ins_close;
        }
        std::cout << indent(line, "    ~ ") << '\n';
    }
}

const char* kind_heading(changes::DocumentChange::Kind kind) {
    switch (kind) {
        case changes::DocumentChange::Kind::Added: return "Added";
        case changes::DocumentChange::Kind::Changed: return "Changed";
        case changes::DocumentChange::Kind::Withdrawn: return "Withdrawn (obsolete)";
        case changes::DocumentChange::Kind::Retracted: return "Retracted (no longer in the edition)";
    }
    return "";
}

const char* retraction_text(changes::DocumentChange::Retraction r) {
    using R = changes::DocumentChange::Retraction;
    switch (r) {
        case R::Deleted: return "deleted";
        case R::BackToDraft: return "back to draft";
        case R::BackToReview: return "back under review";
        case R::OtherAudience: return "no longer for this audience";
        case R::None: break;
    }
    return "";
}

// Documents of the newer revision that an edition does not carry, so that
// nobody wonders where a draft went.
void print_left_out(const std::vector<changes::LeftOutDocument>& left_out) {
    if (left_out.empty()) return;
    std::cout << "\nLeft out (an edition carries only approved and obsolete documents):\n";
    for (const auto& d : left_out)
        std::cout << fmt::format("  {} {}  ({}: {})\n", d.id, d.title, d.display_path,
                                 d.status == Status::Draft ? "draft" : "under review");
}

void print_notice(const changes::ChangeNotice& notice) {
    const Marks m = marks_for(isatty(STDOUT_FILENO) != 0);
    std::cout << fmt::format("Changes from {} to {}: {} document{}\n", notice.old_label, notice.new_label,
                             notice.documents.size(), notice.documents.size() == 1 ? "" : "s");
    const changes::DocumentChange* previous = nullptr;
    for (const auto& d : notice.documents) {
        if (previous == nullptr || previous->kind != d.kind) std::cout << '\n' << kind_heading(d.kind) << ":\n";
        previous = &d;
        std::string versions;
        if (!d.old_version.empty() || !d.new_version.empty())
            versions = fmt::format(" ({} → {})", d.old_version.empty() ? "-" : d.old_version,
                                   d.new_version.empty() ? "-" : d.new_version);
        std::cout << fmt::format("  {} {}{}\n", d.id, d.title, versions);
        if (d.kind == changes::DocumentChange::Kind::Retracted) std::cout << "    " << retraction_text(d.retraction) << '\n';
        for (const auto& note : d.metadata_changes) std::cout << "    " << note << '\n';
        for (const auto& p : d.paragraphs) print_paragraph(p, m);
    }
    print_left_out(notice.left_out);
}

}  // namespace

int run_diff(const DiffOptions& options) {
    try {
        auto read = [&](const std::string& rev) {
            source::SourceSnapshot snapshot = source::read_revision(options.content_dir, rev);
            const Date as_of = publication_date(snapshot);
            return build_catalog(std::move(snapshot), CatalogOptions{as_of, true});
        };
        const Catalog older = read(options.old_revision);
        const Catalog newer = read(options.new_revision);
        print_notice(changes::compare_catalogs(older, newer, options.old_revision, options.new_revision));
        return kExitSuccess;
    } catch (const source::SourceError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return exit_code_for(e);
    }
}

}  // namespace tebiki::cli
