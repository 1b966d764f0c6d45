// Writers' scaffolding: a new document from a template, a new content
// repository.

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "html/theme.h"
#include "scaffold/scaffold.h"
#include "version.h"

namespace tebiki::cli {

namespace fs = std::filesystem;

int run_new(const NewOptions& options) {
    if (!is_valid_document_id(options.id)) {
        std::cerr << "tebiki: error: '" << options.id
                  << "' is not a valid id: use letters, digits, '.', '_' or '-', like OPS-010\n";
        return kExitUsage;
    }
    try {
        const Catalog catalog =
            build_catalog(source::read_worktree(options.content_dir), CatalogOptions{Date::today(), false});
        if (const Document* existing = catalog.find_by_id(options.id)) {
            std::cerr << fmt::format("tebiki: error: the id '{}' is already used by {}; choose another id\n",
                                     options.id, existing->display_path);
            return kExitContentErrors;
        }
        const fs::path root = catalog.source().repository_root;
        const fs::path target = options.path.empty() ? fs::path(options.content_dir) / (options.id + ".md")
                                                     : fs::path(options.path);
        if (fs::exists(target)) {
            std::cerr << "tebiki: error: '" << target.string() << "' exists; choose another --path\n";
            return kExitContentErrors;
        }
        const fs::path theme = html::find_theme(root, catalog.config().theme);
        const scaffold::NewDocument doc{options.id, options.title, options.owner, options.template_name, Date::today()};
        const std::string text =
            scaffold::render_new_document(scaffold::find_document_template(root, theme, options.template_name), doc);
        fs::create_directories(target.parent_path().empty() ? fs::path(".") : target.parent_path());
        std::ofstream(target, std::ios::binary) << text;
        std::cout << target.string() << '\n';
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
        const fs::path theme = fs::path(kBuiltinThemesDir) / "default";
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
