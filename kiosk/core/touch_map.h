#pragma once
// Where a touch lands on the UI: touch calibration and screen rotation as pure
// arithmetic, so doctest covers every corner without a screen.
//
// The pipeline for each finger or mouse event, in normalised coordinates
// (0..1 across the window as the panel shows it):
//   1. calibration: the 3x2 matrix of libinput's LIBINPUT_CALIBRATION_MATRIX
//      (x' = a x + b y + c, y' = d x + e y + f), built from the configuration's
//      `touch.matrix`, then `swap_xy`, then `invert_x` / `invert_y` (evdev's order);
//   2. rotation: the UI is drawn turned clockwise by `screen.rotation` degrees
//      on the panel (app.cpp renders into a texture and turns it), so a point on
//      the panel is turned back to where it is in the UI;
//   3. scale by the UI's (logical) size in pixels.
// The identity calibration and rotation 0 leave a point where it is.
//
// Thread safety: pure functions and plain values.

#include <array>

namespace kiosk::core {

struct TouchPoint {
    float x = 0, y = 0;
    friend bool operator==(const TouchPoint&, const TouchPoint&) = default;
};

// libinput's calibration matrix (the first two rows; the third is 0 0 1).
struct TouchCalibration {
    std::array<float, 6> m{1, 0, 0, 0, 1, 0};
    bool identity() const { return m == std::array<float, 6>{1, 0, 0, 0, 1, 0}; }
    friend bool operator==(const TouchCalibration&, const TouchCalibration&) = default;
};

// `matrix` (libinput's six values), then swapping the axes, then mirroring them, as one matrix.
TouchCalibration makeCalibration(const std::array<float, 6>& matrix, bool swapXy, bool invertX, bool invertY);

TouchPoint applyCalibration(const TouchCalibration& c, TouchPoint normalised);

// A point on the panel (normalised) to the same place in the UI (normalised), for a UI drawn
// turned clockwise by `rotation` (0, 90, 180 or 270; anything else is treated as 0).
TouchPoint unrotate(TouchPoint panel, int rotation);

// The UI's size for a panel of `panelW` x `panelH` pixels: width and height swapped at 90 and 270.
void rotatedSize(int panelW, int panelH, int rotation, int& uiW, int& uiH);

// The whole pipeline: a normalised point on the panel to UI pixels (uiW x uiH), clamped to the UI.
TouchPoint mapTouch(TouchPoint panelNormalised, const TouchCalibration& c, int rotation, float uiW, float uiH);

} // namespace kiosk::core
