// The kiosk configuration: defaults, every key, and clear errors for bad files.
#include "core/config.h"
#include "temp_dir.h"

#include <doctest/doctest.h>

using namespace kiosk::core;

TEST_CASE("config: an empty object gives the documented defaults") {
    auto c = parseConfig("{}", "kiosk.json");
    REQUIRE(c.ok());
    CHECK(c->idleSeconds == 90);
    CHECK(c->attractSeconds == 180);
    CHECK(c->defaultLanguage == "de");
    CHECK(c->kioskMode);
    CHECK(c->dataDir == "/var/lib/stadtteilkompass");
    CHECK(c->usbRoots == std::vector<std::string>{"/media", "/run/media", "/mnt/usb"});
    CHECK(c->usbRequireMountPoint);
    CHECK(c->reserveMb == 64);
    CHECK(c->usageStatistics);
    CHECK(c->warnings.empty());
}

TEST_CASE("config: every key is read") {
    auto c = parseConfig(R"({
      "data_dir": "/srv/kiosk", "pack": "/srv/kiosk/x.kpack",
      "trusted_keys": ["RWQ1", "/etc/k.pub"], "channels": ["beispiel"], "languages": ["de", "en", "tr"],
      "default_language": "en", "idle_seconds": 60, "attract_seconds": 120, "attract_slide_seconds": 5,
      "screen_on_hours": "Mo-Fr 08:00-18:00", "staff_pin_hash": "$argon2id$...",
      "screen": {"width": 1080, "height": 1920, "rotation": 90, "diagonal_inch": 21.5},
      "kiosk_mode": false, "usb_roots": ["/mnt/usb"], "usb_require_mount_point": false, "reserve_mb": 200,
      "usage_statistics": false,
      "refresh": [{"channel": "beispiel", "url": "https://example.org/kiosk/manifest.json"}],
      "refresh_interval_minutes": 30, "refresh_max_kbps": 2000
    })", "kiosk.json");
    REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().toString()));
    CHECK(c->usbRoots == std::vector<std::string>{"/mnt/usb"});
    CHECK_FALSE(c->usbRequireMountPoint);
    CHECK(c->reserveMb == 200);
    CHECK_FALSE(c->usageStatistics);
    REQUIRE(c->refresh.size() == 1);
    CHECK(c->refresh[0].channel == "beispiel");
    CHECK(c->refresh[0].url == "https://example.org/kiosk/manifest.json");
    CHECK(c->refreshIntervalMinutes == 30);
    CHECK(c->refreshMaxKbps == 2000);
    CHECK(c->dataDir == "/srv/kiosk");
    CHECK(c->pack == "/srv/kiosk/x.kpack");
    CHECK(c->trustedKeys.size() == 2);
    CHECK(c->channels == std::vector<std::string>{"beispiel"});
    CHECK(c->languages.size() == 3);
    CHECK(c->defaultLanguage == "en");
    CHECK(c->idleSeconds == 60);
    CHECK(c->attractSeconds == 120);
    CHECK(c->attractSlideSeconds == 5);
    CHECK(c->screenOnHours == "Mo-Fr 08:00-18:00");
    CHECK(c->screen.width == 1080);
    CHECK(c->screen.rotation == 90);
    CHECK(c->screen.diagonalInch == doctest::Approx(21.5));
    CHECK_FALSE(c->kioskMode);
}

TEST_CASE("config: bad files fail naming the key and the reason") {
    struct Case {
        const char* json;
        const char* expected;
    };
    const Case cases[] = {
        {"not json", "kiosk.json: not valid JSON"},
        {R"({"idle_seconds": 1E999})", "kiosk.json: not valid JSON"}, // nlohmann's out_of_range, not parse_error
        {"[1,2]", "kiosk.json: expected a JSON object { ... }"},
        {R"({"idle_seconds": "ninety"})", "kiosk.json: field 'idle_seconds': expected a whole number"},
        {R"({"idle_seconds": 1})", "kiosk.json: field 'idle_seconds': must be between 10 and 86400"},
        {R"({"trusted_keys": "RWQ"})", "kiosk.json: field 'trusted_keys': expected a list of texts"},
        {R"({"screen": {"rotation": 45}})", "kiosk.json: field 'screen.rotation': must be 0, 90, 180 or 270"},
        {R"({"screen": {"diagonal_inch": "big"}})", "kiosk.json: field 'screen.diagonal_inch': expected a size in inches, e.g. 10.1"},
        {R"({"kiosk_mode": "yes"})", "kiosk.json: field 'kiosk_mode': expected true or false"},
        {R"({"usb_roots": "/media"})", "kiosk.json: field 'usb_roots': expected a list of texts"},
        {R"({"usb_require_mount_point": 1})", "kiosk.json: field 'usb_require_mount_point': expected true or false"},
        {R"({"reserve_mb": -5})", "kiosk.json: field 'reserve_mb': must be between 0 and 1048576"},
        {R"({"usage_statistics": "no"})", "kiosk.json: field 'usage_statistics': expected true or false"},
        {R"({"refresh": {"channel": "x"}})", "kiosk.json: field 'refresh': expected a list of"},
        {R"({"refresh": [{"channel": "x"}]})", "kiosk.json: field 'refresh[0]': expected {\"channel\""},
        {R"({"refresh_interval_minutes": 0})", "kiosk.json: field 'refresh_interval_minutes': must be between 1 and 10080"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.json);
        auto r = parseConfig(c.json, "kiosk.json");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().toString().rfind(c.expected, 0) == 0);
    }
}

TEST_CASE("config: unknown keys are warnings not errors") {
    auto c = parseConfig(R"({"idle_secs": 30})", "kiosk.json");
    REQUIRE(c.ok());
    REQUIRE(c->warnings.size() == 1);
    CHECK(c->warnings[0] == "kiosk.json: unknown key 'idle_secs' is ignored");
    CHECK(c->idleSeconds == 90);
}

TEST_CASE("config: a missing file is an error naming it") {
    kiosk::test::TempDir dir;
    auto c = loadConfig(dir / "missing.json");
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().toString().find("missing.json") != std::string::npos);
}
