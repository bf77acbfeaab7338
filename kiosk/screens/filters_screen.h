#pragma once
// Age group, kind, free, open now.
#include "ui/context.h"

namespace kiosk::ui {
void drawFiltersScreen(Context& ctx);
} // namespace kiosk::ui
