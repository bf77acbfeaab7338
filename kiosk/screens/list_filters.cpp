#include "list_filters.h"

namespace kiosk::ui {

content::EntryFilter toEntryFilter(const core::Filters& filters, const std::string& themeId) {
    content::EntryFilter f;
    if (!themeId.empty()) f.theme = themeId;
    f.kind = filters.kind;
    f.freeOnly = filters.freeOnly;
    f.openNow = filters.openNow;
    if (filters.ageGroup >= 0 && filters.ageGroup < core::kAgeGroupCount) {
        const auto& g = core::kAgeGroups[filters.ageGroup];
        f.ageRange = std::make_pair(g.min, g.max);
    }
    return f;
}

int activeFilterCount(const core::Filters& filters) {
    return (filters.ageGroup >= 0 ? 1 : 0) + (filters.kind ? 1 : 0) + (filters.freeOnly ? 1 : 0) +
           (filters.openNow ? 1 : 0);
}

std::string filteredThemeId(const core::NavState& nav) {
    // The sheet sits on top of the list it filters; look below it for the nearest theme list.
    for (auto it = nav.stack.rbegin(); it != nav.stack.rend(); ++it) {
        if (it->screen == core::Screen::ThemeList) return it->themeId;
        if (it->screen != core::Screen::Filters) break;
    }
    return {};
}

} // namespace kiosk::ui
