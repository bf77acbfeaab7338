#include "kiosk/content/opening_hours.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace kiosk::content {

namespace {

constexpr int kDayMinutes = 24 * 60;

// Office software "corrects" '-' into dashes and ' ' into no-break spaces.
constexpr std::string_view kEnDash = "\xE2\x80\x93";
constexpr std::string_view kEmDash = "\xE2\x80\x94";
constexpr std::string_view kNoBreakSpace = "\xC2\xA0";

enum class TokenKind { End, Word, Number, AlwaysOpen, Dash, Comma, Semicolon, Colon, Other };

struct Token {
    TokenKind kind = TokenKind::End;
    std::string_view text;
    std::size_t offset = 0; // bytes into the whole text
};

bool isAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHighByte(char c) { return static_cast<unsigned char>(c) >= 0x80; }

bool startsWithDash(std::string_view s) {
    return s.starts_with('-') || s.starts_with(kEnDash) || s.starts_with(kEmDash);
}

std::size_t spaceLength(std::string_view s) {
    if (s.starts_with(' ') || s.starts_with('\t') || s.starts_with('\r') || s.starts_with('\n')) return 1;
    if (s.starts_with(kNoBreakSpace)) return kNoBreakSpace.size();
    return 0;
}

// Never fails: anything unexpected becomes an Other token that the parser
// reports with its position.
std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    std::size_t pos = 0;
    while (true) {
        while (pos < text.size()) {
            const std::size_t n = spaceLength(text.substr(pos));
            if (n == 0) break;
            pos += n;
        }
        if (pos >= text.size()) break;
        const std::string_view rest = text.substr(pos);
        Token t;
        t.offset = pos;
        std::size_t len = 1;
        if (rest.starts_with("24/7")) {
            t.kind = TokenKind::AlwaysOpen;
            len = 4;
        } else if (startsWithDash(rest)) {
            t.kind = TokenKind::Dash;
            len = rest.front() == '-' ? 1 : kEnDash.size();
        } else if (rest.front() == ',') {
            t.kind = TokenKind::Comma;
        } else if (rest.front() == ';') {
            t.kind = TokenKind::Semicolon;
        } else if (rest.front() == ':') {
            t.kind = TokenKind::Colon;
        } else if (isDigit(rest.front())) {
            // Swallow letters and dots too, so that "9h" or "08.00" is reported whole.
            t.kind = TokenKind::Number;
            while (len < rest.size() && (isDigit(rest[len]) || isAsciiLetter(rest[len]) || rest[len] == ':' || rest[len] == '.')) ++len;
        } else if (isAsciiLetter(rest.front()) || isHighByte(rest.front())) {
            // High bytes belong to words so that "Mär" or "Düsseldorf" is reported whole.
            t.kind = TokenKind::Word;
            len = 0;
            while (len < rest.size()) {
                const std::string_view r = rest.substr(len);
                if (isAsciiLetter(r.front())) {
                    ++len;
                } else if (isHighByte(r.front()) && !startsWithDash(r) && spaceLength(r) == 0) {
                    ++len;
                } else {
                    break;
                }
            }
        } else {
            t.kind = TokenKind::Other;
        }
        t.text = rest.substr(0, len);
        tokens.push_back(t);
        pos += len;
    }
    tokens.push_back(Token{TokenKind::End, {}, text.size()});
    return tokens;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

enum class WordClass { Day, PublicHoliday, Off, Open, Unknown, Month, Week, SchoolHoliday, Easter, SunEvent, Other };

struct WordInfo {
    WordClass cls = WordClass::Other;
    int day = -1; // for WordClass::Day, 0 = Monday
};

WordInfo classify(std::string_view word) {
    struct DayName {
        std::string_view name;
        int day;
    };
    // English OSM names plus the German ones staff type (Mo Fr Sa are shared).
    static constexpr DayName kDays[] = {{"mo", 0}, {"tu", 1}, {"di", 1}, {"we", 2}, {"mi", 2}, {"th", 3}, {"do", 3},
                                        {"fr", 4}, {"sa", 5}, {"su", 6}, {"so", 6}};
    static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                                                   "oct", "nov", "dec", "m\xC3\xA4r", "mrz", "mai", "okt", "dez"};
    const std::string w = lower(word);
    for (const DayName& d : kDays) {
        if (w == d.name) return {WordClass::Day, d.day};
    }
    if (w == "ph") return {WordClass::PublicHoliday};
    if (w == "off" || w == "closed") return {WordClass::Off};
    if (w == "open") return {WordClass::Open};
    if (w == "unknown") return {WordClass::Unknown};
    if (w == "week" || w == "kw") return {WordClass::Week};
    if (w == "sh") return {WordClass::SchoolHoliday};
    if (w == "easter" || w == "ostern") return {WordClass::Easter};
    if (w == "sunrise" || w == "sunset" || w == "dawn" || w == "dusk") return {WordClass::SunEvent};
    for (std::string_view m : kMonths) {
        // Full names ("January", "Dezember") start with the abbreviation.
        if (w.starts_with(m)) return {WordClass::Month};
    }
    return {};
}

struct ParseError {
    std::string message;
};

Error makeError(std::string message) {
    Error e;
    e.message = std::move(message);
    return e;
}

[[noreturn]] void fail(std::string message) { throw ParseError{std::move(message)}; }

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

} // namespace

// Recursive descent over the tokens. Errors are thrown as ParseError and
// caught in OpeningHours::parse(); nothing escapes this file.
class OpeningHours::Parser {
public:
    explicit Parser(std::string_view text) : m_text(text), m_tokens(tokenize(text)) {}

    std::vector<Rule> run() {
        std::vector<Rule> rules;
        bool additional = false;
        while (true) {
            rules.push_back(parseRule(additional));
            if (cur().kind == TokenKind::End) break;
            const bool comma = cur().kind == TokenKind::Comma;
            advance();
            // A trailing ";" is harmless and common; a trailing "," hints at something missing.
            if (!comma && cur().kind == TokenKind::End) break;
            additional = comma;
        }
        return rules;
    }

    bool blank() const { return m_tokens.size() == 1; }

    // 1-based character (not byte) position, as a person counts.
    std::size_t position(std::size_t offset) const {
        std::size_t chars = 1;
        for (std::size_t i = 0; i < offset && i < m_text.size(); ++i) {
            if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) ++chars;
        }
        return chars;
    }

private:
    const Token& cur() const { return m_tokens[m_index]; }
    const Token& peek(std::size_t ahead) const { return m_tokens[std::min(m_index + ahead, m_tokens.size() - 1)]; }
    void advance() {
        if (m_index + 1 < m_tokens.size()) ++m_index;
    }

    std::string at(const Token& t) const { return " at position " + std::to_string(position(t.offset)); }

    Rule parseRule(bool additional) {
        Rule rule;
        rule.additional = additional;
        bool hasDays = false;
        bool hasTimes = false;
        bool hasModifier = false;
        const std::size_t daysBegin = cur().offset;
        std::size_t daysEnd = daysBegin;

        if (cur().kind == TokenKind::AlwaysOpen) {
            rule.days.fill(true);
            rule.spans.push_back({0, kDayMinutes});
            hasTimes = true;
            advance();
        } else {
            if (cur().kind == TokenKind::Word) {
                const WordInfo info = classify(cur().text);
                if (info.cls == WordClass::Day || info.cls == WordClass::PublicHoliday) {
                    parseDays(rule);
                    hasDays = true;
                    daysEnd = m_tokens[m_index - 1].offset + m_tokens[m_index - 1].text.size();
                    if (cur().kind == TokenKind::Colon) advance();
                } else if (info.cls != WordClass::Off && info.cls != WordClass::Open && info.cls != WordClass::Unknown) {
                    failWord(cur(), info);
                }
            } else if (cur().kind == TokenKind::Number && isYear(cur().text) && peek(1).kind == TokenKind::Word) {
                fail("year selectors are not supported: " + quoted(cur().text) + at(cur()));
            }
            if (!hasDays) rule.days.fill(true);
            if (cur().kind == TokenKind::Number) {
                parseTimes(rule);
                hasTimes = true;
            } else if (cur().kind == TokenKind::AlwaysOpen) {
                fail("'24/7' must stand alone" + at(cur()) + " (write 00:00-24:00 after days)");
            }
        }

        const Token modifier = cur();
        if (modifier.kind == TokenKind::Word) {
            const WordInfo info = classify(modifier.text);
            if (info.cls == WordClass::Off) {
                rule.off = true;
                hasModifier = true;
                advance();
            } else if (info.cls == WordClass::Open) {
                hasModifier = true;
                advance();
            } else if (info.cls == WordClass::Unknown) {
                fail("'unknown' is not supported" + at(modifier));
            }
        }

        const Token& end = cur();
        if (end.kind != TokenKind::End && end.kind != TokenKind::Semicolon && end.kind != TokenKind::Comma) {
            failUnexpected(end, hasDays && !hasTimes && !hasModifier, hasTimes && !hasModifier);
        }
        if (rule.off && hasTimes) {
            fail("'off' cannot be combined with times" + at(modifier) +
                                      " (write the open times instead, e.g. 08:00-12:00,13:00-18:00)");
        }
        if (!hasTimes && !rule.off) {
            if (hasModifier) {
                rule.spans.push_back({0, kDayMinutes});
            } else if (hasDays) {
                fail("missing time after " + quoted(m_text.substr(daysBegin, daysEnd - daysBegin)) + at(end) +
                                     " (e.g. 08:00-18:00, or 'off')");
            } else {
                fail("empty rule" + at(end));
            }
        }
        return rule;
    }

    static bool isYear(std::string_view s) {
        return s.size() == 4 && std::all_of(s.begin(), s.end(), [](char c) { return isDigit(c); });
    }

    void parseDays(Rule& rule) {
        while (true) {
            parseDayItem(rule);
            if (cur().kind == TokenKind::Comma && peek(1).kind == TokenKind::Word) {
                advance();
                continue;
            }
            return;
        }
    }

    void parseDayItem(Rule& rule) {
        const Token first = cur();
        const WordInfo info = first.kind == TokenKind::Word ? classify(first.text) : WordInfo{};
        if (info.cls == WordClass::PublicHoliday) {
            rule.holiday = true;
            advance();
            if (cur().kind == TokenKind::Dash) fail("PH cannot be part of a day range" + at(cur()));
            return;
        }
        if (info.cls != WordClass::Day) failWord(first, info);
        advance();
        if (cur().kind != TokenKind::Dash) {
            rule.days[static_cast<std::size_t>(info.day)] = true;
            return;
        }
        advance();
        const Token last = cur();
        const WordInfo lastInfo = last.kind == TokenKind::Word ? classify(last.text) : WordInfo{};
        if (lastInfo.cls != WordClass::Day) {
            const bool keyword = lastInfo.cls == WordClass::PublicHoliday || lastInfo.cls == WordClass::Off ||
                                 lastInfo.cls == WordClass::Open || lastInfo.cls == WordClass::Unknown;
            if (last.kind == TokenKind::Word && !keyword) failWord(last, lastInfo);
            fail("expected a day after '-'" + at(last));
        }
        advance();
        // Ranges wrap across the week end: "Sa-Mo" is Saturday, Sunday, Monday.
        for (int d = info.day;; d = (d + 1) % 7) {
            rule.days[static_cast<std::size_t>(d)] = true;
            if (d == lastInfo.day) break;
        }
    }

    void parseTimes(Rule& rule) {
        while (true) {
            rule.spans.push_back(parseSpan());
            // After a time, ", 14:00" continues the list while ", We" starts an additional rule.
            if (cur().kind == TokenKind::Comma && peek(1).kind == TokenKind::Number) {
                advance();
                continue;
            }
            return;
        }
    }

    TimeSpan parseSpan() {
        const Token start = cur();
        const int from = clock(start);
        if (from == kDayMinutes) fail("a time range cannot start at 24:00" + at(start));
        advance();
        if (cur().kind == TokenKind::Other && cur().text == "+") {
            fail("open-ended times ('+') are not supported" + at(cur()));
        }
        if (cur().kind != TokenKind::Dash) {
            fail("missing end time after " + quoted(start.text) + at(cur()));
        }
        advance();
        const Token stop = cur();
        if (stop.kind != TokenKind::Number) {
            if (stop.kind == TokenKind::Word && classify(stop.text).cls == WordClass::SunEvent) failWord(stop, classify(stop.text));
            fail("missing end time after " + quoted(start.text) + at(stop));
        }
        int to = clock(stop);
        advance();
        if (to == from) {
            const std::size_t endOffset = stop.offset + stop.text.size();
            fail("end time must be after start time: " +
                                   quoted(m_text.substr(start.offset, endOffset - start.offset)) + at(start));
        }
        // An end before the start runs past midnight and belongs to the start's day.
        if (to < from) to += kDayMinutes;
        return {from, to};
    }

    int clock(const Token& t) const {
        const std::optional<int> minutes = parseClock(t.text);
        if (!minutes) fail("bad time " + quoted(t.text) + at(t) + " (write HH:MM, 00:00 to 24:00)");
        return *minutes;
    }

    [[noreturn]] void failWord(const Token& t, const WordInfo& info) const {
        const std::string where = quoted(t.text) + at(t);
        switch (info.cls) {
        case WordClass::Month: fail("month and date selectors are not supported: " + where);
        case WordClass::Week: fail("week selectors are not supported: " + where);
        case WordClass::SchoolHoliday: fail("school holidays (SH) are not supported: " + where);
        case WordClass::Easter: fail("date selectors are not supported: " + where);
        case WordClass::SunEvent: fail("sunrise and sunset times are not supported: " + where + " (use clock times)");
        default: break;
        }
        fail("unknown day " + where + " (use Mo Tu We Th Fr Sa Su or PH)");
    }

    [[noreturn]] void failUnexpected(const Token& t, bool afterDays, bool afterTimes) const {
        if (t.kind == TokenKind::Other) {
            if (t.text == "\"") fail("comments in quotes are not supported" + at(t));
            if (t.text == "|") fail("fallback rules ('||') are not supported" + at(t));
            if (t.text == "[") fail("nth weekday selectors ('[') are not supported" + at(t));
            if (t.text == "+") fail("open-ended times ('+') are not supported" + at(t));
            if (t.text == "/") fail("repeating times ('/') are not supported" + at(t));
        }
        std::string hint;
        if (t.kind == TokenKind::Word) {
            const WordInfo info = classify(t.text);
            if (info.cls != WordClass::Other && info.cls != WordClass::Day && info.cls != WordClass::PublicHoliday &&
                info.cls != WordClass::Off && info.cls != WordClass::Open) {
                failWord(t, info);
            }
            if (info.cls == WordClass::Day || info.cls == WordClass::PublicHoliday) {
                hint = afterDays ? " (join days with ',' or '-')" : " (separate rules with ';')";
            } else if (afterDays) {
                hint = " (expected a time like 08:00-18:00, or 'off')";
            }
        } else if (t.kind == TokenKind::Number && afterTimes) {
            hint = " (separate times with ',')";
        }
        fail("unexpected " + quoted(t.text) + at(t) + hint);
    }

    std::string_view m_text;
    std::vector<Token> m_tokens;
    std::size_t m_index = 0;
};

Result<OpeningHours> OpeningHours::parse(std::string_view text) {
    Parser parser(text);
    if (parser.blank()) return makeError("opening hours are empty");

    OpeningHours hours;
    try {
        hours.m_rules = parser.run();
    } catch (const ParseError& e) {
        return makeError(e.message);
    }
    hours.m_text = std::string(text);
    hours.m_hasHolidayRules = std::any_of(hours.m_rules.begin(), hours.m_rules.end(), [](const Rule& r) { return r.holiday; });

    hours.m_alwaysClosed = true;
    hours.m_24_7 = true;
    for (int day = 0; day < 7; ++day) {
        for (bool holiday : {false, true}) {
            if (!hours.evaluate(day, holiday).empty()) hours.m_alwaysClosed = false;
            for (bool previousHoliday : {false, true}) {
                if (!hours.coversWholeDay(day, holiday, previousHoliday)) hours.m_24_7 = false;
            }
        }
    }
    return hours;
}

std::vector<TimeSpan> OpeningHours::evaluate(int weekday, bool holiday) const {
    const bool holidayRules = holiday && m_hasHolidayRules;
    std::vector<TimeSpan> spans;
    for (const Rule& rule : m_rules) {
        const bool applies = holidayRules ? rule.holiday : rule.days[static_cast<std::size_t>(weekday)];
        if (!applies) continue;
        if (!rule.additional || rule.off) spans.clear();
        if (!rule.off) spans.insert(spans.end(), rule.spans.begin(), rule.spans.end());
    }
    std::sort(spans.begin(), spans.end(), [](const TimeSpan& a, const TimeSpan& b) { return a.from < b.from; });
    std::vector<TimeSpan> merged;
    for (const TimeSpan& s : spans) {
        if (!merged.empty() && s.from <= merged.back().to) {
            merged.back().to = std::max(merged.back().to, s.to);
        } else {
            merged.push_back(s);
        }
    }
    return merged;
}

bool OpeningHours::coversWholeDay(int weekday, bool holiday, bool previousHoliday) const {
    std::vector<TimeSpan> parts;
    for (const TimeSpan& s : evaluate(weekday, holiday)) parts.push_back({s.from, std::min(s.to, kDayMinutes)});
    for (const TimeSpan& s : evaluate((weekday + 6) % 7, previousHoliday)) {
        if (s.to > kDayMinutes) parts.push_back({std::max(0, s.from - kDayMinutes), s.to - kDayMinutes});
    }
    std::sort(parts.begin(), parts.end(), [](const TimeSpan& a, const TimeSpan& b) { return a.from < b.from; });
    int covered = 0;
    for (const TimeSpan& s : parts) {
        if (s.from > covered) return false;
        covered = std::max(covered, s.to);
    }
    return covered >= kDayMinutes;
}

bool OpeningHours::isOpen(const DateTime& at, bool publicHoliday) const {
    return isOpen(at, [&](const Date& d) { return publicHoliday && d == at.date; });
}

bool OpeningHours::isOpen(const DateTime& at, const HolidayPredicate& isHoliday) const {
    const int minute = at.minuteOfDay;
    for (const TimeSpan& s : spansOn(at.date, isHoliday && isHoliday(at.date))) {
        if (s.from <= minute && minute < s.to) return true;
    }
    // Yesterday's spans past midnight, in today's minutes.
    const Date yesterday = at.date.plusDays(-1);
    for (const TimeSpan& s : spansOn(yesterday, isHoliday && isHoliday(yesterday))) {
        if (s.from <= minute + kDayMinutes && minute + kDayMinutes < s.to) return true;
    }
    return false;
}

std::vector<TimeSpan> OpeningHours::spansOn(const Date& date, bool publicHoliday) const {
    return evaluate(date.weekday(), publicHoliday);
}

std::vector<TimeSpan> OpeningHours::spansOnWeekday(int weekday) const {
    if (weekday < 0 || weekday > 6) return {};
    return evaluate(weekday, false);
}

} // namespace kiosk::content
