#include "screen_schedule.h"

#include <algorithm>

namespace kiosk::core {

using content::Date;

Date easterSunday(int y) {
    const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return Date{y, month, day};
}

std::vector<Date> germanPublicHolidays(int year) {
    const Date easter = easterSunday(year);
    std::vector<Date> out = {Date{year, 1, 1},     easter.plusDays(-2), easter.plusDays(1),
                             Date{year, 5, 1},     easter.plusDays(39), easter.plusDays(50),
                             Date{year, 10, 3},    Date{year, 12, 25},  Date{year, 12, 26}};
    std::sort(out.begin(), out.end());
    return out;
}

bool HolidayCalendar::isHoliday(const Date& d) const {
    if (std::find(extra.begin(), extra.end(), d) != extra.end()) return true;
    if (!germany) return false;
    const auto days = germanPublicHolidays(d.year);
    return std::find(days.begin(), days.end(), d) != days.end();
}

HolidayCalendar makeHolidayCalendar(const std::vector<std::string>& items, std::vector<std::string>& notes) {
    HolidayCalendar c;
    for (const auto& item : items) {
        if (item == "DE" || item == "de") {
            c.germany = true;
            continue;
        }
        const auto d = content::parseDate(item);
        if (!d) notes.push_back("public_holidays: '" + item + "' is neither \"DE\" nor a date like 2026-06-04; ignored");
        else c.extra.push_back(*d);
    }
    return c;
}

ScreenSchedule ScreenSchedule::make(const std::string& screenOnHours, const std::string& siteHours,
                                    bool followSiteHours, HolidayCalendar holidays, std::vector<std::string>& notes) {
    ScreenSchedule s;
    s.m_holidays = std::move(holidays);
    if (!screenOnHours.empty()) {
        auto oh = content::OpeningHours::parse(screenOnHours);
        if (oh) s.m_screen = std::move(*oh);
        else notes.push_back("screen_on_hours not used (the screen stays on): " + oh.error().toString());
    }
    if (followSiteHours && !siteHours.empty()) {
        auto oh = content::OpeningHours::parse(siteHours);
        if (!oh) {
            notes.push_back("the site's opening hours cannot be read; the screen does not follow them: " +
                            oh.error().toString());
        } else if (oh->alwaysClosed()) {
            notes.push_back("the site's opening hours never open; the screen does not follow them");
        } else {
            s.m_site = std::move(*oh);
        }
    }
    return s;
}

bool ScreenSchedule::siteOpensOn(const Date& d) const {
    if (!m_site) return true;
    return !m_site->spansOn(d, m_holidays.isHoliday(d)).empty();
}

ScreenSchedule::State ScreenSchedule::state(const content::DateTime& at) const {
    const HolidayCalendar& h = m_holidays;
    // A day the site does not open is dark, except while yesterday's evening still runs past
    // midnight ("Sa 20:00-02:00" keeps the screen on until 02:00 on a closed Sunday).
    if (!siteOpensOn(at.date) && !m_site->isOpen(at, [&h](const Date& d) { return h.isHoliday(d); }))
        return State::SiteClosedToday;
    if (m_screen) {
        if (!m_screen->isOpen(at, [&h](const Date& d) { return h.isHoliday(d); })) return State::OutsideScreenHours;
    }
    return State::On;
}

} // namespace kiosk::core
