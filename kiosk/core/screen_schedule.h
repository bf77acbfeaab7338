#pragma once
// When the kiosk's screen is on: the configured `screen_on_hours` and the days
// the site itself is open, as pure functions of the wall clock.
//
// The rule (docs/display-power.md):
//   screen on at time T  <=>  screen_on_hours is open at T ("" = always)
//                        AND  (screen_follows_site_hours is false, or the site has no
//                              usable opening hours, or the site's own rules open it
//                              at some time on T's date).
// So the screen stays dark all day on the days the site is closed (a Sunday, a
// public holiday with "PH off"), even when screen_on_hours alone would switch it on.
// Early hours that a span of the evening before runs into ("Sa 20:00-02:00")
// do not make the next day an open day.
//
// Public holidays: the nine nationwide German ones (computed from the Easter
// date) when `public_holidays` contains "DE", plus any dates it lists
// ("2026-06-04" for Fronleichnam in the states that have it). Both schedules
// see them ("PH off").
//
// Failure: schedules that cannot be read are left out (with a note for the staff
// screen), never switching the screen off; site hours that never open ("off")
// are left out too, so a pack cannot darken a kiosk for good.
// Thread safety: immutable values after make().

#include "kiosk/content/datetime.h"
#include "kiosk/content/opening_hours.h"

#include <optional>
#include <string>
#include <vector>

namespace kiosk::core {

// Easter Sunday (Gregorian, the anonymous "Meeus/Jones/Butcher" algorithm).
content::Date easterSunday(int year);
// The nationwide German public holidays of a year, in date order: Neujahr, Karfreitag,
// Ostermontag, Tag der Arbeit, Christi Himmelfahrt, Pfingstmontag, Tag der Deutschen
// Einheit, 1. and 2. Weihnachtstag.
std::vector<content::Date> germanPublicHolidays(int year);

struct HolidayCalendar {
    bool germany = false;                 // the nationwide German holidays
    std::vector<content::Date> extra;     // listed dates (regional holidays)
    bool isHoliday(const content::Date& d) const;
};

// Reads the configuration's `public_holidays` list: "DE" or ISO dates. Unreadable items are
// skipped with a message in `notes`.
HolidayCalendar makeHolidayCalendar(const std::vector<std::string>& items, std::vector<std::string>& notes);

class ScreenSchedule {
public:
    enum class State {
        On,
        OutsideScreenHours, // screen_on_hours says off now
        SiteClosedToday,    // the site does not open at all on this date
    };

    ScreenSchedule() = default; // always on
    // `screenOnHours` from the configuration, `siteHours` from the pack's site ("" = none).
    // Notes for the staff screen go to `notes`.
    static ScreenSchedule make(const std::string& screenOnHours, const std::string& siteHours, bool followSiteHours,
                               HolidayCalendar holidays, std::vector<std::string>& notes);

    State state(const content::DateTime& at) const;
    bool on(const content::DateTime& at) const { return state(at) == State::On; }
    // Is the site open at some time on this date by its own rules? True without site hours.
    bool siteOpensOn(const content::Date& d) const;

private:
    std::optional<content::OpeningHours> m_screen;
    std::optional<content::OpeningHours> m_site;
    HolidayCalendar m_holidays;
};

} // namespace kiosk::core
