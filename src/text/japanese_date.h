#pragma once
// Dates written the Japanese way, through ICU's Japanese locale and calendar.

#include <string>

namespace tebiki::text {

// "2026年4月1日"
std::string format_date_japanese(int year, int month, int day);
// Japanese era (和暦), e.g. "令和8年4月1日"; the first year of an era is "元年".
std::string format_date_wareki(int year, int month, int day);

}  // namespace tebiki::text
