#pragma once
// On-screen keyboard (German layout with ä ö ü ß), results update per key.
#include "ui/context.h"

namespace kiosk::ui {
void drawSearchScreen(Context& ctx);
} // namespace kiosk::ui
