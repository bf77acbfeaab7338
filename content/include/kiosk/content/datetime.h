#pragma once
// Civil (wall-clock) dates and times as the kiosk's visitors read them.
//
// Content never carries time zones: "19.08.2026 18:00" means 18:00 on the
// kiosk's wall clock. Days are counted from 1970-01-01 in the proleptic
// Gregorian calendar (Howard Hinnant's algorithms), so arithmetic and
// comparisons are plain integer operations.
//
// Parsing accepts what office spreadsheets produce: ISO dates
// ("2026-08-19", "2026-08-19T18:00", "2026-08-19 18:00:00") and German dates
// ("19.08.2026", "19.8.2026 18:00", "19.08.26"). It rejects impossible dates
// (31.02.) and returns std::nullopt; the caller turns that into a Finding.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::content {

struct Date {
    int year = 1970;
    int month = 1; // 1..12
    int day = 1;   // 1..31

    // Days since 1970-01-01 (negative before).
    std::int64_t toDays() const;
    static Date fromDays(std::int64_t days);
    // 0 = Monday ... 6 = Sunday (ISO order, as opening_hours uses it).
    int weekday() const;
    Date plusDays(std::int64_t n) const { return fromDays(toDays() + n); }
    // "2026-08-19"
    std::string iso() const;

    static bool valid(int year, int month, int day);
    friend auto operator<=>(const Date&, const Date&) = default;
};

struct DateTime {
    Date date;
    int minuteOfDay = 0; // 0..1439
    bool hasTime = true; // false when the source gave only a date

    // Minutes since 1970-01-01 00:00 (civil).
    std::int64_t toMinutes() const { return date.toDays() * 1440 + minuteOfDay; }
    static DateTime fromMinutes(std::int64_t minutes);
    // "2026-08-19T18:00", or "2026-08-19" when !hasTime.
    std::string iso() const;

    friend bool operator==(const DateTime& a, const DateTime& b) {
        return a.date == b.date && a.minuteOfDay == b.minuteOfDay && a.hasTime == b.hasTime;
    }
    friend std::strong_ordering operator<=>(const DateTime& a, const DateTime& b) {
        return a.toMinutes() <=> b.toMinutes();
    }
};

std::optional<Date> parseDate(std::string_view text);
// Accepts a date alone too (hasTime = false, 00:00).
std::optional<DateTime> parseDateTime(std::string_view text);
// "18:00", "8:30", "18:00:00" (seconds must be valid and are dropped),
// "18:00 Uhr", "24:00" (end of day) -> minutes; std::nullopt otherwise.
std::optional<int> parseClock(std::string_view text);

// The local wall-clock time now (uses localtime_r; the kiosk's TZ).
DateTime nowLocal();

} // namespace kiosk::content
