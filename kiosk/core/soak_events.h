#pragma once
// The soak test's visitor (`kiosk --headless --soak EVENTS`, docs/soak.md): a
// seeded generator of random touches, keys and passing time. Each call to
// next() looks at what is on screen (the tappable elements the last frame
// registered) and picks one event, biased towards real buttons so the run goes
// deep: themes, details, search and its keyboard, filters, the language menu,
// back/home, the staff gesture and the PIN pad (whose PINs are random, so
// wrong), drags that scroll and fling, keys a visitor could press (kiosk mode
// ignores them), and time that passes (idle reset, slideshow, night).
//
// Reproducible: the random numbers are SplitMix64 with our own mapping to
// ranges (not <random>'s distributions, which differ between standard
// libraries), so the same seed and the same views give the same events on
// every machine. In the kiosk the views come from the app's own deterministic
// frames on a virtual clock, so the same seed and packs replay the same run.
//
// Pure: no SDL, no clock, no files. Thread safety: one generator per thread.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::core {

// What the generator may tap: the elements registered in the last frame.
struct SoakItem {
    std::string id; // "theme:familie", "key:a", "nav:back", "pin:7" ...
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

struct SoakView {
    float width = 0, height = 0;
    std::vector<SoakItem> items;
};

struct SoakEvent {
    enum class Kind {
        TapItem,  // tap inside a visible element (x1,y1); `text` = its id
        TapPoint, // tap anywhere (x1,y1)
        Drag,     // press at (x1,y1), move to (x2,y2) over `ms`, release (scrolls, flings)
        Hold,     // press and hold still at (x1,y1) for `ms` (3.5 s on the title: the staff gesture)
        Key,      // a key press `text` with `modifiers` (kiosk mode must ignore it)
        Advance,  // `ms` pass without a touch (idle reset, slideshow, night)
        Wait,     // `ms` pass while frames are drawn (transitions, flings, photos)
        SwapPack, // show the other pack (every swapEvery events)
    };
    static constexpr std::size_t kKinds = 8;
    Kind kind = Kind::Wait;
    float x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    long long ms = 0;
    std::string text;
    std::vector<std::string> modifiers;
};

std::string_view soakEventKindName(SoakEvent::Kind kind);

// Percent of events of each kind (SwapPack excluded: that one is periodic). Must sum to 100.
struct SoakMix {
    int tapItem = 58, tapPoint = 8, drag = 12, hold = 2, key = 3, advance = 7, wait = 10;
};

class SoakGenerator {
public:
    // `swapEvery` > 0: every swapEvery-th event (the swapEvery-th, 2*swapEvery-th ...) is a SwapPack.
    explicit SoakGenerator(std::uint64_t seed, long long swapEvery = 0, SoakMix mix = {});

    // The next event for a screen showing `view`. Never fails: with nothing to tap it taps a point.
    SoakEvent next(const SoakView& view);

    long long generated() const { return m_count; }
    // How many events of each kind so far (index = Kind).
    const std::array<long long, SoakEvent::kKinds>& counts() const { return m_counts; }

    // The raw random stream (SplitMix64), exposed for the tests.
    std::uint64_t nextRandom();

private:
    double uniform();                 // [0, 1)
    long long range(long long lo, long long hi); // [lo, hi]
    float between(float lo, float hi);
    SoakEvent tapItem(const SoakView& view);
    SoakEvent pointIn(const SoakView& view, SoakEvent::Kind kind);

    std::uint64_t m_state;
    long long m_swapEvery;
    SoakMix m_mix;
    long long m_count = 0;
    std::array<long long, SoakEvent::kKinds> m_counts{};
};

// How strongly the generator prefers an element (0 = never tap it). Visible for the tests.
double soakItemWeight(std::string_view id);

} // namespace kiosk::core
