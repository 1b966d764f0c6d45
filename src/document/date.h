#pragma once
// Calendar dates of document control (effective, review due). No time zone:
// a date in the content is the hospital's local date.

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace tebiki {

struct Date {
    int year = 1970;
    int month = 1;
    int day = 1;

    auto operator<=>(const Date&) const = default;

    // "2026-04-01"; nullopt unless the text is exactly YYYY-MM-DD and a real day.
    static std::optional<Date> parse_iso(std::string_view text);
    // Local calendar date of a Unix time at the given UTC offset (minutes).
    static Date from_unix_time(long long seconds, int utc_offset_minutes);
    static Date today();

    std::string iso() const;
    // The same day `months` later, clamped to the month's end (1-31 + 1 month = 2-28).
    Date plus_months(int months) const;
    long days_since_epoch() const;
};

}  // namespace tebiki
