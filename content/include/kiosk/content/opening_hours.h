#pragma once
// Opening hours in OpenStreetMap `opening_hours` syntax (the common subset).
//
// Contents: supported syntax · how rules combine · errors · API.
//
// Supported: rules separated by ";" (later rules override earlier ones for the
// days they name) or "," between day selectors; weekdays Mo Tu We Th Fr Sa Su,
// day ranges including ranges across the week end ("Sa-Mo", "Fr-Tu"), lists
// ("Mo,We,Fr"); several time ranges ("08:00-12:00,14:00-18:00"); ranges past
// midnight ("Fr 22:00-02:00" belongs to Friday and is open early Saturday);
// "24/7"; "off"/"closed" ("Su off"); public holidays "PH" (e.g. "PH off",
// "PH 10:00-12:00"); a rule without days applies to every day
// ("10:00-18:00"). Because staff type them, German day abbreviations
// (Di Mi Do So) are accepted as aliases. Month, week and date selectors are
// outside the subset and are rejected with a message that says so.
//
// Leniency, because the text comes from spreadsheets typed by staff: day names
// and keywords in any case ("mo-fr", "OFF"); extra spaces, tabs and no-break
// spaces anywhere between tokens; en and em dashes in place of "-"; one-digit
// hours ("8:00") and zero seconds ("08:00:00"); "24:00" as an end time; a ":"
// after the days ("Mo-Fr: 08:00-18:00"); a trailing ";". "Mo-Fr open" means
// all day. Deliberately rejected although OSM reads them: days without a time
// ("Mo-Fr" — OSM means all day, staff usually forgot the hours), "off" with
// times ("12:00-13:00 off" — write the open times instead), end times past
// 24:00 ("26:00" — write "22:00-02:00"), open ends ("18:00+"), comments,
// fallback rules ("||"), "unknown", sunrise/sunset, SH, nth weekdays
// ("Mo[1]").
//
// How rules combine (evaluated per day, in order):
// - A rule after ";" (or the first rule) replaces everything earlier rules
//   said about the days it selects.
// - A rule after "," ("Mo 10:00-12:00, We 14:00-16:00") adds its times to the
//   days it selects; an additional "off" ("Mo-Fr 08:00-18:00, We off") closes
//   those days. A "," followed by a time continues the time list instead, with
//   or without a space ("08:00-12:00, 14:00-18:00"; strict OSM would read the
//   second range as a rule for every day).
// - On a public holiday the rules that select PH decide, in order, whatever
//   their position ("PH off; Mo-Fr 08:00-16:00" is closed on a holiday Monday);
//   without a PH rule a holiday is an ordinary weekday.
// - A span past midnight always opens the early hours of the next day; a later
//   rule naming the next day does not cut it short.
//
// parse() returns an Error that says what could not be read and where
// ("unknown day 'Mx' at position 4 ..."); positions count characters from 1.
// Evaluation functions are pure.
//
// Thread safety: OpeningHours is an immutable value after parse().

#include "kiosk/content/datetime.h"
#include "kiosk/content/report.h"

#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::content {

struct TimeSpan {
    int from = 0; // minutes since midnight, 0..1439
    int to = 0;   // minutes since midnight; may exceed 1440 for spans past midnight (e.g. 22:00-02:00 -> 1320..1560)
    friend bool operator==(const TimeSpan&, const TimeSpan&) = default;
};

// Answers whether a date is a public holiday; the kiosk knows, the syntax does not.
using HolidayPredicate = std::function<bool(const Date&)>;

class OpeningHours {
public:
    static Result<OpeningHours> parse(std::string_view text);

    // Is the place open at this wall-clock time? `publicHoliday` says whether
    // the date of `at` is a public holiday. Spans past midnight from the
    // previous day are honoured; the previous day is assumed not to be a
    // holiday (use the predicate overload when that matters, e.g. at 01:00
    // after "PH 20:00-02:00").
    bool isOpen(const DateTime& at, bool publicHoliday = false) const;
    // As above, asking `isHoliday` about the date of `at` and the day before.
    bool isOpen(const DateTime& at, const HolidayPredicate& isHoliday) const;

    // The spans that belong to this date's rules (may run past midnight),
    // sorted by start, overlapping or touching spans merged. The early hours
    // opened by the previous day's spans are not included.
    std::vector<TimeSpan> spansOn(const Date& date, bool publicHoliday = false) const;

    // Spans of the ISO weekday (0 = Monday ... 6 = Sunday) ignoring PH rules,
    // for showing a week table. Empty for a weekday outside 0..6.
    std::vector<TimeSpan> spansOnWeekday(int weekday) const;

    // True when no rule opens at any time, holidays included (e.g. "off").
    bool alwaysClosed() const { return m_alwaysClosed; }
    // True when open around the clock on every day, holidays included.
    bool is24_7() const { return m_24_7; }

    const std::string& text() const { return m_text; }

private:
    class Parser; // defined in opening_hours.cpp

    struct Rule {
        std::array<bool, 7> days{}; // all true when the rule names no days
        bool holiday = false;       // rule selects PH
        bool additional = false;    // came after "," (adds instead of replacing)
        bool off = false;
        std::vector<TimeSpan> spans;
    };

    std::vector<TimeSpan> evaluate(int weekday, bool holiday) const;
    bool coversWholeDay(int weekday, bool holiday, bool previousHoliday) const;

    std::string m_text;
    std::vector<Rule> m_rules;
    bool m_hasHolidayRules = false;
    bool m_24_7 = false;
    bool m_alwaysClosed = true;
};

} // namespace kiosk::content
