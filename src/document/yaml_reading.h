#pragma once
// Small helpers for reading YAML (yaml-cpp) with positions for diagnostics.

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tebiki::yaml_reading {

// 1-based line and column of a node, shifted by `line_offset` lines (the
// lines before the YAML text in its file).
inline int line_of(const YAML::Node& node, int line_offset) { return node.Mark().line + 1 + line_offset; }
inline int column_of(const YAML::Node& node) { return node.Mark().column + 1; }

inline std::optional<std::string> scalar(const YAML::Node& node) {
    if (!node.IsScalar()) return std::nullopt;
    return node.Scalar();
}

// A scalar or a sequence of scalars, as a list; nullopt for anything else.
inline std::optional<std::vector<std::string>> string_list(const YAML::Node& node) {
    std::vector<std::string> out;
    if (node.IsScalar()) {
        out.push_back(node.Scalar());
        return out;
    }
    if (!node.IsSequence()) return std::nullopt;
    for (const auto& item : node) {
        if (!item.IsScalar()) return std::nullopt;
        out.push_back(item.Scalar());
    }
    return out;
}

// A scalar written over several lines comes from YAML folded into one line,
// a space at each line break; between two East Asian characters that space
// is no space, as a soft break in the body (text/soft_break.h). `source` is
// the YAML text from the scalar's first character (its Mark().pos); a value
// that cannot be followed through it (escapes in a quoted scalar) is
// returned as it is.
std::string unfold_soft_breaks(const std::string& value, std::string_view source);

// The known key nearest to an unknown one, for "did you mean" hints.
// The first line indented with a tab (1-based), or 0. YAML allows only
// spaces there, and its parser then blames a later token in its own words.
int first_tab_indented_line(std::string_view text);

std::string nearest_key(std::string_view unknown, const std::vector<std::string_view>& known);

}  // namespace tebiki::yaml_reading
