#include "pdf/paragraph_layout.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cmath>

#include "pdf/kinsoku.h"
#include "pdf/line_breaker.h"
#include "pdf/line_fitting.h"
#include "pdf/shaper.h"

namespace tebiki::pdf {

namespace {

bool is_space(char32_t c) { return c == U' ' || c == U'\t' || c == 0xA0; }

// Characters that stay with the face of the character before them.
bool joins_previous(char32_t c) {
    return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF) || c == 0x200D ||
           (c >= 0x1F3FB && c <= 0x1F3FF) || u_getCombiningClass(c) != 0;
}

// Ideographs and kana (not CJK punctuation, which carries its own space).
bool is_japanese_letter(char32_t c) {
    if (!is_cjk(c)) return false;
    if (c >= 0x3000 && c <= 0x303F) return c == 0x3005 || c == 0x3006 || c == 0x3007;  // 々〆〇
    if (c >= 0xFF01 && c <= 0xFF65) return u_isalnum(static_cast<UChar32>(c)) != 0;
    return c != 0x30FB;  // ・
}

bool is_latin_letter_or_digit(char32_t c) { return !is_cjk(c) && u_isalnum(static_cast<UChar32>(c)) != 0; }

// One shaping cluster: the characters [begin, end) and their glyphs.
struct Cluster {
    std::size_t begin = 0, end = 0;
    std::size_t span = 0;
    const FontFace* face = nullptr;
    std::vector<ShapedGlyph> glyphs;
    double width = 0;  // points
    char32_t first = 0, last = 0;
    bool hard_break = false;
    bool space = false;
};

struct Paragraph {
    std::u32string text;
    std::vector<std::size_t> span_of;  // per character
};

Paragraph concatenate(const std::vector<StyledText>& spans) {
    Paragraph p;
    for (std::size_t s = 0; s < spans.size(); ++s) {
        for (char32_t c : spans[s].text) {
            p.text += c == U'\t' ? U' ' : c;
            p.span_of.push_back(s);
        }
    }
    return p;
}

std::vector<const FontFace*> faces_per_character(const FontSet& fonts, const std::vector<StyledText>& spans,
                                                 const Paragraph& p) {
    std::vector<const FontFace*> faces(p.text.size());
    for (std::size_t i = 0; i < p.text.size(); ++i) {
        const TextStyle& style = spans[p.span_of[i]].style;
        const FontFace& styled = fonts.face(style.role, style.bold);
        const char32_t c = p.text[i];
        if (i > 0 && joins_previous(c) && p.span_of[i] == p.span_of[i - 1]) {
            faces[i] = faces[i - 1];
        } else if (c == U'\n' || is_space(c) || styled.glyph_for(c) != 0) {
            faces[i] = &styled;
        } else {
            const FontFace* fallback = fonts.fallback_for(c);
            faces[i] = fallback != nullptr ? fallback : &styled;
        }
    }
    return faces;
}

std::vector<Cluster> shape_clusters(const FontSet& fonts, const std::vector<StyledText>& spans, const Paragraph& p) {
    const auto faces = faces_per_character(fonts, spans, p);
    std::vector<Cluster> clusters;
    std::size_t run_start = 0;
    while (run_start < p.text.size()) {
        if (p.text[run_start] == U'\n') {
            Cluster c;
            c.begin = run_start;
            c.end = run_start + 1;
            c.span = p.span_of[run_start];
            c.face = faces[run_start];
            c.first = c.last = U'\n';
            c.hard_break = true;
            clusters.push_back(std::move(c));
            ++run_start;
            continue;
        }
        std::size_t run_end = run_start + 1;
        while (run_end < p.text.size() && p.text[run_end] != U'\n' && faces[run_end] == faces[run_start] &&
               p.span_of[run_end] == p.span_of[run_start])
            ++run_end;
        const FontFace& face = *faces[run_start];
        const double size = spans[p.span_of[run_start]].style.size;
        const auto glyphs = shape(face, p.text, run_start, run_end - run_start);
        for (std::size_t g = 0; g < glyphs.size();) {
            Cluster c;
            c.begin = glyphs[g].cluster;
            c.span = p.span_of[run_start];
            c.face = &face;
            std::size_t next = g;
            while (next < glyphs.size() && glyphs[next].cluster == glyphs[g].cluster) {
                c.glyphs.push_back(glyphs[next]);
                c.width += face.to_points(glyphs[next].advance, size);
                ++next;
            }
            c.end = next < glyphs.size() ? glyphs[next].cluster : run_end;
            c.first = p.text[c.begin];
            c.last = p.text[c.end - 1];
            c.space = c.end - c.begin == 1 && is_space(c.first);
            // Kana and kanji are set solid on the em grid: the font's `kern`
            // (which pairs such as シス and す。 have) is undone.
            if (c.glyphs.size() == 1 && c.end - c.begin == 1 && is_cjk(c.first) && !(c.first >= 0xFF61 && c.first <= 0xFF9F)) {
                ShapedGlyph& only = c.glyphs.front();
                only.advance = face.advance(only.glyph);
                only.x_offset = 0;
                c.width = face.to_points(only.advance, size);
            }
            clusters.push_back(std::move(c));
            g = next;
        }
        run_start = run_end;
    }
    return clusters;
}

// A cluster of default-ignorable characters only (VS16, ZWJ): nothing to see.
bool invisible(const std::u32string& text, const Cluster& c) {
    if (c.space || c.hard_break) return false;
    for (std::size_t i = c.begin; i < c.end; ++i)
        if (!u_hasBinaryProperty(static_cast<UChar32>(text[i]), UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) return false;
    return true;
}

// Separators after which a long URL or path breaks before anywhere else.
bool is_url_separator(char32_t c) { return std::u32string_view(U"/.-_?&=#,;:~+)]}").find(c) != std::u32string_view::npos; }

// How each cluster is spaced (JLREQ 3.1.4 and 3.8): the fixed compression
// between adjacent punctuation marks and what line adjustment may stretch or
// take out, in points.
struct Spacing {
    double lead_cut = 0, trail_cut = 0;      // taken out for good (between two marks)
    double lead_shrink = 0, trail_shrink = 0;  // may be taken out to pull a line in
    double gap = 0, gap_stretch = 0, gap_shrink = 0;  // before the cluster, when not at a line start
    double own_stretch = 0;                  // a word space
};

std::vector<Spacing> spacing_for(const std::vector<Cluster>& clusters, const std::vector<StyledText>& spans,
                                 double inter_script_space_em) {
    const std::size_t n = clusters.size();
    std::vector<Spacing> out(n);
    const auto size_of = [&](std::size_t k) { return spans[clusters[k].span].style.size; };
    // Only a mark set full width by its font has white inside its em.
    const auto mark = [&](std::size_t k) {
        const Cluster& c = clusters[k];
        if (c.end - c.begin != 1 || c.width < size_of(k) * 0.95) return PunctuationSpacing::None;
        return punctuation_spacing(c.first);
    };
    std::vector<PunctuationSpacing> marks(n);
    for (std::size_t k = 0; k < n; ++k) marks[k] = mark(k);
    for (std::size_t k = 0; k < n; ++k) {
        Spacing& sp = out[k];
        const double em = size_of(k);
        switch (marks[k]) {
            case PunctuationSpacing::Opening: sp.lead_shrink = em / 2; break;
            case PunctuationSpacing::Closing: sp.trail_shrink = em / 2; break;
            case PunctuationSpacing::Middle: sp.lead_shrink = sp.trail_shrink = em / 4; break;
            case PunctuationSpacing::None: break;
        }
        if (clusters[k].space) {
            sp.own_stretch = clusters[k].width * 0.5;
            sp.trail_shrink = clusters[k].width / 3;
        }
        if (k == 0 || clusters[k].hard_break || clusters[k - 1].hard_break) continue;
        // Two marks in a row: the white between them is taken out (JLREQ 3.1.4).
        const PunctuationSpacing a = marks[k - 1], b = marks[k];
        if (a == PunctuationSpacing::Closing && b != PunctuationSpacing::None) {
            Spacing& prev = out[k - 1];
            prev.trail_cut = prev.trail_shrink;
            prev.trail_shrink = 0;
        } else if ((a == PunctuationSpacing::Opening || a == PunctuationSpacing::Middle) && b == PunctuationSpacing::Opening) {
            sp.lead_cut = sp.lead_shrink;
            sp.lead_shrink = 0;
        }
        // A quarter em between Japanese and Latin letters or digits (JLREQ
        // 3.2.3), between an eighth and a half when a line is adjusted.
        const char32_t before = clusters[k - 1].last, after = clusters[k].first;
        const double larger = std::max(size_of(k - 1), em);
        if ((is_japanese_letter(before) && is_latin_letter_or_digit(after)) ||
            (is_latin_letter_or_digit(before) && is_japanese_letter(after))) {
            sp.gap = inter_script_space_em * larger;
            sp.gap_stretch = sp.gap;
            sp.gap_shrink = sp.gap / 2;
            continue;
        }
        // Between Japanese characters a line may open up by a quarter em
        // per gap; never inside a Latin word; a word space stretches itself.
        // Nor beside a punctuation mark, whose white is its own (JLREQ 3.8.2).
        const bool in_word = !is_cjk(before) && !is_cjk(after);
        const bool beside_mark = marks[k - 1] != PunctuationSpacing::None || marks[k] != PunctuationSpacing::None;
        if (!in_word && !beside_mark && !clusters[k - 1].space && !clusters[k].space) sp.gap_stretch = larger * 0.25;
    }
    return out;
}

// A piece with no break opportunity longer than this many lines (a million
// letters, a base64 blob) is cut where each line is full, not wherever it
// may be: with an opportunity at every character, total-fit line breaking
// weighs a whole line's worth of starts at each one (minutes for a
// million-character line).
constexpr double kMaxFinelyBrokenLines = 8;

void break_by_width(std::vector<FitUnit>& units, std::size_t start, std::size_t end, double width) {
    double line = units[start].width;
    for (std::size_t k = start + 1; k < end; ++k) {
        line += units[k].width + units[k].gap_before;
        if (line <= width) continue;
        units[k].break_before = true;
        units[k].penalty = 900;
        line = units[k].width;
    }
}

std::vector<FitUnit> fit_units(const std::vector<Cluster>& clusters, const std::vector<Spacing>& spacing,
                               const std::vector<BreakKind>& opportunities, double width) {
    const std::size_t n = clusters.size();
    std::vector<FitUnit> units(n);
    for (std::size_t k = 0; k < n; ++k) {
        const Cluster& c = clusters[k];
        const Spacing& sp = spacing[k];
        FitUnit& u = units[k];
        u.width = c.width - sp.lead_cut - sp.trail_cut;
        u.gap_before = sp.gap;
        u.lead_cut = sp.lead_cut;
        u.stretch_before = sp.gap_stretch;
        u.shrink_before = sp.gap_shrink + sp.lead_shrink;
        u.stretch = sp.own_stretch;
        u.shrink = sp.trail_shrink;
        u.space = c.space;
        u.hard_break = c.hard_break;
        u.break_before = k > 0 && opportunities[c.begin] != BreakKind::None;
    }
    // A piece with no opportunity that is wider than the line may break
    // inside: after a separator first, else between any two characters
    // kinsoku allows, else anywhere. A Latin piece that takes a third of
    // the line (a long URL or path) may already break inside, after its
    // separators by preference, so that the line before it is not left
    // gappy.
    for (std::size_t start = 0; start < n;) {
        std::size_t end = start + 1;
        double piece = units[start].width;
        while (end < n && !(units[end].break_before && !units[end].space) && !units[end].hard_break) {
            piece += units[end].width + units[end].gap_before;
            ++end;
        }
        bool latin = true, path = false;
        for (std::size_t k = start; k < end; ++k) {
            latin = latin && !is_cjk(clusters[k].first);
            path = path || std::u32string_view(U"/\\@_=?&").find(clusters[k].first) != std::u32string_view::npos;
        }
        // Only a URL or path, never a word, is broken for looks.
        const bool too_long = piece > width, long_latin = latin && path && piece > width / 3;
        if (piece > width * kMaxFinelyBrokenLines) {
            break_by_width(units, start, end, width);
            start = end;
            continue;
        }
        for (std::size_t k = start + 1; (too_long || long_latin) && k < end; ++k) {
            if (units[k].space) continue;
            const bool kinsoku_ok = !is_line_start_prohibited(clusters[k].first) && !is_line_end_prohibited(clusters[k - 1].last);
            const bool separator = is_url_separator(clusters[k - 1].last) && kinsoku_ok;
            if (!too_long && !kinsoku_ok) continue;
            units[k].break_before = true;
            units[k].penalty = separator ? 50 : kinsoku_ok ? 150 : 900;
        }
        start = end;
    }
    return units;
}

}  // namespace

double longest_unbreakable_width(const FontSet& fonts, const std::vector<StyledText>& spans) {
    const Paragraph p = concatenate(spans);
    const std::vector<Cluster> clusters = shape_clusters(fonts, spans, p);
    const std::vector<BreakKind> opportunities = line_break_opportunities(p.text);
    const std::vector<Spacing> spacing = spacing_for(clusters, spans, 0.25);
    double longest = 0, piece = 0;
    for (std::size_t k = 0; k < clusters.size(); ++k) {
        const bool starts = k == 0 || clusters[k].hard_break || clusters[k - 1].hard_break ||
                            (opportunities[clusters[k].begin] != BreakKind::None && !clusters[k].space);
        if (starts) piece = 0;
        if (clusters[k].hard_break) continue;
        piece += clusters[k].width - spacing[k].lead_cut - spacing[k].trail_cut + (starts ? 0 : spacing[k].gap);
        if (!clusters[k].space) longest = std::max(longest, piece);
    }
    return longest;
}

std::vector<Line> layout_paragraph(const FontSet& fonts, const std::vector<StyledText>& spans,
                                   const ParagraphOptions& options) {
    const Paragraph p = concatenate(spans);
    const std::vector<Cluster> clusters = shape_clusters(fonts, spans, p);
    const std::vector<BreakKind> opportunities = line_break_opportunities(p.text);
    const std::vector<Spacing> spacing = spacing_for(clusters, spans, options.inter_script_space_em);
    const std::vector<FittedLine> fitted = fit_lines(fit_units(clusters, spacing, opportunities, options.width), options.width, options.justify);
    const auto size_of = [&](const Cluster& c) { return spans[c.span].style.size; };

    std::vector<Line> lines;
    const double base_size = spans.empty() ? 10.5 : spans.front().style.size;
    for (const FittedLine& fit : fitted) {
        const std::size_t begin = fit.begin, end = fit.end;
        Line line;
        double max_size = 0, max_ascent = 0, max_descent = 0;
        for (std::size_t k = begin; k < end; ++k) {
            const double size = size_of(clusters[k]);
            const FontMetrics& m = clusters[k].face->metrics();
            max_size = std::max(max_size, size);
            max_ascent = std::max(max_ascent, clusters[k].face->to_points(m.ascender, size));
            max_descent = std::max(max_descent, clusters[k].face->to_points(-m.descender, size));
        }
        if (max_size == 0) {
            max_size = base_size;
            max_ascent = base_size * 0.88;
            max_descent = base_size * 0.12;
        }
        // The adjustment: stretch the gaps to fill a justified line, or
        // shrink punctuation's white (and the gaps between scripts and
        // words) to pull in a line that is too long.
        double stretch = 0, shrink = 0;
        if (fit.natural > options.width + 0.001) {
            if (fit.shrink > 0) shrink = std::min(1.0, (fit.natural - options.width) / fit.shrink);
        } else if (options.justify && !fit.ragged && fit.stretch > 0) {
            stretch = (options.width - fit.natural) / fit.stretch;
            if (stretch > 1) stretch = 0;  // looser than a quarter em more per gap: ragged reads better
        }
        line.height = max_size * options.line_height;
        line.baseline = (line.height - (max_ascent + max_descent)) / 2 + max_ascent;

        double x = 0;
        std::ptrdiff_t open_underline = -1, open_strike = -1, open_code = -1;
        for (std::size_t k = begin; k < end; ++k) {
            const Cluster& c = clusters[k];
            const Spacing& sp = spacing[k];
            const bool line_start = k == begin;
            if (!line_start) x += sp.gap + stretch * sp.gap_stretch - shrink * sp.gap_shrink;
            // The white taken out of the mark's own em, left and right.
            const double lead = line_start ? 0 : sp.lead_cut + shrink * sp.lead_shrink;
            const double trail = sp.trail_cut + shrink * sp.trail_shrink;
            const double advance = c.width - lead - trail + stretch * sp.own_stretch;
            const TextStyle& style = spans[c.span].style;
            double gx = x - lead;
            if (invisible(p.text, c) && !line.glyphs.empty()) {
                // A variation selector or joiner after an emoji: no glyph of
                // its own (HarfBuzz gives it the space glyph, which would map
                // every space in the text layer to it); its character goes
                // with the glyph before.
                line.glyphs.back().text += p.text.substr(c.begin, c.end - c.begin);
                line.text += p.text.substr(c.begin, c.end - c.begin);
                x += advance;
                continue;
            }
            for (std::size_t g = 0; g < c.glyphs.size(); ++g) {
                PlacedGlyph placed;
                placed.face = c.face;
                placed.size = style.size;
                placed.color = style.color;
                placed.glyph = c.glyphs[g].glyph;
                placed.x = gx + c.face->to_points(c.glyphs[g].x_offset, style.size);
                placed.y_offset = c.face->to_points(c.glyphs[g].y_offset, style.size);
                if (g == 0) placed.text = p.text.substr(c.begin, c.end - c.begin);
                placed.missing = placed.glyph == 0;
                if (!c.space) line.glyphs.push_back(std::move(placed));
                gx += c.face->to_points(c.glyphs[g].advance, style.size);
            }
            if (c.space) {
                // A space is drawn as nothing, but kept for the text layer.
                PlacedGlyph placed;
                placed.face = c.face;
                placed.size = style.size;
                placed.color = style.color;
                placed.glyph = c.glyphs.empty() ? 0 : c.glyphs.front().glyph;
                placed.x = x;
                placed.text = U" ";
                line.glyphs.push_back(std::move(placed));
            }
            // Decorations, merged with the previous cluster's when it has the same span.
            const bool same_span = k > begin && clusters[k - 1].span == c.span;
            const auto decorate = [&](LineDecoration::Kind kind, std::ptrdiff_t& open) {
                if (same_span && open >= 0) {
                    auto& d = line.decorations[static_cast<std::size_t>(open)];
                    d.width = x + advance - d.x;
                } else {
                    open = static_cast<std::ptrdiff_t>(line.decorations.size());
                    line.decorations.push_back({kind, x, advance, style.size, style.color});
                }
            };
            if (!same_span) open_underline = open_strike = open_code = -1;
            if (style.underline) decorate(LineDecoration::Kind::Underline, open_underline);
            if (style.strike) decorate(LineDecoration::Kind::Strike, open_strike);
            if (style.code) decorate(LineDecoration::Kind::CodeBackground, open_code);
            if (style.link >= 0) {
                if (!line.links.empty() && line.links.back().link == style.link)
                    line.links.back().width = x + advance - line.links.back().x;
                else
                    line.links.push_back({style.link, x, advance});
            }
            x += advance;
            line.text += p.text.substr(c.begin, c.end - c.begin);
        }
        line.width = x;
        lines.push_back(std::move(line));
    }
    return lines;
}

}  // namespace tebiki::pdf
