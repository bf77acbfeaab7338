#pragma once
// The visitor's filters (core::Filters, part of the navigation state) as a
// content query, shared by the theme list and the filter sheet so the sheet's
// live count is exactly what the list will show.
// Thread safety: values only.

#include "core/nav.h"

#include "kiosk/content/store.h"

#include <string>

namespace kiosk::ui {

// The query for one theme's list ("" = all themes) with the filters applied.
content::EntryFilter toEntryFilter(const core::Filters& filters, const std::string& themeId);
// How many filters are switched on (for "Filter (2)").
int activeFilterCount(const core::Filters& filters);
// The theme the filter sheet works on: the theme list it was opened from, or "" (all entries).
std::string filteredThemeId(const core::NavState& nav);

} // namespace kiosk::ui
