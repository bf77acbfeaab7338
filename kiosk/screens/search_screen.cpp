#include "search_screen.h"

#include "search_parts.h"
#include "ui/icons.h"
#include "widgets/basic.h"
#include "widgets/keyboard.h"
#include "widgets/scroll_area.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

namespace kiosk::ui {

namespace {

// The last search, so frames without a key press (scrolling, animations) do
// not query SQLite again. Keyed by everything the answer depends on: the
// store (and its pack version, in case a new store reuses the address), the
// text, the content language and the minute (expired entries drop out).
struct SearchCache {
    const content::ContentStore* store = nullptr;
    std::int64_t packVersion = -1;
    std::string text;
    std::string lang;
    std::int64_t minute = -1;
    std::vector<std::string> ids;
};

struct Results {
    std::vector<const content::Entry*> entries;
    bool textChanged = false; // a different query than last frame: start at the top
};

Results searchResults(const Context& ctx) {
    static SearchCache cache;
    Results out;
    if (!ctx.store) return out;
    const std::string lang = ctx.contentLang();
    const std::int64_t minute = ctx.now.toMinutes();
    const std::string& text = ctx.nav.searchText;
    out.textChanged = cache.text != text;
    if (cache.store != ctx.store || cache.packVersion != ctx.store->info().version || out.textChanged ||
        cache.lang != lang || cache.minute != minute) {
        cache.store = ctx.store;
        cache.packVersion = ctx.store->info().version;
        cache.text = text;
        cache.lang = lang;
        cache.minute = minute;
        cache.ids.clear();
        for (const auto& hit : ctx.store->search(text, lang, 50, ctx.now)) cache.ids.push_back(hit.entryId);
    }
    for (const auto& id : cache.ids)
        if (const content::Entry* e = ctx.store->entry(id)) out.entries.push_back(e);
    return out;
}

// The end of `text` that fits in maxWidth, led by "…": the visitor sees what they just typed.
std::string tailFit(ImFont* font, const std::string& text, float maxWidth) {
    if (measureText(font, text).x <= maxWidth) return text;
    const std::string dots = "\xe2\x80\xa6";
    std::size_t i = 0;
    while (i < text.size()) {
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
        const std::string tail = dots + text.substr(i);
        if (measureText(font, tail).x <= maxWidth) return tail;
    }
    return dots;
}

// The search field: icon, what was typed with a caret (no blinking: a blinking
// caret would cost a frame every half second), the hit count, a clear button.
void searchField(Context& ctx, const Rect& r, const Results& results) {
    const Metrics& m = ctx.m;
    ImDrawList* dl = drawList();
    const float rounding = std::min(m.radius, r.h() / 2);
    const float s = 2 * m.u;
    dl->AddRectFilled(ImVec2(r.x0, r.y0 + s), ImVec2(r.x1, r.y1 + s), ctx.p.shadow, rounding);
    dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), ctx.p.surface, rounding);
    dl->AddRect(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), ctx.p.accent, rounding, 0, std::max(2.f, 2.5f * m.u));

    ImFont* tf = ctx.fonts.title;
    const ImVec2 is = measureText(tf, icon::kSearch);
    float x = r.x0 + m.pad;
    dl->AddText(tf, tf->FontSize, ImVec2(x, std::round(r.cy() - is.y / 2)), ctx.p.accent, icon::kSearch);
    x += is.x + m.gap;

    const std::string& text = ctx.nav.searchText;
    float right = r.x1 - m.pad * 0.5f;
    if (!text.empty()) {
        // Clear: a square touch target at the right end, a round "x" inside it.
        const float side = r.h();
        const Rect clear{r.x1 - side, r.y0, r.x1, r.y1};
        const bool down = pressing(ctx, clear);
        if (tap(ctx, "key:clear", ctx.tr("search.clear"), clear)) ctx.emit(core::act::ClearSearch{});
        const float d = std::round(side * 0.62f);
        dl->AddCircleFilled(ImVec2(clear.cx(), clear.cy()), d / 2, down ? ctx.p.accent : ctx.p.badgeSoft, 32);
        ImFont* bf = ctx.fonts.bold;
        const ImVec2 xs = measureText(bf, icon::kClose);
        dl->AddText(bf, bf->FontSize, ImVec2(std::round(clear.cx() - xs.x / 2), std::round(clear.cy() - xs.y / 2)),
                    down ? ctx.p.onAccent : ctx.p.text, icon::kClose);
        right = clear.x0;

        if (!results.entries.empty()) {
            const std::size_t n = results.entries.size();
            const std::string count =
                n == 1 ? ctx.tr("search.result_one") : ctx.fmt("search.results", {{"n", std::to_string(n)}});
            ImFont* cf = ctx.fonts.small;
            const ImVec2 cs = measureText(cf, count);
            // Left out when the field is too narrow for text and count together.
            if (right - cs.x - m.gap - x > measureText(tf, "mmmmmm").x) {
                drawText(ctx, cf, ImVec2(right - cs.x, std::round(r.cy() - cs.y / 2)), ctx.p.muted, count);
                right -= cs.x + m.gap * 1.5f;
            }
        }
    }

    const float caretW = std::max(2.f, std::round(2.5f * m.u));
    const float caretH = std::round(tf->FontSize);
    const float textY = std::round(r.cy() - tf->FontSize / 2);
    float caretX = x;
    if (text.empty()) {
        ImFont* pf = ctx.fonts.body;
        const std::string ph = ellipsize(pf, ctx.tr("search.placeholder"), right - x - caretW - m.gap * 0.5f);
        drawText(ctx, pf, ImVec2(x + caretW + m.gap * 0.5f, std::round(r.cy() - pf->FontSize / 2)), ctx.p.muted, ph);
    } else {
        const std::string shown = tailFit(tf, text, right - x - caretW - 2 * m.u);
        drawText(ctx, tf, ImVec2(x, textY), ctx.p.text, shown);
        caretX = x + measureText(tf, shown).x + 2 * m.u;
    }
    dl->AddRectFilled(ImVec2(caretX, std::round(r.cy() - caretH / 2)), ImVec2(caretX + caretW, std::round(r.cy() + caretH / 2)),
                      ctx.p.accent, caretW / 2);
}

// Nothing typed yet, or nothing found: a message and the themes as a way on.
float emptyState(Context& ctx, float x0, float y, float x1, bool nothingFound) {
    const Metrics& m = ctx.m;
    const float y0 = y;
    const float w = x1 - x0;
    if (nothingFound) {
        const std::string msg = ctx.fmt("search.no_results", {{"q", ctx.nav.searchText}});
        y += drawTextLines(ctx, ctx.fonts.bold, ImVec2(x0, y), ctx.p.text, msg, w, 2) + m.gap * 0.4f;
        y += drawTextLines(ctx, ctx.fonts.body, ImVec2(x0, y), ctx.p.muted, ctx.tr("search.try_other"), w, 2) + m.gap;
    } else {
        y += drawTextLines(ctx, ctx.fonts.body, ImVec2(x0, y), ctx.p.muted, ctx.tr("search.hint"), w, 3) + m.gap;
    }
    y += themeChips(ctx, x0, y, x1);
    return y - y0;
}

// The free stretch of the navigation bar between its left and right buttons,
// read from what the bar registered this frame (so it follows the bar's own
// layout). While an overlay blocks input the bar registers nothing: then the
// last frame's answer holds (the bar cannot change under an open overlay).
std::optional<std::pair<float, float>> barSpan(const Context& ctx) {
    static std::optional<std::pair<float, float>> last;
    static float lastWidth = 0;
    const Metrics& m = ctx.m;
    if (ctx.inputBlocked) return lastWidth == m.width ? last : std::nullopt;
    float left = m.pad * 0.6f + m.touch, right = m.width - m.pad * 0.6f;
    for (const auto& item : ctx.registry.items()) {
        if (item.rect.y0 >= m.topBar) continue;
        if (item.rect.cx() < m.width / 2) left = std::max(left, item.rect.x1);
        else right = std::min(right, item.rect.x0);
    }
    last = std::make_pair(left + m.gap * 1.5f, right - m.gap * 1.5f);
    lastWidth = m.width;
    return last;
}

} // namespace

void drawSearchScreen(Context& ctx) {
    const Metrics& m = ctx.m;
    // Landscape screens are short: the field goes into the navigation bar (in
    // place of the title), so two or three rows of results fit above the keyboard.
    const bool fieldInBar = !m.portrait;
    const Rect content = navigationBar(ctx, fieldInBar ? "" : ctx.tr("search.title"));
    const Rect kb = keyboardRect(ctx);
    const Results results = searchResults(ctx);

    const float sideX = m.pad * (m.portrait ? 1.f : 1.4f);
    const float maxW = 1100 * m.u; // very wide screens: keep the results a readable width
    const float width = std::min(m.width - 2 * sideX, maxW);
    const float x0 = std::round((m.width - width) / 2), x1 = x0 + width;
    const float gapY = std::round(m.portrait ? m.pad : m.gap);
    Rect field;
    const auto span = fieldInBar ? barSpan(ctx) : std::nullopt;
    if (span && span->second - span->first >= 200 * m.u) {
        const float y0 = std::round((m.topBar - m.touch) / 2);
        field = Rect{std::round(span->first), y0, std::round(span->second), y0 + m.touch};
    } else {
        field = Rect{x0, content.y0 + gapY, x1, content.y0 + gapY + std::round(m.touch * 1.1f)};
    }
    searchField(ctx, field, results);

    // Results between the field and the keyboard, scrolling on their own.
    const Rect list{0, std::max(field.y1, content.y0), m.width, kb.y0};
    const std::string key = core::pageKey(ctx.nav.current());
    if (results.textChanged) ctx.scrolls[key] = ScrollState{}; // a new query starts at its best hit
    {
        ScrollArea area(ctx, key, list);
        float y = area.top() + gapY * 0.8f;
        if (results.entries.empty()) {
            y += emptyState(ctx, x0, y, x1, !ctx.nav.searchText.empty());
        } else {
            const float rowH = resultRowHeight(ctx);
            const float rowGap = std::round(m.gap * 0.8f);
            const std::size_t n = results.entries.size();
            // Two columns when one would scroll and the screen is wide enough for two.
            const float oneColumn = static_cast<float>(n) * (rowH + rowGap);
            const int cols = !m.portrait && width >= 700 * m.u && oneColumn > list.h() - gapY ? 2 : 1;
            const float colW = (width - static_cast<float>(cols - 1) * m.gap) / static_cast<float>(cols);
            for (std::size_t i = 0; i < n; ++i) {
                const int c = static_cast<int>(i % static_cast<std::size_t>(cols));
                const float ry = y + static_cast<float>(i / static_cast<std::size_t>(cols)) * (rowH + rowGap);
                if (!area.visible(ry, ry + rowH)) continue;
                const float rx = std::round(x0 + static_cast<float>(c) * (colW + m.gap));
                const Rect r{rx, ry, std::round(rx + colW), ry + rowH};
                if (resultRow(ctx, *results.entries[i], r)) ctx.emit(core::act::OpenEntry{results.entries[i]->id});
            }
            const std::size_t rows = (n + static_cast<std::size_t>(cols) - 1) / static_cast<std::size_t>(cols);
            y += static_cast<float>(rows) * (rowH + rowGap);
        }
        y += m.pad;
        area.end(y - area.top());
    }

    onScreenKeyboard(ctx, kb);
}

} // namespace kiosk::ui
