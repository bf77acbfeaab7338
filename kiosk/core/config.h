#pragma once
// The kiosk's configuration: one JSON file (`kiosk --config FILE`), every key
// optional, documented in docs/kiosk-config.md. Unknown keys are reported (a
// typo must not silently fall back to a default) but do not stop the kiosk.
//
// Failure: loadConfig returns an Error naming the file, key and reason for a
// file that cannot be used (not JSON, wrong types, values out of range).
// Thread safety: plain values.

#include "kiosk/content/report.h"
#include "touch_map.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::core {

struct ScreenConfig {
    int width = 0;           // 0 = the display's size
    int height = 0;
    int rotation = 0;        // 0, 90, 180, 270: the UI is drawn turned clockwise by this much (touch_map.h)
    double diagonalInch = 0; // physical size, for 9 mm touch targets; 0 = ask SDL for the DPI
};

struct Config {
    std::filesystem::path dataDir = "/var/lib/stadtteilkompass";
    std::filesystem::path pack;              // explicit pack; default: the active pack in dataDir
    std::vector<std::string> trustedKeys;    // minisign public keys (base64 lines or .pub paths)
    std::vector<std::string> channels;       // accepted channels; empty = any signed by a trusted key
    std::vector<std::string> languages;      // UI languages offered; empty = the pack's
    std::string defaultLanguage = "de";
    int idleSeconds = 90;                    // back to home, default language, filters cleared
    int attractSeconds = 180;                // then the slideshow of highlights
    int attractSlideSeconds = 8;
    std::string screenOnHours;               // OSM opening_hours when the screen is on; "" = always
    std::string staffPinHash;                // crypto_pwhash_str of the staff PIN; "" = staff screen disabled
    ScreenConfig screen;
    bool kioskMode = true;                   // ignore system shortcuts, hide the cursor
    // Installs (issue 4): where USB sticks appear, and what an install must leave free.
    std::vector<std::string> usbRoots = {"/media", "/run/media", "/mnt/usb"};
    bool usbRequireMountPoint = true;        // only real mounts count (false: any new folder, e.g. for tests)
    int reserveMb = 64;                      // free space an install must leave in data_dir
    bool usageStatistics = true;             // anonymous daily counts in data_dir/stats.sqlite (docs/usage-stats.md)
    // Web refresh (issue 5, docs/web-refresh.md): each channel's manifest.json, checked every
    // refreshIntervalMinutes (with jitter and back-off), downloads capped at refreshMaxKbps (0 = none).
    struct RefreshSource {
        std::string channel;
        std::string url;
    };
    std::vector<RefreshSource> refresh;
    int refreshIntervalMinutes = 60;
    int refreshMaxKbps = 0;

    // Issue 7 (docs/display-power.md): screen power, touch calibration, the texture budget.
    bool screenFollowsSiteHours = true;      // screen off all day on the site's closing days
    std::vector<std::string> publicHolidays = {"DE"}; // "DE" (nationwide German) and/or ISO dates
    std::string displayPower = "auto";       // auto | command | backlight | none
    std::vector<std::string> displayOffCommand, displayOnCommand; // argv, no shell; "{output}" = first output
    std::string displayBacklight;            // bl_power file for "backlight"; "" = the first one found
    TouchCalibration touch;                  // "touch": {"matrix": [6], "swap_xy", "invert_x", "invert_y"}
    int textureCacheMb = 0;                  // photo textures; 0 = automatic: 64, or 3 on SDL's software renderer

    std::vector<std::string> warnings;       // unknown keys etc., shown on the staff screen
};

content::Result<Config> loadConfig(const std::filesystem::path& file);
content::Result<Config> parseConfig(std::string_view json, const std::string& fileName);

// libsodium crypto_pwhash_str of a PIN (for `kiosk --hash-pin`), and its check.
std::string hashPin(const std::string& pin);
bool checkPin(const std::string& hash, const std::string& pin);

} // namespace kiosk::core
