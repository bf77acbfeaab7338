#pragma once
// Decisions for a kiosk left alone, as pure functions of time:
//   idle_seconds after the last touch   -> back to home, default language, search and filters cleared
//   attract_seconds after the last touch -> attract mode (slideshow), a slide every attract_slide_seconds
//   outside the screen schedule           -> night (screen blank and switched off) once idle_seconds
//                                            passed without a touch; a touch wakes it until then
// The app asks idleActions() every loop iteration and sleeps until nextWakeMs().
// tests/kiosk/test_idle.cpp covers every transition without SDL.

#include "nav.h"

#include <cstdint>
#include <vector>

namespace kiosk::core {

struct IdleTimes {
    std::int64_t idleMs = 90'000;
    std::int64_t attractMs = 180'000;
    std::int64_t slideMs = 8'000;
};

struct IdleInput {
    std::int64_t nowMs = 0;
    std::int64_t lastInputMs = 0;  // last touch (or start)
    std::int64_t lastSlideMs = 0;  // when the current attract slide appeared
    bool screenScheduledOn = true; // from screen_on_hours at the current wall time
};

// The actions due now (possibly none). Idempotent: calling again at the same time returns nothing new.
std::vector<Action> idleActions(const NavState& state, const IdleTimes& times, const IdleInput& in);

// When something may become due next (ms, absolute); the app sleeps at most until then.
std::int64_t nextWakeMs(const NavState& state, const IdleTimes& times, const IdleInput& in);

// True when the state is already what an idle reset produces (nothing to reset).
bool isPristine(const NavState& state);

} // namespace kiosk::core
