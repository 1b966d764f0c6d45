#include "changes/sequence_diff.h"

#include <algorithm>
#include <cstdint>

namespace tebiki::changes {

namespace {

void push(std::vector<Edit>& edits, EditKind kind, std::size_t old_index, std::size_t new_index) {
    if (!edits.empty() && edits.back().kind == kind) {
        ++edits.back().length;
        return;
    }
    edits.push_back({kind, old_index, new_index, 1});
}

}  // namespace

std::vector<Edit> diff_sequences(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    // Common prefix and suffix first: most revisions change little, and this
    // keeps the table small.
    std::size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
    std::size_t suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;
    const std::size_t n = a.size() - prefix - suffix, m = b.size() - prefix - suffix;

    // lcs[i][j]: length of the LCS of a[prefix+i..] and b[prefix+j..].
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    const auto at = [m](std::size_t i, std::size_t j) { return i * (m + 1) + j; };
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            lcs[at(i, j)] = a[prefix + i] == b[prefix + j] ? lcs[at(i + 1, j + 1)] + 1
                                                           : std::max(lcs[at(i + 1, j)], lcs[at(i, j + 1)]);

    std::vector<Edit> edits;
    for (std::size_t k = 0; k < prefix; ++k) push(edits, EditKind::Equal, k, k);
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
            push(edits, EditKind::Equal, prefix + i++, prefix + j++);
        } else if (i < n && (j == m || lcs[at(i + 1, j)] >= lcs[at(i, j + 1)])) {
            // Deletions before insertions, as readers of a change expect.
            push(edits, EditKind::Delete, prefix + i++, prefix + j);
        } else {
            push(edits, EditKind::Insert, prefix + i, prefix + j++);
        }
    }
    for (std::size_t k = 0; k < suffix; ++k) push(edits, EditKind::Equal, prefix + n + k, prefix + m + k);
    return edits;
}

}  // namespace tebiki::changes
