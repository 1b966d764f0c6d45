#pragma once
// Starting documents and content repositories from templates, so that
// writers need not know the front matter by heart.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "document/date.h"

namespace tebiki::scaffold {

class ScaffoldError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct NewDocument {
    std::string id;
    std::string title;
    std::string owner;
    std::string template_name = "rule";
    Date today;
};

// The template `name`: the content repository's templates/<name>.md if it
// has one, else the theme's new/<name>.md. Throws ScaffoldError naming the
// templates there are.
std::filesystem::path find_document_template(const std::filesystem::path& repository_root,
                                             const std::filesystem::path& theme_dir, const std::string& name);

// The texts of every document template there is (the repository's
// templates/*.md and the theme's new/*.md), for finding their placeholders.
std::vector<std::string> document_template_texts(const std::filesystem::path& repository_root,
                                                 const std::filesystem::path& theme_dir);

// The new document's text: the template filled in (values YAML-quoted).
std::string render_new_document(const std::filesystem::path& template_file, const NewDocument& doc);

// Creates `dir` as a new content repository: content/tebiki.yml, one sample
// document, a .gitignore for the output, all committed. Refuses a directory
// that exists and is not empty.
void init_content_repository(const std::filesystem::path& dir, const std::string& organisation,
                             const std::filesystem::path& theme_dir, Date today);

}  // namespace tebiki::scaffold
