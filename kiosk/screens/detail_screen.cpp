#include "detail_screen.h"

#include "common.h"
#include "core/vcard.h"
#include "detail_parts.h"
#include "ui/icons.h"
#include "widgets/basic.h"
#include "widgets/qr_code.h"
#include "widgets/scroll_area.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace kiosk::ui {

using detail::CardScope;
using detail::cardPad;
using detail::paragraph;
using detail::paragraphHeight;

namespace {

// The entry went away (a new pack arrived while someone was reading it).
void missingEntry(Context& ctx) {
    const Metrics& m = ctx.m;
    const Rect content = navigationBar(ctx, ctx.tr("detail.missing_title"));
    const float wrap = std::min(m.width - 4 * m.pad, 560 * m.u);
    const std::string body = ctx.tr("detail.missing_body");
    const float iconH = ctx.fonts.iconLarge->FontSize;
    const float bodyH = measureText(ctx.fonts.body, body, wrap).y;
    const float total = iconH + m.gap + bodyH + m.gap * 2 + m.touch;
    float y = content.y0 + std::max(m.pad, (content.h() - total) / 2);
    drawText(ctx, ctx.fonts.iconLarge, ImVec2((m.width - iconH) / 2, y), ctx.p.muted, icon::kInfo);
    y += iconH + m.gap;
    y += drawCentredText(ctx, ctx.fonts.body, (m.width - wrap) / 2, y, wrap, ctx.p.text, body) + m.gap * 2;
    const std::string back = ctx.tr("nav.back");
    const float bw = std::max(m.touch * 3, measureText(ctx.fonts.bold, back).x + m.touch * 1.5f);
    if (button(ctx, "detail:back", back, icon::kBack, Rect{(m.width - bw) / 2, y, (m.width + bw) / 2, y + m.touch},
               primaryLook(ctx)))
        ctx.emit(core::act::Back{});
}

// The main photo, cropped to fill the rectangle (never stretched), rounded.
bool photo(Context& ctx, const std::string& imageId, const Rect& r) {
    // A tall photo loses a little more at the bottom than at the top: faces sit high.
    return drawCoverImage(ctx, imageId, r, ctx.m.radius, ImDrawFlags_RoundCornersAll, IM_COL32_WHITE, 0.4f);
}

// Paragraphs are separated by blank lines; single line breaks stay inside a paragraph.
std::vector<std::string> paragraphs(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string::npos) nl = text.size();
        std::string line = text.substr(pos, nl - pos);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const bool blank = line.find_first_not_of(" \t") == std::string::npos;
        if (blank) {
            if (!current.empty()) out.push_back(std::move(current));
            current.clear();
        } else {
            current += (current.empty() ? "" : "\n") + line;
        }
        pos = nl + 1;
    }
    if (!current.empty()) out.push_back(std::move(current));
    return out;
}

// Kind and theme chips, then the badges cards show (free, age, open now, date).
float chips(Context& ctx, const content::Entry& e, float x, float y, float width) {
    std::vector<BadgeSpec> list;
    list.push_back({ctx.tr("kind." + std::string(content::kindName(e.kind))), ctx.p.badgeSoft, ctx.p.text});
    for (const auto& id : e.themes)
        if (const content::Theme* t = ctx.store->theme(id))
            list.push_back({t->title.get(ctx.contentLang()), themeColour(ctx, id), ctx.p.onAccent});
    for (auto& b : entryBadges(ctx, e)) list.push_back(std::move(b));
    return drawBadges(ctx, ImVec2(x, y), x + width, list);
}

// Photo, title (when the bar had to cut it), chips, summary and description.
float mainColumn(Context& ctx, const content::Entry& e, float x, float y0, float width, float photoH, bool showTitle) {
    const Metrics& m = ctx.m;
    const std::string lang = ctx.contentLang();
    float y = y0;
    if (!e.images.empty() && photo(ctx, e.images.front(), Rect{x, y, x + width, y + photoH})) {
        y += photoH + m.gap * 1.5f;
    } else {
        // No photo: a band in the theme's colour with its icon, so the page
        // still opens like the tile that led here.
        const float bandH = std::round(std::max(ctx.fonts.iconLarge->FontSize + 2 * m.pad, photoH * 0.4f));
        const content::Theme* theme = e.themes.empty() ? nullptr : ctx.store->theme(e.themes.front());
        const ImU32 colour = theme ? themeColour(ctx, theme->id) : ctx.p.accent;
        drawList()->AddRectFilled(ImVec2(x, y), ImVec2(x + width, y + bandH), colour, m.radius);
        const std::string ic = icon::utf8(icon::codepointByName(theme ? theme->icon : std::string()));
        const float is = ctx.fonts.iconLarge->FontSize;
        drawList()->AddText(ctx.fonts.iconLarge, is, ImVec2(std::round(x + (width - is) / 2), std::round(y + (bandH - is) / 2)),
                            IM_COL32(255, 255, 255, 235), ic.c_str());
        y += bandH + m.gap * 1.5f;
    }
    if (showTitle)
        y += paragraph(ctx, ctx.fonts.title, ImVec2(x, y), ctx.p.text, e.title.get(lang), width, 1.15f) + m.gap;
    const float ch = chips(ctx, e, x, y, width);
    if (ch > 0) y += ch + m.gap * 1.5f;
    if (!e.summary.empty())
        y += paragraph(ctx, ctx.fonts.bold, ImVec2(x, y), ctx.p.text, e.summary.get(lang), width) + m.gap * 1.5f;
    for (const auto& p : paragraphs(e.description.get(lang)))
        y += paragraph(ctx, ctx.fonts.body, ImVec2(x, y), ctx.p.text, p, width) + m.gap * 1.3f;
    return y - y0;
}

struct RightColumn {
    std::string key;
    float height = 0;
};

std::string qrContentKey(core::QrPayloadKind kind) {
    switch (kind) {
    case core::QrPayloadKind::VCard: return "detail.qr_contact";
    case core::QrPayloadKind::Url: return "detail.qr_website";
    case core::QrPayloadKind::Phone: return "detail.qr_phone";
    case core::QrPayloadKind::Email: return "detail.qr_email";
    case core::QrPayloadKind::None: break;
    }
    return {};
}

} // namespace

namespace detail {

float qrCard(Context& ctx, const content::Entry& e, float x0, float y0, float width, bool wide) {
    const auto candidates = core::qrPayloadCandidates(e, ctx.contentLang());
    if (candidates.empty()) return 0;
    std::vector<std::string> texts;
    for (const auto& c : candidates) texts.push_back(c.text);
    const Metrics& m = ctx.m;
    const float cp = cardPad(ctx);
    const float inner = width - 2 * cp;
    auto code = layoutQrCode(ctx, texts, wide ? inner * 0.5f : inner);
    if (wide && (!code || code->textIndex > 0)) {
        // Beside the text the full card would not be scannable: above it, it may be.
        auto stacked = layoutQrCode(ctx, texts, inner);
        if (stacked && (!code || stacked->textIndex < code->textIndex)) {
            code = std::move(stacked);
            wide = false;
        }
    }
    if (!code) return 0;

    const std::string heading = std::string(icon::kQr) + "  " + ctx.tr("detail.qr_title");
    const std::string hint = ctx.tr("detail.qr_hint");
    const std::string what = ctx.tr(qrContentKey(candidates[code->textIndex].kind));
    CardScope card(ctx, x0, y0, width);
    float y = y0 + cp;
    if (wide) {
        // Code left, words right, centred on each other.
        const float tx = x0 + cp + code->side + m.pad * 1.5f;
        const float tw = x0 + width - cp - tx;
        const float textH = measureText(ctx.fonts.bold, heading, tw).y + m.gap +
                            paragraphHeight(ctx.fonts.body, hint, tw) + m.gap * 0.6f +
                            measureText(ctx.fonts.small, what, tw).y;
        const float h = std::max(code->side, textH);
        drawQrCode(ctx, *code, ImVec2(x0 + cp, y + (h - code->side) / 2));
        float ty = y + (h - textH) / 2;
        ty += drawText(ctx, ctx.fonts.bold, ImVec2(tx, ty), ctx.p.text, heading, tw) + m.gap;
        ty += paragraph(ctx, ctx.fonts.body, ImVec2(tx, ty), ctx.p.text, hint, tw) + m.gap * 0.6f;
        drawText(ctx, ctx.fonts.small, ImVec2(tx, ty), ctx.p.muted, what, tw);
        y += h;
    } else {
        y += drawCentredText(ctx, ctx.fonts.bold, x0 + cp, y, inner, ctx.p.text, heading) + m.gap;
        drawQrCode(ctx, *code, ImVec2(x0 + (width - code->side) / 2, y));
        y += code->side + m.gap;
        y += drawCentredText(ctx, ctx.fonts.body, x0 + cp, y, inner, ctx.p.text, hint) + m.gap * 0.4f;
        y += drawCentredText(ctx, ctx.fonts.small, x0 + cp, y, inner, ctx.p.muted, what);
    }
    y += cp;
    card.setBottom(y);
    return y - y0;
}

} // namespace detail

void drawDetailScreen(Context& ctx) {
    const content::Entry* e = ctx.store ? ctx.store->entry(ctx.nav.current().entryId) : nullptr;
    if (!e) {
        missingEntry(ctx);
        return;
    }
    const Metrics& m = ctx.m;
    const std::string title = e->title.get(ctx.contentLang());
    const Rect content = navigationBar(ctx, title);
    // The bar registers the title as it drew it; when that is not the whole
    // title it was cut with "…", and the content repeats it in full.
    const auto& texts = ctx.registry.texts();
    const bool titleCut = std::find(texts.begin(), texts.end(), title) == texts.end();

    ScrollArea area(ctx, core::pageKey(ctx.nav.current()), content);
    const float x0 = m.pad * 1.4f, x1 = m.width - m.pad * 1.4f;
    const float top = area.top() + m.pad * 1.2f;
    float bottom = top;
    auto stack = [&](float y, float h) { return h > 0 ? y + h + m.gap * 1.5f : y; };
    if (!m.portrait) {
        // Landscape: reading on the left, facts, hours and the code on the right.
        const float colGap = m.pad * 1.6f;
        const float rightW = std::round((x1 - x0) * 0.4f);
        const float leftW = x1 - x0 - colGap - rightW;
        const float photoH = std::round(std::min(leftW * 0.5f, content.h() * 0.5f));
        const float yl = top + mainColumn(ctx, *e, x0, top, leftW, photoH, titleCut);
        const float rx = x1 - rightW;
        // The right column stays in view while the text scrolls (a phone
        // number or the code is what people stand there for); a column taller
        // than the screen scrolls until its end shows, then stays. Its height
        // is known after drawing it, so the last frame's is used: at the
        // first frame of a page the scroll is at the top, where both agree.
        static RightColumn last;
        const std::string key = e->id + "|" + ctx.nav.language + "|" + std::to_string(static_cast<int>(rightW)) + "|" +
                                std::to_string(static_cast<int>(m.height));
        float rightTop = top;
        if (last.key == key)
            rightTop = std::max(top, std::min(content.y0 + m.pad * 1.2f, content.y1 - m.pad - last.height));
        float yr = rightTop;
        yr = stack(yr, detail::factsCard(ctx, *e, rx, yr, rightW));
        yr = stack(yr, detail::openingHoursCard(ctx, *e, rx, yr, rightW));
        yr = stack(yr, detail::qrCard(ctx, *e, rx, yr, rightW, false));
        const float rightH = std::max(0.f, yr - rightTop - m.gap * 1.5f);
        last = RightColumn{key, rightH};
        bottom = std::max(yl, top + rightH + m.gap * 1.5f);
    } else {
        // Portrait: one column; the facts follow the text, the code comes last.
        const float w = x1 - x0;
        const float photoH = std::round(std::min(w * 0.5f, content.h() * 0.3f));
        float y = top + mainColumn(ctx, *e, x0, top, w, photoH, titleCut);
        y = stack(y, detail::factsCard(ctx, *e, x0, y, w));
        y = stack(y, detail::openingHoursCard(ctx, *e, x0, y, w));
        y = stack(y, detail::qrCard(ctx, *e, x0, y, w, true));
        bottom = y;
    }
    area.end(bottom + m.pad - area.top());
}

} // namespace kiosk::ui
