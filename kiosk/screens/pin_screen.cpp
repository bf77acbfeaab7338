#include "pin_screen.h"

#include "ui/icons.h"
#include "widgets/basic.h"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

namespace {

// A staff PIN has at least this many digits (`kiosk --hash-pin` refuses shorter ones).
constexpr std::size_t kMinPinDigits = 4;
// How long "Falsche PIN" stays after the lock has run out: long enough to be
// read, short enough that the next person to open the keypad does not see it.
constexpr std::int64_t kWrongShownMs = 10'000;

struct PinStatus {
    bool locked = false;
    int waitSeconds = 0;
    bool wrong = false;
};

PinStatus pinStatus(const Context& ctx) {
    PinStatus s;
    const std::int64_t left = ctx.staff.pinLockedUntilMs - ctx.nowMs;
    s.locked = left > 0;
    s.waitSeconds = s.locked ? static_cast<int>((left + 999) / 1000) : 0;
    s.wrong = ctx.staff.pinFailures > 0 && ctx.nav.pinDigits.empty() &&
              ctx.nowMs < ctx.staff.pinLockedUntilMs + kWrongShownMs;
    return s;
}

// Lock icon in a soft circle, centred on cx, from y; returns the height used.
float lockBadge(Context& ctx, float cx, float y, ImU32 ring, ImU32 colour) {
    ImFont* f = ctx.fonts.iconLarge;
    const float d = f->FontSize * 1.5f;
    drawList()->AddCircleFilled(ImVec2(cx, y + d / 2), d / 2, ring, 48);
    const ImVec2 is = measureText(f, icon::kLock);
    drawList()->AddText(f, f->FontSize, ImVec2(std::round(cx - is.x / 2), std::round(y + (d - is.y) / 2)), colour,
                        icon::kLock);
    return d;
}

// Text wrapped at maxW with every line centred on cx; returns its height.
float centredText(Context& ctx, ImFont* f, float cx, float y, ImU32 colour, const std::string& text, float maxW) {
    const char* begin = text.c_str();
    const char* end = begin + text.size();
    float h = 0;
    while (begin < end) {
        const char* wrap = f->CalcWordWrapPositionA(1.f, begin, end, maxW);
        if (wrap == begin) wrap = begin + 1;
        const char* lineEnd = wrap;
        while (lineEnd > begin && lineEnd[-1] == ' ') --lineEnd;
        const float w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, begin, lineEnd).x;
        drawList()->AddText(f, f->FontSize, ImVec2(std::round(cx - w / 2), y + h), colour, begin, lineEnd);
        h += f->FontSize;
        begin = wrap;
        while (begin < end && *begin == ' ') ++begin;
    }
    ctx.registry.addText(text); // for expect-text, like drawText
    return h;
}

// One dot per digit typed (never the digits), and empty rings up to the shortest PIN.
float pinDots(Context& ctx, float cx, float y) {
    const Metrics& m = ctx.m;
    const std::size_t typed = ctx.nav.pinDigits.size();
    const std::size_t shown = std::max(typed, kMinPinDigits);
    const float r = 9.f * m.u, step = 34.f * m.u;
    const float x0 = cx - static_cast<float>(shown - 1) * step / 2;
    for (std::size_t i = 0; i < shown; ++i) {
        const ImVec2 c(x0 + static_cast<float>(i) * step, y + r * 1.5f);
        if (i < typed) drawList()->AddCircleFilled(c, r, ctx.p.text, 48);
        else drawList()->AddCircle(c, r - m.u, ctx.p.muted, 48, 2.5f * m.u);
    }
    return r * 3;
}

// The prompt, dots and message, centred on cx from y; returns the height used.
float pinInfo(Context& ctx, float cx, float y, float maxW, const PinStatus& st) {
    const Metrics& m = ctx.m;
    const float y0 = y;
    y += lockBadge(ctx, cx, y, ctx.p.badgeSoft, ctx.p.accent) + m.gap * 1.2f;
    y += centredText(ctx, ctx.fonts.title, cx, y, ctx.p.text, ctx.tr("pin.prompt"), maxW) + m.gap * 1.6f;
    y += pinDots(ctx, cx, y) + m.gap * 1.4f;
    // The message line keeps its space, so the dots do not jump when it appears.
    const float lineH = ctx.fonts.bold->FontSize;
    if (st.wrong) y += centredText(ctx, ctx.fonts.bold, cx, y, ctx.p.bad, ctx.tr("pin.wrong"), maxW);
    else y += lineH;
    if (st.locked) {
        const std::string wait = st.waitSeconds == 1 ? ctx.tr("pin.wait_one")
                                                      : ctx.fmt("pin.wait", {{"s", std::to_string(st.waitSeconds)}});
        y += m.gap * 0.4f + centredText(ctx, ctx.fonts.body, cx, y + m.gap * 0.4f, ctx.p.muted, wait, maxW);
    } else {
        y += m.gap * 0.4f + ctx.fonts.body->FontSize;
    }
    return y - y0;
}

float pinInfoHeight(const Context& ctx) {
    const Metrics& m = ctx.m;
    return ctx.fonts.iconLarge->FontSize * 1.5f + m.gap * 1.2f + ctx.fonts.title->FontSize + m.gap * 1.6f + 27.f * m.u +
           m.gap * 1.4f + ctx.fonts.bold->FontSize + m.gap * 0.4f + ctx.fonts.body->FontSize;
}

// A key that cannot be pressed right now: drawn, but not registered as a tap target.
void disabledKey(Context& ctx, const Rect& r, const std::string& text, ImFont* f) {
    ImDrawList* dl = drawList();
    const float rounding = std::min(ctx.m.radius, r.h() / 2);
    dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), ctx.p.badgeSoft, rounding);
    const ImVec2 s = measureText(f, text);
    dl->AddText(f, f->FontSize, ImVec2(std::round(r.cx() - s.x / 2), std::round(r.cy() - s.y / 2)),
                IM_COL32(150, 150, 150, 255), text.c_str());
}

// 1 2 3 / 4 5 6 / 7 8 9 / ⌫ 0 OK in the rectangle.
void keypad(Context& ctx, const Rect& area, bool locked) {
    const Metrics& m = ctx.m;
    const float gap = m.gap * 1.2f;
    const float keyW = (area.w() - 2 * gap) / 3, keyH = (area.h() - 3 * gap) / 4;
    const ButtonLook digitLook{ctx.p.surface, ctx.p.text, ctx.fonts.title, true};
    const std::size_t typed = ctx.nav.pinDigits.size();
    const char* labels[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "back", "0", "ok"};
    for (int i = 0; i < 12; ++i) {
        const int c = i % 3, row = i / 3;
        const float x = area.x0 + static_cast<float>(c) * (keyW + gap), y = area.y0 + static_cast<float>(row) * (keyH + gap);
        const Rect r{x, y, x + keyW, y + keyH};
        const std::string key = labels[i];
        if (key == "back") {
            if (locked || typed == 0) disabledKey(ctx, r, icon::kBackspace, ctx.fonts.title);
            else if (button(ctx, "pin:back", "", icon::kBackspace, r, digitLook)) ctx.emit(core::act::PinBackspace{});
        } else if (key == "ok") {
            const std::string label = ctx.tr("pin.ok");
            if (locked || typed < kMinPinDigits) disabledKey(ctx, r, label, ctx.fonts.title);
            else if (button(ctx, "pin:ok", label, nullptr, r,
                            ButtonLook{ctx.p.accent, ctx.p.onAccent, ctx.fonts.title, false}))
                ctx.pinSubmitted = ctx.nav.pinDigits;
        } else if (locked || typed >= core::kMaxPinDigits) {
            disabledKey(ctx, r, key, ctx.fonts.title);
        } else if (button(ctx, "pin:" + key, key, nullptr, r, digitLook)) {
            ctx.emit(core::act::PinDigit{key[0]});
        }
    }
}

void disabledNotice(Context& ctx, const Rect& content) {
    const Metrics& m = ctx.m;
    const float maxW = std::min(content.w() - 4 * m.pad, 620 * m.u);
    const std::string title = ctx.tr("staff.title");
    const std::string body = ctx.tr("pin.disabled");
    const float h = ctx.fonts.iconLarge->FontSize * 1.5f + m.gap * 1.5f + ctx.fonts.title->FontSize + m.gap +
                    measureText(ctx.fonts.body, body, maxW).y + m.pad * 2 + m.touch;
    float y = content.y0 + std::max(m.pad, (content.h() - h) / 2 - m.pad);
    const float cx = content.cx();
    y += lockBadge(ctx, cx, y, ctx.p.badgeSoft, ctx.p.muted) + m.gap * 1.5f;
    y += centredText(ctx, ctx.fonts.title, cx, y, ctx.p.text, title, maxW) + m.gap;
    y += centredText(ctx, ctx.fonts.body, cx, y, ctx.p.muted, body, maxW) + m.pad * 2;
    // A visitor who got here by chance needs an obvious way back, not only the small arrow at the top.
    const std::string back = ctx.tr("nav.back");
    const float bw = std::max(m.touch * 3, measureText(ctx.fonts.bold, back).x + m.touch * 1.5f);
    if (button(ctx, "pin:leave", back, icon::kBack, Rect{cx - bw / 2, y, cx + bw / 2, y + m.touch}, primaryLook(ctx)))
        ctx.emit(core::act::Back{});
}

} // namespace

void drawPinScreen(Context& ctx) {
    const Metrics& m = ctx.m;
    const Rect content = navigationBar(ctx, ctx.tr("pin.title"));
    if (ctx.config.staffPinHash.empty()) {
        disabledNotice(ctx, content);
        return;
    }
    // No frames requested for the countdown: the app redraws when the displayed second changes.
    const PinStatus st = pinStatus(ctx);

    const float pad = m.pad * 1.5f;
    const float infoH = pinInfoHeight(ctx);
    if (m.portrait) {
        // Info on top, keypad below, both centred.
        const float keyW = std::min((content.w() - 2 * pad - 2 * m.gap * 1.2f) / 3, m.touch * 2.4f);
        const float padW = keyW * 3 + 2 * m.gap * 1.2f;
        const float keypadH = std::min(content.h() - infoH - 3 * pad, keyW * 4 * 0.8f + 3 * m.gap * 1.2f);
        const float total = infoH + pad + keypadH;
        float y = content.y0 + std::max(pad, (content.h() - total) / 2);
        y += pinInfo(ctx, content.cx(), y, content.w() - 2 * pad, st) + pad;
        keypad(ctx, Rect{content.cx() - padW / 2, y, content.cx() + padW / 2, y + keypadH}, st.locked);
    } else {
        // Landscape: info left, keypad right, the pair centred; keys as big as the height allows.
        const float keypadH = std::min(content.h() - 2 * pad, 4 * m.touch * 1.5f + 3 * m.gap * 1.2f);
        const float keyH = (keypadH - 3 * m.gap * 1.2f) / 4;
        const float padW = std::min(3 * keyH * 1.35f + 2 * m.gap * 1.2f, content.w() * 0.5f);
        const float infoW = std::min(content.w() - padW - 3 * pad, padW * 1.1f);
        const float gx0 = content.x0 + (content.w() - infoW - pad - padW) / 2;
        const float kx0 = gx0 + infoW + pad;
        const float ky0 = content.y0 + (content.h() - keypadH) / 2;
        pinInfo(ctx, gx0 + infoW / 2, content.y0 + std::max(pad, (content.h() - infoH) / 2), infoW, st);
        keypad(ctx, Rect{kx0, ky0, kx0 + padW, ky0 + keypadH}, st.locked);
    }
}

} // namespace kiosk::ui
