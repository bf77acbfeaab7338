#pragma once
// Slow slideshow of highlights when the kiosk is left alone; ends on the first touch.
#include "ui/context.h"

namespace kiosk::ui {
void drawAttractScreen(Context& ctx);
} // namespace kiosk::ui
