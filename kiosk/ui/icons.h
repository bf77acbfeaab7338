#pragma once
// Icons from the Material Icons font (Debian fonts-material-design-icons-iconfont).
// UI icons have fixed code points; theme icons are named in the pack
// ("child_care") and resolved through the package's CSS, read once at start.
// Unknown names fall back to a neutral icon, never to a missing glyph.
// Thread safety: iconByName() is safe after loadIconNames() returned.

#include <string>
#include <string_view>
#include <vector>

namespace kiosk::ui::icon {

// UTF-8 strings of the code points, for ImGui text.
inline constexpr const char* kBack = "\xee\x97\x84";      // e5c4 arrow_back
inline constexpr const char* kHome = "\xee\xa2\x8a";      // e88a home
inline constexpr const char* kSearch = "\xee\xa2\xb6";    // e8b6 search
inline constexpr const char* kLanguage = "\xee\xa2\x94";  // e894 language
inline constexpr const char* kTune = "\xee\x90\xa9";      // e429 tune (filters)
inline constexpr const char* kEvent = "\xee\xa1\xb8";     // e878 event
inline constexpr const char* kPhone = "\xee\x83\x8d";     // e0cd phone
inline constexpr const char* kEmail = "\xee\x82\xbe";     // e0be email
inline constexpr const char* kWeb = "\xee\xa0\x8b";       // e80b public
inline constexpr const char* kPlace = "\xee\x95\x9f";     // e55f place
inline constexpr const char* kSchedule = "\xee\xa2\xb5";  // e8b5 schedule
inline constexpr const char* kCheck = "\xee\x97\x8a";     // e5ca check
inline constexpr const char* kClose = "\xee\x97\x8d";     // e5cd close
inline constexpr const char* kBackspace = "\xee\x85\x8a"; // e14a backspace
inline constexpr const char* kQr = "\xee\x80\x8a";        // e00a qr_code_2
inline constexpr const char* kLock = "\xee\xa2\x97";      // e897 lock
inline constexpr const char* kInfo = "\xee\xa2\x8e";      // e88e info
inline constexpr const char* kPerson = "\xee\x9f\xbd";    // e7fd person
inline constexpr const char* kBusiness = "\xee\x82\xaf";  // e0af business
inline constexpr const char* kTouch = "\xee\xa4\x93";     // e913 touch_app
inline constexpr const char* kCalendar = "\xee\xa4\xb5";  // e935 calendar_today
inline constexpr const char* kStorage = "\xee\x87\x9b";   // e1db storage
inline constexpr const char* kChevron = "\xee\x97\x8c";   // e5cc chevron_right
inline constexpr const char* kEuro = "\xee\xa8\x95";      // ea15 euro
inline constexpr const char* kStar = "\xee\xa0\xb8";      // e838 star
inline constexpr const char* kShift = "\xee\x8c\x98";     // e318 keyboard_capslock
inline constexpr const char* kSpace = "\xee\x89\x96";     // e256 space_bar
inline constexpr const char* kReset = "\xef\x81\x93";     // f053 restart_alt
inline constexpr const char* kUsb = "\xee\x87\xa0";       // e1e0 usb
inline constexpr const char* kError = "\xee\x80\x80";     // e000 error
inline constexpr const char* kChart = "\xee\x89\xab";     // e26b bar_chart
inline constexpr const char* kHistory = "\xee\xa2\x89";   // e889 history
inline constexpr unsigned kFallback = 0xe88e;             // info

// Reads name -> code point from the icon font's CSS; returns false if not found
// (then only the UI icons above and a built-in list of theme icons work).
bool loadIconNames(const std::string& cssPath);
// The code point for a Material Icons name ("child_care"); kFallback if unknown.
unsigned codepointByName(std::string_view name);
// UTF-8 of a code point.
std::string utf8(unsigned codepoint);
// All code points the UI icons use (for the font atlas).
std::vector<unsigned> uiCodepoints();

} // namespace kiosk::ui::icon
