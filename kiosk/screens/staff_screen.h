#pragma once
// Pack title, channel, version, counts, disk space, notes.
#include "ui/context.h"

namespace kiosk::ui {
void drawStaffScreen(Context& ctx);
} // namespace kiosk::ui
