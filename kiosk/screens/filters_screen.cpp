#include "filters_screen.h"

#include "widgets/basic.h"

namespace kiosk::ui {

// Placeholder until the screen is built: a navigation bar and the screen's name.
void drawFiltersScreen(Context& ctx) {
    const Rect content = navigationBar(ctx, "Filters");
    drawText(ctx, ctx.fonts.body, ImVec2(content.x0 + ctx.m.pad, content.y0 + ctx.m.pad), ctx.p.muted, "Filters");
}

} // namespace kiosk::ui
