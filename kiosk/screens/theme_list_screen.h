#pragma once
// Cards of one theme's entries with photo, title, summary and badges; filter button.
#include "ui/context.h"

namespace kiosk::ui {
void drawThemeListScreen(Context& ctx);
} // namespace kiosk::ui
