#pragma once
// Dates written the Japanese way, through ICU's Japanese locale and calendar.

#include <optional>
#include <string>
#include <string_view>

namespace tebiki::text {

// A day a writer wrote in another common form than YYYY-MM-DD.
struct WrittenDate {
    int year = 0, month = 0, day = 0;  // western calendar; 0s when the day does not exist
    bool exists = true;                // false for 2026-02-30 or 令和8年2月30日
};

// Reads 2026/4/1, 2026.4.1, 2026-4-1, 2026年4月1日 and 和暦 (令和8年4月1日,
// 令和元年5月1日), in full-width digits too (NFKC). Nothing when the text is
// none of these.
std::optional<WrittenDate> read_written_date(std::string_view text);

// "2026年4月1日"
std::string format_date_japanese(int year, int month, int day);
// Japanese era (和暦), e.g. "令和8年4月1日"; the first year of an era is "元年".
std::string format_date_wareki(int year, int month, int day);

}  // namespace tebiki::text
