#include "entry_card.h"

#include "basic.h"
#include "screens/common.h"
#include "ui/icons.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace kiosk::ui {

namespace {

// Below this width (in units) the photo goes on top: beside the text it would leave too little room.
constexpr float kPhotoLeftMinWidth = 330;
// Lines for title + summary (+ kicker): a one-line title leaves three lines of summary, a two-line one two.
constexpr int kTextLines = 4;

bool photoLeft(const Context& ctx, float width) {
    return width >= kPhotoLeftMinWidth * ctx.m.u;
}

float badgeHeight(const Context& ctx) {
    return ctx.fonts.small->FontSize + 6 * ctx.m.u;
}

// Height of everything but the photo when it is on top.
float textBlockHeight(const Context& ctx) {
    const Metrics& m = ctx.m;
    return m.pad + static_cast<float>(kTextLines) * ctx.fonts.body->FontSize + 4 * m.u // title and summary
           + m.gap * 0.6f + ctx.fonts.small->FontSize                                  // organisation / city
           + m.gap * 0.6f + badgeHeight(ctx) + m.pad;                                  // badges
}

float photoWidth(const Context& ctx, float width) {
    return std::clamp(width * 0.32f, 110 * ctx.m.u, 240 * ctx.m.u);
}
float photoTopHeight(float width) {
    return std::round(width * 0.45f);
}

// The colour and icon that stand for an entry: the theme being browsed if the entry is in it, else its first.
const content::Theme* entryTheme(const Context& ctx, const content::Entry& e) {
    if (!ctx.store) return nullptr;
    const std::string& current = ctx.nav.current().themeId;
    if (!current.empty() && std::find(e.themes.begin(), e.themes.end(), current) != e.themes.end())
        return ctx.store->theme(current);
    return e.themes.empty() ? nullptr : ctx.store->theme(e.themes.front());
}

void drawPhoto(Context& ctx, const content::Entry& e, const Rect& r, ImDrawFlags corners, bool pressed) {
    ImDrawList* dl = drawList();
    const float radius = ctx.m.radius;
    if (!e.images.empty() && drawCoverImage(ctx, e.images.front(), r, radius, corners)) {
        if (pressed)
            dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), IM_COL32(20, 30, 45, 50), radius, corners);
        return;
    }
    // No photo: the theme's colour with its icon, like the home tiles.
    const content::Theme* theme = entryTheme(ctx, e);
    const ImU32 colour = theme ? parseColour(theme->colour, ctx.p.accent) : ctx.p.accent;
    dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), pressed ? shade(colour, 0.85f) : colour, radius, corners);
    ImFont* f = ctx.fonts.iconLarge;
    const std::string ic = icon::utf8(theme ? icon::codepointByName(theme->icon) : icon::kFallback);
    const float size = std::min(f->FontSize, std::min(r.w(), r.h()) * 0.5f);
    const ImVec2 is = f->CalcTextSizeA(size, FLT_MAX, 0, ic.c_str());
    dl->AddText(f, size, ImVec2(std::round(r.cx() - is.x / 2), std::round(r.cy() - is.y / 2)),
                IM_COL32(255, 255, 255, 230), ic.c_str());
}

// "Diakonie · Bochum": who runs it and where.
std::string metaLine(const Context& ctx, const content::Entry& e) {
    const std::string lang = ctx.contentLang();
    std::string who = e.organisation.get(lang);
    if (who == e.title.get(lang)) who.clear(); // "Kinderschutzbund Bochum" run by itself says nothing new
    if (who.empty()) who = e.address.get(lang);
    const std::string& where = e.city.get(lang);
    if (who.empty()) return where;
    if (where.empty() || who.find(where) != std::string::npos) return who;
    return who + " \xc2\xb7 " + where;
}

} // namespace

int entryCardColumns(const Context& ctx, float width) {
    const Metrics& m = ctx.m;
    if (m.portrait) return 1;
    const float minCard = 340 * m.u;
    return std::clamp(static_cast<int>((width + m.gap) / (minCard + m.gap)), 1, 3);
}

float entryCardHeight(const Context& ctx, float width) {
    const float text = std::round(textBlockHeight(ctx));
    return photoLeft(ctx, width) ? text : photoTopHeight(width) + text;
}

bool entryCard(Context& ctx, const content::Entry& e, const Rect& r, const EntryCardOptions& options) {
    const Metrics& m = ctx.m;
    const std::string lang = ctx.contentLang();
    const std::string title = e.title.get(lang);
    const bool tapped = tap(ctx, "entry:" + e.id, title, r);
    const bool down = pressing(ctx, r);
    cardBackground(ctx, r, down);

    // Photo and the text column beside or below it.
    Rect text = r;
    if (photoLeft(ctx, r.w())) {
        const Rect photo{r.x0, r.y0, r.x0 + std::round(photoWidth(ctx, r.w())), r.y1};
        drawPhoto(ctx, e, photo, ImDrawFlags_RoundCornersLeft, down);
        text.x0 = photo.x1;
    } else {
        const Rect photo{r.x0, r.y0, r.x1, r.y0 + photoTopHeight(r.w())};
        drawPhoto(ctx, e, photo, ImDrawFlags_RoundCornersTop, down);
        text.y0 = photo.y1;
    }
    const float tx = text.x0 + m.pad, tw = text.x1 - m.pad - tx;

    // Badges first: they decide how much room the text gets. They fill one row; when they need
    // a second, it takes the organisation line's place and the summary one line (what says
    // "free" or "open now" matters more to a visitor than who runs it). Beyond two rows they are cut.
    auto badges = entryBadges(ctx, e);
    if (options.hideEventDate && e.starts) {
        const std::string date = shortDateTime(ctx, *e.starts);
        badges.erase(std::remove_if(badges.begin(), badges.end(), [&](const BadgeSpec& b) { return b.text == date; }),
                     badges.end());
    }
    const float bh = badgeHeight(ctx), bgap = 6 * m.u;
    std::vector<std::vector<const BadgeSpec*>> rows;
    {
        float bx = tx;
        for (const auto& b : badges) {
            const float w = measureText(ctx.fonts.small, b.text).x + 16 * m.u;
            if (rows.empty() || (bx > tx && bx + w > tx + tw)) {
                if (rows.size() == 2) break;
                rows.emplace_back();
                bx = tx;
            }
            if (w > tw) continue; // a single badge wider than the card: leave it out rather than overflow
            rows.back().push_back(&b);
            bx += w + bgap;
        }
    }
    while (!rows.empty() && rows.back().empty()) rows.pop_back();
    const bool twoRows = rows.size() == 2;

    float y = text.y0 + m.pad * 0.9f;
    int lines = kTextLines - (twoRows ? 1 : 0);
    if (!options.kicker.empty()) {
        drawText(ctx, ctx.fonts.bold, ImVec2(tx, y), ctx.p.accent, ellipsize(ctx.fonts.bold, options.kicker, tw));
        y += ctx.fonts.bold->FontSize + 2 * m.u;
        --lines;
    }
    ImFont* tf = ctx.fonts.bold;
    const int titleLines =
        std::clamp(static_cast<int>(std::lround(measureText(tf, title, tw).y / tf->FontSize)), 1, std::min(2, lines));
    y += drawTextLines(ctx, tf, ImVec2(tx, y), ctx.p.text, title, tw, titleLines) + 4 * m.u;
    lines -= titleLines;
    if (lines > 0) drawTextLines(ctx, ctx.fonts.body, ImVec2(tx, y), ctx.p.muted, e.summary.get(lang), tw, lines);

    // Bottom up: badge rows, then (when there is room) the organisation/city line.
    float bottom = text.y1 - m.pad;
    for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
        float bx = tx;
        for (const auto* b : *row)
            bx += badge(ctx, ImVec2(bx, bottom - bh), b->text, b->background, b->foreground) + bgap;
        bottom -= bh + bgap;
    }
    if (!rows.empty()) bottom += bgap - m.gap * 0.6f;
    const std::string meta = twoRows ? std::string() : metaLine(ctx, e);
    if (!meta.empty()) {
        ImFont* sf = ctx.fonts.small;
        const std::string placeIcon = icon::kPlace;
        const float iw = measureText(sf, placeIcon).x + 4 * m.u;
        const float my = bottom - sf->FontSize;
        drawList()->AddText(sf, sf->FontSize, ImVec2(tx - 2 * m.u, my), ctx.p.muted, placeIcon.c_str());
        drawText(ctx, sf, ImVec2(tx + iw, my), ctx.p.muted, ellipsize(sf, meta, tw - iw));
    }
    return tapped;
}

} // namespace kiosk::ui
