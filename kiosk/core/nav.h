#pragma once
// Navigation as pure data: NavState reduce(NavState, Action).
//
// Screens draw the state and return Actions; they never call each other or
// change the state themselves. The app applies actions at the end of a frame
// with reduce(), so every transition is a plain function that doctest covers
// without SDL (tests/kiosk/test_nav.cpp).
//
// Section index: Screen/Page · Filters · NavState · Actions · reduce.
//
// Thread safety: values only.

#include "kiosk/content/model.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kiosk::core {

enum class Screen { Home, ThemeList, Detail, Events, Search, Filters, Pin, Staff };

// "home", "theme", "detail", "events", "search", "filters", "pin", "staff" (script names).
const char* screenName(Screen s);

struct Page {
    Screen screen = Screen::Home;
    std::string themeId; // ThemeList
    std::string entryId; // Detail
    friend bool operator==(const Page&, const Page&) = default;
};

// A stable key for a page ("theme:patenschaften"), e.g. for its scroll position.
std::string pageKey(const Page& page);

// Age groups the filter offers, as [min, max] years.
struct AgeGroup {
    int min;
    int max;
    const char* labelKey; // i18n key
};
inline constexpr AgeGroup kAgeGroups[] = {
    {0, 3, "age.0_3"}, {3, 6, "age.3_6"}, {6, 10, "age.6_10"}, {10, 14, "age.10_14"}, {14, 18, "age.14_18"},
    {18, 120, "age.adults"},
};
inline constexpr int kAgeGroupCount = static_cast<int>(sizeof(kAgeGroups) / sizeof(kAgeGroups[0]));

struct Filters {
    int ageGroup = -1; // index into kAgeGroups, -1 = any
    std::optional<content::EntryKind> kind;
    bool freeOnly = false;
    bool openNow = false;
    bool active() const { return ageGroup >= 0 || kind || freeOnly || openNow; }
    friend bool operator==(const Filters&, const Filters&) = default;
};

enum class Mode { Normal, Attract, Night };

struct NavState {
    std::vector<Page> stack{Page{}}; // never empty; back() is the current page, front() is Home
    std::string language = "de";
    std::string defaultLanguage = "de";
    std::string searchText;
    Filters filters;
    Mode mode = Mode::Normal;
    int attractSlide = 0;
    std::string pinDigits;
    bool languageMenu = false; // the language picker overlay is open
    // When the last navigation happened (for the screen transition) and which way it went.
    std::int64_t transitionStartMs = -1;
    int transitionDirection = 0; // +1 forward, -1 back, 0 none (fade)

    const Page& current() const { return stack.back(); }
    Screen screen() const { return stack.back().screen; }
};

// ---- Actions --------------------------------------------------------------
namespace act {
struct GoHome {};
struct Back {};
struct OpenTheme { std::string themeId; };
struct OpenEntry { std::string entryId; };
struct OpenEvents {};
struct OpenSearch {};
struct OpenFilters {};
struct SetLanguage { std::string code; };
struct TypeText { std::string text; }; // appended to the search text (UTF-8)
struct Backspace {};                   // removes the last UTF-8 character
struct ClearSearch {};
struct SetAgeGroup { int index; };     // -1 clears
struct SetKind { std::optional<content::EntryKind> kind; };
struct ToggleFree {};
struct ToggleOpenNow {};
struct ResetFilters {};
struct IdleReset {};                   // left alone: home, default language, no search, no filters
struct EnterAttract {};
struct NextSlide {};
struct ExitAttract {};                 // the first touch ends attract mode (and does nothing else)
struct EnterNight {};
struct ExitNight {};
struct OpenPin {};                     // the staff gesture
struct PinDigit { char digit; };
struct PinBackspace {};
struct PinAccepted {};                 // the app checked the hash
struct PinRejected {};
struct CloseStaff {};
struct OpenLanguageMenu {};
struct CloseLanguageMenu {};
} // namespace act

using Action = std::variant<act::GoHome, act::Back, act::OpenTheme, act::OpenEntry, act::OpenEvents, act::OpenSearch,
                            act::OpenFilters, act::SetLanguage, act::TypeText, act::Backspace, act::ClearSearch,
                            act::SetAgeGroup, act::SetKind, act::ToggleFree, act::ToggleOpenNow, act::ResetFilters,
                            act::IdleReset, act::EnterAttract, act::NextSlide, act::ExitAttract, act::EnterNight,
                            act::ExitNight, act::OpenPin, act::PinDigit, act::PinBackspace, act::PinAccepted,
                            act::PinRejected, act::CloseStaff, act::OpenLanguageMenu, act::CloseLanguageMenu>;

inline constexpr std::size_t kMaxSearchBytes = 64;
inline constexpr std::size_t kMaxPinDigits = 8;
inline constexpr std::size_t kMaxStackDepth = 16;

// Applies an action. `nowMs` stamps transitions. Pure.
NavState reduce(NavState state, const Action& action, std::int64_t nowMs);

} // namespace kiosk::core
