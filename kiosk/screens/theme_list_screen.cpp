#include "theme_list_screen.h"

#include "list_filters.h"
#include "ui/icons.h"
#include "widgets/basic.h"
#include "widgets/entry_card.h"
#include "widgets/scroll_area.h"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

namespace {

struct Chip {
    std::string id;
    std::string label;
    core::Action action;
};

// The filters that are on, each as a chip that switches it off again.
std::vector<Chip> activeFilterChips(const Context& ctx) {
    const core::Filters& f = ctx.nav.filters;
    std::vector<Chip> out;
    if (f.ageGroup >= 0 && f.ageGroup < core::kAgeGroupCount)
        out.push_back({"list:clear:age", ctx.tr(core::kAgeGroups[f.ageGroup].labelKey), core::act::SetAgeGroup{-1}});
    if (f.kind)
        out.push_back({"list:clear:kind", ctx.tr("kind." + std::string(content::kindName(*f.kind))),
                       core::act::SetKind{std::nullopt}});
    if (f.freeOnly) out.push_back({"list:clear:free", ctx.tr("badge.free"), core::act::ToggleFree{}});
    if (f.openNow) out.push_back({"list:clear:open", ctx.tr("badge.open_now"), core::act::ToggleOpenNow{}});
    return out;
}

// Another filter makes another list: it starts at its top, not where the old one was scrolled to.
void restartList(Context& ctx) {
    ctx.scrolls[core::pageKey(ctx.nav.current())] = ScrollState{};
}

float chipWidth(const Context& ctx, const std::string& label, const char* ic) {
    std::string text = ic ? std::string(ic) + "  " + label : label;
    return measureText(ctx.fonts.body, text).x + ctx.m.pad * 1.6f;
}

// Count, active filters (tap to remove), "reset" and the Filter button; returns the row's bottom.
float filterRow(Context& ctx, float x0, float x1, float y, std::size_t count) {
    const Metrics& m = ctx.m;
    const core::Filters& filters = ctx.nav.filters;
    const float h = m.touch;

    // Filter button, right. Accent when filters are on, so the visitor sees the list is narrowed.
    const int active = activeFilterCount(filters);
    const std::string filterLabel =
        active > 0 ? ctx.fmt("list.filter_count", {{"n", std::to_string(active)}}) : ctx.tr("list.filters");
    const float fw =
        std::max(m.touch * 2, measureText(ctx.fonts.bold, std::string(icon::kTune) + "  " + filterLabel).x + m.pad * 2);
    if (button(ctx, "list:filters", filterLabel, icon::kTune, Rect{x1 - fw, y, x1, y + h},
               active > 0 ? primaryLook(ctx) : quietLook(ctx)))
        ctx.emit(core::act::OpenFilters{});

    // Count, left.
    const std::string countText =
        count == 1 ? ctx.tr("home.entry") : ctx.fmt("home.entries", {{"n", std::to_string(count)}});
    const ImVec2 cs = measureText(ctx.fonts.bold, countText);
    drawText(ctx, ctx.fonts.bold, ImVec2(x0, std::round(y + (h - cs.y) / 2)), ctx.p.text, countText);

    if (active == 0) return y + h;

    // Between them, the active filters (tap to remove) and "reset"; when they do not fit there
    // (portrait, long translations) they get a row of their own below. The single filters are
    // shown only when all of them fit, so the row never hides one of several.
    const std::string resetLabel = ctx.tr("list.reset_filters");
    const float rw = chipWidth(ctx, resetLabel, icon::kReset);
    const auto chips = activeFilterChips(ctx);
    const float chipGap = m.gap * 0.6f;
    float chipsW = 0;
    for (const auto& c : chips) chipsW += chipWidth(ctx, c.label, icon::kClose) + chipGap;

    float cx = x0 + cs.x + m.gap * 1.5f;
    float room = x1 - fw - m.gap - cx;
    if (rw > room) {
        y += h + m.gap * 0.6f;
        cx = x0;
        room = x1 - x0;
    }
    const ButtonLook chipLook{ctx.p.badgeSoft, ctx.p.text, ctx.fonts.body, false};
    if (chipsW + rw <= room) {
        for (const auto& c : chips) {
            const float w = chipWidth(ctx, c.label, icon::kClose);
            if (button(ctx, c.id, c.label, icon::kClose, Rect{cx, y, cx + w, y + h}, chipLook)) {
                ctx.emit(c.action);
                restartList(ctx);
            }
            cx += w + chipGap;
        }
    }
    if (button(ctx, "list:reset_filters", resetLabel, icon::kReset, Rect{cx, y, cx + std::min(rw, room), y + h},
               ButtonLook{ctx.p.background, ctx.p.accent, ctx.fonts.body, true})) {
        ctx.emit(core::act::ResetFilters{});
        restartList(ctx);
    }
    return y + h;
}

void emptyState(Context& ctx, const Rect& area, bool filtered) {
    const Metrics& m = ctx.m;
    const std::string title = ctx.tr(filtered ? "list.empty_filters" : "list.empty");
    const std::string hint = filtered ? ctx.tr("list.empty_hint") : std::string();
    const float wrap = std::min(area.w() - 4 * m.pad, 620 * m.u);
    ImFont* iconFont = ctx.fonts.iconLarge;
    const ImVec2 ts = measureText(ctx.fonts.title, title, wrap);
    const ImVec2 hs = hint.empty() ? ImVec2(0, 0) : measureText(ctx.fonts.body, hint, wrap);
    const float buttonH = filtered ? m.touch + m.gap * 2 : 0;
    const float total = iconFont->FontSize + m.gap + ts.y + (hint.empty() ? 0 : m.gap + hs.y) + buttonH;
    float y = std::round(area.y0 + std::max(m.pad, (area.h() - total) / 2));
    const ImVec2 is = measureText(iconFont, filtered ? icon::kTune : icon::kInfo);
    drawText(ctx, iconFont, ImVec2(std::round(area.cx() - is.x / 2), y), ctx.p.muted,
             filtered ? icon::kTune : icon::kInfo);
    y += iconFont->FontSize + m.gap;
    drawText(ctx, ctx.fonts.title, ImVec2(std::round(area.cx() - ts.x / 2), y), ctx.p.text, title, wrap);
    y += ts.y;
    if (!hint.empty()) {
        y += m.gap;
        drawText(ctx, ctx.fonts.body, ImVec2(std::round(area.cx() - hs.x / 2), y), ctx.p.muted, hint, wrap);
        y += hs.y;
    }
    if (filtered) {
        y += m.gap * 2;
        const std::string label = ctx.tr("list.reset_filters");
        const float w = std::max(m.touch * 3, measureText(ctx.fonts.bold, label).x + m.touch * 1.5f);
        if (button(ctx, "list:empty_reset", label, icon::kReset,
                   Rect{area.cx() - w / 2, y, area.cx() + w / 2, y + m.touch}, primaryLook(ctx)))
            ctx.emit(core::act::ResetFilters{});
    }
}

} // namespace

void drawThemeListScreen(Context& ctx) {
    const Metrics& m = ctx.m;
    const std::string& themeId = ctx.nav.current().themeId;
    const content::Theme* theme = ctx.store ? ctx.store->theme(themeId) : nullptr;
    const Rect content = navigationBar(ctx, theme ? theme->title.get(ctx.contentLang()) : std::string());
    if (!ctx.store) return;

    const auto entries = ctx.store->entries(toEntryFilter(ctx.nav.filters, themeId), ctx.now);
    const float x0 = m.pad * 1.4f, x1 = m.width - m.pad * 1.4f;
    const float rowBottom = filterRow(ctx, x0, x1, content.y0 + m.gap, entries.size());
    const Rect listRect{content.x0, rowBottom + m.gap * 0.5f, content.x1, content.y1};

    if (entries.empty()) {
        emptyState(ctx, listRect, ctx.nav.filters.active());
        return;
    }

    ScrollArea area(ctx, core::pageKey(ctx.nav.current()), listRect);
    const float width = x1 - x0;
    const int cols = entryCardColumns(ctx, width);
    const float cardW = std::floor((width - m.gap * static_cast<float>(cols - 1)) / static_cast<float>(cols));
    const float cardH = entryCardHeight(ctx, cardW);
    const float top = area.top() + m.gap * 0.5f;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const int col = static_cast<int>(i % static_cast<std::size_t>(cols));
        const int row = static_cast<int>(i / static_cast<std::size_t>(cols));
        const float y = top + static_cast<float>(row) * (cardH + m.gap);
        // Only what is on screen is drawn, so a list of hundreds costs what a screenful costs.
        if (!area.visible(y, y + cardH)) continue;
        const float x = x0 + static_cast<float>(col) * (cardW + m.gap);
        if (entryCard(ctx, *entries[i], Rect{x, y, x + cardW, y + cardH}))
            ctx.emit(core::act::OpenEntry{entries[i]->id});
    }
    const std::size_t rows = (entries.size() + static_cast<std::size_t>(cols) - 1) / static_cast<std::size_t>(cols);
    area.end(m.gap * 0.5f + static_cast<float>(rows) * (cardH + m.gap) + m.pad);
}

} // namespace kiosk::ui
