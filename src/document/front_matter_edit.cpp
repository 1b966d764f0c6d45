#include "document/front_matter_edit.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <stdexcept>

#include "document/metadata.h"

namespace tebiki {

namespace {

// The key a top-level mapping line starts with ("status: draft" → "status").
std::string_view key_of(std::string_view line) {
    if (line.empty() || line.front() == ' ' || line.front() == '\t' || line.front() == '#') return {};
    const std::size_t colon = line.find(':');
    return colon == std::string_view::npos ? std::string_view() : line.substr(0, colon);
}

bool continues(std::string_view line) { return !line.empty() && (line.front() == ' ' || line.front() == '\t'); }

std::string yaml_scalar(const std::string& value) {
    YAML::Emitter out;
    out << value;
    return out.c_str();
}

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start < text.size();) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

}  // namespace

std::string edit_front_matter(std::string_view text, const FrontMatterEdit& edit) {
    const SplitDocument split = split_front_matter(text);
    if (!split.has_front_matter || split.closing_line == 0)
        throw std::invalid_argument("the document has no front matter closed by '---'");
    const std::size_t yaml_start = static_cast<std::size_t>(split.front_matter.data() - text.data());
    const std::size_t yaml_end = yaml_start + split.front_matter.size();
    std::vector<std::pair<std::string, std::string>> pending = edit.set;
    std::string yaml;
    const auto lines = lines_of(split.front_matter);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string key(key_of(lines[i]));
        const bool removed = std::find(edit.remove.begin(), edit.remove.end(), key) != edit.remove.end();
        const auto set = std::find_if(pending.begin(), pending.end(), [&](const auto& kv) { return kv.first == key; });
        if (key.empty() || (!removed && set == pending.end())) {
            yaml += std::string(lines[i]) + '\n';
            continue;
        }
        while (i + 1 < lines.size() && continues(lines[i + 1])) ++i;  // the old value's further lines
        if (set != pending.end()) {
            yaml += key + ": " + yaml_scalar(set->second) + '\n';
            pending.erase(set);
        }
    }
    for (const auto& [key, value] : pending) yaml += key + ": " + yaml_scalar(value) + '\n';
    // The YAML ends with the newline before the closing '---'.
    return std::string(text.substr(0, yaml_start)) + yaml + std::string(text.substr(yaml_end));
}

}  // namespace tebiki
