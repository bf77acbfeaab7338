#include "search_parts.h"

#include "common.h"
#include "ui/icons.h"
#include "widgets/basic.h"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

namespace {

const content::Theme* firstTheme(const Context& ctx, const content::Entry& e) {
    return ctx.store && !e.themes.empty() ? ctx.store->theme(e.themes.front()) : nullptr;
}

// The photo, cover-cropped into r; or the theme's icon on a light tint of its colour.
void thumbnail(Context& ctx, const content::Entry& e, const Rect& r, ImU32 colour, bool pressed) {
    ImDrawList* dl = drawList();
    const float rounding = ctx.m.radius * 0.6f;
    if (!e.images.empty() && drawCoverImage(ctx, e.images.front(), r, rounding, ImDrawFlags_RoundCornersAll,
                                            pressed ? IM_COL32(215, 215, 215, 255) : IM_COL32_WHITE))
        return;
    dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), shade(colour, pressed ? 1.6f : 1.8f), rounding);
    const content::Theme* theme = firstTheme(ctx, e);
    const std::string ic = icon::utf8(theme ? icon::codepointByName(theme->icon) : icon::kFallback);
    ImFont* f = ctx.fonts.iconLarge;
    const float size = std::round(std::min(f->FontSize, r.h() * 0.6f));
    const ImVec2 is = f->CalcTextSizeA(size, FLT_MAX, 0, ic.c_str());
    dl->AddText(f, size, ImVec2(std::round(r.cx() - is.x / 2), std::round(r.cy() - is.y / 2)), colour, ic.c_str());
}

// "Beratung · Hamm (Sieg) · Sabrina Sakowski ist …": what it is, when, and where or what about.
std::string detailLine(const Context& ctx, const content::Entry& e) {
    const std::string lang = ctx.contentLang();
    std::vector<std::string> parts;
    if (e.kind != content::EntryKind::Offer) parts.push_back(ctx.tr("kind." + std::string(content::kindName(e.kind))));
    if (e.starts) parts.push_back(shortDateTime(ctx, *e.starts));
    const std::string& city = e.city.get(lang);
    if (!city.empty() && parts.size() < 2) parts.push_back(city);
    const std::string& summary = e.summary.get(lang);
    if (!summary.empty()) parts.push_back(summary);
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : " \xc2\xb7 ") + p;
    return out;
}

} // namespace

float resultRowHeight(const Context& ctx) {
    const Metrics& m = ctx.m;
    const float text = ctx.fonts.bold->FontSize + ctx.fonts.small->FontSize + 4 * m.u;
    return std::round(std::max(m.touch, text + 2 * m.pad * 0.55f));
}

bool resultRow(Context& ctx, const content::Entry& e, const Rect& r) {
    const Metrics& m = ctx.m;
    const std::string title = e.title.get(ctx.contentLang());
    const bool tapped = tap(ctx, "entry:" + e.id, title, r);
    const bool down = pressing(ctx, r);
    cardBackground(ctx, r, down);

    const ImU32 colour = e.themes.empty() ? ctx.p.accent : themeColour(ctx, e.themes.front());
    ImDrawList* dl = drawList();
    const float stripe = std::round(6 * m.u);
    dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x0 + stripe, r.y1), colour, m.radius, ImDrawFlags_RoundCornersLeft);

    const float inset = std::round(std::max(4.f, 6 * m.u));
    const float side = r.h() - 2 * inset;
    const Rect thumb{r.x0 + stripe + inset, r.y0 + inset, r.x0 + stripe + inset + side, r.y1 - inset};
    thumbnail(ctx, e, thumb, colour, down);

    // Chevron: says "this opens", and keeps the text off the right edge.
    ImFont* cf = ctx.fonts.title;
    const ImVec2 cs = measureText(cf, icon::kChevron);
    const float chevronX = r.x1 - m.pad * 0.5f - cs.x;
    dl->AddText(cf, cf->FontSize, ImVec2(chevronX, std::round(r.cy() - cs.y / 2)), ctx.p.muted, icon::kChevron);

    const float tx = thumb.x1 + m.pad * 0.8f;
    const float tw = std::max(0.f, chevronX - m.gap * 0.5f - tx);
    ImFont* tf = ctx.fonts.bold;
    ImFont* sf = ctx.fonts.small;
    const std::string line = detailLine(ctx, e);
    const float blockH = tf->FontSize + (line.empty() ? 0 : 2 * m.u + sf->FontSize);
    float y = std::round(r.cy() - blockH / 2);
    drawText(ctx, tf, ImVec2(tx, y), ctx.p.text, ellipsize(tf, title, tw));
    y += tf->FontSize + 2 * m.u;
    if (!line.empty()) drawText(ctx, sf, ImVec2(tx, y), ctx.p.muted, ellipsize(sf, line, tw));
    return tapped;
}

float themeChips(Context& ctx, float x0, float y, float x1) {
    if (!ctx.store) return 0;
    const Metrics& m = ctx.m;
    const float h = m.touch;
    const float y0 = y;
    float x = x0;
    for (const auto& t : ctx.store->themes()) {
        const std::string label = t.title.get(ctx.contentLang());
        const std::string ic = icon::utf8(icon::codepointByName(t.icon));
        const float w = std::min(x1 - x0, measureText(ctx.fonts.bold, ic + "  " + label).x + m.pad * 2.2f);
        if (x > x0 && x + w > x1) {
            x = x0;
            y += h + m.gap;
        }
        const ImU32 colour = parseColour(t.colour, ctx.p.accent);
        if (button(ctx, "theme:" + t.id, label, ic.c_str(), Rect{x, y, x + w, y + h},
                   ButtonLook{colour, IM_COL32_WHITE, ctx.fonts.bold, false}))
            ctx.emit(core::act::OpenTheme{t.id});
        x += w + m.gap;
    }
    return y + h - y0;
}

} // namespace kiosk::ui
