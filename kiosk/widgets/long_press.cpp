#include "long_press.h"

#include "widgets/basic.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace kiosk::ui {

namespace {

// Per-id state of the press being held. Static because a widget is a function
// call per frame; there is only one pointer, so a handful of ids at most.
struct Held {
    bool active = false;
    bool fired = false;
    Vec2 pressPos;
    std::int64_t startMs = 0;
};

std::unordered_map<std::string, Held>& heldStates() {
    static std::unordered_map<std::string, Held> states;
    return states;
}

// Starts showing progress after this long, so a resting finger shows nothing.
constexpr std::int64_t kQuietMs = 1000;
constexpr float kPi = 3.14159265f;

} // namespace

bool longPress(Context& ctx, const std::string& id, const Rect& r, std::int64_t holdMs) {
    Held& h = heldStates()[id];
    if (ctx.inputBlocked) {
        h = Held{};
        return false;
    }
    // Clip like tap() does: what is scrolled away cannot be held.
    const ImVec2 cmin = drawList()->GetClipRectMin(), cmax = drawList()->GetClipRectMax();
    const Rect c{std::max(r.x0, cmin.x), std::max(r.y0, cmin.y), std::min(r.x1, cmax.x), std::min(r.y1, cmax.y)};
    if (c.w() <= 0 || c.h() <= 0) {
        h = Held{};
        return false;
    }
    ctx.registry.addItem(RegisteredItem{id, "", c});

    const TouchInput& t = ctx.touch;
    const Vec2 p = t.pressPos();
    const bool holding = t.down() && !t.dragging() && !t.swallowed() && c.contains(p.x, p.y);
    if (!holding) {
        h = Held{};
        return false;
    }
    // A new press: the first frame it is down, or a press somewhere else than the one we timed.
    if (!h.active || t.pressedThisFrame() || p.x != h.pressPos.x || p.y != h.pressPos.y) {
        h = Held{true, false, p, ctx.nowMs};
    }
    if (h.fired) return false;
    const std::int64_t held = ctx.nowMs - h.startMs;
    if (held >= holdMs) {
        h.fired = true;
        // The finger is still down and will lift on the next screen: it must not tap anything there.
        ctx.touch.swallowCurrent();
        return true;
    }
    ctx.animating = true; // keep frames coming so the press fires on time
    if (held >= kQuietMs && holdMs > kQuietMs) {
        const float f = static_cast<float>(held - kQuietMs) / static_cast<float>(holdMs - kQuietMs);
        const float radius = ctx.m.touch * 0.75f;
        const float thick = 4.f * ctx.m.u;
        const ImVec2 centre(p.x, p.y);
        ImDrawList* dl = ImGui::GetForegroundDrawList();
        dl->AddCircle(centre, radius, (ctx.p.accent & 0x00FFFFFF) | (60u << 24), 48, thick);
        const float a0 = -kPi / 2;
        dl->PathArcTo(centre, radius, a0, a0 + 2 * kPi * std::clamp(f, 0.f, 1.f), 48);
        dl->PathStroke(ctx.p.accent, 0, thick);
    }
    return false;
}

} // namespace kiosk::ui
