// The screen schedule (kiosk/core/screen_schedule.h): screen_on_hours AND the site open on the
// day, public holidays from the Easter date and listed dates, on real calendar dates.
#include "core/screen_schedule.h"

#include <doctest/doctest.h>

using namespace kiosk::core;
using kiosk::content::Date;
using kiosk::content::DateTime;

namespace {

DateTime at(int y, int m, int d, int hour, int minute = 0) { return DateTime{Date{y, m, d}, hour * 60 + minute, true}; }

ScreenSchedule schedule(const std::string& screen, const std::string& site, bool follow = true,
                        std::vector<std::string> holidays = {"DE"}) {
    std::vector<std::string> notes;
    auto s = ScreenSchedule::make(screen, site, follow, makeHolidayCalendar(holidays, notes), notes);
    REQUIRE(notes.empty());
    return s;
}

} // namespace

TEST_CASE("screen schedule: Easter and the nationwide German holidays") {
    CHECK(easterSunday(2024) == Date{2024, 3, 31});
    CHECK(easterSunday(2026) == Date{2026, 4, 5});
    CHECK(easterSunday(2027) == Date{2027, 3, 28});
    CHECK(easterSunday(2038) == Date{2038, 4, 25}); // the latest possible date
    CHECK(germanPublicHolidays(2026) == std::vector<Date>{{2026, 1, 1}, {2026, 4, 3}, {2026, 4, 6}, {2026, 5, 1},
                                                          {2026, 5, 14}, {2026, 5, 25}, {2026, 10, 3},
                                                          {2026, 12, 25}, {2026, 12, 26}});
}

TEST_CASE("screen schedule: listed dates add regional holidays and bad items are named") {
    std::vector<std::string> notes;
    const auto c = makeHolidayCalendar({"2026-06-04", "Fronleichnam"}, notes);
    CHECK(c.isHoliday(Date{2026, 6, 4}));
    CHECK_FALSE(c.isHoliday(Date{2026, 12, 25})); // "DE" not listed
    CHECK(notes == std::vector<std::string>{
                       "public_holidays: 'Fronleichnam' is neither \"DE\" nor a date like 2026-06-04; ignored"});
}

TEST_CASE("screen schedule: without hours the screen is always on") {
    const auto s = schedule("", "");
    CHECK(s.on(at(2026, 8, 16, 3)));
    CHECK(s.state(at(2026, 12, 25, 12)) == ScreenSchedule::State::On);
}

TEST_CASE("screen schedule: screen_on_hours alone switches by the clock") {
    const auto s = schedule("Mo-Sa 08:00-20:00; PH off", "");
    CHECK(s.state(at(2026, 8, 17, 7, 59)) == ScreenSchedule::State::OutsideScreenHours);
    CHECK(s.on(at(2026, 8, 17, 8, 0)));
    CHECK(s.on(at(2026, 8, 17, 19, 59)));
    CHECK_FALSE(s.on(at(2026, 8, 17, 20, 0)));
    CHECK_FALSE(s.on(at(2026, 8, 16, 12)));                                           // Sunday 16 August 2026
    CHECK(s.state(at(2026, 10, 3, 12)) == ScreenSchedule::State::OutsideScreenHours); // a holiday Saturday
    CHECK(s.on(at(2026, 10, 10, 12)));                                                // the Saturday after
}

TEST_CASE("screen schedule: the screen stays off all day when the site is closed") {
    // The site: Monday to Friday, the kiosk in the foyer from 07:00 to 21:00 every day.
    const auto s = schedule("07:00-21:00", "Mo-Fr 09:00-17:00; PH off");
    CHECK(s.on(at(2026, 8, 17, 7, 30))); // Monday, before the site opens: an open day
    CHECK(s.on(at(2026, 8, 17, 20, 0)));
    CHECK(s.state(at(2026, 8, 17, 22, 0)) == ScreenSchedule::State::OutsideScreenHours);
    CHECK(s.state(at(2026, 8, 22, 12)) == ScreenSchedule::State::SiteClosedToday);    // Saturday
    CHECK(s.state(at(2026, 8, 16, 12)) == ScreenSchedule::State::SiteClosedToday);    // Sunday
    CHECK(s.state(at(2026, 12, 25, 12)) == ScreenSchedule::State::SiteClosedToday);   // Christmas, a Friday
    CHECK(s.state(at(2026, 5, 14, 10)) == ScreenSchedule::State::SiteClosedToday);    // Ascension, a Thursday
    CHECK(s.on(at(2026, 5, 15, 10)));                                                 // the Friday after
    CHECK_FALSE(s.siteOpensOn(Date{2026, 8, 16}));
    CHECK(s.siteOpensOn(Date{2026, 8, 17}));
}

TEST_CASE("screen schedule: a regional holiday closes the site only when it is listed") {
    const auto withDate = schedule("", "Mo-Fr 09:00-17:00; PH off", true, {"DE", "2026-06-04"});
    CHECK(withDate.state(at(2026, 6, 4, 10)) == ScreenSchedule::State::SiteClosedToday); // Corpus Christi
    const auto without = schedule("", "Mo-Fr 09:00-17:00; PH off");
    CHECK(without.on(at(2026, 6, 4, 10)));
    // Without "PH off" in the site's hours a holiday is an ordinary weekday.
    CHECK(schedule("", "Mo-Fr 09:00-17:00").on(at(2026, 12, 25, 12)));
}

TEST_CASE("screen schedule: following the site can be switched off") {
    const auto s = schedule("07:00-21:00", "Mo-Fr 09:00-17:00", false);
    CHECK(s.on(at(2026, 8, 16, 12)));
}

TEST_CASE("screen schedule: a late evening keeps the screen on past midnight but does not open the next day") {
    const auto s = schedule("", "Sa 20:00-02:00");
    CHECK(s.on(at(2026, 8, 22, 21)));                                               // Saturday
    CHECK(s.state(at(2026, 8, 23, 1)) == ScreenSchedule::State::On);               // Sunday 01:00: still open
    CHECK(s.state(at(2026, 8, 23, 3)) == ScreenSchedule::State::SiteClosedToday); // Sunday 03:00
    CHECK_FALSE(s.siteOpensOn(Date{2026, 8, 23}));
}

TEST_CASE("screen schedule: unreadable or never-open hours keep the screen on and say why") {
    std::vector<std::string> notes;
    const auto s = ScreenSchedule::make("Mo-Fr 8-18", "off", true, HolidayCalendar{}, notes);
    CHECK(s.on(at(2026, 8, 16, 3)));
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].rfind("screen_on_hours not used (the screen stays on): ", 0) == 0);
    CHECK(notes[1] == "the site's opening hours never open; the screen does not follow them");
}
