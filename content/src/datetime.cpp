#include "kiosk/content/datetime.h"

#include <charconv>
#include <cstdio>
#include <ctime>

namespace kiosk::content {

namespace {

// Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms".
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Date civilFromDays(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Parses exactly the digits of s (minDigits..maxDigits of them) as an int.
std::optional<int> number(std::string_view s, std::size_t minDigits, std::size_t maxDigits) {
    if (s.size() < minDigits || s.size() > maxDigits) return std::nullopt;
    // from_chars accepts a leading '-', which would let "12:-5" through as 11:55.
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
    }
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

} // namespace

bool Date::valid(int year, int month, int day) {
    if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int max = month == 2 && leap ? 29 : kDays[month - 1];
    return day <= max;
}

std::int64_t Date::toDays() const {
    return daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

Date Date::fromDays(std::int64_t days) { return civilFromDays(days); }

int Date::weekday() const {
    // 1970-01-01 was a Thursday (3 in Monday-based counting).
    const std::int64_t d = toDays();
    return static_cast<int>(((d % 7) + 7 + 3) % 7);
}

std::string Date::iso() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

DateTime DateTime::fromMinutes(std::int64_t minutes) {
    std::int64_t days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
    return DateTime{Date::fromDays(days), static_cast<int>(minutes - days * 1440), true};
}

std::string DateTime::iso() const {
    if (!hasTime) return date.iso();
    // Sized for any int so that -Wformat-truncation (an error with -Werror) stays quiet.
    char buf[24];
    std::snprintf(buf, sizeof buf, "T%02d:%02d", minuteOfDay / 60, minuteOfDay % 60);
    return date.iso() + buf;
}

std::optional<int> parseClock(std::string_view text) {
    text = trim(text);
    // "18:00 Uhr" is how people write it.
    if (text.size() > 3) {
        const std::string_view suffix = text.substr(text.size() - 3);
        if ((suffix[0] == 'U' || suffix[0] == 'u') && suffix.substr(1) == "hr") text = trim(text.substr(0, text.size() - 3));
    }
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    auto h = number(text.substr(0, colon), 1, 2);
    std::string_view rest = text.substr(colon + 1);
    // Accept seconds ("18:00:00") as spreadsheets export them; they must be zero-padded.
    int seconds = 0;
    if (rest.size() == 5 && rest[2] == ':') {
        auto s = number(rest.substr(3), 2, 2);
        if (!s || *s > 59) return std::nullopt;
        seconds = *s;
        rest = rest.substr(0, 2);
    }
    auto m = number(rest, 2, 2);
    if (!h || !m || *m > 59 || *h > 24 || (*h == 24 && (*m != 0 || seconds != 0))) return std::nullopt;
    return *h * 60 + *m;
}

std::optional<Date> parseDate(std::string_view text) {
    text = trim(text);
    int y = 0, m = 0, d = 0;
    if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        auto yy = number(text.substr(0, 4), 4, 4), mm = number(text.substr(5, 2), 2, 2),
             dd = number(text.substr(8, 2), 2, 2);
        if (!yy || !mm || !dd) return std::nullopt;
        y = *yy, m = *mm, d = *dd;
    } else {
        const auto p1 = text.find('.');
        if (p1 == std::string_view::npos) return std::nullopt;
        const auto p2 = text.find('.', p1 + 1);
        if (p2 == std::string_view::npos) return std::nullopt;
        auto dd = number(text.substr(0, p1), 1, 2), mm = number(text.substr(p1 + 1, p2 - p1 - 1), 1, 2);
        std::string_view ys = text.substr(p2 + 1);
        auto yy = number(ys, 2, 4);
        if (!dd || !mm || !yy || ys.size() == 3) return std::nullopt;
        y = ys.size() == 2 ? 2000 + *yy : *yy;
        m = *mm, d = *dd;
    }
    if (!Date::valid(y, m, d)) return std::nullopt;
    return Date{y, m, d};
}

std::optional<DateTime> parseDateTime(std::string_view text) {
    text = trim(text);
    auto sep = text.find_first_of("T ");
    if (sep == std::string_view::npos) {
        auto d = parseDate(text);
        if (!d) return std::nullopt;
        return DateTime{*d, 0, false};
    }
    auto d = parseDate(text.substr(0, sep));
    if (!d) return std::nullopt;
    auto t = parseClock(text.substr(sep + 1));
    if (!t || *t == 24 * 60) return std::nullopt;
    return DateTime{*d, *t, true};
}

DateTime nowLocal() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return DateTime{Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday}, tm.tm_hour * 60 + tm.tm_min, true};
}

} // namespace kiosk::content
