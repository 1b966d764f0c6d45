#include "pdf/paragraph_layout.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cmath>

#include "pdf/kinsoku.h"
#include "pdf/line_breaker.h"
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
            clusters.push_back(std::move(c));
            g = next;
        }
        run_start = run_end;
    }
    return clusters;
}

// Where a line may break inside a run that has no opportunity: after a URL's
// or path's separators first, else between any two characters that kinsoku
// allows, else (a run of prohibited characters) anywhere.
std::size_t emergency_break(const std::vector<Cluster>& clusters, std::size_t line_start, std::size_t overflow) {
    static constexpr std::u32string_view separators = U"/.-_?&=#,;:~+)]}";
    for (std::size_t p = overflow; p > line_start + 1; --p)
        if (separators.find(clusters[p - 1].last) != std::u32string_view::npos &&
            !is_line_start_prohibited(clusters[p].first))
            return p;
    for (std::size_t p = overflow; p > line_start; --p)
        if (!is_line_start_prohibited(clusters[p].first) && !is_line_end_prohibited(clusters[p - 1].last)) return p;
    return std::max(overflow, line_start + 1);
}

struct LineRange {
    std::size_t begin, end;  // clusters [begin, end)
    bool ragged;             // the last line, or ended by a hard break
};

}  // namespace

std::vector<Line> layout_paragraph(const FontSet& fonts, const std::vector<StyledText>& spans,
                                   const ParagraphOptions& options) {
    const Paragraph p = concatenate(spans);
    const std::vector<Cluster> clusters = shape_clusters(fonts, spans, p);
    const std::vector<BreakKind> opportunities = line_break_opportunities(p.text);
    const std::size_t n = clusters.size();

    const auto size_of = [&](const Cluster& c) { return spans[c.span].style.size; };
    // The quarter-em space JLREQ puts between Japanese and Latin letters or digits.
    std::vector<double> gap_before(n, 0.0);
    for (std::size_t k = 1; k < n; ++k) {
        const char32_t a = clusters[k - 1].last, b = clusters[k].first;
        if ((is_japanese_letter(a) && is_latin_letter_or_digit(b)) || (is_latin_letter_or_digit(a) && is_japanese_letter(b)))
            gap_before[k] = options.inter_script_space_em * std::max(size_of(clusters[k - 1]), size_of(clusters[k]));
    }
    const auto may_break_before = [&](std::size_t k) {
        return opportunities[clusters[k].begin] != BreakKind::None && !clusters[k].space;
    };

    // Greedy filling: each line takes as much as fits up to its last opportunity.
    std::vector<LineRange> ranges;
    for (std::size_t start = 0; start < n || (ranges.empty() && n == 0);) {
        if (n == 0) {
            ranges.push_back({0, 0, true});
            break;
        }
        double x = 0;
        std::size_t last_break = start;
        std::size_t k = start;
        bool done = false;
        while (k < n) {
            if (clusters[k].hard_break) {
                ranges.push_back({start, k, true});
                start = k + 1;
                done = true;
                break;
            }
            const double w = clusters[k].width + (k > start ? gap_before[k] : 0.0);
            if (k > start && x + w > options.width + 0.01 && !clusters[k].space) {
                // A piece that cannot fit on any line (a long URL) starts
                // here and is broken inside, rather than leaving a gappy line.
                double piece = 0;
                for (std::size_t j = last_break; j < n && (j == last_break || !may_break_before(j)); ++j)
                    piece += clusters[j].width;
                const bool piece_too_long = last_break > start && piece > options.width;
                const std::size_t end = last_break > start && !piece_too_long ? last_break : emergency_break(clusters, start, k);
                ranges.push_back({start, end, false});
                start = end;
                while (start < n && clusters[start].space) ++start;  // spaces at a break are not carried over
                done = true;
                break;
            }
            x += w;
            ++k;
            if (k < n && may_break_before(k)) last_break = k;
        }
        if (!done) {
            ranges.push_back({start, n, true});
            start = n;
        } else if (start >= n && !ranges.back().ragged) {
            ranges.back().ragged = true;
        } else if (start == n && ranges.back().ragged) {
            // A hard break as the very last character leaves an empty last line.
            ranges.push_back({n, n, true});
        }
    }

    std::vector<Line> lines;
    const double base_size = spans.empty() ? 10.5 : spans.front().style.size;
    for (const LineRange& range : ranges) {
        std::size_t end = range.end;
        while (end > range.begin && clusters[end - 1].space) --end;  // trailing spaces hang
        Line line;
        double natural = 0;
        double expandable = 0;  // weighted: a word space stretches four times as much as a gap between characters
        double max_size = 0, max_ascent = 0, max_descent = 0;
        const auto in_word = [&](std::size_t k) {
            return !clusters[k - 1].space && !clusters[k].space && !is_cjk(clusters[k - 1].last) &&
                   !is_cjk(clusters[k].first);
        };
        const auto stretch = [&](std::size_t k) {
            if (in_word(k)) return 0.0;
            return clusters[k - 1].space || clusters[k].space ? 4.0 : 1.0;
        };
        for (std::size_t k = range.begin; k < end; ++k) {
            natural += clusters[k].width + (k > range.begin ? gap_before[k] : 0.0);
            if (k > range.begin) expandable += stretch(k);
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
        double extra = 0;
        if (options.justify && !range.ragged && expandable > 0 && natural < options.width) {
            extra = (options.width - natural) / expandable;
            // A line this loose (a long URL pushed to the next line) reads better ragged.
            if (extra > max_size * 0.25) extra = 0;
        }
        line.height = max_size * options.line_height;
        line.baseline = (line.height - (max_ascent + max_descent)) / 2 + max_ascent;

        double x = 0;
        std::ptrdiff_t open_underline = -1, open_strike = -1, open_code = -1;
        for (std::size_t k = range.begin; k < end; ++k) {
            const Cluster& c = clusters[k];
            if (k > range.begin) {
                x += gap_before[k];
                x += extra * stretch(k);
            }
            const TextStyle& style = spans[c.span].style;
            double gx = x;
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
            const bool same_span = k > range.begin && clusters[k - 1].span == c.span;
            const auto decorate = [&](LineDecoration::Kind kind, std::ptrdiff_t& open) {
                if (same_span && open >= 0) {
                    auto& d = line.decorations[static_cast<std::size_t>(open)];
                    d.width = x + c.width - d.x;
                } else {
                    open = static_cast<std::ptrdiff_t>(line.decorations.size());
                    line.decorations.push_back({kind, x, c.width, style.size, style.color});
                }
            };
            if (!same_span) open_underline = open_strike = open_code = -1;
            if (style.underline) decorate(LineDecoration::Kind::Underline, open_underline);
            if (style.strike) decorate(LineDecoration::Kind::Strike, open_strike);
            if (style.code) decorate(LineDecoration::Kind::CodeBackground, open_code);
            if (style.link >= 0) {
                if (!line.links.empty() && line.links.back().link == style.link)
                    line.links.back().width = x + c.width - line.links.back().x;
                else
                    line.links.push_back({style.link, x, c.width});
            }
            x += c.width;
            line.text += p.text.substr(c.begin, c.end - c.begin);
        }
        line.width = x;
        lines.push_back(std::move(line));
    }
    return lines;
}

}  // namespace tebiki::pdf
