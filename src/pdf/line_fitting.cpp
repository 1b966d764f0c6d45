#include "pdf/line_fitting.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tebiki::pdf {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kTolerance = 0.01;  // points: rounding in the widths
constexpr double kLinePenalty = 10;  // every line costs something: fewer lines win ties
constexpr double kLooseCap = 10000;  // the badness of a line stretched past any reason

struct PrefixSums {
    std::vector<double> advance, stretch, shrink;
    explicit PrefixSums(const std::vector<FitUnit>& units)
        : advance(units.size() + 1, 0), stretch(units.size() + 1, 0), shrink(units.size() + 1, 0) {
        for (std::size_t k = 0; k < units.size(); ++k) {
            const FitUnit& u = units[k];
            advance[k + 1] = advance[k] + u.width + u.gap_before;
            stretch[k + 1] = stretch[k] + u.stretch_before + u.stretch;
            shrink[k + 1] = shrink[k] + u.shrink_before + u.shrink;
        }
    }
};

// The measures of the line that starts at `begin` and whose next line starts at `next`.
FittedLine measure(const std::vector<FitUnit>& units, const PrefixSums& sums, std::size_t begin, std::size_t next,
                   std::size_t limit) {
    FittedLine line;
    line.begin = begin;
    line.next = next;
    std::size_t end = std::min(next, limit);
    while (end > begin && units[end - 1].space) --end;  // spaces at a line end hang
    line.end = end;
    if (end == begin) return line;
    const FitUnit& first = units[begin];
    line.natural = sums.advance[end] - sums.advance[begin] - first.gap_before + first.lead_cut;
    line.stretch = sums.stretch[end] - sums.stretch[begin] - first.stretch_before;
    line.shrink = sums.shrink[end] - sums.shrink[begin] - first.shrink_before;
    return line;
}

// TeX's badness: 100 r³ for the adjustment ratio r when a line is
// stretched. Taking out punctuation's white is ordinary Japanese setting
// and preferred to stretching or pushing a character out (JLREQ: 追い込み
// before 追い出し), so it costs a twentieth of that. A paragraph's last line
// of a single character is avoided (JLREQ 3.3: no lone character at the
// end). Infinite when the line cannot be made to fit.
double badness(const FittedLine& line, double width, bool ragged, bool justified) {
    const double slack = width - line.natural;
    if (slack >= -kTolerance) {
        if (ragged) return line.end - line.begin == 1 ? 100 : 0;
        // Set ragged (a table cell, a heading): a short line costs only a
        // little, in proportion to the white it leaves.
        if (!justified) return 20 * std::max(0.0, slack) / width;
        if (slack <= kTolerance) return 0;
        if (line.stretch <= 0) return kLooseCap;
        const double r = slack / line.stretch;
        return std::min(kLooseCap, 100 * r * r * r);
    }
    if (-slack > line.shrink + kTolerance) return kInfinity;
    const double r = line.shrink > 0 ? -slack / line.shrink : 0;
    return 5 * r * r * r;
}

// Total fit over the segment [first, limit) (ending at a hard break or the
// paragraph's end).
void fit_segment(const std::vector<FitUnit>& units, const PrefixSums& sums, std::size_t first, std::size_t limit,
                 double width, bool justified, std::vector<FittedLine>& out) {
    // All on one line: nothing to choose (and no quadratic search when a
    // caller measures with a very wide line).
    if (FittedLine whole = measure(units, sums, first, limit, limit); whole.natural <= width + kTolerance) {
        whole.ragged = true;
        out.push_back(whole);
        return;
    }
    // Candidate line starts (after `first`) and the segment's end.
    std::vector<std::size_t> breaks;
    for (std::size_t k = first + 1; k < limit; ++k)
        if (units[k].break_before && !units[k].space) breaks.push_back(k);
    breaks.push_back(limit);

    struct Node {
        std::size_t position;
        double demerits;
        int previous;  // index into nodes, -1 for the segment's start
        bool reached_any = false;
    };
    std::vector<Node> nodes{{first, 0, -1}};
    std::vector<std::size_t> active{0};
    std::vector<int> node_at(breaks.size(), -1);

    for (std::size_t b = 0; b < breaks.size(); ++b) {
        const std::size_t position = breaks[b];
        const bool last = position == limit;
        double best = kInfinity;
        int best_from = -1;
        std::vector<std::size_t> still_active;
        for (std::size_t a : active) {
            Node& from = nodes[a];
            const FittedLine line = measure(units, sums, from.position, position, limit);
            const double bad = badness(line, width, last, justified);
            double demerits;
            if (bad == kInfinity) {
                // Overfull: only when the line has no other way to end.
                demerits = from.reached_any ? kInfinity
                                            : 1e12 + (line.natural - width) * 1e6 + units[std::min(position, units.size() - 1)].penalty;
            } else {
                const double penalty = last ? 0 : units[position].penalty;
                demerits = (kLinePenalty + bad) * (kLinePenalty + bad) + penalty * penalty;
            }
            if (demerits < kInfinity) {
                const double total = from.demerits + demerits;
                if (total < best) {
                    best = total;
                    best_from = static_cast<int>(a);
                }
            }
            const bool first_reach = !from.reached_any;
            from.reached_any = true;
            // A start whose line already overflows can end no later line.
            const bool overflowing = line.natural - line.shrink > width + kTolerance;
            if (!(overflowing && !first_reach) && !overflowing) still_active.push_back(a);
        }
        if (best_from >= 0) {
            nodes.push_back({position, best, best_from});
            node_at[b] = static_cast<int>(nodes.size() - 1);
            still_active.push_back(nodes.size() - 1);
        }
        if (still_active.empty() && !last) {
            // Nothing reaches further: restart from the latest node.
            for (std::size_t back = b + 1; back-- > 0;)
                if (node_at[back] >= 0) {
                    still_active.push_back(static_cast<std::size_t>(node_at[back]));
                    break;
                }
            if (still_active.empty()) still_active.push_back(0);
        }
        active = std::move(still_active);
    }

    // Follow the best path back from the segment's end.
    std::vector<FittedLine> lines;
    int node = node_at.back();
    if (node < 0) node = 0;  // cannot happen: the end is always reachable by an overfull line
    std::size_t next = limit;
    while (node >= 0 && nodes[static_cast<std::size_t>(node)].previous >= 0) {
        const Node& n = nodes[static_cast<std::size_t>(node)];
        const Node& from = nodes[static_cast<std::size_t>(n.previous)];
        FittedLine line = measure(units, sums, from.position, n.position, limit);
        line.ragged = n.position == limit;
        lines.push_back(line);
        next = from.position;
        node = n.previous;
    }
    if (lines.empty()) {
        FittedLine line = measure(units, sums, first, limit, limit);
        line.ragged = true;
        lines.push_back(line);
    }
    std::reverse(lines.begin(), lines.end());
    (void)next;
    out.insert(out.end(), lines.begin(), lines.end());
}

}  // namespace

std::vector<FittedLine> fit_lines(const std::vector<FitUnit>& units, double width, bool justified) {
    const PrefixSums sums(units);
    std::vector<FittedLine> out;
    std::size_t start = 0;
    for (;;) {
        std::size_t limit = start;
        while (limit < units.size() && !units[limit].hard_break) ++limit;
        fit_segment(units, sums, start, limit, width, justified, out);
        if (limit >= units.size()) break;
        out.back().next = limit + 1;
        start = limit + 1;
    }
    return out;
}

}  // namespace tebiki::pdf
