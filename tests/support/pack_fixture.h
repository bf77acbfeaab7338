#pragma once
// A small, hand-made PackContent for tests of the pack writer, the store,
// search and verification: words chosen to exercise case folding ("KiTa"),
// umlauts ("Spielplätze"), Turkish dotted capitals ("İstanbul"), translations,
// events in the past and future, age ranges, costs and opening hours.

#include "kiosk/content/model.h"

namespace kiosk::test {

// "Today" the fixture is written for: Wednesday 2026-08-19, 10:00.
inline content::DateTime fixtureNow() { return content::DateTime{content::Date{2026, 8, 19}, 10 * 60, true}; }

content::PackContent makeFixtureContent();

} // namespace kiosk::test
