#include "config.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <array>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace kiosk::core {

using nlohmann::json;

namespace {

content::Error configError(const std::string& file, const std::string& key, std::string message) {
    content::Error e;
    e.file = file;
    e.field = key;
    e.message = std::move(message);
    return e;
}

} // namespace

content::Result<Config> parseConfig(std::string_view text, const std::string& fileName) {
    json j;
    try {
        j = json::parse(text.begin(), text.end());
    } catch (const json::exception& e) { // parse_error, or out_of_range for a number like 1E666
        return configError(fileName, "", std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object()) return configError(fileName, "", "expected a JSON object { ... }");

    Config c;
    static const std::set<std::string> kKnown = {"data_dir", "pack", "trusted_keys", "channels", "languages",
                                                 "default_language", "idle_seconds", "attract_seconds",
                                                 "attract_slide_seconds", "screen_on_hours", "staff_pin_hash",
                                                 "screen", "kiosk_mode", "usb_roots", "usb_require_mount_point",
                                                 "reserve_mb", "usage_statistics", "refresh",
                                                 "refresh_interval_minutes", "refresh_max_kbps",
                                                 "screen_follows_site_hours", "public_holidays", "display_power",
                                                 "display_off_command", "display_on_command", "display_backlight",
                                                 "touch", "texture_cache_mb"};
    for (const auto& [key, value] : j.items())
        if (!kKnown.count(key)) c.warnings.push_back(fileName + ": unknown key '" + key + "' is ignored");

    std::optional<content::Error> error;
    auto str = [&](const char* key, auto& target) {
        if (!j.contains(key) || error) return;
        if (!j[key].is_string()) error = configError(fileName, key, "expected text");
        else target = j[key].template get<std::string>();
    };
    auto list = [&](const char* key, std::vector<std::string>& target) {
        if (!j.contains(key) || error) return;
        if (!j[key].is_array()) {
            error = configError(fileName, key, "expected a list of texts");
            return;
        }
        target.clear();
        for (const auto& v : j[key]) {
            if (!v.is_string()) {
                error = configError(fileName, key, "expected a list of texts");
                return;
            }
            target.push_back(v.get<std::string>());
        }
    };
    auto integer = [&](const json& obj, const char* key, int& target, int min, int max) {
        if (!obj.contains(key) || error) return;
        if (!obj[key].is_number_integer()) {
            error = configError(fileName, key, "expected a whole number");
            return;
        }
        const auto v = obj[key].get<long long>();
        if (v < min || v > max)
            error = configError(fileName, key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
        else target = static_cast<int>(v);
    };

    std::string dataDir = c.dataDir.string(), pack;
    str("data_dir", dataDir);
    str("pack", pack);
    c.dataDir = dataDir;
    if (!pack.empty()) c.pack = pack;
    list("trusted_keys", c.trustedKeys);
    list("channels", c.channels);
    list("languages", c.languages);
    str("default_language", c.defaultLanguage);
    integer(j, "idle_seconds", c.idleSeconds, 10, 86400);
    integer(j, "attract_seconds", c.attractSeconds, 10, 86400);
    integer(j, "attract_slide_seconds", c.attractSlideSeconds, 2, 600);
    str("screen_on_hours", c.screenOnHours);
    str("staff_pin_hash", c.staffPinHash);
    auto boolean = [&](const char* key, bool& target) {
        if (!j.contains(key) || error) return;
        if (!j[key].is_boolean()) error = configError(fileName, key, "expected true or false");
        else target = j[key].get<bool>();
    };
    boolean("kiosk_mode", c.kioskMode);
    list("usb_roots", c.usbRoots);
    boolean("usb_require_mount_point", c.usbRequireMountPoint);
    integer(j, "reserve_mb", c.reserveMb, 0, 1 << 20);
    boolean("usage_statistics", c.usageStatistics);
    if (j.contains("refresh") && !error) {
        const json& r = j["refresh"];
        if (!r.is_array()) {
            error = configError(fileName, "refresh", "expected a list of {\"channel\": ..., \"url\": ...}");
        } else {
            for (std::size_t i = 0; i < r.size() && !error; ++i) {
                const std::string field = "refresh[" + std::to_string(i) + "]";
                const json& e = r[i];
                if (!e.is_object() || !e.contains("channel") || !e.contains("url") || !e["channel"].is_string() ||
                    !e["url"].is_string())
                    error = configError(fileName, field, "expected {\"channel\": \"...\", \"url\": \"http(s)://.../manifest.json\"}");
                else
                    c.refresh.push_back({e["channel"].get<std::string>(), e["url"].get<std::string>()});
            }
        }
    }
    integer(j, "refresh_interval_minutes", c.refreshIntervalMinutes, 1, 7 * 24 * 60);
    integer(j, "refresh_max_kbps", c.refreshMaxKbps, 0, 1'000'000);
    if (j.contains("screen") && !error) {
        const json& s = j["screen"];
        if (!s.is_object()) {
            error = configError(fileName, "screen", "expected an object");
        } else {
            integer(s, "width", c.screen.width, 0, 16384);
            integer(s, "height", c.screen.height, 0, 16384);
            integer(s, "rotation", c.screen.rotation, 0, 270);
            if (!error && c.screen.rotation % 90 != 0)
                error = configError(fileName, "screen.rotation", "must be 0, 90, 180 or 270");
            if (s.contains("diagonal_inch") && !error) {
                if (!s["diagonal_inch"].is_number() || s["diagonal_inch"].get<double>() < 0 ||
                    s["diagonal_inch"].get<double>() > 200)
                    error = configError(fileName, "screen.diagonal_inch", "expected a size in inches, e.g. 10.1");
                else c.screen.diagonalInch = s["diagonal_inch"].get<double>();
            }
        }
    }
    boolean("screen_follows_site_hours", c.screenFollowsSiteHours);
    list("public_holidays", c.publicHolidays);
    str("display_power", c.displayPower);
    if (!error && c.displayPower != "auto" && c.displayPower != "command" && c.displayPower != "backlight" &&
        c.displayPower != "none")
        error = configError(fileName, "display_power", "must be \"auto\", \"command\", \"backlight\" or \"none\"");
    list("display_off_command", c.displayOffCommand);
    list("display_on_command", c.displayOnCommand);
    str("display_backlight", c.displayBacklight);
    if (!error && (c.displayOffCommand.empty() != c.displayOnCommand.empty()))
        error = configError(fileName, c.displayOffCommand.empty() ? "display_off_command" : "display_on_command",
                            "display_off_command and display_on_command go together");
    if (!error && c.displayPower == "command" && c.displayOffCommand.empty())
        error = configError(fileName, "display_power", "\"command\" needs display_off_command and display_on_command");
    // Commands given with "auto" are what the staff want: use them.
    if (!error && c.displayPower == "auto" && !c.displayOffCommand.empty()) c.displayPower = "command";
    integer(j, "texture_cache_mb", c.textureCacheMb, 0, 4096);
    if (j.contains("touch") && !error) {
        const json& t = j["touch"];
        std::array<float, 6> matrix{1, 0, 0, 0, 1, 0};
        bool swapXy = false, invertX = false, invertY = false;
        if (!t.is_object()) {
            error = configError(fileName, "touch", "expected an object");
        } else {
            for (const auto& [key, value] : t.items())
                if (key != "matrix" && key != "swap_xy" && key != "invert_x" && key != "invert_y")
                    c.warnings.push_back(fileName + ": unknown key 'touch." + key + "' is ignored");
            auto flag = [&](const char* key, bool& target) {
                if (!t.contains(key) || error) return;
                if (!t[key].is_boolean()) error = configError(fileName, std::string("touch.") + key, "expected true or false");
                else target = t[key].get<bool>();
            };
            flag("swap_xy", swapXy);
            flag("invert_x", invertX);
            flag("invert_y", invertY);
            if (t.contains("matrix") && !error) {
                const json& m = t["matrix"];
                bool ok = m.is_array() && m.size() == 6;
                for (std::size_t i = 0; ok && i < 6; ++i) ok = m[i].is_number() && std::abs(m[i].get<double>()) <= 100;
                if (!ok)
                    error = configError(fileName, "touch.matrix",
                                        "expected six numbers as in libinput's calibration matrix, e.g. [1, 0, 0, 0, 1, 0]");
                else
                    for (std::size_t i = 0; i < 6; ++i) matrix[i] = m[i].get<float>();
            }
        }
        if (!error) c.touch = makeCalibration(matrix, swapXy, invertX, invertY);
    }
    if (error) return *error;
    if (c.attractSeconds < c.idleSeconds)
        c.warnings.push_back(fileName + ": attract_seconds is shorter than idle_seconds; the slideshow starts at idle");
    return c;
}

content::Result<Config> loadConfig(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return configError(file.string(), "", "cannot read configuration file");
    std::stringstream ss;
    ss << in.rdbuf();
    return parseConfig(ss.str(), file.string());
}

std::string hashPin(const std::string& pin) {
    if (sodium_init() < 0) return {};
    char out[crypto_pwhash_STRBYTES];
    // Interactive limits: a PIN check must not stall the UI for seconds on a Pi.
    if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return {};
    return out;
}

bool checkPin(const std::string& hash, const std::string& pin) {
    if (hash.empty() || sodium_init() < 0) return false;
    return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

} // namespace kiosk::core
