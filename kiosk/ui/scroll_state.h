#pragma once
// The physics state of one kinetic scroll area, kept between frames by the app
// (per page, so "back" returns to where the visitor was).

#include <cstdint>

namespace kiosk::ui {

struct ScrollState {
    float offset = 0;        // px scrolled from the top (may briefly leave [0, max] while bouncing)
    float velocity = 0;      // px per second
    float maxOffset = 0;     // from the last frame's content height
    bool tracking = false;   // the current press started inside this area
    std::int64_t lastMs = -1;
};

} // namespace kiosk::ui
