#include "search_screen.h"

#include "widgets/basic.h"

namespace kiosk::ui {

// Placeholder until the screen is built: a navigation bar and the screen's name.
void drawSearchScreen(Context& ctx) {
    const Rect content = navigationBar(ctx, "Search");
    drawText(ctx, ctx.fonts.body, ImVec2(content.x0 + ctx.m.pad, content.y0 + ctx.m.pad), ctx.p.muted, "Search");
}

} // namespace kiosk::ui
