#include <catch2/catch.hpp>

#include "document/date.h"

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
