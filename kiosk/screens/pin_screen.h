#pragma once
// Staff PIN entry with a numeric keypad; wrong PINs back off.
#include "ui/context.h"

namespace kiosk::ui {
void drawPinScreen(Context& ctx);
} // namespace kiosk::ui
