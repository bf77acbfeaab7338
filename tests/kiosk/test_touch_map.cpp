// Touch calibration and rotation (kiosk/core/touch_map.h): where a touch on the panel lands in
// the UI, for every rotation and the libinput matrix forms the configuration accepts.
#include "core/config.h"
#include "core/touch_map.h"

#include <doctest/doctest.h>

using namespace kiosk::core;

namespace {

TouchPoint map(float u, float v, int rotation, const TouchCalibration& c = {}) {
    // A 1280x800 panel: the UI is 1280x800 at 0 and 180, 800x1280 at 90 and 270.
    int w = 0, h = 0;
    rotatedSize(1280, 800, rotation, w, h);
    return mapTouch({u, v}, c, rotation, static_cast<float>(w), static_cast<float>(h));
}

} // namespace

TEST_CASE("touch map: rotation 0 and the identity leave a touch where it is") {
    CHECK(map(0.25f, 0.5f, 0) == TouchPoint{320, 400});
    CHECK(TouchCalibration{}.identity());
}

TEST_CASE("touch map: the UI size swaps at 90 and 270") {
    int w = 0, h = 0;
    rotatedSize(1280, 800, 90, w, h);
    CHECK((w == 800 && h == 1280));
    rotatedSize(1280, 800, 180, w, h);
    CHECK((w == 1280 && h == 800));
    rotatedSize(1280, 800, 270, w, h);
    CHECK((w == 800 && h == 1280));
}

TEST_CASE("touch map: the panel corners land on the turned UI corners") {
    // Turned clockwise by 90 the UI's top-left corner is at the panel's top-right.
    CHECK(map(1, 0, 90) == TouchPoint{0, 0});
    CHECK(map(1, 1, 90) == TouchPoint{800, 0});
    CHECK(map(0, 0, 90) == TouchPoint{0, 1280});
    CHECK(map(0.25f, 0.5f, 90) == TouchPoint{400, 960});
    // 180: upside down.
    CHECK(map(1, 1, 180) == TouchPoint{0, 0});
    CHECK(map(0.25f, 0.5f, 180) == TouchPoint{960, 400});
    // 270: the UI's top-left at the panel's bottom-left.
    CHECK(map(0, 1, 270) == TouchPoint{0, 0});
    CHECK(map(0.25f, 0.5f, 270) == TouchPoint{400, 320});
}

TEST_CASE("touch map: swap and invert follow evdev order and match the libinput matrices") {
    // swap_xy then invert_x: x' = 1 - y, y' = x, libinput's 90 degree matrix "0 -1 1 1 0 0".
    const TouchCalibration c = makeCalibration({1, 0, 0, 0, 1, 0}, true, true, false);
    CHECK(c == TouchCalibration{{0, -1, 1, 1, 0, 0}});
    CHECK(map(0.25f, 0.5f, 0, c) == TouchPoint{640, 200});
    CHECK(makeCalibration({1, 0, 0, 0, 1, 0}, false, true, true) == TouchCalibration{{-1, 0, 1, 0, -1, 1}});
    // A matrix, then the flags on its result.
    CHECK(makeCalibration({0.5f, 0, 0.25f, 0, 1, 0}, false, true, false) == TouchCalibration{{-0.5f, 0, 0.75f, 0, 1, 0}});
}

TEST_CASE("touch map: a calibrated touch past the edge lands on the edge") {
    const TouchCalibration c{{1.1f, 0, -0.05f, 0, 1.1f, -0.05f}};
    CHECK(map(0, 0, 0, c) == TouchPoint{0, 0});
    CHECK(map(1, 1, 0, c) == TouchPoint{1280, 800});
}

TEST_CASE("touch map: calibration comes before rotation") {
    // A panel whose touch layer is mirrored across, on a UI turned by 90: the mirrored point
    // (0.75, 0.5) on the panel is UI (0.5, 0.25).
    const TouchCalibration c = makeCalibration({1, 0, 0, 0, 1, 0}, false, true, false);
    CHECK(map(0.25f, 0.5f, 90, c) == TouchPoint{400, 320});
}

TEST_CASE("touch map: the configuration reads touch and the power keys") {
    auto c = parseConfig(R"({"touch": {"matrix": [0, -1, 1, 1, 0, 0], "invert_y": true},
        "texture_cache_mb": 32, "screen_follows_site_hours": false, "public_holidays": ["DE", "2026-06-04"],
        "display_off_command": ["wlr-randr", "--output", "{output}", "--off"],
        "display_on_command": ["wlr-randr", "--output", "{output}", "--on"]})",
                         "kiosk.json");
    REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().toString()));
    CHECK(c->touch == TouchCalibration{{0, -1, 1, -1, 0, 1}});
    CHECK(c->textureCacheMb == 32);
    CHECK_FALSE(c->screenFollowsSiteHours);
    CHECK(c->publicHolidays == std::vector<std::string>{"DE", "2026-06-04"});
    CHECK(c->displayPower == "command"); // commands given with "auto" are used
    CHECK(c->displayOffCommand == std::vector<std::string>{"wlr-randr", "--output", "{output}", "--off"});
    CHECK(c->warnings.empty());

    auto d = parseConfig("{}", "kiosk.json");
    REQUIRE(d.ok());
    CHECK(d->touch.identity());
    CHECK(d->textureCacheMb == 0);
    CHECK(d->screenFollowsSiteHours);
    CHECK(d->publicHolidays == std::vector<std::string>{"DE"});
    CHECK(d->displayPower == "auto");
}

TEST_CASE("touch map: bad power and touch keys name the key and the reason") {
    const std::pair<const char*, const char*> cases[] = {
        {R"({"touch": {"matrix": [1, 0, 0]}})",
         "kiosk.json: field 'touch.matrix': expected six numbers as in libinput's calibration matrix, e.g. [1, 0, 0, 0, 1, 0]"},
        {R"({"touch": {"swap_xy": "yes"}})", "kiosk.json: field 'touch.swap_xy': expected true or false"},
        {R"({"touch": []})", "kiosk.json: field 'touch': expected an object"},
        {R"({"display_power": "dpms"})",
         "kiosk.json: field 'display_power': must be \"auto\", \"command\", \"backlight\" or \"none\""},
        {R"({"display_power": "command"})",
         "kiosk.json: field 'display_power': \"command\" needs display_off_command and display_on_command"},
        {R"({"display_off_command": ["xset", "dpms", "force", "off"]})",
         "kiosk.json: field 'display_on_command': display_off_command and display_on_command go together"},
        {R"({"texture_cache_mb": -1})", "kiosk.json: field 'texture_cache_mb': must be between 0 and 4096"},
        {R"({"public_holidays": "DE"})", "kiosk.json: field 'public_holidays': expected a list of texts"},
    };
    for (const auto& [json, message] : cases) {
        CAPTURE(json);
        auto c = parseConfig(json, "kiosk.json");
        REQUIRE_FALSE(c.ok());
        CHECK(c.error().toString() == message);
    }
    auto w = parseConfig(R"({"touch": {"swapxy": true}})", "kiosk.json");
    REQUIRE(w.ok());
    CHECK(w->warnings == std::vector<std::string>{"kiosk.json: unknown key 'touch.swapxy' is ignored"});
}
