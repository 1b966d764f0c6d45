#include "pdf/to_unicode_cmap.h"

#include <fmt/format.h>

#include <vector>

namespace tebiki::pdf {

namespace {

void append_utf16be_hex(std::string& out, std::u32string_view text) {
    for (char32_t c : text) {
        if (c >= 0x10000) {
            const char32_t v = c - 0x10000;
            fmt::format_to(std::back_inserter(out), "{:04X}{:04X}", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
        } else {
            fmt::format_to(std::back_inserter(out), "{:04X}", static_cast<unsigned>(c));
        }
    }
}

}  // namespace

std::string to_unicode_cmap(const std::map<std::uint16_t, std::u32string>& text_of_code) {
    std::vector<std::pair<std::uint16_t, const std::u32string*>> entries;
    for (const auto& [code, text] : text_of_code)
        if (!text.empty()) entries.emplace_back(code, &text);

    std::string out =
        "/CIDInit /ProcSet findresource begin\n"
        "12 dict begin\n"
        "begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n"
        "/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    // A bfchar block may hold at most 100 entries.
    for (std::size_t start = 0; start < entries.size(); start += 100) {
        const std::size_t end = std::min(entries.size(), start + 100);
        fmt::format_to(std::back_inserter(out), "{} beginbfchar\n", end - start);
        for (std::size_t i = start; i < end; ++i) {
            fmt::format_to(std::back_inserter(out), "<{:04X}> <", entries[i].first);
            append_utf16be_hex(out, *entries[i].second);
            out += ">\n";
        }
        out += "endbfchar\n";
    }
    out +=
        "endcmap\n"
        "CMapName currentdict /CMap defineresource pop\n"
        "end\n"
        "end\n";
    return out;
}

}  // namespace tebiki::pdf
