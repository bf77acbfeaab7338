#include "home_screen.h"

#include "common.h"
#include "ui/icons.h"
#include "widgets/basic.h"
#include "widgets/scroll_area.h"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

namespace {

void themeTile(Context& ctx, const content::Theme& theme, const Rect& r) {
    const std::string label = theme.title.get(ctx.contentLang());
    const bool tapped = tap(ctx, "theme:" + theme.id, label, r);
    const bool down = pressing(ctx, r);
    const ImU32 colour = parseColour(theme.colour, ctx.p.accent);
    ImDrawList* dl = drawList();
    const float s = 3 * ctx.m.u;
    dl->AddRectFilled(ImVec2(r.x0, r.y0 + s), ImVec2(r.x1, r.y1 + s), ctx.p.shadow, ctx.m.radius);
    dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), down ? shade(colour, 0.8f) : colour, ctx.m.radius);

    const float pad = ctx.m.pad;
    ImFont* iconFont = ctx.fonts.iconLarge;
    const std::string ic = icon::utf8(icon::codepointByName(theme.icon));
    const float iconSize = std::min(iconFont->FontSize, r.h() * 0.42f);
    dl->AddText(iconFont, iconSize, ImVec2(r.x0 + pad, r.y0 + pad * 0.8f), IM_COL32(255, 255, 255, 235), ic.c_str());

    const std::size_t count = ctx.store->countInTheme(theme.id, ctx.now);
    const std::string countText =
        count == 1 ? ctx.tr("home.entry") : ctx.fmt("home.entries", {{"n", std::to_string(count)}});
    ImFont* tf = ctx.fonts.bold;
    const float textW = r.w() - 2 * pad;
    const float countH = ctx.fonts.small->FontSize;
    // Title: up to two lines above the count, bottom-aligned.
    const float titleH = std::min(measureText(tf, label, textW).y, tf->FontSize * 2);
    const float yCount = r.y1 - pad * 0.8f - countH;
    drawTextLines(ctx, tf, ImVec2(r.x0 + pad, yCount - titleH - 2 * ctx.m.u), IM_COL32(255, 255, 255, 255), label,
                  textW, 2);
    drawText(ctx, ctx.fonts.small, ImVec2(r.x0 + pad, yCount), IM_COL32(255, 255, 255, 220), countText);
    if (tapped) ctx.emit(core::act::OpenTheme{theme.id});
}

float weekStrip(Context& ctx, float x0, float y, float width, float height) {
    const Metrics& m = ctx.m;
    const auto items = highlights(ctx, 6);
    // The heading row holds a full-size touch target ("Alle Termine"); it reaches up into the
    // gap below the tiles so the cards lose as little height as possible.
    const float rowTop = y - m.gap * 1.7f;
    const float headH = rowTop + m.touch - y;
    std::string heading = std::string(icon::kCalendar) + "  " + ctx.tr("home.this_week");
    drawText(ctx, ctx.fonts.bold, ImVec2(x0, std::round(rowTop + (m.touch - ctx.fonts.bold->FontSize) / 2)), ctx.p.text,
             heading);
    const std::string all = ctx.tr("home.all_events");
    const float allW = std::max(m.touch, measureText(ctx.fonts.body, all).x + m.touch * 0.8f);
    if (button(ctx, "home:events", all, nullptr, Rect{x0 + width - allW, rowTop, x0 + width, rowTop + m.touch},
               ButtonLook{ctx.p.background, ctx.p.accent, ctx.fonts.body, true}))
        ctx.emit(core::act::OpenEvents{});
    y += headH + m.gap * 0.4f;
    const float cardH = height - headH - m.gap * 0.4f;
    if (items.empty()) {
        drawText(ctx, ctx.fonts.body, ImVec2(x0, y + m.pad), ctx.p.muted, ctx.tr("home.no_events"));
        return height;
    }
    const int perRow = std::max(1, std::min(static_cast<int>(items.size()), static_cast<int>(width / (260 * m.u))));
    const float cardW = (width - m.gap * static_cast<float>(perRow - 1)) / static_cast<float>(perRow);
    for (int i = 0; i < perRow; ++i) {
        const content::Entry& e = *items[static_cast<std::size_t>(i)];
        const Rect r{x0 + static_cast<float>(i) * (cardW + m.gap), y, x0 + static_cast<float>(i) * (cardW + m.gap) + cardW,
                     y + cardH};
        const std::string title = e.title.get(ctx.contentLang());
        const bool tapped = tap(ctx, "entry:" + e.id, title, r);
        cardBackground(ctx, r, pressing(ctx, r));
        const ImU32 stripe = e.themes.empty() ? ctx.p.accent : themeColour(ctx, e.themes.front());
        drawList()->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x0 + 8 * m.u, r.y1), stripe, m.radius,
                                  ImDrawFlags_RoundCornersLeft);
        float ty = r.y0 + m.pad * 0.7f;
        const float tx = r.x0 + 8 * m.u + m.pad * 0.8f;
        const float tw = r.x1 - tx - m.pad * 0.6f;
        if (e.starts) {
            ty += drawText(ctx, ctx.fonts.small, ImVec2(tx, ty), ctx.p.accent, shortDateTime(ctx, *e.starts));
        } else if (!e.city.empty()) {
            ty += drawText(ctx, ctx.fonts.small, ImVec2(tx, ty), ctx.p.muted, e.city.get(ctx.contentLang()));
        }
        const int lines = std::max(1, static_cast<int>((r.y1 - ty - m.pad * 0.5f) / ctx.fonts.bold->FontSize));
        drawTextLines(ctx, ctx.fonts.bold, ImVec2(tx, ty + 2 * m.u), ctx.p.text, title, tw, std::min(lines, 3));
        if (tapped) ctx.emit(core::act::OpenEntry{e.id});
    }
    return height;
}

} // namespace

void drawHomeScreen(Context& ctx) {
    const Metrics& m = ctx.m;
    const auto& site = ctx.store->site();
    const Rect content = navigationBar(ctx, site.name.get(ctx.contentLang()));

    ScrollArea area(ctx, core::pageKey(ctx.nav.current()), content);
    const float x0 = m.pad * 1.4f, x1 = m.width - m.pad * 1.4f;
    float y = area.top() + m.pad;

    // Clock and date: right; a short welcome: left.
    const std::string clock = clockText(ctx, ctx.now.minuteOfDay);
    const ImVec2 clockSize = measureText(ctx.fonts.huge, clock);
    const std::string date = longDate(ctx, ctx.now.date);
    const ImVec2 dateSize = measureText(ctx.fonts.body, date);
    const float headerH = std::max(clockSize.y, dateSize.y * 2.2f);
    if (m.portrait) {
        drawText(ctx, ctx.fonts.huge, ImVec2(x0, y), ctx.p.text, clock);
        drawText(ctx, ctx.fonts.body, ImVec2(x0 + clockSize.x + m.gap * 2, y + (clockSize.y - dateSize.y) / 2),
                 ctx.p.muted, date);
        y += clockSize.y + m.gap;
    } else {
        drawText(ctx, ctx.fonts.huge, ImVec2(x1 - clockSize.x, y), ctx.p.text, clock);
        drawText(ctx, ctx.fonts.body, ImVec2(x1 - clockSize.x - m.gap * 2 - dateSize.x, y + (clockSize.y - dateSize.y) / 2),
                 ctx.p.muted, date);
        const float aboutW = x1 - x0 - clockSize.x - dateSize.x - m.gap * 6;
        drawTextLines(ctx, ctx.fonts.body, ImVec2(x0, y + (clockSize.y - ctx.fonts.body->FontSize * 2) / 2), ctx.p.muted,
                      site.about.get(ctx.contentLang()), aboutW, 2);
        y += headerH + m.gap * 0.5f;
    }
    if (m.portrait && !site.about.empty()) {
        y += drawTextLines(ctx, ctx.fonts.body, ImVec2(x0, y), ctx.p.muted, site.about.get(ctx.contentLang()), x1 - x0, 3);
        y += m.gap;
    }

    // Theme tiles.
    const auto& themes = ctx.store->themes();
    const int n = static_cast<int>(themes.size());
    const int cols = m.portrait ? 2 : std::clamp((n + 1) / 2, 2, 5);
    const int rows = (n + cols - 1) / cols;
    const float width = x1 - x0;
    const float tileW = (width - m.gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    // Tiles take what the strip leaves, but never get smaller than a comfortable touch size.
    const float stripH = std::max(ctx.fonts.bold->FontSize * 4.5f, m.portrait ? 150 * m.u : 118 * m.u) + 2 * m.u;
    const float avail = content.y1 - (y - area.top() + content.y0) - stripH - m.gap * 2 - m.pad;
    const float tileH = std::clamp((avail - m.gap * static_cast<float>(rows - 1)) / static_cast<float>(rows),
                                   std::max(m.touch * 1.6f, 96 * m.u), 200 * m.u);
    for (int i = 0; i < n; ++i) {
        const int c = i % cols, r = i / cols;
        const float tx = x0 + static_cast<float>(c) * (tileW + m.gap);
        const float ty = y + static_cast<float>(r) * (tileH + m.gap);
        themeTile(ctx, themes[static_cast<std::size_t>(i)], Rect{tx, ty, tx + tileW, ty + tileH});
    }
    y += static_cast<float>(rows) * (tileH + m.gap) + m.gap;

    y += weekStrip(ctx, x0, y, width, stripH);
    y += m.pad;
    area.end(y - area.top());
}

void drawNoContentScreen(Context& ctx) {
    const Metrics& m = ctx.m;
    navigationBar(ctx, "Stadtteilkompass");
    const float cy = m.topBar + (m.height - m.topBar) / 2;
    const std::string title = ctx.tr("no_content.title");
    const std::string body = ctx.tr("no_content.body");
    const ImVec2 ts = measureText(ctx.fonts.title, title);
    const float wrap = std::min(m.width - 4 * m.pad, 640 * m.u);
    const ImVec2 bs = measureText(ctx.fonts.body, body, wrap);
    drawText(ctx, ctx.fonts.iconLarge, ImVec2((m.width - ctx.fonts.iconLarge->FontSize) / 2, cy - ts.y - bs.y - ctx.fonts.iconLarge->FontSize),
             ctx.p.muted, icon::kStorage);
    drawText(ctx, ctx.fonts.title, ImVec2((m.width - ts.x) / 2, cy - ts.y - m.gap), ctx.p.text, title);
    drawText(ctx, ctx.fonts.body, ImVec2((m.width - bs.x) / 2, cy + m.gap), ctx.p.muted, body, wrap);
}

} // namespace kiosk::ui
