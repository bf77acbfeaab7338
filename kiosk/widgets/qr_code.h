#pragma once
// A QR code a phone can scan from half a metre: crisp dark squares on a
// white quiet zone of four modules, each module a whole number of pixels.
//
// Size: at least ~35 mm on the glass (Metrics::pxPerMm) and at least 180*u
// px, never wider than the room given; modules at least ~0.6 mm. When a text
// would need modules smaller than that, the next, shorter text is taken
// (a compact vCard, the website, the phone number): a code that fits but
// cannot be scanned helps nobody.
//
//   auto code = layoutQrCode(ctx, texts, maxWidth);  // nullopt: nothing fits
//   if (code) drawQrCode(*code, ImVec2(x, y));       // code->side x code->side px
//
// Encoding picks masks and costs up to a few ms for big codes, so results are
// cached by text and size. Thread safety: UI thread only.

#include "core/qr.h"
#include "ui/context.h"

#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::ui {

struct QrCodeLayout {
    core::QrMatrix matrix;
    std::size_t textIndex = 0; // which of the texts is shown
    int modulePx = 1;          // pixels per module
    float side = 0;            // code with quiet zone, px
};

// The first of `texts` whose code fits maxWidth with scannable modules.
std::optional<QrCodeLayout> layoutQrCode(const Context& ctx, const std::vector<std::string>& texts, float maxWidth);

// Draws the code (quiet zone included) with its top-left corner at pos.
void drawQrCode(const Context& ctx, const QrCodeLayout& code, ImVec2 pos);

// Text centred line by line within [x0, x0 + width], wrapped; registered for
// expect-text as one text. Returns the height.
float drawCentredText(Context& ctx, ImFont* font, float x0, float y, float width, ImU32 colour, std::string_view text);

} // namespace kiosk::ui
