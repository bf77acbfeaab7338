#include "install_banner.h"

#include "ui/icons.h"
#include "widgets/basic.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace kiosk::ui {

namespace {

using Stage = InstallStatus::Stage;

struct BannerText {
    const char* icon;
    ImU32 colour;
    std::string headline;
    std::string detail;
    bool progress = false;
};

std::string packLine(const Context& ctx, const InstallStatus& s) {
    // Before the copy is verified only the signature's channel and version are known.
    if (s.packTitle.empty()) return s.version ? ctx.fmt("install.version_line", {{"version", std::to_string(s.version)}}) : "";
    return ctx.fmt(s.entries == 1 ? "install.pack_line_one" : "install.pack_line",
                   {{"title", s.packTitle}, {"version", std::to_string(s.version)}, {"entries", std::to_string(s.entries)}});
}

BannerText textFor(const Context& ctx, const InstallStatus& s) {
    switch (s.stage) {
    case Stage::Detected: return {icon::kUsb, ctx.p.accent, ctx.tr("install.detected"), ctx.tr("install.looking")};
    case Stage::Checking: return {icon::kUsb, ctx.p.accent, ctx.tr("install.detected"), ctx.tr("install.checking")};
    case Stage::Installing:
        return {icon::kUsb, ctx.p.accent, ctx.tr("install.installing"), packLine(ctx, s), true};
    case Stage::Installed:
        return {icon::kCheck, ctx.p.good,
                ctx.fmt(std::string(s.rolledBack ? "install.rolled_back" : "install.installed") + (s.entries == 1 ? "_one" : ""),
                        {{"entries", std::to_string(s.entries)}}),
                packLine(ctx, s)};
    case Stage::Exporting: return {icon::kChart, ctx.p.accent, ctx.tr("stats.exporting"), {}};
    case Stage::Exported:
        return {icon::kChart, ctx.p.good, ctx.tr("stats.exported_title"), ctx.fmt(s.messageKey, s.params)};
    case Stage::ExportFailed:
        return {icon::kError, ctx.p.bad, ctx.tr("stats.export_failed_title"), ctx.fmt(s.messageKey, s.params)};
    case Stage::NothingFound:
        return {icon::kUsb, ctx.p.muted, ctx.tr("install.nothing_title"), ctx.tr("install.nothing")};
    case Stage::Refused: {
        std::string detail = ctx.fmt(s.messageKey, s.params);
        if (const std::string pl = packLine(ctx, s); !pl.empty()) detail = pl + "\n" + detail;
        return {icon::kError, ctx.p.bad, ctx.tr("install.refused_title"), detail};
    }
    case Stage::Hidden: break;
    }
    return {icon::kInfo, ctx.p.muted, {}, {}};
}

struct Layout {
    Rect card;
    float textX, textW;
};

Layout layoutFor(const Context& ctx, const BannerText& t) {
    const Metrics& m = ctx.m;
    const float w = std::min(m.width - 2 * m.pad, 980 * m.u);
    const float iconD = m.touch;
    const float textW = w - 2 * m.pad - iconD - m.gap * 1.5f;
    float h = m.pad + ctx.fonts.bold->FontSize;
    if (!t.detail.empty()) h += m.gap * 0.5f + measureText(ctx.fonts.body, t.detail, textW).y;
    if (t.progress) h += m.gap + 10 * m.u;
    h = std::max(h + m.pad, iconD + 2 * m.pad);
    const float x0 = (m.width - w) / 2;
    const float y1 = m.height - m.pad;
    return Layout{Rect{x0, y1 - h, x0 + w, y1}, x0 + m.pad + iconD + m.gap * 1.5f, textW};
}

} // namespace

Rect installBannerRect(const Context& ctx) {
    const InstallStatus& s = ctx.staff.install;
    if (s.stage == Stage::Hidden || (s.hideAtMs && ctx.nowMs >= s.hideAtMs)) return Rect{};
    return layoutFor(ctx, textFor(ctx, s)).card;
}

bool drawInstallBanner(Context& ctx) {
    const InstallStatus& s = ctx.staff.install;
    if (s.stage == Stage::Hidden || (s.hideAtMs && ctx.nowMs >= s.hideAtMs)) return false;
    const Metrics& m = ctx.m;
    const BannerText t = textFor(ctx, s);
    const Layout lay = layoutFor(ctx, t);
    const Rect& r = lay.card;
    ImDrawList* dl = drawList();

    // A soft shadow and a coloured edge on the left: the state is readable from afar.
    dl->AddRectFilled(ImVec2(r.x0, r.y0 + 3 * m.u), ImVec2(r.x1, r.y1 + 3 * m.u), IM_COL32(40, 30, 20, 45), m.radius);
    dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), ctx.p.surface, m.radius);
    dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x0 + 8 * m.u, r.y1), t.colour, m.radius, ImDrawFlags_RoundCornersLeft);
    dl->AddRect(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), ctx.p.divider, m.radius, 0, 1.5f * m.u);

    const float iconD = m.touch;
    const ImVec2 c(r.x0 + m.pad + iconD / 2 + 4 * m.u, r.y0 + m.pad + iconD / 2);
    dl->AddCircleFilled(c, iconD / 2, (t.colour & 0x00FFFFFF) | 0x28000000u, 32);
    const ImVec2 is = measureText(ctx.fonts.title, t.icon);
    dl->AddText(ctx.fonts.title, ctx.fonts.title->FontSize, ImVec2(std::round(c.x - is.x / 2), std::round(c.y - is.y / 2)),
                t.colour, t.icon);

    float y = r.y0 + m.pad;
    drawText(ctx, ctx.fonts.bold, ImVec2(lay.textX, y), ctx.p.text, ellipsize(ctx.fonts.bold, t.headline, lay.textW));
    y += ctx.fonts.bold->FontSize;
    if (!t.detail.empty()) {
        y += m.gap * 0.5f;
        y += drawText(ctx, ctx.fonts.body, ImVec2(lay.textX, y), ctx.p.muted, t.detail, lay.textW);
    }
    if (t.progress) {
        y += m.gap;
        const float bh = 10 * m.u;
        const float frac = s.total ? std::clamp(static_cast<float>(static_cast<double>(s.done) / static_cast<double>(s.total)), 0.f, 1.f) : 0.f;
        dl->AddRectFilled(ImVec2(lay.textX, y), ImVec2(lay.textX + lay.textW, y + bh), ctx.p.badgeSoft, bh / 2);
        if (frac > 0)
            dl->AddRectFilled(ImVec2(lay.textX, y), ImVec2(lay.textX + std::max(bh, lay.textW * frac), y + bh), t.colour, bh / 2);
    }
    // Finished banners close on a tap (and by themselves after a while).
    if (s.finished()) return tap(ctx, "install:close", t.headline, r);
    return false;
}

} // namespace kiosk::ui
