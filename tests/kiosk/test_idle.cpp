// Left alone: idle reset, attract mode, slides, night schedule, as pure functions of time.
#include "core/idle.h"

#include <doctest/doctest.h>

using namespace kiosk::core;

namespace {
const IdleTimes kTimes{90'000, 180'000, 8'000};

template <class T>
bool has(const std::vector<Action>& v) {
    for (const auto& a : v)
        if (std::holds_alternative<T>(a)) return true;
    return false;
}

NavState browsing() {
    NavState s;
    s = reduce(s, act::OpenTheme{"x"}, 0);
    s = reduce(s, act::SetLanguage{"en"}, 0);
    return s;
}
} // namespace

TEST_CASE("idle: nothing happens before the idle time") {
    CHECK(idleActions(browsing(), kTimes, {89'999, 0, 0, true}).empty());
}

TEST_CASE("idle: after idle_seconds the kiosk resets once") {
    const NavState s = browsing();
    const auto due = idleActions(s, kTimes, {90'000, 0, 0, true});
    REQUIRE(due.size() == 1);
    CHECK(has<act::IdleReset>(due));
    NavState after = reduce(s, due[0], 90'000);
    after.defaultLanguage = "de";
    CHECK(isPristine(after));
    CHECK(idleActions(after, kTimes, {90'001, 0, 0, true}).empty()); // idempotent
}

TEST_CASE("idle: a pristine home screen needs no reset") {
    NavState s;
    CHECK(isPristine(s));
    CHECK(idleActions(s, kTimes, {100'000, 0, 0, true}).empty());
}

TEST_CASE("idle: attract mode after attract_seconds then slides advance") {
    NavState s;
    auto due = idleActions(s, kTimes, {180'000, 0, 0, true});
    REQUIRE(due.size() == 1);
    CHECK(has<act::EnterAttract>(due));
    s = reduce(s, due[0], 180'000);
    CHECK(idleActions(s, kTimes, {187'999, 0, 180'000, true}).empty());
    CHECK(has<act::NextSlide>(idleActions(s, kTimes, {188'000, 0, 180'000, true})));
}

TEST_CASE("idle: browsing long enough goes straight through reset into attract") {
    const auto due = idleActions(browsing(), kTimes, {200'000, 0, 0, true});
    REQUIRE(due.size() == 2);
    CHECK(std::holds_alternative<act::IdleReset>(due[0]));
    CHECK(std::holds_alternative<act::EnterAttract>(due[1]));
}

TEST_CASE("idle: outside the screen schedule the kiosk goes dark and wakes in the morning") {
    // A visitor still browsing at closing time keeps the screen until idle_seconds have passed.
    CHECK(idleActions(browsing(), kTimes, {10'000, 9'000, 0, false}).empty());
    CHECK(nextWakeMs(browsing(), kTimes, {10'000, 9'000, 0, false}) == 99'000);
    const auto night = idleActions(browsing(), kTimes, {99'000, 9'000, 0, false});
    REQUIRE(night.size() == 2);
    CHECK(std::holds_alternative<act::IdleReset>(night[0]));
    CHECK(std::holds_alternative<act::EnterNight>(night[1]));
    NavState s;
    s = reduce(s, act::EnterNight{}, 0);
    CHECK(idleActions(s, kTimes, {20'000, 0, 0, false}).empty());
    CHECK(has<act::ExitNight>(idleActions(s, kTimes, {20'000, 0, 0, true})));
}

TEST_CASE("idle: a touch at night wakes the screen until the visitor leaves") {
    NavState s = reduce(NavState{}, act::EnterNight{}, 0);
    s = reduce(s, act::ExitNight{}, 500'000); // the touch (app.cpp), at 500 s
    CHECK(idleActions(s, kTimes, {500'016, 500'000, 0, false}).empty());
    CHECK(idleActions(s, kTimes, {589'999, 500'000, 0, false}).empty());
    const auto dark = idleActions(s, kTimes, {590'000, 500'000, 0, false});
    REQUIRE(dark.size() == 1);
    CHECK(std::holds_alternative<act::EnterNight>(dark[0]));
}

TEST_CASE("idle: the next wake-up is the nearest due timer") {
    CHECK(nextWakeMs(browsing(), kTimes, {1'000, 0, 0, true}) == 90'000);
    CHECK(nextWakeMs(NavState{}, kTimes, {1'000, 0, 0, true}) == 180'000);
    NavState attract = reduce(NavState{}, act::EnterAttract{}, 0);
    CHECK(nextWakeMs(attract, kTimes, {181'000, 0, 180'000, true}) == 188'000);
    // Never in the past.
    CHECK(nextWakeMs(browsing(), kTimes, {500'000, 0, 0, true}) == 500'000);
}
