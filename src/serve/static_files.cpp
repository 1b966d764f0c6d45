#include "serve/static_files.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace tebiki::serve {

namespace fs = std::filesystem;

std::optional<fs::path> relative_file_path(std::string_view url_path) {
    if (!url_path.starts_with('/') || url_path.find('\0') != std::string_view::npos) return std::nullopt;
    fs::path relative;
    std::size_t start = 1;
    while (start <= url_path.size()) {
        const std::size_t end = std::min(url_path.find('/', start), url_path.size());
        const std::string_view segment = url_path.substr(start, end - start);
        if (segment == "..") return std::nullopt;
        if (!segment.empty() && segment != ".") relative /= std::string(segment);
        start = end + 1;
    }
    return relative;
}

std::string content_type_for(const fs::path& file) {
    // What tebiki's sites hold: pages, the theme's CSS/JS/fonts, the search
    // index, PDFs, images from the content, the manifest and its signature.
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> types{{
        {".html", kHtmlType},
        {".htm", kHtmlType},
        {".css", "text/css"},
        {".js", "application/javascript"},
        {".mjs", "application/javascript"},
        {".json", "application/json"},
        {".pdf", "application/pdf"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".svg", "image/svg+xml"},
        {".webp", "image/webp"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
        {".zip", "application/zip"},
    }};
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& [ext, type] : types)
        if (ext == extension) return std::string(type);
    return "application/octet-stream";
}

bool is_html_type(std::string_view content_type) { return content_type.starts_with("text/html"); }

}  // namespace tebiki::serve
