#pragma once
// A vertical scroll area that feels like a phone: drag to scroll, fling with
// inertia, rubber-band past the ends and spring back. A press that turns into
// a drag never becomes a tap on the card under the finger (TouchInput).
//
//   ScrollArea area(ctx, "theme:" + id, viewport);
//   float y = area.top();            // draw content from here, at absolute positions
//   ... y += cardHeight ...
//   area.end(y - area.top());        // total content height
//
// Content is clipped to the viewport. Thread safety: UI thread only.

#include "ui/context.h"

#include <string>

namespace kiosk::ui {

class ScrollArea {
public:
    ScrollArea(Context& ctx, const std::string& key, const Rect& viewport);
    ~ScrollArea();
    ScrollArea(const ScrollArea&) = delete;
    ScrollArea& operator=(const ScrollArea&) = delete;

    float top() const { return m_top; }
    const Rect& viewport() const { return m_viewport; }
    // Is a rectangle at least partly visible? (skip drawing what is not)
    bool visible(float y0, float y1) const { return y1 >= m_viewport.y0 && y0 <= m_viewport.y1; }
    void end(float contentHeight);

private:
    Context& m_ctx;
    ScrollState& m_state;
    Rect m_viewport;
    float m_top = 0;
    bool m_ended = false;
};

} // namespace kiosk::ui
