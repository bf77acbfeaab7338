#include "idle.h"

#include <algorithm>
#include <limits>

namespace kiosk::core {

bool isPristine(const NavState& s) {
    return s.stack.size() == 1 && s.screen() == Screen::Home && s.language == s.defaultLanguage &&
           s.searchText.empty() && !s.filters.active() && !s.languageMenu && s.pinDigits.empty();
}

std::vector<Action> idleActions(const NavState& s, const IdleTimes& t, const IdleInput& in) {
    std::vector<Action> out;
    const std::int64_t idle = in.nowMs - in.lastInputMs;
    if (!in.screenScheduledOn) {
        // Dark once nobody has touched it for idle_seconds: a touch at night wakes the screen for
        // as long as a visitor uses it, and a visitor at closing time is not cut off mid-search.
        if (s.mode != Mode::Night && idle >= t.idleMs) {
            if (!isPristine(s)) out.push_back(act::IdleReset{});
            out.push_back(act::EnterNight{});
        }
        return out;
    }
    if (s.mode == Mode::Night) {
        // Morning: the schedule says on again.
        out.push_back(act::ExitNight{});
        return out;
    }
    if (idle >= t.idleMs && !isPristine(s)) out.push_back(act::IdleReset{});
    if (idle >= t.attractMs && s.mode == Mode::Normal) out.push_back(act::EnterAttract{});
    if (s.mode == Mode::Attract && in.nowMs - in.lastSlideMs >= t.slideMs) out.push_back(act::NextSlide{});
    return out;
}

std::int64_t nextWakeMs(const NavState& s, const IdleTimes& t, const IdleInput& in) {
    std::int64_t next = std::numeric_limits<std::int64_t>::max();
    if (s.mode == Mode::Night) return next; // woken by touch or the schedule check
    if (!in.screenScheduledOn) return std::max(in.lastInputMs + t.idleMs, in.nowMs); // dark again then
    if (!isPristine(s)) next = std::min(next, in.lastInputMs + t.idleMs);
    if (s.mode == Mode::Normal) next = std::min(next, in.lastInputMs + t.attractMs);
    if (s.mode == Mode::Attract) next = std::min(next, in.lastSlideMs + t.slideMs);
    return std::max(next, in.nowMs);
}

} // namespace kiosk::core
