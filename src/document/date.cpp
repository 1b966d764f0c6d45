#include "document/date.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace tebiki {

namespace {
std::chrono::year_month_day to_ymd(const Date& d) {
    return std::chrono::year{d.year} / std::chrono::month{static_cast<unsigned>(d.month)} /
           std::chrono::day{static_cast<unsigned>(d.day)};
}
Date from_ymd(const std::chrono::year_month_day& ymd) {
    return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                static_cast<int>(static_cast<unsigned>(ymd.day()))};
}
bool all_digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}
}  // namespace

std::optional<Date> Date::parse_iso(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
    if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return std::nullopt;
    Date date{std::stoi(std::string(y)), std::stoi(std::string(m)), std::stoi(std::string(d))};
    if (!to_ymd(date).ok()) return std::nullopt;
    return date;
}

Date Date::from_unix_time(long long seconds, int utc_offset_minutes) {
    const std::chrono::sys_seconds t{std::chrono::seconds{seconds + utc_offset_minutes * 60LL}};
    return from_ymd(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t)});
}

Date Date::today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

std::string Date::iso() const {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return buffer;
}

Date Date::plus_months(int months) const {
    auto ym = std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)};
    ym += std::chrono::months{months};
    const auto last = std::chrono::year_month_day_last{ym / std::chrono::last};
    const unsigned last_day = static_cast<unsigned>(last.day());
    const unsigned d = static_cast<unsigned>(day) > last_day ? last_day : static_cast<unsigned>(day);
    return from_ymd(ym / std::chrono::day{d});
}

long Date::days_since_epoch() const {
    return static_cast<long>(std::chrono::sys_days{to_ymd(*this)}.time_since_epoch().count());
}

}  // namespace tebiki
