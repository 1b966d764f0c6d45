#include "pdf/line_breaker.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <memory>
#include <stdexcept>

#include "pdf/kinsoku.h"

namespace tebiki::pdf {

namespace {

// Creating a break iterator loads rules; each thread clones one prototype.
icu::BreakIterator& line_iterator() {
    thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> it(
            icu::BreakIterator::createLineInstance(icu::Locale("ja", "JP", "", "lb=strict"), status));
        if (U_FAILURE(status) || !it) throw std::runtime_error("ICU has no Japanese line break rules");
        return it;
    }();
    return *iterator;
}

}  // namespace

std::vector<BreakKind> line_break_opportunities(std::u32string_view text) {
    std::vector<BreakKind> out(text.size(), BreakKind::None);
    if (text.empty()) return out;
    const icu::UnicodeString utf16 =
        icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(text.data()), static_cast<int32_t>(text.size()));
    // UTF-16 offset → character index.
    std::vector<std::int32_t> char_at(static_cast<std::size_t>(utf16.length()) + 1, -1);
    for (std::int32_t offset = 0, index = 0; offset < utf16.length(); offset = utf16.moveIndex32(offset, 1), ++index)
        char_at[static_cast<std::size_t>(offset)] = index;

    icu::BreakIterator& it = line_iterator();
    it.setText(utf16);
    for (std::int32_t pos = it.next(); pos != icu::BreakIterator::DONE; pos = it.next()) {
        if (pos >= utf16.length()) break;
        const std::int32_t index = char_at[static_cast<std::size_t>(pos)];
        if (index <= 0) continue;
        const bool hard = it.getRuleStatus() >= UBRK_LINE_HARD && it.getRuleStatus() < UBRK_LINE_HARD_LIMIT;
        out[static_cast<std::size_t>(index)] = hard ? BreakKind::Mandatory : BreakKind::Allowed;
    }
    // Kinsoku on top of ICU: never before a line-start-prohibited character,
    // never after a line-end-prohibited one.
    for (std::size_t i = 1; i < text.size(); ++i) {
        if (out[i] == BreakKind::Allowed && (is_line_start_prohibited(text[i]) || is_line_end_prohibited(text[i - 1])))
            out[i] = BreakKind::None;
    }
    return out;
}

}  // namespace tebiki::pdf
