#include "kiosk/content/datetime.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

using namespace kiosk::content;

TEST_CASE("datetime: parseDate reads ISO dates") {
    CHECK(parseDate("2026-08-19") == Date{2026, 8, 19});
    CHECK(parseDate("  2026-08-19\t") == Date{2026, 8, 19});
    CHECK(parseDate("2000-01-01") == Date{2000, 1, 1});
    CHECK_FALSE(parseDate("2026-8-19"));
    CHECK_FALSE(parseDate("2026-08-1"));
    CHECK_FALSE(parseDate("2026/08/19"));
    CHECK_FALSE(parseDate("2026-08-19x"));
    CHECK_FALSE(parseDate("2026-13-01"));
    CHECK_FALSE(parseDate("2026-00-10"));
    CHECK_FALSE(parseDate("2026-08-00"));
    CHECK_FALSE(parseDate("2026-08--1"));
}

TEST_CASE("datetime: parseDate reads German dates") {
    CHECK(parseDate("19.08.2026") == Date{2026, 8, 19});
    CHECK(parseDate("19.8.2026") == Date{2026, 8, 19});
    CHECK(parseDate("1.1.2026") == Date{2026, 1, 1});
    CHECK(parseDate("19.08.26") == Date{2026, 8, 19});
    CHECK(parseDate("19.8.26") == Date{2026, 8, 19});
    CHECK(parseDate("01.01.00") == Date{2000, 1, 1});
    CHECK_FALSE(parseDate("19.08.202")); // three-digit year
    CHECK_FALSE(parseDate("19.08.20266"));
    CHECK_FALSE(parseDate("19.08."));
    CHECK_FALSE(parseDate("19.08"));
    CHECK_FALSE(parseDate("19/08/2026"));
    CHECK_FALSE(parseDate("019.08.2026"));
    CHECK_FALSE(parseDate("-1.08.2026"));
    CHECK_FALSE(parseDate("+1.08.2026"));
    CHECK_FALSE(parseDate("19.13.2026"));
    CHECK_FALSE(parseDate("00.08.2026"));
    CHECK_FALSE(parseDate(""));
    CHECK_FALSE(parseDate("   "));
    CHECK_FALSE(parseDate("heute"));
}

TEST_CASE("datetime: impossible dates are rejected") {
    CHECK_FALSE(parseDate("31.02.2026"));
    CHECK_FALSE(parseDate("30.02.2024"));
    CHECK_FALSE(parseDate("29.02.2025"));
    CHECK_FALSE(parseDate("2025-02-29"));
    CHECK_FALSE(parseDate("31.04.2026"));
    CHECK_FALSE(parseDate("31.06.2026"));
    CHECK_FALSE(parseDate("31.09.2026"));
    CHECK_FALSE(parseDate("31.11.2026"));
    CHECK_FALSE(parseDate("32.01.2026"));
    CHECK(parseDate("31.12.2026") == Date{2026, 12, 31});
    CHECK(parseDate("30.04.2026") == Date{2026, 4, 30});
    CHECK(parseDate("28.02.2025") == Date{2025, 2, 28});
}

TEST_CASE("datetime: leap years") {
    CHECK(parseDate("29.02.2024") == Date{2024, 2, 29});
    CHECK(parseDate("29.02.2000") == Date{2000, 2, 29}); // divisible by 400
    CHECK(parseDate("29.02.28") == Date{2028, 2, 29});
    CHECK_FALSE(parseDate("29.02.1900")); // divisible by 100
    CHECK_FALSE(parseDate("29.02.2100"));
    CHECK(Date::valid(2024, 2, 29));
    CHECK_FALSE(Date::valid(2026, 2, 29));
    CHECK_FALSE(Date::valid(1900, 2, 29));
    CHECK(Date::valid(2400, 2, 29));
    CHECK_FALSE(Date::valid(1899, 12, 31)); // outside the supported years
    CHECK_FALSE(Date::valid(10000, 1, 1));
    CHECK_FALSE(Date::valid(2026, 0, 1));
    CHECK_FALSE(Date::valid(2026, 1, 0));
    CHECK(Date{2024, 2, 28}.plusDays(1) == Date{2024, 2, 29});
    CHECK(Date{2025, 2, 28}.plusDays(1) == Date{2025, 3, 1});
    CHECK(Date{2000, 2, 28}.plusDays(1) == Date{2000, 2, 29});
    CHECK(Date{2100, 2, 28}.plusDays(1) == Date{2100, 3, 1});
    CHECK(Date{2024, 3, 1}.toDays() - Date{2024, 2, 1}.toDays() == 29);
    CHECK(Date{2025, 3, 1}.toDays() - Date{2025, 2, 1}.toDays() == 28);
    CHECK(Date{2025, 1, 1}.toDays() - Date{2024, 1, 1}.toDays() == 366);
    CHECK(Date{2026, 1, 1}.toDays() - Date{2025, 1, 1}.toDays() == 365);
}

TEST_CASE("datetime: parseClock") {
    CHECK(parseClock("18:00") == 1080);
    CHECK(parseClock("8:30") == 510);
    CHECK(parseClock("08:30") == 510);
    CHECK(parseClock("00:00") == 0);
    CHECK(parseClock("23:59") == 1439);
    CHECK(parseClock("24:00") == 1440);
    CHECK(parseClock(" 07:05 ") == 425);
    CHECK(parseClock("18:00:00") == 1080);
    CHECK(parseClock("18:00:59") == 1080); // seconds are dropped
    CHECK(parseClock("18:00 Uhr") == 1080);
    CHECK(parseClock("18:00Uhr") == 1080);
    CHECK(parseClock("9:15 uhr") == 555);
    CHECK_FALSE(parseClock("25:00"));
    CHECK_FALSE(parseClock("24:01"));
    CHECK_FALSE(parseClock("24:00:01"));
    CHECK_FALSE(parseClock("18:60"));
    CHECK_FALSE(parseClock("18:00:60"));
    CHECK_FALSE(parseClock("18:00:0"));
    CHECK_FALSE(parseClock("18:5"));
    CHECK_FALSE(parseClock("123:00"));
    CHECK_FALSE(parseClock("9h"));
    CHECK_FALSE(parseClock("18"));
    CHECK_FALSE(parseClock("18 Uhr"));
    CHECK_FALSE(parseClock("18.00"));
    CHECK_FALSE(parseClock(":30"));
    CHECK_FALSE(parseClock(""));
    CHECK_FALSE(parseClock("Uhr"));
    // from_chars takes a sign; these once came back as 11:55 and -00:30.
    CHECK_FALSE(parseClock("12:-5"));
    CHECK_FALSE(parseClock("-1:30"));
    CHECK_FALSE(parseClock("+1:30"));
}

TEST_CASE("datetime: parseDateTime") {
    const Date day{2026, 8, 19};
    CHECK(parseDateTime("2026-08-19T18:00") == DateTime{day, 1080, true});
    CHECK(parseDateTime("2026-08-19 18:00") == DateTime{day, 1080, true});
    CHECK(parseDateTime("2026-08-19 18:00:00") == DateTime{day, 1080, true});
    CHECK(parseDateTime("19.08.2026 18:00") == DateTime{day, 1080, true});
    CHECK(parseDateTime("19.08.2026 18:00 Uhr") == DateTime{day, 1080, true});
    CHECK(parseDateTime("19.8.26 8:30") == DateTime{day, 510, true});
    CHECK(parseDateTime("  19.08.2026   18:00  ") == DateTime{day, 1080, true});
    CHECK(parseDateTime("19.08.2026 00:00") == DateTime{day, 0, true});

    const auto dateOnly = parseDateTime("2026-08-19");
    REQUIRE(dateOnly);
    CHECK(dateOnly->date == day);
    CHECK(dateOnly->minuteOfDay == 0);
    CHECK_FALSE(dateOnly->hasTime);
    CHECK(parseDateTime("19.8.26") == DateTime{day, 0, false});

    CHECK_FALSE(parseDateTime("19.08.2026 24:00")); // end of day is not a moment
    CHECK_FALSE(parseDateTime("19.08.2026 25:00"));
    CHECK_FALSE(parseDateTime("19.08.2026 18"));
    CHECK_FALSE(parseDateTime("19.08.2026 18 Uhr"));
    CHECK_FALSE(parseDateTime("31.02.2026 10:00"));
    CHECK_FALSE(parseDateTime("2026-08-19T"));
    CHECK_FALSE(parseDateTime("2026-08-19Tabc"));
    CHECK_FALSE(parseDateTime("morgen 10:00"));
    CHECK_FALSE(parseDateTime(""));
}

TEST_CASE("datetime: weekday of known dates") {
    CHECK(Date{1970, 1, 1}.weekday() == 3);  // Thursday
    CHECK(Date{1969, 12, 31}.weekday() == 2); // Wednesday, before the epoch
    CHECK(Date{1969, 12, 25}.weekday() == 3); // a whole week before the epoch
    CHECK(Date{1900, 1, 1}.weekday() == 0);   // Monday
    CHECK(Date{2000, 1, 1}.weekday() == 5);   // Saturday
    CHECK(Date{2000, 2, 29}.weekday() == 1);  // Tuesday
    CHECK(Date{2024, 2, 29}.weekday() == 3);  // Thursday
    CHECK(Date{2026, 8, 19}.weekday() == 2);  // Wednesday
    CHECK(Date{2026, 8, 23}.weekday() == 6);  // Sunday
    CHECK(Date{2026, 8, 24}.weekday() == 0);  // Monday
    CHECK(Date{2026, 12, 31}.weekday() == 3); // Thursday
    CHECK(Date{2027, 1, 1}.weekday() == 4);   // Friday
}

TEST_CASE("datetime: toDays of known dates") {
    CHECK(Date{1970, 1, 1}.toDays() == 0);
    CHECK(Date{1969, 12, 31}.toDays() == -1);
    CHECK(Date{1900, 1, 1}.toDays() == -25567);
    CHECK(Date{2000, 1, 1}.toDays() == 10957);
    CHECK(Date{2000, 2, 29}.toDays() == 11016);
    CHECK(Date{2026, 8, 19}.toDays() == 20684);
    CHECK(Date{9999, 12, 31}.toDays() == 2932896);
    CHECK(Date::fromDays(20684) == Date{2026, 8, 19});
    CHECK(Date::fromDays(-1) == Date{1969, 12, 31});
    CHECK(Date::fromDays(-25567) == Date{1900, 1, 1});
}

TEST_CASE("datetime: fromDays and toDays round trip across years") {
    // Sparse over the whole supported range ...
    for (std::int64_t d = Date{1900, 1, 1}.toDays(); d <= Date{9999, 12, 31}.toDays(); d += 97) {
        const Date date = Date::fromDays(d);
        REQUIRE_MESSAGE(Date::valid(date.year, date.month, date.day), date.iso());
        REQUIRE(date.toDays() == d);
    }
    // ... and day by day across the epoch and the leap years 2000 and 2100, where
    // each next day must be the calendar's next day.
    for (const Date start : {Date{1968, 12, 1}, Date{1999, 11, 1}, Date{2099, 11, 1}}) {
        Date date = start;
        for (int i = 0; i < 3 * 366; ++i) {
            const Date next = date.plusDays(1);
            const bool sameMonth = next.year == date.year && next.month == date.month && next.day == date.day + 1;
            const bool nextMonth = next.day == 1 && ((next.year == date.year && next.month == date.month + 1) ||
                                                     (next.year == date.year + 1 && next.month == 1 && date.month == 12));
            REQUIRE_MESSAGE((sameMonth || nextMonth), date.iso(), " -> ", next.iso());
            REQUIRE_FALSE(Date::valid(date.year, date.month, date.day + 1) == nextMonth);
            REQUIRE(next.weekday() == (date.weekday() + 1) % 7);
            REQUIRE(Date::fromDays(date.toDays()) == date);
            date = next;
        }
    }
}

TEST_CASE("datetime: fromMinutes with negative minutes") {
    CHECK(DateTime::fromMinutes(0) == DateTime{Date{1970, 1, 1}, 0, true});
    CHECK(DateTime::fromMinutes(1439) == DateTime{Date{1970, 1, 1}, 1439, true});
    CHECK(DateTime::fromMinutes(1440) == DateTime{Date{1970, 1, 2}, 0, true});
    CHECK(DateTime::fromMinutes(-1) == DateTime{Date{1969, 12, 31}, 1439, true});
    CHECK(DateTime::fromMinutes(-1439) == DateTime{Date{1969, 12, 31}, 1, true});
    CHECK(DateTime::fromMinutes(-1440) == DateTime{Date{1969, 12, 31}, 0, true});
    CHECK(DateTime::fromMinutes(-1441) == DateTime{Date{1969, 12, 30}, 1439, true});
    for (std::int64_t m : {std::int64_t{-3000000}, std::int64_t{-1441}, std::int64_t{-1}, std::int64_t{0},
                           std::int64_t{29786400}, std::int64_t{29786400 + 1079}}) {
        const DateTime dt = DateTime::fromMinutes(m);
        CHECK(dt.toMinutes() == m);
        CHECK(dt.minuteOfDay >= 0);
        CHECK(dt.minuteOfDay < 1440);
    }
    CHECK(DateTime::fromMinutes(Date{2026, 8, 19}.toDays() * 1440 + 1080) == DateTime{Date{2026, 8, 19}, 1080, true});
}

TEST_CASE("datetime: iso and ordering") {
    CHECK(Date{2026, 8, 19}.iso() == "2026-08-19");
    CHECK(Date{1900, 1, 2}.iso() == "1900-01-02");
    CHECK(DateTime{Date{2026, 8, 19}, 18 * 60 + 5, true}.iso() == "2026-08-19T18:05");
    CHECK(DateTime{Date{2026, 8, 19}, 0, false}.iso() == "2026-08-19");
    CHECK(Date{2026, 8, 19} < Date{2026, 8, 20});
    CHECK(Date{2025, 12, 31} < Date{2026, 1, 1});
    CHECK(DateTime{Date{2026, 8, 19}, 1439, true} < DateTime{Date{2026, 8, 20}, 0, true});
    CHECK(DateTime{Date{2026, 8, 19}, 600, true} > DateTime{Date{2026, 8, 19}, 599, true});
    CHECK_FALSE(DateTime{Date{2026, 8, 19}, 0, true} == DateTime{Date{2026, 8, 19}, 0, false});
}
