#include "serve/reload_script.h"

#include <algorithm>
#include <cctype>

namespace tebiki::serve {

namespace {

// The position of the last "</body>" in any letter case, or npos.
std::size_t find_closing_body(std::string_view html) {
    constexpr std::string_view tag = "</body>";
    const auto equal_ignoring_case = [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    };
    const auto found = std::find_end(html.begin(), html.end(), tag.begin(), tag.end(), equal_ignoring_case);
    return found == html.end() ? std::string_view::npos : static_cast<std::size_t>(found - html.begin());
}

}  // namespace

std::string with_reload_script(std::string_view html) {
    const std::size_t at = std::min(find_closing_body(html), html.size());
    std::string out;
    out.reserve(html.size() + kReloadScript.size());
    out.append(html.substr(0, at)).append(kReloadScript).append(html.substr(at));
    return out;
}

}  // namespace tebiki::serve
