// The soak test's random visitor (kiosk/core/soak_events.cpp): reproducible from its seed,
// every kind of event, taps that land on what they aim at, periodic pack swaps.
#include "core/soak_events.h"

#include <doctest/doctest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

using kiosk::core::SoakEvent;
using kiosk::core::SoakGenerator;
using kiosk::core::SoakItem;
using kiosk::core::SoakView;

namespace {

SoakView homeLikeView() {
    SoakView v;
    v.width = 800;
    v.height = 480;
    v.items = {
        {"nav:title", 20, 10, 300, 60},      {"nav:search", 700, 10, 780, 60},
        {"theme:familie", 20, 100, 260, 250}, {"theme:kitas", 280, 100, 520, 250},
        {"staff:roll-back", 540, 100, 780, 250}, {"key:a", 20, 300, 80, 360},
        {"pin:7", 100, 300, 160, 360},        {"empty", 200, 300, 200, 360}, // zero width: never tapped
    };
    return v;
}

std::string describe(const SoakEvent& e) {
    std::ostringstream s;
    s << static_cast<int>(e.kind) << ' ' << e.x1 << ' ' << e.y1 << ' ' << e.x2 << ' ' << e.y2 << ' ' << e.ms << ' '
      << e.text;
    for (const auto& m : e.modifiers) s << '+' << m;
    return s.str();
}

std::vector<std::string> run(std::uint64_t seed, int n, long long swapEvery = 0) {
    SoakGenerator g(seed, swapEvery);
    const SoakView v = homeLikeView();
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back(describe(g.next(v)));
    return out;
}

} // namespace

TEST_CASE("soak random stream is SplitMix64 and the same on every machine") {
    SoakGenerator g(0);
    CHECK(g.nextRandom() == 0xE220A8397B1DCDAFull);
    CHECK(g.nextRandom() == 0x6E789E6AA1B965F4ull);
    CHECK(g.nextRandom() == 0x06C45D188009454Full);
}

TEST_CASE("soak generator replays the same events from the same seed") {
    const auto a = run(42, 5000, 700);
    const auto b = run(42, 5000, 700);
    REQUIRE(a.size() == 5000);
    CHECK(a == b);
    const auto c = run(43, 5000, 700);
    int same = 0;
    for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == c[i] ? 1 : 0;
    // Only the periodic swaps (7 of them) and a few coincidences may agree.
    CHECK(same < 100);
}

TEST_CASE("soak generator produces every kind of event") {
    SoakGenerator g(7, 1000);
    const SoakView v = homeLikeView();
    std::set<std::string> holdsOnTitle, keys;
    for (int i = 0; i < 20000; ++i) {
        const SoakEvent e = g.next(v);
        if (e.kind == SoakEvent::Kind::Hold && e.text == "nav:title") holdsOnTitle.insert(std::to_string(e.ms));
        if (e.kind == SoakEvent::Kind::Key) keys.insert(e.text);
    }
    for (std::size_t k = 0; k < SoakEvent::kKinds; ++k) {
        INFO("kind " << kiosk::core::soakEventKindName(static_cast<SoakEvent::Kind>(k)));
        CHECK(g.counts()[k] > 0);
    }
    CHECK(g.counts()[static_cast<std::size_t>(SoakEvent::Kind::SwapPack)] == 20);
    CHECK(g.generated() == 20000);
    CHECK(!holdsOnTitle.empty()); // the staff gesture happens
    CHECK(keys.count("Escape") == 1);
    CHECK(keys.count("F4") == 1);
}

TEST_CASE("soak generator swaps packs exactly every K events") {
    SoakGenerator g(3, 250);
    const SoakView v = homeLikeView();
    for (int i = 1; i <= 1000; ++i) {
        const SoakEvent e = g.next(v);
        INFO("event " << i);
        CHECK((e.kind == SoakEvent::Kind::SwapPack) == (i % 250 == 0));
    }
}

TEST_CASE("soak taps land inside visible elements and never on staff actions") {
    SoakGenerator g(11);
    const SoakView v = homeLikeView();
    std::set<std::string> tapped;
    for (int i = 0; i < 20000; ++i) {
        const SoakEvent e = g.next(v);
        if (e.kind == SoakEvent::Kind::TapItem) {
            tapped.insert(e.text);
            const SoakItem* item = nullptr;
            for (const auto& it : v.items)
                if (it.id == e.text) item = &it;
            REQUIRE(item != nullptr);
            CHECK(e.x1 >= item->x0);
            CHECK(e.x1 <= item->x1);
            CHECK(e.y1 >= item->y0);
            CHECK(e.y1 <= item->y1);
        }
        if (e.kind == SoakEvent::Kind::TapPoint || e.kind == SoakEvent::Kind::Drag) {
            CHECK(e.x1 >= 0);
            CHECK(e.x1 < 800);
            CHECK(e.y1 >= 0);
            CHECK(e.y1 < 480);
        }
        if (e.kind == SoakEvent::Kind::Drag) {
            CHECK(e.x2 >= 0);
            CHECK(e.x2 <= 799);
            CHECK(e.y2 >= 0);
            CHECK(e.y2 <= 479);
            CHECK(e.ms >= 60);
            CHECK(e.ms <= 700);
        }
    }
    CHECK(tapped == std::set<std::string>{"nav:title", "nav:search", "theme:familie", "theme:kitas", "key:a", "pin:7"});
}

TEST_CASE("soak item weights prefer real buttons") {
    using kiosk::core::soakItemWeight;
    CHECK(soakItemWeight("staff:roll-back") == 0.0);
    CHECK(soakItemWeight("staff:export-stats") == 0.0);
    CHECK(soakItemWeight("staff:close") == 3.0);
    CHECK(soakItemWeight("key:ä") == 5.0);
    CHECK(soakItemWeight("theme:familie") == 3.0);
    CHECK(soakItemWeight("pin:leave") < soakItemWeight("pin:3"));
    CHECK(soakItemWeight("pin:ok") == soakItemWeight("pin:3"));
    CHECK(soakItemWeight("nav:back") == 1.5);
    CHECK(soakItemWeight("something:else") == 1.0);
}

TEST_CASE("soak generator with nothing to tap taps the screen") {
    SoakGenerator g(5);
    SoakView empty;
    empty.width = 320;
    empty.height = 240;
    for (int i = 0; i < 2000; ++i) {
        const SoakEvent e = g.next(empty);
        CHECK(e.kind != SoakEvent::Kind::TapItem);
        if (e.kind == SoakEvent::Kind::TapPoint) {
            CHECK(e.x1 < 320);
            CHECK(e.y1 < 240);
        }
    }
}
