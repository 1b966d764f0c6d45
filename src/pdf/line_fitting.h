#pragma once
// Choosing where a paragraph's lines end, for the whole paragraph at once
// (Knuth and Plass's total fit, as TeX does): every break opportunity is a
// candidate; a line may stretch at its gaps or shrink the spaces that
// Japanese punctuation carries (JLREQ 3.8, 追い込み) and between scripts and
// words; the set of breaks with the least total demerits wins. So a line is
// pulled in by compressing punctuation rather than pushed out (追い出し)
// whenever that reads better, and no line mid-paragraph is left gappy while
// a neighbour could have taken a character.

#include <cstddef>
#include <vector>

namespace tebiki::pdf {

// One unit of the paragraph (a shaping cluster), in points.
struct FitUnit {
    double width = 0;         // advance after fixed punctuation compression
    double gap_before = 0;    // fixed space before it when not at a line start (between scripts)
    double lead_cut = 0;      // space already taken off its start; given back at a line start
    double stretch_before = 0;  // how much the gap before it may stretch (not at a line start)
    double shrink_before = 0;   // how much the gap before it, and its leading space, may shrink
    double stretch = 0, shrink = 0;  // of the unit itself (a word space; a punctuation mark's trailing space)
    bool space = false;       // dropped at a line end and at a line start
    bool hard_break = false;  // ends the line; the line before it is ragged
    bool break_before = false;  // a line may start here
    double penalty = 0;       // for breaking before it (an emergency break inside a long word)
};

struct FittedLine {
    std::size_t begin = 0, end = 0;  // units [begin, end), spaces at either end excluded
    std::size_t next = 0;            // where the following line starts
    bool ragged = false;             // the last line of the paragraph or ended by a hard break
    double natural = 0, stretch = 0, shrink = 0;
};

// `justified`: whether lines other than the last are set to the full
// measure (otherwise a line's slack costs little and it stays ragged).
std::vector<FittedLine> fit_lines(const std::vector<FitUnit>& units, double width, bool justified);

}  // namespace tebiki::pdf
