#pragma once
// The card that stands for one entry in lists (theme list, events, search):
// photo (cover-cropped, or a theme-coloured panel with the theme's icon when
// the entry has none), title, a two- to three-line summary, the
// organisation/city line and a row of badges. The whole card is one tap
// target "entry:<id>" labelled with the title.
//
// All cards of one width have the same height (entryCardHeight), so a list
// can place them on a grid arithmetically and draw only the visible ones.
// The photo sits on the left of wide cards and on top of narrow ones.
//
// Thread safety: UI thread only.

#include "ui/context.h"

#include <string>

namespace kiosk::ui {

struct EntryCardOptions {
    // A line above the title in the accent colour, e.g. an event's time ("18:00 Uhr"); "" = none.
    std::string kicker;
    // Leave out the event-date badge (when the list already groups by date).
    bool hideEventDate = false;
};

// Height of a card of this width (it depends on the width only: photo left or on top).
float entryCardHeight(const Context& ctx, float width);
// Draws the card in r (r.h() should be entryCardHeight(ctx, r.w())); true when tapped.
bool entryCard(Context& ctx, const content::Entry& entry, const Rect& r, const EntryCardOptions& options = {});

// How many card columns fit a list of this width (1 on portrait and narrow screens, up to 3).
int entryCardColumns(const Context& ctx, float width);

} // namespace kiosk::ui
