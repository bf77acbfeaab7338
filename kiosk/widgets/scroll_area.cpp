#include "scroll_area.h"

#include "basic.h"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

ScrollArea::ScrollArea(Context& ctx, const std::string& key, const Rect& viewport)
    : m_ctx(ctx), m_state(ctx.scrolls[key]), m_viewport(viewport) {
    ImGui::PushClipRect(ImVec2(viewport.x0, viewport.y0), ImVec2(viewport.x1, viewport.y1), true);
    m_top = std::round(viewport.y0 - m_state.offset);
}

ScrollArea::~ScrollArea() {
    if (!m_ended) end(0);
}

void ScrollArea::end(float contentHeight) {
    if (m_ended) return;
    m_ended = true;
    ImGui::PopClipRect();

    ScrollState& s = m_state;
    TouchInput& t = m_ctx.touch;
    const float dt = s.lastMs < 0 ? 0.f : std::min(0.1f, static_cast<float>(m_ctx.nowMs - s.lastMs) / 1000.f);
    s.lastMs = m_ctx.nowMs;
    s.maxOffset = std::max(0.f, contentHeight - m_viewport.h());

    if (t.pressedThisFrame() && !m_ctx.inputBlocked)
        s.tracking = m_viewport.contains(t.pressPos().x, t.pressPos().y);

    if (s.tracking && t.down() && t.dragging()) {
        float dy = -t.frameDelta().y;
        // Rubber band: beyond the ends the content follows the finger at half speed.
        if ((s.offset < 0 && dy < 0) || (s.offset > s.maxOffset && dy > 0)) dy *= 0.45f;
        s.offset += dy;
        s.velocity = 0;
        m_ctx.animating = true;
    } else {
        if (s.tracking && t.releasedThisFrame()) {
            if (t.dragging()) s.velocity = std::clamp(-t.velocity().y, -6000.f, 6000.f);
            s.tracking = false;
        }
        if (dt > 0) {
            s.offset += s.velocity * dt;
            s.velocity *= std::exp(-3.5f * dt); // friction: a fling glides about a second
            const float target = std::clamp(s.offset, 0.f, s.maxOffset);
            if (s.offset != target) {
                // Out of bounds: spring back, and a fling into the end stops there.
                s.offset += (target - s.offset) * (1.f - std::exp(-14.f * dt));
                if ((s.offset < 0 && s.velocity < 0) || (s.offset > s.maxOffset && s.velocity > 0)) s.velocity *= 0.5f;
                if (std::fabs(target - s.offset) < 0.5f) s.offset = target;
            }
            if (std::fabs(s.velocity) < 8.f) s.velocity = 0;
        }
        if (s.velocity != 0 || s.offset < 0 || s.offset > s.maxOffset) m_ctx.animating = true;
    }

    // A thin position indicator while moving, so a visitor sees there is more.
    if (s.maxOffset > 0 && (m_ctx.animating || s.offset > 0)) {
        const float vh = m_viewport.h();
        const float barH = std::max(24.f * m_ctx.m.u, vh * vh / (vh + s.maxOffset));
        const float frac = std::clamp(s.offset / s.maxOffset, 0.f, 1.f);
        const float y = m_viewport.y0 + frac * (vh - barH);
        const float x = m_viewport.x1 - 5 * m_ctx.m.u;
        drawList()->AddRectFilled(ImVec2(x, y), ImVec2(x + 3 * m_ctx.m.u, y + barH), IM_COL32(0, 0, 0, 70),
                                  2 * m_ctx.m.u);
    }
}

} // namespace kiosk::ui
