#include "touch.h"

#include <cmath>

namespace kiosk::ui {

void TouchInput::press(float x, float y, std::int64_t ms) {
    m_rawDown = true;
    m_pendingPress = true;
    m_rawPos = {x, y};
    m_pressPos = {x, y};
    m_lastFramePos = {x, y};
    m_dragging = false;
    m_swallowed = false;
    m_velocity = {};
    m_lastMoveMs = ms;
}

void TouchInput::move(float x, float y, std::int64_t ms) {
    if (m_rawDown) {
        const float dt = static_cast<float>(ms - m_lastMoveMs) / 1000.f;
        if (dt > 0.f) {
            // Exponential smoothing: the last few moves decide the fling speed.
            const Vec2 v{(x - m_rawPos.x) / dt, (y - m_rawPos.y) / dt};
            m_velocity = {m_velocity.x * 0.3f + v.x * 0.7f, m_velocity.y * 0.3f + v.y * 0.7f};
        }
        m_lastMoveMs = ms;
        if (std::hypot(x - m_pressPos.x, y - m_pressPos.y) > m_slop) m_dragging = true;
    }
    m_rawPos = {x, y};
}

void TouchInput::release(float x, float y, std::int64_t ms) {
    if (!m_rawDown) return;
    move(x, y, ms);
    // A finger resting before lifting means no fling.
    if (ms - m_lastMoveMs > 80) m_velocity = {};
    m_rawDown = false;
    m_pendingRelease = true;
}

void TouchInput::beginFrame() {
    m_pressedThisFrame = m_pendingPress;
    m_releasedThisFrame = m_pendingRelease;
    m_pendingPress = m_pendingRelease = false;
    m_down = m_rawDown;
    m_frameDelta = (m_down || m_releasedThisFrame) ? Vec2{m_rawPos.x - m_lastFramePos.x, m_rawPos.y - m_lastFramePos.y}
                                                   : Vec2{};
    m_lastFramePos = m_rawPos;
    m_pos = m_rawPos;
}

namespace {
bool inside(Vec2 p, float x0, float y0, float x1, float y1) { return p.x >= x0 && p.x < x1 && p.y >= y0 && p.y < y1; }
} // namespace

bool TouchInput::tapped(float x0, float y0, float x1, float y1) const {
    return m_releasedThisFrame && !m_dragging && !m_swallowed && inside(m_pressPos, x0, y0, x1, y1) &&
           inside(m_pos, x0, y0, x1, y1);
}

bool TouchInput::pressing(float x0, float y0, float x1, float y1) const {
    return m_down && !m_dragging && !m_swallowed && inside(m_pressPos, x0, y0, x1, y1);
}

} // namespace kiosk::ui
