#pragma once
// Pieces of the search screen (search_screen.cpp): the compact result row and
// the theme chips offered when there is nothing (or nothing found) to show.
//
// The search uses its own compact row instead of widgets/entry_card.h: on an
// 800x480 landscape screen with the keyboard open only ~120 units of height
// are left, where a full entry card (~160 units) would not fit even once; a
// row of one touch target's height shows two to four hits there.
//
// Thread safety: UI thread only.

#include "ui/context.h"

namespace kiosk::ui {

// Height of a result row (>= ctx.m.touch).
float resultRowHeight(const Context& ctx);
// One hit: theme colour stripe, photo thumbnail (or the theme's icon), the
// title and one line of kind · date · city · summary, a chevron. Tap target
// "entry:<id>" labelled with the title; true when tapped.
bool resultRow(Context& ctx, const content::Entry& e, const Rect& r);

// One chip per theme of the pack (tap target "theme:<id>", emits
// act::OpenTheme), wrapped in rows from (x0, y) to x1. Returns the height used.
float themeChips(Context& ctx, float x0, float y, float x1);

} // namespace kiosk::ui
