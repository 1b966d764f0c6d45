#pragma once
// Shared helpers for the integration tests: a content repository, documents
// with known line numbers, and small readers for tebiki's output.

#include <catch2/catch.hpp>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "run_command.h"
#include "temp_dir.h"
#include "test_repo.h"

namespace tebiki::testing {

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

// A temporary git repository with content/tebiki.yml (sample_config());
// tebiki runs with the repository root as its working directory.
class ContentRepo : public TestRepo {
public:
    ContentRepo() { write("content/tebiki.yml", sample_config()); }

    // Writes `relative` under content/.
    void write_content(const std::string& relative, const std::string& bytes) const {
        write("content/" + relative, bytes);
    }
    CommandResult tebiki(const std::vector<std::string>& args) const { return run_tebiki(args, root()); }
};


// The front matter lines of sample_document(id, title, ""), one per entry,
// so that entry i is on line i + 2 of the file:
//   1 ---, 2 id, 3 title, 4 status, 5 owner, 6 approver, 7 effective, 8 review_by, 9 ---
inline std::vector<std::string> sample_front_matter(const std::string& id, const std::string& title = "文書") {
    return {"id: " + id,          "title: " + title,        "status: approved",      "owner: 医療情報部",
            "approver: 病院長", "effective: 2026-04-01", "review_by: 2099-03-31"};
}

// "---", the given lines, "---", then the body.
inline std::string document_with(const std::vector<std::string>& front_matter, const std::string& body = "") {
    std::string out = "---\n";
    for (const auto& line : front_matter) out += line + "\n";
    return out + "---\n" + body;
}

// The lines with every one whose text starts with `key + ":"` removed or replaced.
inline std::vector<std::string> without_key(std::vector<std::string> lines, const std::string& key) {
    std::erase_if(lines, [&](const std::string& l) { return l.starts_with(key + ":"); });
    return lines;
}
inline std::vector<std::string> with_value(std::vector<std::string> lines, const std::string& key,
                                           const std::string& value) {
    for (auto& l : lines)
        if (l.starts_with(key + ":")) l = key + ": " + value;
    return lines;
}

inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

inline std::vector<std::string> lines_containing(const std::string& text, const std::string& needle) {
    std::vector<std::string> out;
    for (auto& line : lines_of(text))
        if (line.find(needle) != std::string::npos) out.push_back(line);
    return out;
}

inline std::vector<std::string> error_lines(const std::string& text) { return lines_containing(text, ": error: "); }
inline std::vector<std::string> warning_lines(const std::string& text) {
    return lines_containing(text, ": warning: ");
}

// For INFO(): everything a command printed.
inline std::string describe(const CommandResult& r) {
    return "exit code " + std::to_string(r.exit_code) + "\n--- stdout ---\n" + r.out + "--- stderr ---\n" + r.err;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

inline std::string percent_decode(const std::string& s) {
    const auto hex = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// Every href="..." value in an HTML text, percent-decoded (a browser decodes
// a fragment before looking for the element with that id).
inline std::vector<std::string> hrefs(const std::string& html) {
    std::vector<std::string> out;
    const std::string marker = "href=\"";
    for (std::size_t pos = html.find(marker); pos != std::string::npos; pos = html.find(marker, pos)) {
        pos += marker.size();
        const std::size_t end = html.find('"', pos);
        if (end == std::string::npos) break;
        out.push_back(percent_decode(html.substr(pos, end - pos)));
        pos = end;
    }
    return out;
}

inline bool has(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

// Names in `dir` that look like a staging directory left behind by a build.
inline std::vector<std::string> staging_leftovers(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name.find(".staging-") != std::string::npos) out.push_back(name);
    }
    return out;
}

}  // namespace tebiki::testing
