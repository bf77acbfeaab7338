// The detail screen's facts and opening hours cards (see detail_parts.h).
#include "detail_parts.h"

#include "common.h"
#include "ui/icons.h"
#include "widgets/basic.h"

#include "kiosk/content/opening_hours.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace kiosk::ui::detail {

namespace {

// "09:00"; the end of a day is "24:00", not "00:00".
std::string hhmm(int minutes) {
    char buf[8];
    const int m = minutes == 1440 ? 1440 : ((minutes % 1440) + 1440) % 1440;
    std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
    return buf;
}

// "18:00 Uhr" for the clock format of the UI language, 24:00 kept as such.
std::string clock(const Context& ctx, int minutes) {
    const std::string t = hhmm(minutes);
    return ctx.fmt("time.clock", {{"hh", t.substr(0, 2)}, {"mm", t.substr(3, 2)}});
}

// Languages spoken, in their own names so that a visitor finds theirs without
// reading German. Arabic script cannot be shaped here: those get a Latin name.
std::string languageName(const std::string& code) {
    static const std::array<std::pair<const char*, const char*>, 26> names = {{
        {"de", "Deutsch"},        {"en", "English"},        {"tr", "Türkçe"},        {"uk", "Українська"},
        {"ru", "Русский"},        {"pl", "Polski"},         {"ar", "Arabisch / Arabic"}, {"fa", "Farsi"},
        {"ku", "Kurdî"},          {"fr", "Français"},       {"es", "Español"},       {"it", "Italiano"},
        {"ro", "Română"},         {"bg", "Български"},      {"sq", "Shqip"},         {"sr", "Srpski"},
        {"hr", "Hrvatski"},       {"bs", "Bosanski"},       {"el", "Ελληνικά"},      {"pt", "Português"},
        {"nl", "Nederlands"},     {"ti", "Tigrinya"},       {"so", "Soomaali"},      {"ps", "Paschtu / Pashto"},
        {"ur", "Urdu"},           {"dgs", "Deutsche Gebärdensprache"},
    }};
    for (const auto& [c, n] : names)
        if (code == c) return n;
    std::string up = code;
    for (auto& ch : up) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return up;
}

// Websites as people type them: no scheme, no trailing slash.
std::string displayUrl(std::string url) {
    for (const char* scheme : {"https://", "http://"})
        if (url.rfind(scheme, 0) == 0) url.erase(0, std::char_traits<char>::length(scheme));
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

// Long e-mail addresses and links wrap where a reader would split them:
// after "@" (best) or "/", else before "." or "-"; mid-word only as a last resort.
std::string breakValue(ImFont* font, const std::string& text, float width) {
    std::string out;
    std::string_view rest = text;
    while (!rest.empty() && measureText(font, rest).x > width) {
        std::size_t fit = 0;
        for (std::size_t i = 1; i <= rest.size(); ++i) {
            if (i < rest.size() && (static_cast<unsigned char>(rest[i]) & 0xC0) == 0x80) continue;
            if (measureText(font, rest.substr(0, i)).x > width) break;
            fit = i;
        }
        if (fit == 0) break;
        std::size_t cut = 0;
        for (const char* after : {"@", "/"}) {
            const std::size_t at = rest.substr(0, fit).rfind(after);
            if (at != std::string_view::npos && at > 0) {
                cut = at + 1;
                break;
            }
        }
        if (cut == 0) {
            const std::size_t before = rest.substr(0, fit).find_last_of(".-_");
            if (before != std::string_view::npos && before > 0) cut = before;
        }
        if (cut == 0) cut = fit;
        out.append(rest.substr(0, cut));
        out += '\n';
        rest.remove_prefix(cut);
    }
    out.append(rest);
    return out;
}

enum class ValueSize { Normal, Large };

// One fact: icon, small label, value. Large values (phone, e-mail, website)
// take the biggest font they fit in, because visitors copy them by hand.
float factRow(Context& ctx, float x, float y, float width, const char* ic, const std::string& label,
              const std::string& value, ValueSize size) {
    if (value.empty()) return 0;
    const Metrics& m = ctx.m;
    const float iconW = ctx.fonts.title->FontSize * 1.35f;
    const float tx = x + iconW, tw = width - iconW;
    const float labelH = ctx.fonts.small->FontSize;
    ImFont* font = ctx.fonts.body;
    std::string shown = value;
    if (size == ValueSize::Large) {
        font = ctx.fonts.bold;
        if (measureText(ctx.fonts.title, value).x <= tw) font = ctx.fonts.title;
        else shown = breakValue(font, value, tw);
    }
    if (ic) {
        // Icon glyphs sit low in the text fonts (GlyphOffset); centre it on the label and first value line.
        const float block = labelH + 2 * m.u + font->FontSize;
        const float iy = y + (block - ctx.fonts.title->FontSize) / 2 - ctx.fonts.title->FontSize * 0.12f;
        drawList()->AddText(ctx.fonts.title, ctx.fonts.title->FontSize, ImVec2(x, iy), ctx.p.accent, ic);
    }
    drawText(ctx, ctx.fonts.small, ImVec2(tx, y), ctx.p.muted, label);
    const float vh = drawText(ctx, font, ImVec2(tx, y + labelH + 2 * m.u), ctx.p.text, shown, tw);
    return labelH + 2 * m.u + vh;
}

std::string eventText(const Context& ctx, const content::Entry& e) {
    if (!e.starts) return {};
    const content::DateTime& s = *e.starts;
    std::string out = longDate(ctx, s.date);
    const bool sameDay = e.ends && e.ends->date == s.date;
    if (s.hasTime) {
        if (sameDay && e.ends->hasTime && e.ends->minuteOfDay > s.minuteOfDay)
            out += ", " + ctx.fmt("detail.time_range", {{"from", hhmm(s.minuteOfDay)}, {"to", hhmm(e.ends->minuteOfDay)}});
        else
            out += ", " + clock(ctx, s.minuteOfDay);
    }
    if (e.ends && !sameDay && e.ends->date > s.date) {
        std::string until = longDate(ctx, e.ends->date);
        if (e.ends->hasTime) until += ", " + clock(ctx, e.ends->minuteOfDay);
        out += "\n" + ctx.fmt("detail.until", {{"when", until}});
    }
    return out;
}

std::string ageText(const Context& ctx, const content::Entry& e) {
    if (e.ageMin && e.ageMax)
        return ctx.fmt("badge.age_range", {{"from", std::to_string(*e.ageMin)}, {"to", std::to_string(*e.ageMax)}});
    if (e.ageMin) return ctx.fmt("badge.age_from", {{"from", std::to_string(*e.ageMin)}});
    if (e.ageMax) return ctx.fmt("badge.age_to", {{"to", std::to_string(*e.ageMax)}});
    return {};
}

// "bis 17:00 Uhr" while open; "Öffnet morgen um 09:00 Uhr" while closed.
std::string nextChange(const Context& ctx, const content::OpeningHours& oh, const content::DateTime& now, bool open) {
    if (oh.is24_7()) return {};
    const int wd = now.date.weekday();
    const int t = now.minuteOfDay;
    if (open) {
        int end = -1;
        for (const auto& s : oh.spansOnWeekday(wd))
            if (s.from <= t && t < s.to) end = s.to;
        if (end < 0) // the early hours of a span that started yesterday
            for (const auto& s : oh.spansOnWeekday((wd + 6) % 7))
                if (s.to > 1440 && t < s.to - 1440) end = s.to - 1440;
        if (end < 0) return {};
        return ctx.fmt("detail.open_until", {{"time", clock(ctx, end)}});
    }
    for (int d = 0; d < 7; ++d) {
        for (const auto& s : oh.spansOnWeekday((wd + d) % 7)) {
            if (d == 0 && s.from <= t) continue;
            const std::string time = clock(ctx, s.from);
            if (d == 0) return ctx.fmt("detail.opens_today", {{"time", time}});
            if (d == 1) return ctx.fmt("detail.opens_tomorrow", {{"time", time}});
            return ctx.fmt("detail.opens_on",
                           {{"weekday", ctx.tr("weekday." + std::to_string((wd + d) % 7))}, {"time", time}});
        }
    }
    return {};
}

} // namespace

namespace {

// Calls line(begin, end, y) for each wrapped line; returns the height.
template <typename LineFn>
float wrapLines(ImFont* font, std::string_view text, float width, float leading, float y0, LineFn line) {
    const float lineH = std::round(font->FontSize * leading);
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    float y = y0;
    while (begin < end) {
        const char* nl = std::find(begin, end, '\n');
        const char* wrap = nl == begin ? nl : font->CalcWordWrapPositionA(1.f, begin, nl, width);
        if (wrap == begin && nl != begin) { // narrower than a character: one per line
            wrap = begin + 1;
            while (wrap < nl && (static_cast<unsigned char>(*wrap) & 0xC0) == 0x80) ++wrap;
        }
        line(begin, wrap, y);
        y += lineH;
        begin = wrap;
        while (begin < end && *begin == ' ') ++begin;
        if (begin < end && *begin == '\n') ++begin;
    }
    return y == y0 ? 0 : y - y0 - (lineH - font->FontSize);
}

} // namespace

float paragraph(Context& ctx, ImFont* font, ImVec2 pos, ImU32 colour, std::string_view text, float width,
                float leading) {
    if (text.empty()) return 0;
    ImDrawList* dl = drawList();
    const float clipY0 = dl->GetClipRectMin().y, clipY1 = dl->GetClipRectMax().y;
    const float lineH = font->FontSize * leading;
    const float h = wrapLines(font, text, width, leading, pos.y, [&](const char* b, const char* e, float y) {
        // Lines outside the visible area cost nothing to skip.
        if (y + lineH >= clipY0 && y <= clipY1) dl->AddText(font, font->FontSize, ImVec2(pos.x, y), colour, b, e);
    });
    ctx.registry.addText(std::string(text));
    return h;
}

float paragraphHeight(ImFont* font, std::string_view text, float width, float leading) {
    return wrapLines(font, text, width, leading, 0, [](const char*, const char*, float) {});
}

float factsCard(Context& ctx, const content::Entry& e, float x0, float y0, float width) {
    const std::string lang = ctx.contentLang();
    const Metrics& m = ctx.m;
    const float cp = cardPad(ctx);
    const float x = x0 + cp, w = width - 2 * cp;
    CardScope card(ctx, x0, y0, width);
    float y = y0 + cp;
    bool any = false;
    auto row = [&](const char* ic, const char* labelKey, const std::string& value, ValueSize size = ValueSize::Normal) {
        if (value.empty()) return;
        if (any) y += m.gap * 1.3f;
        y += factRow(ctx, x, y, w, ic, ctx.tr(labelKey), value, size);
        any = true;
    };

    row(icon::kEvent, "detail.when", eventText(ctx, e));
    row(icon::kBusiness, "detail.organisation", e.organisation.get(lang));
    row(icon::kPerson, "detail.contact", e.contactName.get(lang));
    std::string address = e.address.get(lang);
    std::string place = e.postcode;
    if (!e.city.empty()) place += (place.empty() ? "" : " ") + e.city.get(lang);
    if (!place.empty()) address += (address.empty() ? "" : "\n") + place;
    row(icon::kPlace, "detail.address", address);
    row(icon::kPhone, "detail.phone", e.phone, ValueSize::Large);
    row(icon::kEmail, "detail.email", e.email, ValueSize::Large);
    row(icon::kWeb, "detail.website", displayUrl(e.website), ValueSize::Large);
    row(icon::kEuro, "detail.cost", e.cost.get(lang));
    std::string langs;
    for (const auto& code : e.languages) langs += (langs.empty() ? "" : ", ") + languageName(code);
    row(icon::kLanguage, "detail.languages", langs);
    row(nullptr, "detail.age", ageText(ctx, e));

    if (!any) return 0;
    y += cp;
    card.setBottom(y);
    return y - y0;
}

float openingHoursCard(Context& ctx, const content::Entry& e, float x0, float y0, float width) {
    if (e.openingHours.empty()) return 0;
    const Metrics& m = ctx.m;
    const float cp = cardPad(ctx);
    const float x = x0 + cp, w = width - 2 * cp;
    CardScope card(ctx, x0, y0, width);
    float y = y0 + cp;
    ImDrawList* dl = drawList();

    const std::string heading = std::string(icon::kSchedule) + "  " + ctx.tr("detail.opening_hours");
    y += drawText(ctx, ctx.fonts.bold, ImVec2(x, y), ctx.p.text, heading) + m.gap;

    auto parsed = content::OpeningHours::parse(e.openingHours);
    if (!parsed) {
        // Staff wrote something the kiosk cannot read: show it as written rather than guess.
        y += paragraph(ctx, ctx.fonts.body, ImVec2(x, y), ctx.p.text, e.openingHours, w);
        y += cp;
        card.setBottom(y);
        return y - y0;
    }
    const content::OpeningHours& oh = parsed.value();

    // Open or closed now, big, with when that changes.
    if (auto open = content::ContentStore::openAt(e, ctx.now)) {
        const std::string state = ctx.tr(*open ? "detail.open_now" : "detail.closed_now");
        const std::string change = nextChange(ctx, oh, ctx.now, *open);
        const float ip = m.pad * 0.8f;
        const ImVec2 ss = measureText(ctx.fonts.title, state, w - 2 * ip);
        const float ch = change.empty() ? 0 : measureText(ctx.fonts.body, change, w - 2 * ip).y + 2 * m.u;
        const float ph = ip * 2 + ss.y + ch;
        dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + ph), *open ? ctx.p.good : ctx.p.bad, m.radius * 0.7f);
        drawText(ctx, ctx.fonts.title, ImVec2(x + ip, y + ip), ctx.p.onAccent, state, w - 2 * ip);
        if (!change.empty())
            drawText(ctx, ctx.fonts.body, ImVec2(x + ip, y + ip + ss.y + 2 * m.u), IM_COL32(255, 255, 255, 235), change,
                     w - 2 * ip);
        y += ph + m.gap * 1.2f;
    }

    if (oh.is24_7()) {
        y += drawText(ctx, ctx.fonts.bold, ImVec2(x, y), ctx.p.text, ctx.tr("detail.always_open"), w);
        y += cp;
        card.setBottom(y);
        return y - y0;
    }

    // The week, Monday first; today stands out. Hours go on one line per day:
    // with the weekday written out when there is room, else abbreviated
    // ("Mo"), else one span per line.
    const int today = ctx.now.date.weekday();
    struct Day {
        std::vector<std::string> parts;
        std::string joined;
    };
    std::array<Day, 7> week;
    float widestHours = 0;
    for (int d = 0; d < 7; ++d) {
        Day& day = week[static_cast<std::size_t>(d)];
        for (const auto& s : oh.spansOnWeekday(d)) day.parts.push_back(hhmm(s.from) + "\xe2\x80\x93" + hhmm(s.to));
        for (const auto& p : day.parts) day.joined += (day.joined.empty() ? "" : ", ") + p;
        widestHours = std::max(widestHours, measureText(ctx.fonts.bold, day.joined).x);
    }
    auto dayColumn = [&](const char* prefix) {
        float widest = 0;
        for (int d = 0; d < 7; ++d)
            widest = std::max(widest, measureText(ctx.fonts.bold, ctx.tr(prefix + std::to_string(d))).x);
        return widest + m.gap * 1.5f;
    };
    const char* dayKey = "weekday.";
    float dayW = dayColumn(dayKey);
    if (widestHours > w - dayW && widestHours <= w - dayColumn("weekday_short.")) {
        dayKey = "weekday_short.";
        dayW = dayColumn(dayKey);
    }
    const float spanX = x + dayW, spanW = w - dayW;
    const float rowPad = 4 * m.u;
    for (int d = 0; d < 7; ++d) {
        const bool isToday = d == today;
        ImFont* font = isToday ? ctx.fonts.bold : ctx.fonts.body;
        const Day& day = week[static_cast<std::size_t>(d)];
        std::string shown = day.joined;
        if (measureText(font, shown).x > spanW) {
            shown.clear();
            for (const auto& p : day.parts) shown += (shown.empty() ? "" : "\n") + p;
        }
        if (day.parts.empty()) shown = ctx.tr("detail.closed");
        const ImVec2 textSize = measureText(font, shown, spanW);
        // "heute" at the right end of the row when there is room, else under the weekday.
        const std::string todayText = isToday ? ctx.tr("detail.today") : std::string();
        const float todayW = isToday ? measureText(ctx.fonts.small, todayText).x : 0;
        const bool todayRight = isToday && spanX + textSize.x + m.gap * 2 + todayW <= x + w;
        const bool todayBelow = isToday && !todayRight && todayW <= dayW;
        const float rowH = std::max(textSize.y, todayBelow ? font->FontSize + ctx.fonts.small->FontSize : font->FontSize);
        if (isToday)
            dl->AddRectFilled(ImVec2(x - cp * 0.5f, y - rowPad), ImVec2(x + w + cp * 0.5f, y + rowH + rowPad),
                              (ctx.p.accent & ~IM_COL32_A_MASK) | (30u << IM_COL32_A_SHIFT), m.radius * 0.5f);
        const ImU32 dayColour = isToday ? ctx.p.accent : ctx.p.text;
        drawText(ctx, font, ImVec2(x, y), dayColour, ctx.tr(dayKey + std::to_string(d)));
        if (todayRight)
            drawText(ctx, ctx.fonts.small, ImVec2(x + w - todayW, y + (font->FontSize - ctx.fonts.small->FontSize) * 0.6f),
                     ctx.p.accent, todayText);
        else if (todayBelow)
            drawText(ctx, ctx.fonts.small, ImVec2(x, y + font->FontSize), ctx.p.accent, todayText);
        drawText(ctx, font, ImVec2(spanX, y), day.parts.empty() ? ctx.p.muted : ctx.p.text, shown, spanW);
        y += rowH + rowPad * 2.5f;
    }
    y += cp - rowPad * 2.5f + rowPad;
    card.setBottom(y);
    return y - y0;
}

} // namespace kiosk::ui::detail
