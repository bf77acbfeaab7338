#include "keyboard.h"

#include "basic.h"
#include "ui/icons.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace kiosk::ui {

namespace {

// The character rows of each page, UTF-8, one key per element.
const std::vector<std::vector<const char*>>& letterRows() {
    static const std::vector<std::vector<const char*>> rows = {
        {"q", "w", "e", "r", "t", "z", "u", "i", "o", "p", "\xc3\xbc"},          // ... ü
        {"a", "s", "d", "f", "g", "h", "j", "k", "l", "\xc3\xb6", "\xc3\xa4"},   // ... ö ä
        {"y", "x", "c", "v", "b", "n", "m", "\xc3\x9f"},                         // ... ß
    };
    return rows;
}

const std::vector<std::vector<const char*>>& digitRows() {
    // Digits for postcodes, house numbers and ages ("0-3", "U3"); a few signs
    // that appear in names ("St.", "Jung & Alt", "Eltern-Kind-Café").
    static const std::vector<std::vector<const char*>> rows = {
        {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
        {"/", ".", ",", ":", "&", "(", ")", "'", "@"},
        {"+", "\xe2\x82\xac", "%", "!", "?", "#"}, // ... €
    };
    return rows;
}

constexpr int kColumns = 11; // the widest row; every key width is a multiple of one column

struct Geometry {
    float keyH = 0;
    float gap = 0;
    float padY = 0;
    float width = 0; // of the key block
};

Geometry geometry(const Metrics& m) {
    Geometry g;
    g.gap = std::round(std::max(4.f, 6.f * m.u));
    g.padY = std::round(m.pad * 0.6f);
    // Landscape screens are short: the keyboard may take ~45% of the height, the
    // results need the rest. Portrait screens have height to spare.
    const float budget = (m.portrait ? 0.36f : 0.45f) * m.height;
    const float fit = (budget - 2 * g.padY - 3 * g.gap) / 4;
    g.keyH = std::round(std::max(std::min(m.touch, fit), 9.f * m.pxPerMm));
    const float sideMargin = m.portrait ? m.pad * 0.5f : m.pad;
    // On wide landscape screens full-width keys would be absurdly wide: centre a block.
    const float maxW = m.portrait ? m.width : 760.f * m.u;
    g.width = std::floor(std::min(m.width - 2 * sideMargin, maxW));
    return g;
}

// Which page is showing, and for which navigation: any navigation since the
// page was switched (nav.transitionStartMs moves) resets it to letters.
struct PageState {
    bool digits = false;
    std::int64_t stamp = -2;
};
PageState& pageState() {
    static PageState s;
    return s;
}

struct Colours {
    ImU32 tray, key, special, pressed, text, onPressed;
};

Colours colours(const Context& ctx) {
    return Colours{shade(ctx.p.background, 0.94f), ctx.p.surface, shade(ctx.p.background, 0.86f), ctx.p.accent,
                   ctx.p.text, ctx.p.onAccent};
}

enum class KeyKind { Char, Space, Backspace, Page };

struct Key {
    KeyKind kind = KeyKind::Char;
    std::string text; // the character (Char), the label (Page)
    Rect rect;
};

// Draws one key; true when it was tapped this frame.
bool drawKey(Context& ctx, const Key& k, const Colours& c, bool& down) {
    std::string id, label;
    switch (k.kind) {
    case KeyKind::Char:
        id = "key:" + k.text;
        label = k.text;
        break;
    case KeyKind::Space:
        id = "key:space";
        label = ctx.tr("keyboard.space");
        break;
    case KeyKind::Backspace:
        id = "key:backspace";
        label = ctx.tr("keyboard.backspace");
        break;
    case KeyKind::Page:
        id = "key:" + k.text;
        label = k.text;
        break;
    }
    const Rect& r = k.rect;
    const bool tapped = tap(ctx, id, label, r);
    down = pressing(ctx, r);
    const bool special = k.kind == KeyKind::Backspace || k.kind == KeyKind::Page;
    const float rounding = std::min(ctx.m.radius * 0.6f, r.h() / 4);
    ImDrawList* dl = drawList();
    // A thin hard edge under each key (not a soft shadow) reads as a physical key.
    const float edge = std::max(1.5f, 1.5f * ctx.m.u);
    dl->AddRectFilled(ImVec2(r.x0, r.y0 + edge), ImVec2(r.x1, r.y1 + edge), IM_COL32(60, 45, 30, 60), rounding);
    dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), down ? c.pressed : (special ? c.special : c.key),
                      rounding);

    const ImU32 fg = down ? c.onPressed : c.text;
    ImFont* font = ctx.fonts.title;
    std::string shown = k.text;
    if (k.kind == KeyKind::Space) {
        shown = icon::kSpace;
    } else if (k.kind == KeyKind::Backspace) {
        shown = icon::kBackspace;
    } else if (k.kind == KeyKind::Page) {
        font = ctx.fonts.bold;
    }
    const ImVec2 s = measureText(font, shown);
    const ImU32 colour = k.kind == KeyKind::Space && !down ? ctx.p.muted : fg;
    dl->AddText(font, font->FontSize, ImVec2(std::round(r.cx() - s.x / 2), std::round(r.cy() - s.y / 2)), colour,
                shown.c_str());
    return tapped;
}

// The character under the finger, shown above it (the finger hides the key itself).
void previewBubble(Context& ctx, const Key& k, const Colours& c) {
    ImFont* f = ctx.fonts.huge;
    const Rect& r = k.rect;
    const float w = std::max(r.w() * 1.25f, f->FontSize * 1.3f);
    const float h = std::max(r.h() * 1.15f, f->FontSize * 1.4f);
    float x0 = r.cx() - w / 2;
    x0 = std::clamp(x0, ctx.m.pad * 0.3f, ctx.m.width - w - ctx.m.pad * 0.3f);
    const float y1 = r.y0 - ctx.m.gap * 0.5f;
    const Rect b{x0, y1 - h, x0 + w, y1};
    ImDrawList* dl = drawList();
    const float s = 3 * ctx.m.u;
    dl->AddRectFilled(ImVec2(b.x0, b.y0 + s), ImVec2(b.x1, b.y1 + s), ctx.p.shadow, ctx.m.radius * 0.7f);
    dl->AddRectFilled(ImVec2(b.x0, b.y0), ImVec2(b.x1, b.y1), c.pressed, ctx.m.radius * 0.7f);
    const ImVec2 ts = measureText(f, k.text);
    dl->AddText(f, f->FontSize, ImVec2(std::round(b.cx() - ts.x / 2), std::round(b.cy() - ts.y / 2)), c.onPressed,
                k.text.c_str());
}

} // namespace

Rect keyboardRect(const Context& ctx) {
    const Geometry g = geometry(ctx.m);
    const float h = 4 * g.keyH + 3 * g.gap + 2 * g.padY;
    return Rect{0, ctx.m.height - h, ctx.m.width, ctx.m.height};
}

void onScreenKeyboard(Context& ctx, const Rect& r) {
    const Geometry g = geometry(ctx.m);
    const Colours c = colours(ctx);
    ImDrawList* dl = drawList();
    dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), c.tray);
    dl->AddLine(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y0), ctx.p.divider, std::max(1.f, 1.5f * ctx.m.u));

    PageState& page = pageState();
    if (page.stamp != ctx.nav.transitionStartMs) {
        page.digits = false;
        page.stamp = ctx.nav.transitionStartMs;
    }

    const float x0 = std::round(r.cx() - g.width / 2);
    const float col = (g.width - static_cast<float>(kColumns - 1) * g.gap) / static_cast<float>(kColumns);
    auto keyWidth = [&](float cols) { return cols * col + (cols - 1) * g.gap; };

    std::vector<Key> keys;
    const auto& rows = page.digits ? digitRows() : letterRows();
    float y = r.y0 + g.padY;
    for (const auto& row : rows) {
        const float n = static_cast<float>(row.size());
        // Shorter rows are centred, as on a real keyboard.
        float x = x0 + (g.width - keyWidth(n)) / 2;
        for (const char* ch : row) {
            keys.push_back(Key{KeyKind::Char, ch, Rect{std::round(x), y, std::round(x + col), y + g.keyH}});
            x += col + g.gap;
        }
        y += g.keyH + g.gap;
    }
    // Bottom row: page switch (2 columns), "-" (1), space (6), backspace (2).
    {
        float x = x0;
        auto add = [&](KeyKind kind, std::string text, float cols) {
            const float w = keyWidth(cols);
            keys.push_back(Key{kind, std::move(text), Rect{std::round(x), y, std::round(x + w), y + g.keyH}});
            x += w + g.gap;
        };
        add(KeyKind::Page, page.digits ? "abc" : "123", 2);
        add(KeyKind::Char, "-", 1);
        add(KeyKind::Space, " ", 6);
        add(KeyKind::Backspace, "", 2);
    }

    const Key* held = nullptr;
    for (const Key& k : keys) {
        bool down = false;
        if (drawKey(ctx, k, c, down)) {
            switch (k.kind) {
            case KeyKind::Char: ctx.emit(core::act::TypeText{k.text}); break;
            case KeyKind::Space: ctx.emit(core::act::TypeText{" "}); break;
            case KeyKind::Backspace: ctx.emit(core::act::Backspace{}); break;
            case KeyKind::Page:
                // Widget state, not navigation: the next frame draws the other page.
                page.digits = !page.digits;
                page.stamp = ctx.nav.transitionStartMs;
                ctx.animating = true;
                break;
            }
        }
        if (down && k.kind == KeyKind::Char) held = &k;
    }
    if (held) previewBubble(ctx, *held, c);
}

} // namespace kiosk::ui
