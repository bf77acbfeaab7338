#include "filters_screen.h"

#include "list_filters.h"
#include "ui/icons.h"
#include "widgets/basic.h"
#include "widgets/scroll_area.h"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

namespace {

struct Chip {
    std::string id;
    std::string label;
    bool selected;
    core::Action action;
};

// Another filter makes another list: it starts at its top, not where the old one was scrolled to.
void restartFilteredList(Context& ctx) {
    const auto& stack = ctx.nav.stack;
    if (stack.size() >= 2) ctx.scrolls[core::pageKey(stack[stack.size() - 2])] = ScrollState{};
}

float chipWidth(const Context& ctx, const Chip& c) {
    // Room for the check mark is always kept, so a chip does not grow when it is chosen.
    return measureText(ctx.fonts.bold, std::string(icon::kCheck) + "  " + c.label).x + ctx.m.pad * 1.6f;
}

// A section: a heading, then big chips flowing into rows. On landscape screens the
// heading stands in a column to the left of the chips, so the whole sheet fits
// without scrolling. Returns the y below it.
float chipSection(Context& ctx, ScrollArea& area, float x0, float x1, float y, const std::string& heading,
                  const char* headingIcon, const std::vector<Chip>& chips) {
    const Metrics& m = ctx.m;
    ImFont* hf = ctx.fonts.bold;
    const float h = m.touch;
    const bool side = !m.portrait;
    const float labelW = side ? 130 * m.u : 0;
    if (side) {
        // Icon, then up to two lines beside the first row of chips ("Kosten &" / "Zeit").
        const float iw = measureText(hf, std::string(headingIcon) + "  ").x;
        const float wrap = labelW - m.gap - iw;
        const float th = std::min(measureText(hf, heading, wrap).y, hf->FontSize * 2);
        if (area.visible(y, y + h)) {
            const float ty = std::round(y + (h - th) / 2);
            drawList()->AddText(hf, hf->FontSize, ImVec2(x0, ty), ctx.p.muted, headingIcon);
            drawTextLines(ctx, hf, ImVec2(x0 + iw, ty), ctx.p.muted, heading, wrap, 2);
        }
    } else {
        if (area.visible(y, y + hf->FontSize))
            drawText(ctx, hf, ImVec2(x0, y), ctx.p.muted, std::string(headingIcon) + "  " + heading);
        y += hf->FontSize + m.gap;
    }
    const float cx0 = x0 + labelW;
    float x = cx0;
    for (const auto& c : chips) {
        const float w = std::min(chipWidth(ctx, c), x1 - cx0);
        if (x > cx0 && x + w > x1) {
            x = cx0;
            y += h + m.gap * 0.8f;
        }
        const Rect r{x, y, x + w, y + h};
        if (area.visible(r.y0, r.y1)) {
            const ButtonLook look = c.selected ? primaryLook(ctx) : quietLook(ctx);
            if (button(ctx, c.id, c.label, c.selected ? icon::kCheck : nullptr, r, look)) {
                ctx.emit(c.action);
                restartFilteredList(ctx);
            }
        }
        x += w + m.gap * 0.8f;
    }
    return y + h;
}

// The kinds worth offering: those in the theme being filtered, plus the chosen one
// (so it can always be switched off). None when there is nothing to choose between.
std::vector<content::EntryKind> offeredKinds(const Context& ctx, const std::string& themeId) {
    bool present[content::kEntryKindCount] = {};
    content::EntryFilter f;
    if (!themeId.empty()) f.theme = themeId;
    for (const auto* e : ctx.store->entries(f, ctx.now)) present[static_cast<int>(e->kind)] = true;
    if (ctx.nav.filters.kind) present[static_cast<int>(*ctx.nav.filters.kind)] = true;
    std::vector<content::EntryKind> out;
    for (int k = 0; k < content::kEntryKindCount; ++k)
        if (present[k]) out.push_back(static_cast<content::EntryKind>(k));
    if (out.size() < 2 && !ctx.nav.filters.kind) out.clear();
    return out;
}

} // namespace

void drawFiltersScreen(Context& ctx) {
    const Metrics& m = ctx.m;
    const Rect content = navigationBar(ctx, ctx.tr("filters.title"));
    if (!ctx.store) return;
    const core::Filters& filters = ctx.nav.filters;
    const std::string themeId = filteredThemeId(ctx.nav);

    // Bottom bar, always in reach: reset, and the live count that leads back to the list.
    const float barH = m.touch + m.pad * 1.2f;
    const Rect bar{0, m.height - barH, m.width, m.height};
    drawList()->AddRectFilled(ImVec2(bar.x0, bar.y0), ImVec2(bar.x1, bar.y1), ctx.p.surface);
    drawList()->AddLine(ImVec2(bar.x0, bar.y0), ImVec2(bar.x1, bar.y0), ctx.p.divider, 2 * m.u);
    const float x0 = m.pad * 1.4f, x1 = m.width - m.pad * 1.4f;
    const std::size_t n = ctx.store->entries(toEntryFilter(filters, themeId), ctx.now).size();
    const std::string showLabel = n == 0   ? ctx.tr("filters.show_none")
                                  : n == 1 ? ctx.tr("filters.show_one")
                                           : ctx.fmt("filters.show", {{"n", std::to_string(n)}});
    const std::string resetLabel = ctx.tr("filters.reset");
    const float resetW = std::max(m.touch * 2.5f, measureText(ctx.fonts.bold, resetLabel).x + m.touch * 1.4f);
    const float by = bar.y0 + m.pad * 0.6f;
    if (button(ctx, "filter:reset", resetLabel, icon::kReset, Rect{x0, by, x0 + resetW, by + m.touch},
               filters.active() ? quietLook(ctx) : ButtonLook{ctx.p.surface, ctx.p.muted, ctx.fonts.bold, true})) {
        ctx.emit(core::act::ResetFilters{});
        restartFilteredList(ctx);
    }
    if (button(ctx, "filter:show", showLabel, n == 0 ? nullptr : icon::kCheck,
               Rect{x0 + resetW + m.gap, by, x1, by + m.touch},
               n == 0 ? ButtonLook{ctx.p.badgeSoft, ctx.p.text, ctx.fonts.bold, false} : primaryLook(ctx)))
        ctx.emit(core::act::Back{});

    ScrollArea area(ctx, core::pageKey(ctx.nav.current()), Rect{content.x0, content.y0, content.x1, bar.y0});
    float y = area.top() + (m.portrait ? m.pad * 1.4f : m.gap);
    const float sectionGap = m.portrait ? m.gap * 2.4f : m.gap * 1.6f;

    std::vector<Chip> ages;
    ages.push_back({"filter:age:any", ctx.tr("filters.any"), filters.ageGroup < 0, core::act::SetAgeGroup{-1}});
    for (int i = 0; i < core::kAgeGroupCount; ++i) {
        const bool on = filters.ageGroup == i;
        ages.push_back({"filter:age:" + std::to_string(i), ctx.tr(core::kAgeGroups[i].labelKey), on,
                        core::act::SetAgeGroup{on ? -1 : i}}); // tap again to clear
    }
    y = chipSection(ctx, area, x0, x1, y, ctx.tr("filters.age"), icon::kPerson, ages) + sectionGap;

    std::vector<Chip> more;
    more.push_back({"filter:free", ctx.tr("filters.free"), filters.freeOnly, core::act::ToggleFree{}});
    more.push_back({"filter:open", ctx.tr("filters.open_now"), filters.openNow, core::act::ToggleOpenNow{}});
    y = chipSection(ctx, area, x0, x1, y, ctx.tr("filters.cost_time"), icon::kEuro, more) + sectionGap;

    const auto kinds = offeredKinds(ctx, themeId);
    // Last, because its length varies with the theme: if anything runs past the fold, it is this.
    if (!kinds.empty()) {
        std::vector<Chip> kindChips;
        kindChips.push_back(
            {"filter:kind:any", ctx.tr("filters.any"), !filters.kind, core::act::SetKind{std::nullopt}});
        for (auto k : kinds) {
            const std::string name(content::kindName(k));
            const bool on = filters.kind == k;
            kindChips.push_back({"filter:kind:" + name, ctx.tr("kind." + name), on,
                                 core::act::SetKind{on ? std::nullopt : std::optional<content::EntryKind>(k)}});
        }
        y = chipSection(ctx, area, x0, x1, y, ctx.tr("filters.kind"), icon::kBusiness, kindChips) + m.gap;
    }

    const Rect viewport = area.viewport();
    area.end(y - area.top());
    // More below the fold (small screens, long translations): fade the edge so it looks continued.
    if (y > viewport.y1 + 1) {
        const float fade = 28 * m.u;
        const ImU32 clear = ctx.p.background & ~IM_COL32_A_MASK;
        drawList()->AddRectFilledMultiColor(ImVec2(viewport.x0, viewport.y1 - fade), ImVec2(viewport.x1, viewport.y1),
                                            clear, clear, ctx.p.background, ctx.p.background);
    }
}

} // namespace kiosk::ui
