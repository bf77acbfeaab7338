#pragma once
// Touch (and mouse) input as the kiosk's widgets see it: one pointer, with
// the distinction a touch screen needs between a tap and a drag.
//
// The app feeds raw pointer events (SDL mouse or finger events, or script
// steps) with press()/move()/release(); widgets read the per-frame state. A
// press that moves more than the slop (a few mm) becomes a drag: scroll areas
// take it, and no tap fires when it ends ("taps that do not fire on a drag").
//
// Thread safety: UI thread only.

#include <cstdint>

namespace kiosk::ui {

struct Vec2 {
    float x = 0, y = 0;
};

class TouchInput {
public:
    void setSlop(float px) { m_slop = px; }

    // Raw events (any time between frames).
    void press(float x, float y, std::int64_t ms);
    void move(float x, float y, std::int64_t ms);
    void release(float x, float y, std::int64_t ms);
    // A touch that must do nothing else (the one ending attract mode or waking the screen).
    void swallowCurrent() { m_swallowed = true; }

    // Called by the app once per frame before drawing: turns the events since
    // the last frame into this frame's state.
    void beginFrame();

    bool down() const { return m_down; }
    bool pressedThisFrame() const { return m_pressedThisFrame; }
    bool releasedThisFrame() const { return m_releasedThisFrame; }
    bool dragging() const { return m_dragging; }       // this press has moved beyond the slop
    bool swallowed() const { return m_swallowed; }
    Vec2 pos() const { return m_pos; }
    Vec2 pressPos() const { return m_pressPos; }
    Vec2 frameDelta() const { return m_frameDelta; }   // movement since last frame while down
    Vec2 velocity() const { return m_velocity; }       // px per second, smoothed, at release
    bool active() const { return m_down || m_releasedThisFrame; }

    // True when a tap (press and release without drag) ended inside the rect this frame.
    bool tapped(float x0, float y0, float x1, float y1) const;
    // True while a press that started inside the rect is held without dragging (pressed look).
    bool pressing(float x0, float y0, float x1, float y1) const;

private:
    float m_slop = 12.f;
    bool m_down = false, m_rawDown = false;
    bool m_pressedThisFrame = false, m_releasedThisFrame = false;
    bool m_pendingPress = false, m_pendingRelease = false;
    bool m_dragging = false, m_swallowed = false;
    Vec2 m_pos, m_rawPos, m_pressPos, m_lastFramePos, m_frameDelta, m_velocity;
    std::int64_t m_lastMoveMs = 0;
};

} // namespace kiosk::ui
