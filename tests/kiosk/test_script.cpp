// The headless script language: every step and the line-numbered errors.
#include "core/script.h"

#include <doctest/doctest.h>

using namespace kiosk::core;
using K = ScriptStep::Kind;

TEST_CASE("script: every step kind parses") {
    auto r = parseScript(R"(# a journey
tap "Kitas & Schulen"
tap #theme:paten
tap 400,300
drag 400,400 400,100 500
type "spielplätze"
wait 250
advance 90s
advance 5m
set-time 2026-08-19T10:00
screenshot /tmp/a.png
expect-text "Sag \"Hallo\""
expect-no-text "Frühlingsfest"
expect-screen detail
key F4 alt
wait-install
wait-install 20s
hang 2s
)", "j.script");
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().toString()));
    const auto& s = *r;
    REQUIRE(s.size() == 17);
    CHECK(s[0].kind == K::Tap);
    CHECK(s[0].text == "Kitas & Schulen");
    CHECK(s[0].line == 2);
    CHECK(s[1].text == "#theme:paten");
    CHECK(s[2].point);
    CHECK(s[2].x1 == 400);
    CHECK(s[3].kind == K::Drag);
    CHECK(s[3].y2 == 100);
    CHECK(s[3].ms == 500);
    CHECK(s[4].text == "spielplätze");
    CHECK(s[5].ms == 250);
    CHECK(s[6].ms == 90'000);
    CHECK(s[7].ms == 300'000);
    CHECK(s[8].kind == K::SetTime);
    CHECK(s[9].text == "/tmp/a.png");
    CHECK(s[10].text == "Sag \"Hallo\"");
    CHECK(s[11].kind == K::ExpectNoText);
    CHECK(s[12].text == "detail");
    CHECK(s[13].text == "F4");
    CHECK(s[13].modifiers == std::vector<std::string>{"alt"});
    CHECK(s[14].kind == K::WaitInstall);
    CHECK(s[14].ms == 30'000);
    CHECK(s[15].ms == 20'000);
    CHECK(s[16].kind == K::Hang);
    CHECK(s[16].ms == 2'000);
}

TEST_CASE("script: malformed lines are reported with their number") {
    struct Case {
        const char* text;
        int line;
        const char* fragment;
    };
    const Case cases[] = {
        {"tap Kitas", 1, "expected tap \"Label\""},
        {"\n\ndrag 1,2", 3, "expected drag X1,Y1 X2,Y2"},
        {"wait soon", 1, "expected a duration"},
        {"expect-screen kitchen", 1, "unknown screen"},
        {"fly away", 1, "unknown step 'fly'"},
        {"type kita", 1, "expected type \"text\""},
        {"screenshot", 1, "expected a file name"},
        {"wait-install soon", 1, "expected wait-install [MAX]"},
        {"hang", 1, "expected hang MS"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto r = parseScript(c.text, "j.script");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().row == c.line);
        CHECK(r.error().file == "j.script");
        CHECK(r.error().message.find(c.fragment) != std::string::npos);
    }
}
