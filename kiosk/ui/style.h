#pragma once
// The kiosk's look: palette, sizes derived from the screen, fonts.
//
// Everything scales from one unit u = min(width, height) / 480, so 800x480
// and 1920x1080 (and their portrait twins) get the same layout at different
// sizes; touch targets never drop below 9 mm at the configured screen size.
// Fonts (Noto Sans with Latin, Turkish, Polish and Cyrillic coverage, Material
// Icons merged in) are built once per scale, like Tracy's LoadFonts(scale).
//
// Thread safety: UI thread only (ImGui).

#include <imgui.h>

#include <string>
#include <vector>

namespace kiosk::ui {

struct Palette {
    ImU32 background = IM_COL32(247, 243, 236, 255);
    ImU32 surface = IM_COL32(255, 255, 255, 255);
    ImU32 surfacePressed = IM_COL32(232, 238, 244, 255);
    ImU32 text = IM_COL32(29, 36, 48, 255);
    ImU32 muted = IM_COL32(84, 94, 108, 255);
    ImU32 accent = IM_COL32(31, 95, 139, 255);
    ImU32 accentPressed = IM_COL32(22, 70, 104, 255);
    ImU32 onAccent = IM_COL32(255, 255, 255, 255);
    ImU32 good = IM_COL32(33, 115, 56, 255);
    ImU32 goodSoft = IM_COL32(220, 240, 225, 255);
    ImU32 bad = IM_COL32(170, 40, 34, 255);
    ImU32 badgeSoft = IM_COL32(236, 231, 222, 255);
    ImU32 shadow = IM_COL32(40, 30, 20, 28);
    ImU32 divider = IM_COL32(221, 214, 203, 255);
};

struct Metrics {
    float width = 800, height = 480;
    bool portrait = false;
    float u = 1;        // base unit
    float pxPerMm = 5;  // physical density
    float touch = 52;   // minimum touch target side
    float pad = 12;     // inner padding
    float gap = 10;     // between elements
    float radius = 14;  // card corners
    float topBar = 64;  // height of the navigation bar

    // Derives everything from the window size and the physical diagonal (0 = unknown).
    static Metrics forScreen(float width, float height, double diagonalInch, float sdlDpi);
};

struct Fonts {
    ImFont* small = nullptr;
    ImFont* body = nullptr;
    ImFont* bold = nullptr;
    ImFont* title = nullptr;
    ImFont* huge = nullptr;
    ImFont* iconLarge = nullptr; // theme tile icons
    std::string textFontPath;    // what was found, for the staff screen
};

// Builds the font atlas for these metrics. `extraIcons` are code points the
// pack's themes use. Returns false when no usable text font exists (then
// ImGui's built-in font is used: ugly but never blank).
bool loadFonts(Fonts& fonts, const Metrics& m, const std::vector<unsigned>& extraIcons);

// The ImGui style: big rounded shapes, no window chrome.
void applyStyle(const Metrics& m, const Palette& p);

// "#RRGGBB" -> colour; `fallback` for anything else.
ImU32 parseColour(const std::string& hex, ImU32 fallback);
// A colour darkened (factor < 1) or lightened towards white (factor > 1).
ImU32 shade(ImU32 colour, float factor);

} // namespace kiosk::ui
