#include <catch2/catch.hpp>

#include "document/date.h"
#include "text/japanese_date.h"

using tebiki::Date;

TEST_CASE("ISO dates parse only when they are real days") {
    REQUIRE(Date::parse_iso("2026-04-01") == Date{2026, 4, 1});
    REQUIRE(Date::parse_iso("2028-02-29") == Date{2028, 2, 29});
    CHECK_FALSE(Date::parse_iso("2026-02-29"));
    CHECK_FALSE(Date::parse_iso("2026-13-01"));
    CHECK_FALSE(Date::parse_iso("2026/04/01"));
    CHECK_FALSE(Date::parse_iso("2026-4-1"));
    CHECK_FALSE(Date::parse_iso("令和8年4月1日"));
    CHECK_FALSE(Date::parse_iso(""));
}

TEST_CASE("Adding months clamps to the end of the month") {
    CHECK(Date{2026, 4, 1}.plus_months(12) == Date{2027, 4, 1});
    CHECK(Date{2026, 1, 31}.plus_months(1) == Date{2026, 2, 28});
    CHECK(Date{2026, 11, 15}.plus_months(3) == Date{2027, 2, 15});
}

TEST_CASE("Commit times become local dates") {
    // 2026-03-31T15:30:00Z is already 1 April in Japan (+09:00).
    const long long t = 1774971000;
    CHECK(Date::from_unix_time(t, 0) == Date{2026, 3, 31});
    CHECK(Date::from_unix_time(t, 9 * 60) == Date{2026, 4, 1});
    CHECK(Date{2026, 4, 1}.iso() == "2026-04-01");
    CHECK(Date{2026, 4, 2}.days_since_epoch() - Date{2026, 4, 1}.days_since_epoch() == 1);
}

TEST_CASE("Dates written other ways are read, so that the error can say the same day as YYYY-MM-DD") {
    using tebiki::text::read_written_date;
    const auto day = [](std::string_view text) {
        const auto d = read_written_date(text);
        if (!d) return std::string("none");
        if (!d->exists) return std::string("no such day");
        return std::to_string(d->year) + "-" + std::to_string(d->month) + "-" + std::to_string(d->day);
    };
    CHECK(day("2026/4/1") == "2026-4-1");
    CHECK(day("2026.04.01") == "2026-4-1");
    CHECK(day("2026年4月1日") == "2026-4-1");
    CHECK(day("２０２６／４／１") == "2026-4-1");  // full-width, as an IME writes it
    CHECK(day("令和8年4月1日") == "2026-4-1");
    CHECK(day("令和元年5月1日") == "2019-5-1");
    CHECK(day("平成31年4月30日") == "2019-4-30");
    CHECK(day("2026-02-30") == "no such day");
    CHECK(day("2026/2/29") == "no such day");
    CHECK(day("令和8年2月30日") == "no such day");
    CHECK(day("someday") == "none");
    CHECK(day("4/1") == "none");
    CHECK(day("2026/4/1/5") == "none");
}
