#pragma once
// What a screen gets to draw one frame, and where it puts its actions.
//
// Screens are functions `void drawX(Context&)`: they read the navigation
// state, the content store and the clock, draw with the widgets, and emit
// Actions. They never change state themselves and never call each other.
// Thread safety: UI thread only.

#include "core/config.h"
#include "core/i18n.h"
#include "core/nav.h"
#include "registry.h"
#include "scroll_state.h"
#include "style.h"
#include "textures.h"
#include "touch.h"

#include "kiosk/content/datetime.h"
#include "kiosk/content/store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace kiosk::ui {

// What the installer is doing (USB overlay, staff screen). The app fills it from
// the InstallService's events; texts are i18n keys so a language switch applies.
struct InstallStatus {
    enum class Stage { Hidden, Detected, Checking, Installing, Installed, Refused, NothingFound, Exporting, Exported, ExportFailed };
    Stage stage = Stage::Hidden;
    std::string packTitle;      // the candidate's title in German (content language applied when drawn is not possible)
    std::int64_t version = 0;
    int entries = 0;
    std::uint64_t done = 0, total = 0;
    std::string messageKey;     // install.code.<name>, install.nothing, stats.exported, ...
    std::vector<std::pair<std::string, std::string>> params;
    std::int64_t hideAtMs = 0;  // when the overlay goes away by itself (0 = stays while working)
    bool rolledBack = false;    // Installed by the staff's "restore the previous version"
    bool finished() const {
        return stage == Stage::Installed || stage == Stage::Refused || stage == Stage::NothingFound ||
               stage == Stage::Exported || stage == Stage::ExportFailed;
    }
};

// Staff screen buttons that are not navigation: the app carries them out.
enum class StaffCommand { InstallAnyway, RollBack, ExportStats, CheckSticks, RefreshNow };

// One channel of the web refresh, as the staff screen shows it.
struct RefreshRow {
    std::string channel;
    std::string code;          // refresh code name: "unchanged", "network-error", ... (i18n "refresh.code.<code>")
    bool error = false;
    std::string lastCheck;     // "21.11. 10:15" local time, "" = never
    std::string nextCheck;
    std::int64_t installedVersion = 0, availableVersion = 0;
    bool checking = false;
    std::uint64_t done = 0, total = 0;
};

// Facts for the staff screen that come from outside the UI.
struct StaffInfo {
    std::string packPath;
    std::uint64_t freeBytes = 0;
    std::vector<std::string> notes; // configuration warnings, load problems
    int pinFailures = 0;
    std::int64_t pinLockedUntilMs = 0;
    // Installs (issue 4)
    InstallStatus install;
    std::string lastInstall;             // English, from the log: "2026-11-21 10:15 installed beispiel v5 (35 entries)"
    std::string notNewerTitle;           // a valid older/same pack on the stick staff may install anyway ("" = none)
    std::int64_t previousVersion = 0;    // of the shown channel, for "roll back" (0 = none kept)
    std::vector<std::string> logTail;    // last 50 lines of the kiosk log
    long long statsTotal = -1;           // events counted (-1 = statistics off)
    std::string lastExport;              // "2026-11-21: /media/STICK/kiosk/statistik-….csv" or why it failed
    bool stickPresent = false;
    std::vector<RefreshRow> refresh;     // web refresh channels (empty: not configured)
    std::vector<std::string> shownChannels; // the channels on screen, primary first
};

struct Context {
    const content::ContentStore* store = nullptr; // null: no content installed
    const core::NavState& nav;
    const core::Config& config;
    const core::I18n& i18n;
    content::DateTime now;   // wall clock for opening hours and events
    std::int64_t nowMs = 0;  // monotonic ms for animations
    Metrics m;
    Palette p;
    Fonts fonts;
    TouchInput& touch;
    TextureCache& textures;
    Registry& registry;
    const StaffInfo& staff;
    std::unordered_map<std::string, ScrollState>& scrolls;

    bool inputBlocked = false; // an overlay is open: widgets below it neither react nor register

    std::vector<core::Action> actions;
    std::optional<std::string> pinSubmitted; // the PIN screen's OK: the app checks the hash and backs off
    std::vector<std::pair<StaffCommand, std::string>> staffCommands; // with a channel where it applies to one
    bool animating = false; // a widget wants another frame soon (scrolling, transitions)

    void emit(core::Action a) { actions.push_back(std::move(a)); }
    const std::string& lang() const { return nav.language; }
    // The language content is shown in: right-to-left languages fall back to
    // English (no shaping here), and every field falls back to German.
    std::string contentLang() const { return core::I18n::isRightToLeft(nav.language) ? "en" : nav.language; }
    const std::string& tr(std::string_view key) const { return i18n.tr(key, nav.language); }
    std::string fmt(std::string_view key, const std::vector<std::pair<std::string, std::string>>& v) const {
        return i18n.format(key, nav.language, v);
    }
};

} // namespace kiosk::ui
