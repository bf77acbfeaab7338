#include "kiosk/content/opening_hours.h"

#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

using namespace kiosk::content;

namespace {

OpeningHours parseOk(std::string_view text) {
    auto result = OpeningHours::parse(text);
    INFO("text: ", std::string(text));
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? std::string() : result.error().message));
    return std::move(result).value();
}

std::string parseError(std::string_view text) {
    auto result = OpeningHours::parse(text);
    INFO("text: ", std::string(text));
    REQUIRE_FALSE(result.ok());
    return result.error().message;
}

// "08:00-12:00,14:00-18:00"; hours past midnight stay above 24 ("22:00-26:00")
// so that a failing check shows exactly what the parser produced.
std::string show(const std::vector<TimeSpan>& spans) {
    std::string out;
    for (const TimeSpan& s : spans) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d", s.from / 60, s.from % 60, s.to / 60, s.to % 60);
        if (!out.empty()) out += ',';
        out += buf;
    }
    return out;
}

// August 2026: Mo 17, Tu 18, We 19, Th 20, Fr 21, Sa 22, Su 23, Mo 24.
DateTime aug(int day, int hour, int minute) { return DateTime{Date{2026, 8, day}, hour * 60 + minute, true}; }

constexpr int kMo = 0, kTu = 1, kWe = 2, kTh = 3, kFr = 4, kSa = 5, kSu = 6;

} // namespace

TEST_CASE("opening_hours: test dates fall on the expected weekdays") {
    CHECK(Date{2026, 8, 17}.weekday() == kMo);
    CHECK(Date{2026, 8, 21}.weekday() == kFr);
    CHECK(Date{2026, 8, 23}.weekday() == kSu);
    CHECK(Date{2026, 5, 25}.weekday() == kMo); // Whit Monday 2026
}

TEST_CASE("opening_hours: simple weekday range") {
    const auto oh = parseOk("Mo-Fr 08:00-18:00");
    CHECK(oh.text() == "Mo-Fr 08:00-18:00");
    for (int d = kMo; d <= kFr; ++d) CHECK(oh.spansOnWeekday(d) == std::vector<TimeSpan>{{480, 1080}});
    CHECK(oh.spansOnWeekday(kSa).empty());
    CHECK(oh.spansOnWeekday(kSu).empty());
    CHECK_FALSE(oh.alwaysClosed());
    CHECK_FALSE(oh.is24_7());
}

TEST_CASE("opening_hours: boundaries are half open") {
    const auto oh = parseOk("Mo-Fr 08:00-18:00");
    CHECK_FALSE(oh.isOpen(aug(19, 7, 59)));
    CHECK(oh.isOpen(aug(19, 8, 0)));
    CHECK(oh.isOpen(aug(19, 17, 59)));
    CHECK_FALSE(oh.isOpen(aug(19, 18, 0)));
    CHECK_FALSE(oh.isOpen(aug(22, 10, 0))); // Saturday
    CHECK_FALSE(oh.isOpen(aug(23, 10, 0))); // Sunday
    CHECK(oh.isOpen(aug(24, 10, 0)));       // Monday
}

TEST_CASE("opening_hours: lunch break gap") {
    const auto oh = parseOk("Mo-Fr 08:00-12:00,14:00-18:00");
    CHECK(show(oh.spansOnWeekday(kTu)) == "08:00-12:00,14:00-18:00");
    CHECK(oh.spansOnWeekday(kTu) == std::vector<TimeSpan>{{480, 720}, {840, 1080}});
    CHECK(oh.isOpen(aug(18, 11, 59)));
    CHECK_FALSE(oh.isOpen(aug(18, 12, 0)));
    CHECK_FALSE(oh.isOpen(aug(18, 13, 0)));
    CHECK_FALSE(oh.isOpen(aug(18, 13, 59)));
    CHECK(oh.isOpen(aug(18, 14, 0)));
    CHECK_FALSE(oh.isOpen(aug(18, 18, 0)));
    // Staff put a space after the comma; a time after it still continues the list.
    CHECK(show(parseOk("Mo-Fr 08:00-12:00, 14:00-18:00").spansOnWeekday(kTu)) == "08:00-12:00,14:00-18:00");
    CHECK(parseOk("Mo-Fr 08:00-12:00, 14:00-18:00").spansOnWeekday(kSa).empty());
}

TEST_CASE("opening_hours: later rule overrides earlier days") {
    const auto oh = parseOk("Mo-Fr 08:00-18:00; We 08:00-12:00");
    CHECK(show(oh.spansOnWeekday(kTu)) == "08:00-18:00");
    CHECK(show(oh.spansOnWeekday(kWe)) == "08:00-12:00");
    CHECK(show(oh.spansOnWeekday(kTh)) == "08:00-18:00");
    CHECK(oh.isOpen(aug(19, 11, 0)));
    CHECK_FALSE(oh.isOpen(aug(19, 15, 0)));
    CHECK(oh.isOpen(aug(20, 15, 0)));
}

TEST_CASE("opening_hours: off overrides a single day") {
    const auto oh = parseOk("Mo-Su 10:00-18:00; Su off");
    CHECK(show(oh.spansOnWeekday(kSa)) == "10:00-18:00");
    CHECK(oh.spansOnWeekday(kSu).empty());
    CHECK_FALSE(oh.isOpen(aug(23, 12, 0)));
    CHECK(oh.isOpen(aug(22, 12, 0)));
    CHECK(parseOk("Mo-Su 10:00-18:00; Su closed").spansOnWeekday(kSu).empty());
}

TEST_CASE("opening_hours: rules without days apply every day and can be overridden") {
    const auto oh = parseOk("10:00-18:00; Mo off");
    CHECK(oh.spansOnWeekday(kMo).empty());
    for (int d = kTu; d <= kSu; ++d) CHECK(show(oh.spansOnWeekday(d)) == "10:00-18:00");
}

TEST_CASE("opening_hours: comma after times starts an additional rule") {
    const auto oh = parseOk("Mo 10:00-12:00, We 14:00-16:00");
    CHECK(show(oh.spansOnWeekday(kMo)) == "10:00-12:00");
    CHECK(oh.spansOnWeekday(kTu).empty());
    CHECK(show(oh.spansOnWeekday(kWe)) == "14:00-16:00");

    // Additional rules add to what a day already has instead of replacing it.
    const auto both = parseOk("Mo-Fr 08:00-12:00, We 14:00-16:00");
    CHECK(show(both.spansOnWeekday(kWe)) == "08:00-12:00,14:00-16:00");
    CHECK(show(both.spansOnWeekday(kTh)) == "08:00-12:00");

    // ... while ';' replaces.
    const auto replaced = parseOk("Mo-Fr 08:00-12:00; We 14:00-16:00");
    CHECK(show(replaced.spansOnWeekday(kWe)) == "14:00-16:00");
}

TEST_CASE("opening_hours: additional off closes the day") {
    const auto oh = parseOk("Mo-Fr 08:00-18:00, We off");
    CHECK(oh.spansOnWeekday(kWe).empty());
    CHECK(show(oh.spansOnWeekday(kTh)) == "08:00-18:00");
}

TEST_CASE("opening_hours: comma between days is a day list") {
    const auto oh = parseOk("Mo,We 10:00-12:00");
    CHECK(show(oh.spansOnWeekday(kMo)) == "10:00-12:00");
    CHECK(oh.spansOnWeekday(kTu).empty());
    CHECK(show(oh.spansOnWeekday(kWe)) == "10:00-12:00");
    CHECK(oh.spansOnWeekday(kTh).empty());

    const auto mixed = parseOk("Mo-We,Fr 09:00-13:30,14:00-18:30");
    const std::array<std::string, 7> expected = {"09:00-13:30,14:00-18:30", "09:00-13:30,14:00-18:30",
                                                 "09:00-13:30,14:00-18:30", "", "09:00-13:30,14:00-18:30", "", ""};
    for (int d = 0; d < 7; ++d) {
        INFO("weekday ", d);
        CHECK(show(mixed.spansOnWeekday(d)) == expected[static_cast<std::size_t>(d)]);
    }
}

TEST_CASE("opening_hours: day ranges wrap across the week end") {
    const auto saMo = parseOk("Sa-Mo 10:00-12:00");
    const std::array<bool, 7> saMoOpen = {true, false, false, false, false, true, true};
    const auto suTu = parseOk("Su-Tu 10:00-12:00");
    const std::array<bool, 7> suTuOpen = {true, true, false, false, false, false, true};
    const auto frTu = parseOk("Fr-Tu 10:00-12:00");
    const std::array<bool, 7> frTuOpen = {true, true, false, false, true, true, true};
    for (int d = 0; d < 7; ++d) {
        INFO("weekday ", d);
        const auto i = static_cast<std::size_t>(d);
        CHECK(saMo.spansOnWeekday(d).empty() == !saMoOpen[i]);
        CHECK(suTu.spansOnWeekday(d).empty() == !suTuOpen[i]);
        CHECK(frTu.spansOnWeekday(d).empty() == !frTuOpen[i]);
    }
    CHECK(saMo.isOpen(aug(24, 11, 0)));  // Monday
    CHECK_FALSE(saMo.isOpen(aug(18, 11, 0))); // Tuesday
    CHECK(suTu.isOpen(aug(18, 11, 0)));  // Tuesday

    const auto single = parseOk("We-We 10:00-12:00");
    CHECK(show(single.spansOnWeekday(kWe)) == "10:00-12:00");
    CHECK(single.spansOnWeekday(kTh).empty());
}

TEST_CASE("opening_hours: span past midnight belongs to its day") {
    const auto oh = parseOk("Fr 22:00-02:00");
    CHECK(oh.spansOn(Date{2026, 8, 21}) == std::vector<TimeSpan>{{1320, 1560}});
    CHECK(oh.spansOnWeekday(kFr) == std::vector<TimeSpan>{{1320, 1560}});
    CHECK(oh.spansOn(Date{2026, 8, 22}).empty()); // Saturday has no rule of its own
    CHECK_FALSE(oh.isOpen(aug(21, 21, 59)));
    CHECK(oh.isOpen(aug(21, 22, 0)));
    CHECK(oh.isOpen(aug(21, 23, 59)));
}

TEST_CASE("opening_hours: early hours after a span past midnight") {
    const auto oh = parseOk("Fr 22:00-02:00");
    CHECK(oh.isOpen(aug(22, 0, 0))); // midnight exactly, Saturday
    CHECK(oh.isOpen(aug(22, 1, 0)));
    CHECK(oh.isOpen(aug(22, 1, 59)));
    CHECK_FALSE(oh.isOpen(aug(22, 2, 0)));
    CHECK_FALSE(oh.isOpen(aug(22, 22, 30))); // Saturday night is not Friday night
    CHECK_FALSE(oh.isOpen(aug(23, 1, 0)));   // Sunday
    CHECK_FALSE(oh.isOpen(aug(21, 1, 0)));   // Friday early morning: Thursday had no span
}

TEST_CASE("opening_hours: overnight tail survives a later rule for the next day") {
    const auto oh = parseOk("Fr 22:00-02:00; Sa off");
    CHECK(oh.isOpen(aug(22, 1, 0)));
    CHECK(oh.spansOnWeekday(kSa).empty());
}

TEST_CASE("opening_hours: span ending at midnight") {
    const auto until24 = parseOk("Sa 20:00-24:00");
    CHECK(until24.spansOnWeekday(kSa) == std::vector<TimeSpan>{{1200, 1440}});
    CHECK(until24.isOpen(aug(22, 23, 59)));
    CHECK_FALSE(until24.isOpen(aug(23, 0, 0)));

    const auto until00 = parseOk("Sa 20:00-00:00");
    CHECK(until00.spansOnWeekday(kSa) == std::vector<TimeSpan>{{1200, 1440}});
    CHECK_FALSE(until00.isOpen(aug(23, 0, 0)));

    const auto allDay = parseOk("Mo 00:00-24:00");
    CHECK(allDay.spansOnWeekday(kMo) == std::vector<TimeSpan>{{0, 1440}});
    CHECK(allDay.isOpen(aug(24, 0, 0)));
    CHECK(allDay.isOpen(aug(24, 23, 59)));
    CHECK_FALSE(allDay.isOpen(aug(18, 0, 0)));
}

TEST_CASE("opening_hours: night span from Sunday into Monday and across the year") {
    const auto oh = parseOk("Su 23:00-01:00");
    CHECK(oh.isOpen(aug(24, 0, 30)));
    CHECK_FALSE(oh.isOpen(aug(24, 1, 0)));

    const auto daily = parseOk("18:00-08:00");
    CHECK(daily.spansOnWeekday(kTh) == std::vector<TimeSpan>{{1080, 1920}});
    CHECK(daily.isOpen(DateTime{Date{2027, 1, 1}, 7 * 60 + 59, true}));
    CHECK_FALSE(daily.isOpen(DateTime{Date{2027, 1, 1}, 8 * 60, true}));
    CHECK(daily.isOpen(DateTime{Date{2026, 3, 1}, 0, true})); // after 28 February
}

TEST_CASE("opening_hours: 24 7") {
    const auto oh = parseOk("24/7");
    CHECK(oh.is24_7());
    CHECK_FALSE(oh.alwaysClosed());
    for (int d = 0; d < 7; ++d) CHECK(oh.spansOnWeekday(d) == std::vector<TimeSpan>{{0, 1440}});
    CHECK(oh.isOpen(aug(23, 0, 0)));
    CHECK(oh.isOpen(aug(23, 23, 59)));
    CHECK(oh.isOpen(aug(24, 3, 0), true));

    CHECK(parseOk("Mo-Su 00:00-24:00").is24_7());
    CHECK(parseOk("00:00-12:00,12:00-24:00").is24_7());
    CHECK(parseOk("open").is24_7());
    // Each day's early hours come from the day before.
    CHECK(parseOk("12:00-06:00, 06:00-12:00").is24_7());
    CHECK_FALSE(parseOk("24/7; Su off").is24_7());
    CHECK_FALSE(parseOk("24/7; PH off").is24_7());
    CHECK_FALSE(parseOk("Mo-Sa 00:00-24:00").is24_7());
    CHECK_FALSE(parseOk("00:00-23:59").is24_7());
    CHECK_FALSE(parseOk("00:00-12:00,13:00-24:00").is24_7());
}

TEST_CASE("opening_hours: always closed") {
    CHECK(parseOk("off").alwaysClosed());
    CHECK(parseOk("closed").alwaysClosed());
    CHECK(parseOk("Mo-Su off").alwaysClosed());
    CHECK(parseOk("Mo 10:00-12:00; Mo off").alwaysClosed());
    CHECK_FALSE(parseOk("off").is24_7());
    CHECK_FALSE(parseOk("off").isOpen(aug(19, 12, 0)));
    CHECK_FALSE(parseOk("Mo 10:00-12:00").alwaysClosed());
    // Open only on holidays is not always closed.
    const auto holidaysOnly = parseOk("PH 10:00-12:00");
    CHECK_FALSE(holidaysOnly.alwaysClosed());
    for (int d = 0; d < 7; ++d) CHECK(holidaysOnly.spansOnWeekday(d).empty());
}

TEST_CASE("opening_hours: open without times means all day") {
    const auto oh = parseOk("Mo-Fr open");
    CHECK(oh.spansOnWeekday(kMo) == std::vector<TimeSpan>{{0, 1440}});
    CHECK(oh.spansOnWeekday(kSa).empty());
    const auto explicitOpen = parseOk("Mo 10:00-12:00 open");
    CHECK(show(explicitOpen.spansOnWeekday(kMo)) == "10:00-12:00");
}

TEST_CASE("opening_hours: public holiday off") {
    const auto oh = parseOk("Mo-Fr 08:00-16:00; PH off");
    const Date whitMonday{2026, 5, 25};
    CHECK(oh.spansOn(whitMonday, true).empty());
    CHECK(show(oh.spansOn(whitMonday, false)) == "08:00-16:00");
    CHECK_FALSE(oh.isOpen(DateTime{whitMonday, 10 * 60, true}, true));
    CHECK(oh.isOpen(DateTime{whitMonday, 10 * 60, true}, false));
    // The week table ignores holidays.
    CHECK(show(oh.spansOnWeekday(kMo)) == "08:00-16:00");
}

TEST_CASE("opening_hours: public holiday with own hours") {
    const auto oh = parseOk("Mo-Fr 08:00-16:00; PH 10:00-12:00");
    CHECK(show(oh.spansOn(Date{2026, 5, 25}, true)) == "10:00-12:00");
    CHECK(show(oh.spansOn(Date{2026, 8, 23}, true)) == "10:00-12:00"); // a holiday on Sunday
    CHECK(oh.spansOn(Date{2026, 8, 23}, false).empty());
    CHECK_FALSE(oh.isOpen(DateTime{Date{2026, 5, 25}, 9 * 60, true}, true));
    CHECK(oh.isOpen(DateTime{Date{2026, 5, 25}, 11 * 60, true}, true));
}

TEST_CASE("opening_hours: PH rule decides regardless of its position") {
    const auto oh = parseOk("PH off; Mo-Fr 08:00-16:00");
    CHECK(oh.spansOn(Date{2026, 5, 25}, true).empty());
    CHECK(show(oh.spansOn(Date{2026, 5, 25}, false)) == "08:00-16:00");
}

TEST_CASE("opening_hours: PH in a day list") {
    const auto oh = parseOk("Mo-Fr 08:00-16:00; Su,PH 10:00-12:00");
    CHECK(show(oh.spansOn(Date{2026, 5, 25}, true)) == "10:00-12:00");
    CHECK(show(oh.spansOn(Date{2026, 5, 25}, false)) == "08:00-16:00");
    CHECK(show(oh.spansOnWeekday(kSu)) == "10:00-12:00");
    CHECK(oh.spansOnWeekday(kSa).empty());
}

TEST_CASE("opening_hours: holiday without PH rule is an ordinary day") {
    const auto oh = parseOk("Mo-Fr 08:00-16:00");
    CHECK(show(oh.spansOn(Date{2026, 5, 25}, true)) == "08:00-16:00");
    CHECK(oh.isOpen(DateTime{Date{2026, 5, 25}, 10 * 60, true}, true));
}

TEST_CASE("opening_hours: previous day holiday through the predicate") {
    const auto oh = parseOk("Mo-Fr 08:00-16:00; PH 20:00-02:00");
    const Date holiday{2026, 5, 25};
    const auto isHoliday = [&](const Date& d) { return d == holiday; };
    const DateTime tuesdayOne{Date{2026, 5, 26}, 60, true};
    // The bool overload assumes the day before was no holiday.
    CHECK_FALSE(oh.isOpen(tuesdayOne));
    CHECK(oh.isOpen(tuesdayOne, isHoliday));
    CHECK(oh.isOpen(DateTime{holiday, 21 * 60, true}, isHoliday));
    CHECK_FALSE(oh.isOpen(DateTime{holiday, 10 * 60, true}, isHoliday));
    CHECK(oh.isOpen(DateTime{Date{2026, 5, 26}, 10 * 60, true}, isHoliday));
    CHECK_FALSE(oh.isOpen(DateTime{Date{2026, 5, 26}, 3 * 60, true}, isHoliday));
}

TEST_CASE("opening_hours: overlapping spans are merged") {
    CHECK(show(parseOk("Mo 08:00-12:00,11:00-14:00").spansOnWeekday(kMo)) == "08:00-14:00");
    CHECK(show(parseOk("Mo 08:00-12:00,12:00-14:00").spansOnWeekday(kMo)) == "08:00-14:00");
    CHECK(show(parseOk("Mo 14:00-16:00,08:00-10:00").spansOnWeekday(kMo)) == "08:00-10:00,14:00-16:00");
    CHECK(show(parseOk("Mo 10:00-14:00, Mo 12:00-16:00").spansOnWeekday(kMo)) == "10:00-16:00");
}

TEST_CASE("opening_hours: spansOnWeekday gives a week table") {
    const auto oh = parseOk("Mo,Tu,Th 09:00-12:00,13:00-16:00; We 09:00-12:00; Fr 09:00-13:00; Sa-Su off");
    const std::array<std::string, 7> expected = {"09:00-12:00,13:00-16:00", "09:00-12:00,13:00-16:00", "09:00-12:00",
                                                 "09:00-12:00,13:00-16:00", "09:00-13:00", "", ""};
    for (int d = 0; d < 7; ++d) {
        INFO("weekday ", d);
        CHECK(show(oh.spansOnWeekday(d)) == expected[static_cast<std::size_t>(d)]);
    }
    CHECK(oh.spansOnWeekday(-1).empty());
    CHECK(oh.spansOnWeekday(7).empty());
}

TEST_CASE("opening_hours: tolerant spelling") {
    const std::string canonical = "08:00-18:00";
    const char* const variants[] = {
        "Mo-Fr 08:00-18:00",
        "mo-fr 08:00-18:00",
        "MO-FR 08:00-18:00",
        "  Mo - Fr   08:00 - 18:00  ",
        "Mo-Fr\t08:00-18:00",
        "Mo-Fr\xC2\xA0" "08:00-18:00",               // no-break space
        "Mo\xE2\x80\x93" "Fr 08:00\xE2\x80\x93" "18:00", // en dash
        "Mo\xE2\x80\x94" "Fr 08:00\xE2\x80\x94" "18:00", // em dash
        "Mo-Fr 8:00-18:00",
        "Mo-Fr 08:00:00-18:00:00",
        "Mo-Fr: 08:00-18:00",
        "Mo-Fr 08:00-18:00;",
        "Mo-Fr 08:00-18:00 ; ",
        "Mo,Di,Mi,Do,Fr 08:00-18:00",
    };
    for (const char* text : variants) {
        INFO("text: ", text);
        const auto oh = parseOk(text);
        for (int d = kMo; d <= kFr; ++d) CHECK(show(oh.spansOnWeekday(d)) == canonical);
        CHECK(oh.spansOnWeekday(kSa).empty());
        CHECK(oh.spansOnWeekday(kSu).empty());
    }
}

TEST_CASE("opening_hours: German day aliases") {
    const auto oh = parseOk("Di-Do 09:00-17:00; So off; Mo 10:00-11:00");
    CHECK(show(oh.spansOnWeekday(kMo)) == "10:00-11:00");
    CHECK(show(oh.spansOnWeekday(kTu)) == "09:00-17:00");
    CHECK(show(oh.spansOnWeekday(kWe)) == "09:00-17:00");
    CHECK(show(oh.spansOnWeekday(kTh)) == "09:00-17:00");
    CHECK(oh.spansOnWeekday(kFr).empty());
    CHECK(oh.spansOnWeekday(kSu).empty());
    CHECK(show(parseOk("MI 10:00-11:00").spansOnWeekday(kWe)) == "10:00-11:00");
    CHECK(show(parseOk("so 10:00-11:00").spansOnWeekday(kSu)) == "10:00-11:00");
    CHECK(show(parseOk("Sa-So 10:00-11:00").spansOnWeekday(kSa)) == "10:00-11:00");
    CHECK(show(parseOk("ph OFF; Mo 10:00-11:00").spansOnWeekday(kMo)) == "10:00-11:00");
}

TEST_CASE("opening_hours: invalid inputs name the problem and position") {
    struct Case {
        const char* text;
        const char* message;
    };
    const Case cases[] = {
        {"", "opening hours are empty"},
        {"   ", "opening hours are empty"},
        {"Mx 10:00-12:00", "unknown day 'Mx' at position 1"},
        {"Mo-Mx 10:00-12:00", "unknown day 'Mx' at position 4"},
        {"Mo,Mx 10:00-12:00", "unknown day 'Mx' at position 4"},
        {"Mon 10:00-12:00", "unknown day 'Mon' at position 1"},
        {"Mo-Fr", "missing time after 'Mo-Fr' at position 6"},
        {"Mo-Fr; Sa 10:00-12:00", "missing time after 'Mo-Fr' at position 6"},
        {"Mo-Fr 08:00", "missing end time after '08:00' at position 12"},
        {"Mo-Fr 08:00-", "missing end time after '08:00' at position 13"},
        {"Mo-Fr 08:00-18:00,", "empty rule at position 19"},
        {"Mo 10:00-12:00;; Tu off", "empty rule at position 16"},
        {";Mo 10:00-12:00", "empty rule at position 1"},
        {"Mo 10:00-10:00", "end time must be after start time: '10:00-10:00' at position 4"},
        {"00:00-00:00", "end time must be after start time: '00:00-00:00' at position 1"},
        {"Mo 25:00-26:00", "bad time '25:00' at position 4"},
        {"Mo 9h-12h", "bad time '9h' at position 4"},
        {"Mo 08:00-18:60", "bad time '18:60' at position 10"},
        {"Mo 08.00-12.00", "bad time '08.00' at position 4"},
        {"Mo 08:00-24:30", "bad time '24:30' at position 10"},
        {"Mo 24:00-02:00", "a time range cannot start at 24:00 at position 4"},
        {"Mo\xE2\x80\x93" "Fr 08:00\xE2\x80\x93" "25:00", "bad time '25:00' at position 13"},
        {"Jan 10:00-12:00", "month and date selectors are not supported: 'Jan' at position 1"},
        {"Dec 25 off", "month and date selectors are not supported: 'Dec' at position 1"},
        {"Mo-Fr 08:00-18:00; Aug off", "month and date selectors are not supported: 'Aug' at position 20"},
        {"week 1 Mo 10:00-12:00", "week selectors are not supported: 'week' at position 1"},
        {"2026 Aug Mo 10:00-12:00", "year selectors are not supported: '2026' at position 1"},
        {"SH off", "school holidays (SH) are not supported: 'SH' at position 1"},
        {"easter off", "date selectors are not supported: 'easter' at position 1"},
        {"Mo sunrise-sunset", "sunrise and sunset times are not supported: 'sunrise' at position 4"},
        {"Mo 10:00-sunset", "sunrise and sunset times are not supported: 'sunset' at position 10"},
        {"Mo 10:00-12:00 \"nach Vereinbarung\"", "comments in quotes are not supported at position 16"},
        {"Mo 10:00-12:00 || \"auf Anfrage\"", "fallback rules ('||') are not supported at position 16"},
        {"Mo[1] 10:00-12:00", "nth weekday selectors ('[') are not supported at position 3"},
        {"Mo 18:00+", "open-ended times ('+') are not supported at position 9"},
        {"Mo 10:00-12:00/30", "repeating times ('/') are not supported at position 15"},
        {"Mo 12:00-13:00 off", "'off' cannot be combined with times at position 16"},
        {"Mo unknown", "'unknown' is not supported at position 4"},
        {"Mo-Fr 24/7", "'24/7' must stand alone at position 7"},
        {"PH-Mo off", "PH cannot be part of a day range at position 3"},
        {"Mo- 10:00-12:00", "expected a day after '-' at position 5"},
        {"Mo Fr 10:00-12:00", "unexpected 'Fr' at position 4 (join days with ',' or '-')"},
        {"Mo 08:00-12:00 14:00-18:00", "unexpected '14:00' at position 16 (separate times with ',')"},
        {"Mo 10:00-12:00 Tu 10:00-12:00", "unexpected 'Tu' at position 16 (separate rules with ';')"},
        {"So geschlossen", "unexpected 'geschlossen' at position 4 (expected a time like 08:00-18:00, or 'off')"},
        {"Mo off 10:00-12:00", "unexpected '10:00' at position 8"},
        {"Mo 10:00-12:00 # note", "unexpected '#' at position 16"},
    };
    for (const Case& c : cases) {
        INFO("text: ", c.text);
        const std::string message = parseError(c.text);
        CHECK_MESSAGE(message.find(c.message) != std::string::npos, "got: ", message);
    }
}

TEST_CASE("opening_hours: positions count characters not bytes") {
    // Two three-byte dashes precede the month; a byte count would say 24.
    CHECK(parseError("Mo\xE2\x80\x93" "Fr 10:00\xE2\x80\x93" "12:00; März off")
              .find("month and date selectors are not supported: 'März' at position 20") != std::string::npos);
    CHECK(parseError("Mo\xE2\x80\x93Mx 10:00-12:00").find("unknown day 'Mx' at position 4") != std::string::npos);
}
