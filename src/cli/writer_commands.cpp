// Writers' scaffolding: a new document from a template, a new content
// repository.

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "html/theme.h"
#include "scaffold/scaffold.h"
#include "version.h"

namespace tebiki::cli {

namespace fs = std::filesystem;

namespace {

// Where `new` writes: --path is taken inside the content root, wherever the
// command runs, and refused outside it (check would never see the file
// there) or without .md (check would skip it). Nothing, with the reason
// printed, when refused.
std::optional<fs::path> new_document_path(const fs::path& content_root, const NewOptions& options) {
    if (options.path.empty()) return content_root / (options.id + ".md");
    const fs::path given(options.path);
    const fs::path target = (content_root / given).lexically_normal();  // an absolute `given` replaces the root
    const fs::path inside = target.lexically_relative(content_root.lexically_normal());
    if (inside.empty() || *inside.begin() == ".." || inside == ".") {
        std::cerr << "tebiki: error: --path '" << options.path << "' is outside the content root '"
                  << content_root.string() << "'; give a path inside it, such as rules/" << options.id << ".md\n";
        return std::nullopt;
    }
    if (target.extension() != ".md") {
        std::cerr << "tebiki: error: --path '" << options.path
                  << "' must end in .md, or tebiki will not read it as a document\n";
        return std::nullopt;
    }
    return target;
}

}  // namespace

int run_new(const NewOptions& options) {
    if (!is_valid_document_id(options.id)) {
        std::cerr << "tebiki: error: '" << options.id
                  << "' is not a valid id: use letters, digits, '.', '_' or '-', like OPS-010\n";
        return kExitUsage;
    }
    try {
        const Catalog catalog =
            build_catalog(source::read_worktree(options.content_dir), CatalogOptions{Date::today(), false});
        if (!catalog.config_loaded()) {  // then no document was read, and a taken id would go unseen
            print_diagnostics(catalog.diagnostics(), std::cerr);
            std::cerr << "tebiki: error: " << summary(catalog) << "; nothing was written\n";
            return kExitContentErrors;
        }
        if (const Document* existing = catalog.find_by_id(options.id)) {
            std::cerr << fmt::format("tebiki: error: the id '{}' is already used by {}; choose another id\n",
                                     options.id, existing->display_path);
            return kExitContentErrors;
        }
        const fs::path root = catalog.source().repository_root;
        const fs::path content_root = root / catalog.source().content_prefix;
        const auto target = new_document_path(content_root, options);
        if (!target) return kExitUsage;
        if (fs::exists(*target)) {
            std::cerr << "tebiki: error: '" << target->string() << "' exists; choose another --path\n";
            return kExitContentErrors;
        }
        const fs::path theme = html::find_theme(root, catalog.config().theme);
        const scaffold::NewDocument doc{options.id, options.title, options.owner, options.template_name, Date::today()};
        const std::string text =
            scaffold::render_new_document(scaffold::find_document_template(root, theme, options.template_name), doc);
        fs::create_directories(target->parent_path().empty() ? fs::path(".") : target->parent_path());
        std::ofstream(*target, std::ios::binary) << text;
        // As the writer named the content root: content/rules/x.md from the repository's top.
        std::cout << (fs::path(options.content_dir) / target->lexically_relative(content_root)).generic_string()
                  << '\n';
        std::cerr << "tebiki: wrote a draft from the '" << options.template_name
                  << "' template; fill it in, then run 'tebiki check'\n";
        return kExitSuccess;
    } catch (const source::SourceError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return exit_code_for(e);
    } catch (const scaffold::ScaffoldError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return kExitEnvironment;
    }
}

int run_init(const InitOptions& options) {
    try {
        const fs::path theme = html::builtin_theme("default");
        scaffold::init_content_repository(options.dir, options.organisation, theme, Date::today());
        std::cout << (fs::path(options.dir) / "content").string() << '\n';
        std::cerr << "tebiki: created a content repository in '" << options.dir
                  << "'; edit content/tebiki.yml, then 'tebiki build' there\n";
        return kExitSuccess;
    } catch (const scaffold::ScaffoldError& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return kExitEnvironment;
    }
}

}  // namespace tebiki::cli
