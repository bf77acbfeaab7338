#include "touch_map.h"

#include <algorithm>

namespace kiosk::core {

namespace {

// a ∘ b: first b, then a (both as 3x3 with the row 0 0 1).
std::array<float, 6> compose(const std::array<float, 6>& a, const std::array<float, 6>& b) {
    return {a[0] * b[0] + a[1] * b[3],        a[0] * b[1] + a[1] * b[4],        a[0] * b[2] + a[1] * b[5] + a[2],
            a[3] * b[0] + a[4] * b[3],        a[3] * b[1] + a[4] * b[4],        a[3] * b[2] + a[4] * b[5] + a[5]};
}

} // namespace

TouchCalibration makeCalibration(const std::array<float, 6>& matrix, bool swapXy, bool invertX, bool invertY) {
    std::array<float, 6> m = matrix;
    if (swapXy) m = compose({0, 1, 0, 1, 0, 0}, m);
    if (invertX) m = compose({-1, 0, 1, 0, 1, 0}, m);
    if (invertY) m = compose({1, 0, 0, 0, -1, 1}, m);
    return TouchCalibration{m};
}

TouchPoint applyCalibration(const TouchCalibration& c, TouchPoint p) {
    const auto& m = c.m;
    return {m[0] * p.x + m[1] * p.y + m[2], m[3] * p.x + m[4] * p.y + m[5]};
}

TouchPoint unrotate(TouchPoint p, int rotation) {
    // The UI turned clockwise by 90: its top-left corner is at the panel's top-right, so a panel
    // point (u, v) is UI point (v, 1 - u); 180 and 270 follow the same way.
    switch (rotation) {
    case 90: return {p.y, 1 - p.x};
    case 180: return {1 - p.x, 1 - p.y};
    case 270: return {1 - p.y, p.x};
    default: return p;
    }
}

void rotatedSize(int panelW, int panelH, int rotation, int& uiW, int& uiH) {
    const bool swap = rotation == 90 || rotation == 270;
    uiW = swap ? panelH : panelW;
    uiH = swap ? panelW : panelH;
}

TouchPoint mapTouch(TouchPoint panel, const TouchCalibration& c, int rotation, float uiW, float uiH) {
    const TouchPoint ui = unrotate(applyCalibration(c, panel), rotation);
    // A calibration may push the edges a little outside: a touch there still lands on the edge.
    return {std::clamp(ui.x, 0.f, 1.f) * uiW, std::clamp(ui.y, 0.f, 1.f) * uiH};
}

} // namespace kiosk::core
