#include "document/yaml_reading.h"

#include <algorithm>

#include "text/soft_break.h"

namespace tebiki::yaml_reading {

namespace {
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}
}  // namespace

std::string nearest_key(std::string_view unknown, const std::vector<std::string_view>& known) {
    std::string best;
    std::size_t best_distance = 3;  // farther than this is no hint at all
    for (auto k : known) {
        const std::size_t d = edit_distance(unknown, k);
        if (d < best_distance) {
            best_distance = d;
            best = std::string(k);
        }
    }
    return best;
}

std::string unfold_soft_breaks(const std::string& value, std::string_view source) {
    if (value.find(' ') == std::string::npos) return value;
    std::size_t j = 0;
    if (!source.empty() && (source[0] == '>' || source[0] == '|')) {  // a block scalar: its text starts on the next line
        j = source.find('\n');
        if (j == std::string_view::npos) return value;
    } else if (!source.empty() && (source[0] == '"' || source[0] == '\'')) {
        j = 1;
    }
    const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
    const auto is_break = [](char c) { return c == '\n' || c == '\r'; };
    std::string out;
    for (std::size_t i = 0; i < value.size();) {
        if (j >= source.size()) return value;
        if (value[i] == source[j]) {
            out += value[i++];
            ++j;
        } else if (value[i] == ' ' && is_break(source[j])) {
            // A fold: the line break and the next line's indentation became this space.
            while (j < source.size() && (is_break(source[j]) || is_space(source[j]))) ++j;
            const char32_t before = text::last_code_point(out);
            const char32_t after = text::first_code_point(std::string_view(value).substr(i + 1));
            if (!text::soft_break_vanishes(before, after)) out += ' ';
            ++i;
        } else if (is_space(source[j]) || is_break(source[j])) {
            ++j;  // indentation that YAML took off
        } else {
            return value;
        }
    }
    return out;
}

int first_tab_indented_line(std::string_view text) {
    int line = 1;
    bool in_indent = true;
    for (const char c : text) {
        if (c == '\n') {
            ++line;
            in_indent = true;
        } else if (in_indent && c == '\t') {
            return line;
        } else if (c != ' ') {
            in_indent = false;
        }
    }
    return 0;
}

}  // namespace tebiki::yaml_reading
