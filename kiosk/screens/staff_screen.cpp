#include "staff_screen.h"

#include "ui/icons.h"
#include "widgets/basic.h"
#include "widgets/scroll_area.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace kiosk::ui {

namespace {

struct Row {
    std::string label;
    std::string value;
    bool warn = false; // shown in the warning colour
};

struct CardButton {
    std::string id;
    std::string label;
    const char* icon;
    StaffCommand command;
    std::string channel = {}; // the channel a command applies to ("" = the primary / none)
};

struct Card {
    Card(const char* icon_, std::string title_, std::vector<Row> rows_ = {}, std::string note_ = {}, bool bullets_ = false)
        : icon(icon_), title(std::move(title_)), rows(std::move(rows_)), note(std::move(note_)), bullets(bullets_) {}
    const char* icon;
    std::string title;
    std::vector<Row> rows;
    std::string note;     // a muted paragraph under the rows (e.g. "not available yet")
    bool bullets = false; // rows are a list: "•" and the value across the card
    std::vector<CardButton> buttons; // full-width buttons under the rows
    bool smallRows = false;          // rows in the small font (the log)
};

// "12,3 GB" (German decimal comma) / "12.3 GB".
std::string humanBytes(const Context& ctx, std::uint64_t bytes) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 || v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    std::string out = buf;
    if (ctx.lang() == "de") std::replace(out.begin(), out.end(), '.', ',');
    return out;
}

// "2026-11-21T07:30:00Z" -> "21.11.2026, 07:30 UTC"; anything else as it is.
std::string createdText(const std::string& iso) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0;
    if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5) return iso;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02d.%02d.%04d, %02d:%02d%s", d, mo, y, h, mi,
                  !iso.empty() && iso.back() == 'Z' ? " UTC" : "");
    return buf;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

struct CardLayout {
    float rowGap;
};

float rowHeight(ImFont* font, const Row& row, float valueW) {
    return std::max(font->FontSize, measureText(font, row.value, valueW).y);
}

// Draws (or, with draw == false, only measures) a card; returns its height.
float drawCard(Context& ctx, const Card& card, float x0, float y0, float w, const CardLayout& lay, bool draw) {
    const Metrics& m = ctx.m;
    const float pad = m.pad * 1.2f;
    ImFont* rowFont = card.smallRows ? ctx.fonts.small : ctx.fonts.body;
    const float innerW = w - 2 * pad;
    float labelW = 0;
    for (const auto& row : card.rows) labelW = std::max(labelW, measureText(rowFont, row.label).x);
    labelW += m.pad * 1.5f;
    // Narrow cards put the label above the value; lists only need room for the bullet.
    const float bulletW = measureText(rowFont, "•").x + m.gap;
    const bool stacked = !card.bullets && innerW < labelW * 1.8f;
    const float valueW = card.bullets ? innerW - bulletW : stacked ? innerW : innerW - labelW;
    const float valueX = card.bullets ? bulletW : labelW;
    float h = pad + ctx.fonts.bold->FontSize + m.gap;
    for (const auto& row : card.rows) {
        if (stacked) h += ctx.fonts.small->FontSize + 2 * m.u;
        h += rowHeight(rowFont, row, valueW) + lay.rowGap;
    }
    if (!card.note.empty()) h += measureText(ctx.fonts.body, card.note, innerW).y + lay.rowGap;
    h += static_cast<float>(card.buttons.size()) * (m.touch + m.gap);
    h += pad - lay.rowGap;
    if (!draw) return h;

    cardBackground(ctx, Rect{x0, y0, x0 + w, y0 + h}, false);
    const float x = x0 + pad;
    float y = y0 + pad;
    drawText(ctx, ctx.fonts.bold, ImVec2(x, y), ctx.p.accent, std::string(card.icon) + "  " + card.title);
    y += ctx.fonts.bold->FontSize + m.gap;
    for (const auto& row : card.rows) {
        const ImU32 valueColour = row.warn ? ctx.p.bad : ctx.p.text;
        if (stacked) {
            drawText(ctx, ctx.fonts.small, ImVec2(x, y), ctx.p.muted, row.label);
            y += ctx.fonts.small->FontSize + 2 * m.u;
            drawText(ctx, rowFont, ImVec2(x, y), valueColour, row.value, valueW);
        } else {
            drawText(ctx, rowFont, ImVec2(x, y), ctx.p.muted, row.label);
            drawText(ctx, rowFont, ImVec2(x + valueX, y), valueColour, row.value, valueW);
        }
        y += rowHeight(rowFont, row, valueW) + lay.rowGap;
    }
    if (!card.note.empty()) y += drawText(ctx, ctx.fonts.body, ImVec2(x, y), ctx.p.muted, card.note, innerW) + lay.rowGap;
    for (const auto& b : card.buttons) {
        y += m.gap;
        if (button(ctx, b.id, b.label, b.icon, Rect{x, y, x + innerW, y + m.touch}, quietLook(ctx)))
            ctx.staffCommands.emplace_back(b.command, b.channel);
        y += m.touch;
    }
    return h;
}

Card packCard(const Context& ctx) {
    Card c{icon::kStorage, ctx.tr("staff.pack"), {}, {}};
    if (!ctx.store) {
        c.rows.push_back({ctx.tr("staff.status"), ctx.tr("staff.no_pack"), true});
    } else {
        const content::PackInfo& info = ctx.store->info();
        c.rows.push_back({ctx.tr("staff.pack_title"), info.title.get(ctx.contentLang())});
        c.rows.push_back({ctx.tr("staff.channel"), info.channel});
        c.rows.push_back({ctx.tr("staff.version"), std::to_string(info.version)});
        c.rows.push_back({ctx.tr("staff.created"), createdText(info.createdAt)});
        c.rows.push_back({ctx.tr("staff.entries"), std::to_string(info.entryCount)});
        c.rows.push_back({ctx.tr("staff.themes"), std::to_string(info.themeCount)});
        c.rows.push_back({ctx.tr("staff.images"), std::to_string(info.imageCount)});
    }
    c.rows.push_back({ctx.tr("staff.path"), ctx.staff.packPath.empty() ? "–" : ctx.staff.packPath});
    return c;
}

Card systemCard(const Context& ctx) {
    Card c{icon::kInfo, ctx.tr("staff.system"), {}, {}};
    c.rows.push_back({ctx.tr("staff.disk"),
                      ctx.staff.freeBytes ? humanBytes(ctx, ctx.staff.freeBytes) : ctx.tr("staff.unknown"),
                      ctx.staff.freeBytes > 0 && ctx.staff.freeBytes < (200ull << 20)});
    c.rows.push_back({ctx.tr("staff.channels"),
                      ctx.config.channels.empty() ? ctx.tr("staff.channels_any") : joined(ctx.config.channels)});
    c.rows.push_back({ctx.tr("staff.keys"), std::to_string(ctx.config.trustedKeys.size()),
                      ctx.config.trustedKeys.empty()});
    return c;
}

// USB stick, installs, roll-back and the statistics export (issue 4); the web refresh joins it (issue 5).
Card updateCard(const Context& ctx) {
    const StaffInfo& st = ctx.staff;
    Card c{icon::kUsb, ctx.tr("staff.update"), {}, {}};
    c.rows.push_back({ctx.tr("staff.stick"), st.stickPresent ? ctx.tr("staff.stick_present") : ctx.tr("staff.stick_none")});
    c.rows.push_back({ctx.tr("staff.last_install"), st.lastInstall.empty() ? "–" : st.lastInstall});
    if (st.statsTotal >= 0) {
        c.rows.push_back({ctx.tr("staff.stats"), ctx.fmt("staff.stats_count", {{"n", std::to_string(st.statsTotal)}})});
        if (!st.lastExport.empty()) c.rows.push_back({ctx.tr("staff.last_export"), st.lastExport});
    }
    c.buttons.push_back({"staff:check-sticks", ctx.tr("staff.check_sticks"), icon::kUsb, StaffCommand::CheckSticks});
    if (!st.notNewerTitle.empty())
        c.buttons.push_back({"staff:install-anyway", ctx.fmt("staff.install_anyway", {{"pack", st.notNewerTitle}}),
                             icon::kHistory, StaffCommand::InstallAnyway});
    // One "restore" per channel on screen: each channel is rolled back on its own.
    if (ctx.store && st.shownChannels.size() <= 1)
        c.buttons.push_back({"staff:roll-back", ctx.tr("staff.roll_back"), icon::kReset, StaffCommand::RollBack});
    else if (ctx.store)
        for (const auto& ch : st.shownChannels)
            c.buttons.push_back({"staff:roll-back:" + ch, ctx.fmt("staff.roll_back_channel", {{"channel", ch}}), icon::kReset,
                                 StaffCommand::RollBack, ch});
    if (st.statsTotal >= 0 && st.stickPresent)
        c.buttons.push_back({"staff:export-stats", ctx.tr("staff.export_stats"), icon::kChart, StaffCommand::ExportStats});
    return c;
}

// The web refresh (issue 5): per channel the versions, the last and the next check, progress.
Card refreshCard(const Context& ctx) {
    Card c{icon::kWeb, ctx.tr("staff.refresh"), {}, {}};
    for (const auto& r : ctx.staff.refresh) {
        std::string v = ctx.fmt("staff.refresh_versions", {{"installed", r.installedVersion ? std::to_string(r.installedVersion) : "–"},
                                                           {"available", r.availableVersion ? std::to_string(r.availableVersion) : "–"}});
        const std::string result = ctx.tr("refresh.code." + r.code);
        v += "\n" + ctx.fmt("staff.refresh_last", {{"time", r.lastCheck.empty() ? ctx.tr("staff.refresh_never") : r.lastCheck},
                                                    {"result", result}});
        if (r.checking) {
            const int pct = r.total ? static_cast<int>(100 * r.done / r.total) : 0;
            v += "\n" + ctx.fmt("staff.refresh_checking", {{"percent", std::to_string(pct)}});
        } else if (!r.nextCheck.empty()) {
            v += "\n" + ctx.fmt("staff.refresh_next", {{"time", r.nextCheck}});
        }
        c.rows.push_back({r.channel, v, r.error});
    }
    c.buttons.push_back({"staff:refresh-now", ctx.tr("staff.refresh_now"), icon::kReset, StaffCommand::RefreshNow});
    return c;
}

// The last lines of the kiosk log (installs, refusals, errors), newest first.
Card logCard(const Context& ctx) {
    Card c{icon::kHistory, ctx.tr("staff.log"), {}, {}, true};
    c.smallRows = true;
    if (ctx.staff.logTail.empty()) c.note = ctx.tr("staff.log_empty");
    for (auto it = ctx.staff.logTail.rbegin(); it != ctx.staff.logTail.rend(); ++it) c.rows.push_back({"•", *it, false});
    return c;
}

Card notesCard(const Context& ctx) {
    Card c{icon::kInfo, ctx.tr("staff.warnings"), {}, {}, true};
    if (ctx.staff.notes.empty()) c.note = ctx.tr("staff.no_notes");
    for (const auto& n : ctx.staff.notes) c.rows.push_back({"•", n, false});
    return c;
}

} // namespace

void drawStaffScreen(Context& ctx) {
    const Metrics& m = ctx.m;
    const Rect content = navigationBar(ctx, ctx.tr("staff.title"));
    ScrollArea area(ctx, core::pageKey(ctx.nav.current()), content);
    const float x0 = m.pad * 1.4f, x1 = m.width - m.pad * 1.4f;
    float y = area.top() + m.pad;

    // Heading row: is content being shown (the first thing staff want to know), and the way out.
    const std::string close = ctx.tr("staff.close");
    const float closeW = measureText(ctx.fonts.bold, close).x + m.touch * 1.2f;
    {
        const bool ok = ctx.store != nullptr;
        const ImU32 colour = ok ? ctx.p.good : ctx.p.bad;
        const float d = m.touch * 0.8f;
        const ImVec2 c(x0 + d / 2, y + m.touch / 2);
        drawList()->AddCircleFilled(c, d / 2, ok ? ctx.p.goodSoft : IM_COL32(250, 226, 224, 255), 32);
        const char* ic = ok ? icon::kCheck : icon::kClose;
        const ImVec2 is = measureText(ctx.fonts.bold, ic);
        drawList()->AddText(ctx.fonts.bold, ctx.fonts.bold->FontSize, ImVec2(std::round(c.x - is.x / 2), std::round(c.y - is.y / 2)),
                            colour, ic);
        const float tx = x0 + d + m.gap;
        const std::string status = ok ? ctx.tr("staff.status_ok") : ctx.tr("staff.status_missing");
        // Narrow screens: the bold body font before the status gets cut.
        const float avail = x1 - tx - closeW - m.gap;
        ImFont* f = measureText(ctx.fonts.title, status).x <= avail ? ctx.fonts.title : ctx.fonts.bold;
        drawText(ctx, f, ImVec2(tx, y + (m.touch - f->FontSize) / 2), ctx.p.text, ellipsize(f, status, avail));
    }
    if (button(ctx, "staff:close", close, icon::kClose, Rect{x1 - closeW, y, x1, y + m.touch}, primaryLook(ctx)))
        ctx.emit(core::act::CloseStaff{});
    y += m.touch + m.gap * 1.5f;

    std::vector<Card> cards = {packCard(ctx), systemCard(ctx), updateCard(ctx), notesCard(ctx), logCard(ctx)};
    const bool withRefresh = !ctx.staff.refresh.empty();
    if (withRefresh) cards.insert(cards.begin() + 3, refreshCard(ctx));
    const CardLayout lay{m.gap * 0.6f};

    const float width = x1 - x0;
    const bool twoColumns = !m.portrait && width / m.u >= 700;
    if (twoColumns) {
        // Pack on the left; system and the update room on the right; notes across.
        const float colW = (width - m.gap * 1.5f) / 2;
        const float rx = x0 + colW + m.gap * 1.5f;
        const float leftH = drawCard(ctx, cards[0], x0, y, colW, lay, true);
        float ry = y;
        ry += drawCard(ctx, cards[1], rx, ry, colW, lay, true) + m.gap * 1.5f;
        ry += drawCard(ctx, cards[2], rx, ry, colW, lay, true);
        // The web refresh under the pack on the left.
        float ly = y + leftH;
        if (withRefresh) ly += m.gap * 1.5f + drawCard(ctx, cards[3], x0, ly, colW, lay, true);
        y = std::max(ly, ry) + m.gap * 1.5f;
        for (std::size_t i = withRefresh ? 4 : 3; i < cards.size(); ++i)
            y += drawCard(ctx, cards[i], x0, y, width, lay, true) + (i + 1 < cards.size() ? m.gap * 1.5f : 0.f);
    } else {
        for (const auto& c : cards) y += drawCard(ctx, c, x0, y, width, lay, true) + m.gap * 1.5f;
    }
    y += m.pad;
    area.end(y - area.top());
}

} // namespace kiosk::ui
