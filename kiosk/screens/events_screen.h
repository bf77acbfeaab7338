#pragma once
// Upcoming events by date; past ones disappear by themselves.
#include "ui/context.h"

namespace kiosk::ui {
void drawEventsScreen(Context& ctx);
} // namespace kiosk::ui
