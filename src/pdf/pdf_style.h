#pragma once
// The theme's PDF style (themes/<name>/pdf.yml): paper, margins, fonts,
// sizes, colours, heading numbering and the footer's notice. A theme is
// data; these are the only knobs the renderer reads.

#include <filesystem>
#include <stdexcept>
#include <string>

#include "pdf/font_set.h"

namespace tebiki::pdf {

class PdfStyleError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Color {
    double r = 0, g = 0, b = 0;
};

struct PdfStyle {
    std::string paper = "A4";
    double page_width = 595.276;  // points, from `paper`
    double page_height = 841.89;
    double margin_top = 68, margin_bottom = 68, margin_left = 56.7, margin_right = 56.7;

    FontFamilies fonts;
    // Bold text in the body (**…**) in the heading family's bold, as Japanese
    // print usually sets 太字 in ゴシック beside 明朝 body text; false: the body
    // family's own bold. The heading family's bold is in every PDF already
    // (headings, the title block), so this takes a whole face out of most.
    bool strong_in_heading_face = true;

    double body_size = 10.5, title_size = 18, code_size = 9, table_size = 9;
    double header_size = 8, footer_size = 7.5, footnote_size = 8.5;
    double heading_sizes[6] = {16, 14, 12, 11, 10.5, 10.5};
    double line_height = 1.7;
    double paragraph_space = 5;
    double inter_script_space_em = 0.25;

    Color text{0.1, 0.1, 0.1}, heading{0.07, 0.23, 0.39}, link{0.1, 0.31, 0.63}, rule{0.6, 0.65, 0.7},
        muted{0.33, 0.33, 0.33}, code_background{0.95, 0.95, 0.96}, table_header_background{0.9, 0.93, 0.96},
        table_border{0.6, 0.65, 0.7}, quote_bar{0.72, 0.76, 0.81}, title_block_background{0.96, 0.97, 0.97},
        watermark{0.75, 0.22, 0.17};

    bool heading_numbering = true;
    std::string footer_notice = "印刷した文書は管理外文書です。最新版は端末の電子版を確認してください。";
    std::string watermark_draft = "下書き";
    std::string watermark_review;
    std::string watermark_obsolete = "廃止";
    double watermark_opacity = 0.14;
    double watermark_size = 120;

    double content_width() const { return page_width - margin_left - margin_right; }
    double content_height() const { return page_height - margin_top - margin_bottom; }
};

// Reads `file` (pdf.yml); keys it leaves out keep their defaults. Throws
// PdfStyleError naming the file and the key on a bad value.
PdfStyle load_pdf_style(const std::filesystem::path& file);

// Widens the side margins equally so that the text area holds a whole
// number of body characters: Japanese set solid then lines up in columns
// (JLREQ 版面: 字詰め). Called by the two functions below.
void snap_to_character_grid(PdfStyle& s);

// The style a theme directory gives: its pdf.yml, or the defaults.
PdfStyle pdf_style_of_theme(const std::filesystem::path& theme_directory);

}  // namespace tebiki::pdf
