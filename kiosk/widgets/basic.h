#pragma once
// The kiosk's basic widgets, drawn with ImGui's draw lists on absolute screen
// rectangles: text that registers itself for scripts, tap targets that ignore
// drags, buttons with a pressed look, badges, the navigation bar and the
// language picker. Every tappable thing goes through tap(), so every one of
// them is reachable by the headless script mode by its id or label.
// Thread safety: UI thread only.

#include "ui/context.h"

#include <imgui.h>

#include <string>
#include <string_view>

namespace kiosk::ui {

ImDrawList* drawList();

// Size of text in a font, wrapped at wrapWidth (0 = no wrap).
ImVec2 measureText(ImFont* font, std::string_view text, float wrapWidth = 0);
// Draws text at pos (top-left); returns its height. Registered for expect-text.
float drawText(Context& ctx, ImFont* font, ImVec2 pos, ImU32 colour, std::string_view text, float wrapWidth = 0);
// Text cut with "…" to fit maxWidth on one line.
std::string ellipsize(ImFont* font, std::string_view text, float maxWidth);
// Like drawText, but at most `maxLines` lines, the last ending in "…" if cut.
float drawTextLines(Context& ctx, ImFont* font, ImVec2 pos, ImU32 colour, std::string_view text, float wrapWidth,
                    int maxLines);

// A tap target: registered under id/label; true when tapped this frame (not
// when a drag ended on it). Respects the current clip rectangle.
bool tap(Context& ctx, const std::string& id, const std::string& label, const Rect& r);
// True while the target is held down (for the pressed look).
bool pressing(Context& ctx, const Rect& r);

struct ButtonLook {
    ImU32 background;
    ImU32 foreground;
    ImFont* font = nullptr; // default: bold
    bool outline = false;
};
// Rounded button with an optional icon before the label. Returns true when tapped.
bool button(Context& ctx, const std::string& id, const std::string& label, const char* icon, const Rect& r,
            const ButtonLook& look);
ButtonLook primaryLook(const Context& ctx);
ButtonLook quietLook(const Context& ctx);

// A small rounded label ("kostenlos", "0–3 Jahre"); returns its width.
float badge(Context& ctx, ImVec2 pos, std::string_view text, ImU32 background, ImU32 foreground);

// An image of the pack drawn to fill r completely (cover-cropped, never
// stretched), rounded. Returns false, drawing nothing, when the image is not
// available, so the caller can draw its fallback. `verticalBias` as coverUv().
bool drawCoverImage(Context& ctx, const std::string& imageId, const Rect& r, float rounding,
                    ImDrawFlags corners = ImDrawFlags_RoundCornersAll, ImU32 tint = IM_COL32_WHITE,
                    float verticalBias = 0.5f);

// Card background with a soft shadow; `pressed` darkens it.
void cardBackground(const Context& ctx, const Rect& r, bool pressed);

// The bar at the top of every screen: back (left, when there is somewhere to
// go back to), the title, then search, language and home at the right, always
// in the same places. Returns the content rectangle below it.
Rect navigationBar(Context& ctx, std::string_view title);

// The language picker overlay (when nav.languageMenu): one big button per
// language in its own name. Draw it last so it is on top.
void languageMenu(Context& ctx);

// Full-window ImGui window that screens draw into.
void beginScreenWindow(const char* name, const Metrics& m, ImU32 background);
void endScreenWindow();

} // namespace kiosk::ui
