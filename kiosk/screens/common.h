#pragma once
// Small helpers several screens share: entry badges, date and time texts,
// highlights for the home strip and attract mode.
// Thread safety: UI thread only.

#include "ui/context.h"

#include <string>
#include <vector>

namespace kiosk::ui {

struct BadgeSpec {
    std::string text;
    ImU32 background;
    ImU32 foreground;
};
// "kostenlos", "0–3 Jahre", "jetzt geöffnet" ... for an entry's card.
std::vector<BadgeSpec> entryBadges(const Context& ctx, const content::Entry& e);
// Draws badges in a row from pos, wrapping at maxX; returns the height used.
float drawBadges(Context& ctx, ImVec2 pos, float maxX, const std::vector<BadgeSpec>& badges);

// "Mittwoch, 19. August 2026"
std::string longDate(const Context& ctx, const content::Date& d);
// "18:00 Uhr" / "18:00"
std::string clockText(const Context& ctx, int minuteOfDay);
// "Mi 19.08." + time when given
std::string shortDateTime(const Context& ctx, const content::DateTime& dt);
// Theme colour with a readable fallback.
ImU32 themeColour(const Context& ctx, const std::string& themeId);
// Entries to feature: upcoming events first, then entries with photos, rotating by day.
std::vector<const content::Entry*> highlights(const Context& ctx, std::size_t count);

} // namespace kiosk::ui
