// The script step `hold` (long press): targets like tap, then a duration.
#include "core/script.h"

#include <doctest/doctest.h>

using namespace kiosk::core;
using K = ScriptStep::Kind;

TEST_CASE("script: hold takes a target like tap and a duration") {
    auto r = parseScript(R"(hold #nav:title 3500
hold 400,300 3s
hold "Stadtteilkompass Beispiel" 4000ms
)", "h.script");
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().toString()));
    const auto& s = *r;
    REQUIRE(s.size() == 3);
    CHECK(s[0].kind == K::Hold);
    CHECK(s[0].text == "#nav:title");
    CHECK_FALSE(s[0].point);
    CHECK(s[0].ms == 3500);
    CHECK(s[1].kind == K::Hold);
    CHECK(s[1].point);
    CHECK(s[1].x1 == doctest::Approx(400));
    CHECK(s[1].y1 == doctest::Approx(300));
    CHECK(s[1].ms == 3000);
    CHECK(s[2].text == "Stadtteilkompass Beispiel");
    CHECK(s[2].ms == 4000);
}

TEST_CASE("script: a hold without a duration or target is an error with its line") {
    for (const char* bad : {"hold #nav:title", "hold 3500", "hold", "hold \"Label 3500", "hold #x soon"}) {
        auto r = parseScript(std::string("wait 10\n") + bad + "\n", "h.script");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().row == 2);
        CHECK(r.error().toString().find("hold") != std::string::npos);
    }
}
