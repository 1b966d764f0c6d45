#pragma once
// Line-break opportunities through ICU's line break iterator with the strict
// Japanese rules (locale ja@lb=strict: no break before small kana, ー, 々 and
// the like), refined by tebiki's own kinsoku table so that the rule holds
// even where ICU's data is lenient.

#include <cstdint>
#include <string_view>
#include <vector>

namespace tebiki::pdf {

enum class BreakKind : std::uint8_t { None, Allowed, Mandatory };

// One entry per character of `text`: whether a line may start at it.
// Entry 0 is always None.
std::vector<BreakKind> line_break_opportunities(std::u32string_view text);

}  // namespace tebiki::pdf
