#include "events_screen.h"

#include "common.h"
#include "ui/icons.h"
#include "widgets/basic.h"
#include "widgets/entry_card.h"
#include "widgets/scroll_area.h"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

namespace {

struct DayGroup {
    content::Date date;
    std::vector<const content::Entry*> events;
};

// Events by day. One that began before today and still runs is listed under today,
// where a visitor looking for "what is on" expects it.
std::vector<DayGroup> groupByDay(const Context& ctx, const std::vector<const content::Entry*>& events) {
    std::vector<DayGroup> out;
    const std::int64_t today = ctx.now.date.toDays();
    for (const auto* e : events) {
        if (!e->starts) continue;
        const content::Date day = e->starts->date.toDays() < today ? ctx.now.date : e->starts->date;
        if (out.empty() || out.back().date.toDays() != day.toDays()) out.push_back({day, {}});
        out.back().events.push_back(e);
    }
    return out;
}

// "18:00 Uhr", "18:00 Uhr – 20:00 Uhr", "ganztägig", "bis Sa 22.8."
std::string eventTimeText(const Context& ctx, const content::Entry& e) {
    const content::DateTime& s = *e.starts;
    if (s.date.toDays() < ctx.now.date.toDays() && e.ends)
        return ctx.fmt("events.until", {{"date", shortDateTime(ctx, content::DateTime{e.ends->date, 0, false})}});
    if (!s.hasTime) return ctx.tr("events.all_day");
    std::string out = clockText(ctx, s.minuteOfDay);
    if (e.ends && e.ends->hasTime && e.ends->date.toDays() == s.date.toDays() && e.ends->minuteOfDay > s.minuteOfDay)
        out += " \xe2\x80\x93 " + clockText(ctx, e.ends->minuteOfDay);
    else if (e.ends && e.ends->date.toDays() > s.date.toDays())
        out += " \xe2\x80\x93 " + shortDateTime(ctx, *e.ends);
    return out;
}

// "Heute · Mittwoch, 19. August 2026"
std::string dayHeading(const Context& ctx, const content::Date& d) {
    const std::int64_t diff = d.toDays() - ctx.now.date.toDays();
    const std::string date = longDate(ctx, d);
    if (diff == 0) return ctx.tr("events.today") + " \xc2\xb7 " + date;
    if (diff == 1) return ctx.tr("events.tomorrow") + " \xc2\xb7 " + date;
    return date;
}

void emptyState(Context& ctx, const Rect& area) {
    const Metrics& m = ctx.m;
    const std::string title = ctx.tr("events.empty");
    const std::string hint = ctx.tr("events.empty_hint");
    const float wrap = std::min(area.w() - 4 * m.pad, 620 * m.u);
    ImFont* iconFont = ctx.fonts.iconLarge;
    const ImVec2 ts = measureText(ctx.fonts.title, title, wrap);
    const ImVec2 hs = measureText(ctx.fonts.body, hint, wrap);
    const float total = iconFont->FontSize + m.gap + ts.y + m.gap + hs.y;
    float y = std::round(area.y0 + std::max(m.pad, (area.h() - total) / 2));
    const ImVec2 is = measureText(iconFont, icon::kEvent);
    drawText(ctx, iconFont, ImVec2(std::round(area.cx() - is.x / 2), y), ctx.p.muted, icon::kEvent);
    y += iconFont->FontSize + m.gap;
    drawText(ctx, ctx.fonts.title, ImVec2(std::round(area.cx() - ts.x / 2), y), ctx.p.text, title, wrap);
    y += ts.y + m.gap;
    drawText(ctx, ctx.fonts.body, ImVec2(std::round(area.cx() - hs.x / 2), y), ctx.p.muted, hint, wrap);
}

} // namespace

void drawEventsScreen(Context& ctx) {
    const Metrics& m = ctx.m;
    const Rect content = navigationBar(ctx, ctx.tr("events.title"));
    if (!ctx.store) return;

    content::EntryFilter filter;
    filter.upcomingEventsOnly = true; // sorted by start; ended events are hidden by the store
    const auto groups = groupByDay(ctx, ctx.store->entries(filter, ctx.now));
    if (groups.empty()) {
        emptyState(ctx, content);
        return;
    }

    ScrollArea area(ctx, core::pageKey(ctx.nav.current()), content);
    const float x0 = m.pad * 1.4f, x1 = m.width - m.pad * 1.4f;
    const float width = x1 - x0;
    const int cols = entryCardColumns(ctx, width);
    const float cardW = std::floor((width - m.gap * static_cast<float>(cols - 1)) / static_cast<float>(cols));
    const float cardH = entryCardHeight(ctx, cardW);
    ImFont* hf = ctx.fonts.title;
    const float headingH = hf->FontSize + m.gap * 0.8f;

    float y = area.top() + m.pad;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const DayGroup& group = groups[g];
        if (g > 0) y += m.gap * 1.5f;
        if (area.visible(y, y + headingH)) {
            const std::string heading = dayHeading(ctx, group.date);
            const ImVec2 is = measureText(hf, icon::kCalendar);
            drawText(ctx, hf, ImVec2(x0, y), ctx.p.accent, icon::kCalendar);
            drawText(ctx, hf, ImVec2(x0 + is.x + m.gap, y), ctx.p.text, ellipsize(hf, heading, width - is.x - m.gap));
        }
        y += headingH;
        for (std::size_t i = 0; i < group.events.size(); ++i) {
            const int col = static_cast<int>(i % static_cast<std::size_t>(cols));
            const float cy = y + static_cast<float>(i / static_cast<std::size_t>(cols)) * (cardH + m.gap);
            if (!area.visible(cy, cy + cardH)) continue;
            const content::Entry& e = *group.events[i];
            const float cx = x0 + static_cast<float>(col) * (cardW + m.gap);
            EntryCardOptions options;
            options.kicker = std::string(icon::kSchedule) + "  " + eventTimeText(ctx, e);
            options.hideEventDate = true;
            if (entryCard(ctx, e, Rect{cx, cy, cx + cardW, cy + cardH}, options)) ctx.emit(core::act::OpenEntry{e.id});
        }
        const std::size_t rows =
            (group.events.size() + static_cast<std::size_t>(cols) - 1) / static_cast<std::size_t>(cols);
        y += static_cast<float>(rows) * (cardH + m.gap) - m.gap;
    }
    y += m.pad;
    area.end(y - area.top());
}

} // namespace kiosk::ui
