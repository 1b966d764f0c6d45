#pragma once
// Setting top-level values in a document's front matter while keeping every
// other byte as the writer wrote it (comments, order, the body): `tebiki
// approve` changes a few fields, not the writer's file.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tebiki {

struct FrontMatterEdit {
    std::vector<std::pair<std::string, std::string>> set;  // key → plain value, quoted as YAML needs
    std::vector<std::string> remove;                       // keys to drop
};

// The text with the edit applied: a key's line (and its indented
// continuation lines) replaced in place, new keys added before the closing
// '---'. Throws std::invalid_argument when the text has no closed front matter.
std::string edit_front_matter(std::string_view text, const FrontMatterEdit& edit);

}  // namespace tebiki
