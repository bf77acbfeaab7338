#include "attract_screen.h"

#include "common.h"
#include "ui/icons.h"
#include "widgets/basic.h"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

namespace {

constexpr ImU32 kWhite = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kSoftWhite = IM_COL32(255, 255, 255, 225);

// The slide's picture: the entry's photo, or its theme colour with the theme icon.
// Returns true when a photo was drawn (the text then needs a darker gradient).
bool slideBackground(Context& ctx, const content::Entry& e, const content::Theme* theme) {
    const Metrics& m = ctx.m;
    ImDrawList* dl = drawList();
    const Rect screen{0, 0, m.width, m.height};
    if (!e.images.empty() && drawCoverImage(ctx, e.images.front(), screen, 0.f, ImDrawFlags_RoundCornersNone))
        return true;
    const ImU32 colour = theme ? parseColour(theme->colour, ctx.p.accent) : ctx.p.accent;
    // A gentle diagonal: lighter top left, deeper bottom right, so a flat colour still looks finished.
    dl->AddRectFilledMultiColor(ImVec2(0, 0), ImVec2(m.width, m.height), shade(colour, 1.12f), colour,
                                shade(colour, 0.72f), colour);
    // The theme icon, big and quiet, where the text is not.
    ImFont* f = ctx.fonts.iconLarge;
    const std::string ic = icon::utf8(theme ? icon::codepointByName(theme->icon) : icon::kFallback);
    // At most about twice the glyph's rasterised size: more turns its edges soft and jagged.
    const float size = std::min(std::min(m.width, m.height) * 0.42f, f->FontSize * 2.2f);
    const ImVec2 c = m.portrait ? ImVec2(m.width * 0.5f, m.height * 0.34f) : ImVec2(m.width * 0.74f, m.height * 0.42f);
    dl->AddCircleFilled(c, size * 0.9f, IM_COL32(255, 255, 255, 28), 96);
    const ImVec2 is = f->CalcTextSizeA(size, FLT_MAX, 0, ic.c_str());
    dl->AddText(f, size, ImVec2(c.x - is.x / 2, c.y - is.y / 2), IM_COL32(255, 255, 255, 190), ic.c_str());
    return false;
}

// Site name and clock small at the top, on a soft shade so they read on any photo.
void cornerInfo(Context& ctx) {
    const Metrics& m = ctx.m;
    ImDrawList* dl = drawList();
    ImFont* f = ctx.fonts.bold;
    // Each on a small dark pill: readable on light and dark photos without greying the whole top.
    const float padX = m.pad * 0.9f, padY = m.pad * 0.45f;
    const float x0 = m.pad * 1.4f, x1 = m.width - m.pad * 1.4f;
    const float y = m.pad * 1.2f;
    auto pill = [&](float px0, float px1) {
        dl->AddRectFilled(ImVec2(px0, y), ImVec2(px1, y + f->FontSize + 2 * padY), IM_COL32(0, 0, 0, 105),
                          (f->FontSize + 2 * padY) / 2);
    };
    const std::string clock = clockText(ctx, ctx.now.minuteOfDay);
    const ImVec2 cs = measureText(f, clock);
    pill(x1 - cs.x - 2 * padX, x1);
    drawText(ctx, f, ImVec2(x1 - cs.x - padX, y + padY), kWhite, clock);
    if (ctx.store) {
        const std::string name =
            ellipsize(f, ctx.store->site().name.get(ctx.contentLang()), x1 - x0 - cs.x - 4 * padX - m.gap * 3);
        pill(x0, x0 + measureText(f, name).x + 2 * padX);
        drawText(ctx, f, ImVec2(x0 + padX, y + padY), kWhite, name);
    }
}

float cornerInfoBottom(const Context& ctx) { return ctx.m.pad * 1.2f + ctx.fonts.bold->FontSize + ctx.m.pad * 0.9f; }

// The invitation at the bottom: a white pill with the touch icon. Static on
// purpose: the slides change every few seconds, which is movement enough,
// and an idle kiosk should not burn frames.
struct HintLayout {
    float textW, textH, iconW, padX, w, h;
};

HintLayout hintLayout(const Context& ctx) {
    const Metrics& m = ctx.m;
    ImFont* f = ctx.fonts.bold;
    HintLayout l{};
    const float maxW = m.width - 2 * m.pad * 1.4f;
    l.iconW = measureText(f, icon::kTouch).x + m.gap;
    l.padX = m.pad * 1.4f;
    const std::string& text = ctx.tr("attract.touch");
    l.textW = std::min(measureText(f, text).x, maxW - l.iconW - 2 * l.padX);
    l.textH = measureText(f, text, l.textW).y;
    l.h = std::max(m.touch, l.textH + m.pad * 1.2f);
    l.w = l.iconW + l.textW + 2 * l.padX;
    return l;
}

// Space the hint takes at the bottom, including its margin.
float hintSpace(const Context& ctx) { return hintLayout(ctx).h + ctx.m.pad * 1.6f; }

void touchHint(Context& ctx) {
    const Metrics& m = ctx.m;
    ImDrawList* dl = drawList();
    ImFont* f = ctx.fonts.bold;
    const HintLayout l = hintLayout(ctx);
    const float textW = l.textW, textH = l.textH, iconW = l.iconW, padX = l.padX, h = l.h, w = l.w;
    const std::string text = ctx.tr("attract.touch");
    const std::string ic = icon::kTouch;
    const float x0 = (m.width - w) / 2, y1 = m.height - m.pad * 1.6f, y0 = y1 - h;
    dl->AddRectFilled(ImVec2(x0, y0 + 3 * m.u), ImVec2(x0 + w, y1 + 3 * m.u), IM_COL32(0, 0, 0, 60), h / 2);
    dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + w, y1), kWhite, std::min(h / 2, m.radius * 2));
    const float iy = std::round((y0 + y1 - f->FontSize) / 2);
    drawText(ctx, f, ImVec2(x0 + padX, iy), ctx.p.accent, ic);
    drawText(ctx, f, ImVec2(x0 + padX + iconW, std::round((y0 + y1 - textH) / 2)), ctx.p.text, text, textW + 1);
}

// Small dots: which slide of how many; centred on cx, or right-aligned when cx < 0.
void slideDots(Context& ctx, int index, int count, float cx, float yCentre) {
    if (count < 2) return;
    const Metrics& m = ctx.m;
    const float r = 4.f * m.u, step = 16.f * m.u;
    const float rowW = static_cast<float>(count - 1) * step;
    const float x0 = cx >= 0 ? cx - rowW / 2 : m.width - m.pad * 1.4f - rowW - r;
    for (int i = 0; i < count; ++i)
        drawList()->AddCircleFilled(ImVec2(x0 + static_cast<float>(i) * step, yCentre), i == index ? r * 1.4f : r,
                                    i == index ? kWhite : IM_COL32(255, 255, 255, 110), 16);
}

void drawSlide(Context& ctx, const content::Entry& e, int index, int count) {
    const Metrics& m = ctx.m;
    ImDrawList* dl = drawList();
    const content::Theme* theme = e.themes.empty() ? nullptr : ctx.store->theme(e.themes.front());
    const bool photo = slideBackground(ctx, e, theme);

    const float hintH = hintSpace(ctx);
    const float dotsSpace = m.portrait ? m.pad * 2.2f : 0; // portrait: the dots sit above the hint
    const float x0 = m.pad * 2, textW = m.portrait ? m.width - 4 * m.pad : std::min(m.width * 0.62f, m.width - 4 * m.pad);
    const float bottom = m.height - hintH - dotsSpace - m.pad * 1.5f;

    // Measure the text block bottom-up so it always sits just above the hint.
    const std::string lang = ctx.contentLang();
    const std::string title = e.title.get(lang);
    const std::string summary = e.summary.get(lang);
    const std::string when = e.starts ? longDate(ctx, e.starts->date) +
                                            (e.starts->hasTime ? "  ·  " + clockText(ctx, e.starts->minuteOfDay) : "")
                                      : "";
    ImFont* titleFont = ctx.fonts.huge;
    ImFont* summaryFont = ctx.fonts.body;
    const float chipH = ctx.fonts.small->FontSize + 6 * m.u;
    const float whenH = when.empty() ? 0 : ctx.fonts.title->FontSize + m.gap * 0.5f;
    const float titleFull = measureText(titleFont, title, textW).y;
    const float summaryFull = summary.empty() ? 0 : measureText(summaryFont, summary, textW).y;
    // Up to 3 title lines and 4 summary lines, fewer when the block would reach the site name at the top.
    int titleLines = 3, summaryLines = 4;
    float titleH = 0, summaryH = 0, top = 0;
    const float minTop = cornerInfoBottom(ctx) + m.pad * 1.5f;
    for (;;) {
        titleH = std::min(titleFull, titleFont->FontSize * static_cast<float>(titleLines));
        summaryH = std::min(summaryFull, summaryFont->FontSize * static_cast<float>(summaryLines));
        top = bottom - (chipH + m.gap + whenH + titleH + (summaryH > 0 ? m.gap + summaryH : 0));
        if (top >= minTop) break;
        if (summaryLines > 2) --summaryLines;
        else if (titleLines > 2) --titleLines;
        else if (summaryLines > 0) --summaryLines;
        else break;
    }

    // The soft dark gradient under the text: strong where the text is, gone by the middle of the picture.
    const int strength = photo ? 215 : 120;
    const float fadeTop = std::max(0.f, top - m.height * 0.22f);
    dl->AddRectFilledMultiColor(ImVec2(0, fadeTop), ImVec2(m.width, top), IM_COL32(0, 0, 0, 0), IM_COL32(0, 0, 0, 0),
                                IM_COL32(0, 0, 0, strength * 3 / 4), IM_COL32(0, 0, 0, strength * 3 / 4));
    dl->AddRectFilledMultiColor(ImVec2(0, top), ImVec2(m.width, m.height), IM_COL32(0, 0, 0, strength * 3 / 4),
                                IM_COL32(0, 0, 0, strength * 3 / 4), IM_COL32(0, 0, 0, strength),
                                IM_COL32(0, 0, 0, strength));

    float y = top;
    if (theme) {
        const ImU32 colour = parseColour(theme->colour, ctx.p.accent);
        badge(ctx, ImVec2(x0, y), theme->title.get(lang), photo ? colour : IM_COL32(255, 255, 255, 235),
              photo ? kWhite : shade(colour, 0.8f));
    }
    y += chipH + m.gap;
    if (!when.empty()) {
        drawText(ctx, ctx.fonts.title, ImVec2(x0, y), IM_COL32(255, 226, 150, 255), when);
        y += whenH;
    }
    y += drawTextLines(ctx, titleFont, ImVec2(x0, y), kWhite, title, textW, titleLines);
    if (summaryH > 0) drawTextLines(ctx, summaryFont, ImVec2(x0, y + m.gap), kSoftWhite, summary, textW, summaryLines);

    cornerInfo(ctx);
    touchHint(ctx);
    if (m.portrait) slideDots(ctx, index, count, m.width / 2, m.height - hintH - m.pad * 1.1f);
    else slideDots(ctx, index, count, -1, m.height - hintH / 2 - m.pad * 0.8f);
}

// Nothing to feature (no pack, or a pack without events and photos): the site's name on the accent colour.
void drawWelcome(Context& ctx) {
    const Metrics& m = ctx.m;
    ImDrawList* dl = drawList();
    dl->AddRectFilledMultiColor(ImVec2(0, 0), ImVec2(m.width, m.height), shade(ctx.p.accent, 1.15f), ctx.p.accent,
                                shade(ctx.p.accent, 0.7f), ctx.p.accent);
    const std::string name = ctx.store ? ctx.store->site().name.get(ctx.contentLang()) : std::string("Stadtteilkompass");
    const float wrap = m.width - 4 * m.pad;
    const ImVec2 ns = measureText(ctx.fonts.huge, name, wrap);
    ImFont* f = ctx.fonts.iconLarge;
    const float iy = m.height * 0.42f - ns.y / 2 - f->FontSize - m.gap;
    drawText(ctx, f, ImVec2((m.width - measureText(f, icon::kTouch).x) / 2, iy), IM_COL32(255, 255, 255, 200),
             icon::kTouch);
    drawText(ctx, ctx.fonts.huge, ImVec2((m.width - std::min(ns.x, wrap)) / 2, m.height * 0.42f - ns.y / 2 + m.gap),
             kWhite, name, wrap);
    cornerInfo(ctx);
    touchHint(ctx);
}

} // namespace

void drawAttractScreen(Context& ctx) {
    const auto items = highlights(ctx, 8);
    if (items.empty()) {
        drawWelcome(ctx);
        return;
    }
    const int count = static_cast<int>(items.size());
    const int index = ((ctx.nav.attractSlide % count) + count) % count;
    drawSlide(ctx, *items[static_cast<std::size_t>(index)], index, count);
}

} // namespace kiosk::ui
