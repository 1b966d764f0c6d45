#include "pdf/pdf_style.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <map>

namespace tebiki::pdf {

namespace {

constexpr double kPointsPerMillimetre = 72.0 / 25.4;

struct Reader {
    const std::filesystem::path& file;

    [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
        throw PdfStyleError(file.string() + ": " + key + ": " + problem);
    }

    double number(const YAML::Node& node, const std::string& key, double current, double min, double max) const {
        if (!node) return current;
        double value = 0;
        try {
            value = node.as<double>();
        } catch (const YAML::Exception&) {
            fail(key, "expected a number");
        }
        if (value < min || value > max) fail(key, fmt::format("must be between {} and {}", min, max));
        return value;
    }

    std::string text(const YAML::Node& node, const std::string& key, const std::string& current) const {
        if (!node) return current;
        if (!node.IsScalar()) fail(key, "expected text");
        return node.as<std::string>();
    }

    Color color(const YAML::Node& node, const std::string& key, Color current) const {
        if (!node) return current;
        const std::string hex = text(node, key, "");
        if (hex.size() != 7 || hex[0] != '#' || hex.find_first_not_of("0123456789abcdefABCDEF", 1) != std::string::npos)
            fail(key, "expected a colour like \"#1a1a1a\"");
        const auto channel = [&hex](int i) { return std::stoi(hex.substr(1 + 2 * i, 2), nullptr, 16) / 255.0; };
        return {channel(0), channel(1), channel(2)};
    }
};

}  // namespace

PdfStyle load_pdf_style(const std::filesystem::path& file) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(file.string());
    } catch (const YAML::Exception& e) {
        throw PdfStyleError(file.string() + ": " + e.what());
    }
    PdfStyle s;
    if (!root || root.IsNull()) return s;
    if (!root.IsMap()) throw PdfStyleError(file.string() + ": expected a mapping of style keys");
    const Reader r{file};

    // Paper sizes in points (ISO 216 / JIS P 0138 for B5 / US Letter).
    static const std::map<std::string, std::pair<double, double>> papers = {
        {"A4", {595.276, 841.89}}, {"A3", {841.89, 1190.551}}, {"B5", {515.906, 728.504}}, {"Letter", {612, 792}}};
    s.paper = r.text(root["paper"], "paper", s.paper);
    const auto paper = papers.find(s.paper);
    if (paper == papers.end()) r.fail("paper", "'" + s.paper + "' is not one of A4, B5, A3, Letter");
    s.page_width = paper->second.first;
    s.page_height = paper->second.second;

    const YAML::Node margins = root["margins_mm"];
    s.margin_top = r.number(margins["top"], "margins_mm.top", s.margin_top / kPointsPerMillimetre, 5, 80) * kPointsPerMillimetre;
    s.margin_bottom =
        r.number(margins["bottom"], "margins_mm.bottom", s.margin_bottom / kPointsPerMillimetre, 5, 80) * kPointsPerMillimetre;
    s.margin_left = r.number(margins["left"], "margins_mm.left", s.margin_left / kPointsPerMillimetre, 5, 80) * kPointsPerMillimetre;
    s.margin_right =
        r.number(margins["right"], "margins_mm.right", s.margin_right / kPointsPerMillimetre, 5, 80) * kPointsPerMillimetre;

    const YAML::Node fonts = root["fonts"];
    s.fonts.body = r.text(fonts["body"], "fonts.body", s.fonts.body);
    s.fonts.heading = r.text(fonts["heading"], "fonts.heading", s.fonts.heading);
    s.fonts.mono = r.text(fonts["mono"], "fonts.mono", s.fonts.mono);
    const std::string strong = r.text(fonts["strong"], "fonts.strong", s.strong_in_heading_face ? "heading" : "body");
    if (strong != "heading" && strong != "body") r.fail("fonts.strong", "'" + strong + "' is not one of heading, body");
    s.strong_in_heading_face = strong == "heading";

    const YAML::Node sizes = root["sizes_pt"];
    s.body_size = r.number(sizes["body"], "sizes_pt.body", s.body_size, 5, 30);
    s.title_size = r.number(sizes["title"], "sizes_pt.title", s.title_size, 5, 60);
    s.code_size = r.number(sizes["code"], "sizes_pt.code", s.code_size, 5, 30);
    s.table_size = r.number(sizes["table"], "sizes_pt.table", s.table_size, 5, 30);
    s.header_size = r.number(sizes["header"], "sizes_pt.header", s.header_size, 5, 20);
    s.footer_size = r.number(sizes["footer"], "sizes_pt.footer", s.footer_size, 5, 20);
    s.footnote_size = r.number(sizes["footnote"], "sizes_pt.footnote", s.footnote_size, 5, 30);
    for (int level = 1; level <= 6; ++level) {
        const std::string key = fmt::format("h{}", level);
        s.heading_sizes[level - 1] = r.number(sizes[key], "sizes_pt." + key, s.heading_sizes[level - 1], 5, 60);
    }
    s.line_height = r.number(root["line_height"], "line_height", s.line_height, 1.0, 3.0);
    s.paragraph_space = r.number(root["paragraph_space_pt"], "paragraph_space_pt", s.paragraph_space, 0, 50);
    s.inter_script_space_em = r.number(root["inter_script_space_em"], "inter_script_space_em", s.inter_script_space_em, 0, 1);

    const YAML::Node colors = root["colors"];
    const std::pair<const char*, Color*> color_keys[] = {
        {"text", &s.text}, {"heading", &s.heading}, {"link", &s.link}, {"rule", &s.rule}, {"muted", &s.muted},
        {"code_background", &s.code_background}, {"table_header_background", &s.table_header_background},
        {"table_border", &s.table_border}, {"quote_bar", &s.quote_bar},
        {"title_block_background", &s.title_block_background}, {"watermark", &s.watermark}};
    for (const auto& [key, target] : color_keys) *target = r.color(colors[key], std::string("colors.") + key, *target);

    if (const YAML::Node numbering = root["heading_numbering"]) {
        try {
            s.heading_numbering = numbering.as<bool>();
        } catch (const YAML::Exception&) {
            r.fail("heading_numbering", "expected true or false");
        }
    }
    s.footer_notice = r.text(root["footer_notice"], "footer_notice", s.footer_notice);
    const YAML::Node watermark = root["watermark"];
    s.watermark_draft = r.text(watermark["draft"], "watermark.draft", s.watermark_draft);
    s.watermark_review = r.text(watermark["review"], "watermark.review", s.watermark_review);
    s.watermark_obsolete = r.text(watermark["obsolete"], "watermark.obsolete", s.watermark_obsolete);
    s.watermark_opacity = r.number(watermark["opacity"], "watermark.opacity", s.watermark_opacity, 0, 1);
    s.watermark_size = r.number(watermark["size_pt"], "watermark.size_pt", s.watermark_size, 10, 400);

    if (s.content_width() < 100 || s.content_height() < 100) r.fail("margins_mm", "leave too little room for text");
    snap_to_character_grid(s);
    return s;
}

PdfStyle pdf_style_of_theme(const std::filesystem::path& theme_directory) {
    const auto file = theme_directory / "pdf.yml";
    if (std::filesystem::is_regular_file(file)) return load_pdf_style(file);
    PdfStyle s;
    snap_to_character_grid(s);
    return s;
}

void snap_to_character_grid(PdfStyle& s) {
    const double width = s.page_width - s.margin_left - s.margin_right;
    const double characters = std::floor(width / s.body_size + 1e-6);
    const double spare = width - characters * s.body_size;
    s.margin_left += spare / 2;
    s.margin_right += spare / 2;
}

}  // namespace tebiki::pdf
