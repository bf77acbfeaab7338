#pragma once
// Home: site name, clock and date, theme tiles (icon, colour, count) and a
// "this week" strip of upcoming events and highlights. Also the "no content
// yet" screen when no pack is installed.
#include "ui/context.h"

namespace kiosk::ui {
void drawHomeScreen(Context& ctx);
void drawNoContentScreen(Context& ctx);
} // namespace kiosk::ui
