#include "common.h"

#include "widgets/basic.h"

#include <cstdio>

namespace kiosk::ui {

std::vector<BadgeSpec> entryBadges(const Context& ctx, const content::Entry& e) {
    std::vector<BadgeSpec> out;
    if (e.free) out.push_back({ctx.tr("badge.free"), ctx.p.goodSoft, ctx.p.good});
    if (e.ageMin && e.ageMax)
        out.push_back({ctx.fmt("badge.age_range", {{"from", std::to_string(*e.ageMin)}, {"to", std::to_string(*e.ageMax)}}),
                       ctx.p.badgeSoft, ctx.p.text});
    else if (e.ageMin)
        out.push_back({ctx.fmt("badge.age_from", {{"from", std::to_string(*e.ageMin)}}), ctx.p.badgeSoft, ctx.p.text});
    else if (e.ageMax)
        out.push_back({ctx.fmt("badge.age_to", {{"to", std::to_string(*e.ageMax)}}), ctx.p.badgeSoft, ctx.p.text});
    if (auto open = content::ContentStore::openAt(e, ctx.now)) {
        if (*open) out.push_back({ctx.tr("badge.open_now"), ctx.p.good, ctx.p.onAccent});
    }
    if (e.starts) out.push_back({shortDateTime(ctx, *e.starts), ctx.p.accent, ctx.p.onAccent});
    return out;
}

float drawBadges(Context& ctx, ImVec2 pos, float maxX, const std::vector<BadgeSpec>& badges) {
    float x = pos.x, y = pos.y;
    const float h = ctx.fonts.small->FontSize + 6 * ctx.m.u;
    for (const auto& b : badges) {
        const float w = measureText(ctx.fonts.small, b.text).x + 16 * ctx.m.u;
        if (x > pos.x && x + w > maxX) {
            x = pos.x;
            y += h + 6 * ctx.m.u;
        }
        x += badge(ctx, ImVec2(x, y), b.text, b.background, b.foreground) + 6 * ctx.m.u;
    }
    return badges.empty() ? 0 : y + h - pos.y;
}

std::string longDate(const Context& ctx, const content::Date& d) {
    return ctx.fmt("date.long", {{"weekday", ctx.tr("weekday." + std::to_string(d.weekday()))},
                                 {"day", std::to_string(d.day)},
                                 {"month", ctx.tr("month." + std::to_string(d.month))},
                                 {"year", std::to_string(d.year)}});
}

std::string clockText(const Context& ctx, int minuteOfDay) {
    char hh[4], mm[4];
    std::snprintf(hh, sizeof hh, "%02d", (minuteOfDay / 60) % 24);
    std::snprintf(mm, sizeof mm, "%02d", minuteOfDay % 60);
    return ctx.fmt("time.clock", {{"hh", hh}, {"mm", mm}});
}

std::string shortDateTime(const Context& ctx, const content::DateTime& dt) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d.%d.", dt.date.day, dt.date.month);
    std::string out = ctx.tr("weekday_short." + std::to_string(dt.date.weekday())) + " " + buf;
    if (dt.hasTime) out += " " + clockText(ctx, dt.minuteOfDay);
    return out;
}

ImU32 themeColour(const Context& ctx, const std::string& themeId) {
    if (ctx.store)
        if (const auto* t = ctx.store->theme(themeId)) return parseColour(t->colour, ctx.p.accent);
    return ctx.p.accent;
}

std::vector<const content::Entry*> highlights(const Context& ctx, std::size_t count) {
    std::vector<const content::Entry*> out;
    if (!ctx.store) return out;
    for (const auto* e : ctx.store->upcomingEvents(ctx.now, 7, count)) out.push_back(e);
    std::vector<const content::Entry*> withImages;
    for (const auto* e : ctx.store->entries({}, ctx.now))
        if (!e->images.empty() && !e->starts) withImages.push_back(e);
    if (!withImages.empty()) {
        // Rotate by day so the kiosk does not always feature the same entries.
        const auto start = static_cast<std::size_t>(ctx.now.date.toDays()) % withImages.size();
        for (std::size_t i = 0; i < withImages.size() && out.size() < count; ++i)
            out.push_back(withImages[(start + i) % withImages.size()]);
    }
    return out;
}

} // namespace kiosk::ui
