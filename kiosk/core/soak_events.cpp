#include "core/soak_events.h"

#include <algorithm>

namespace kiosk::core {

namespace {

bool startsWith(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// Keys a visitor (or a curious child with a keyboard) might press; kiosk mode must ignore all of them.
struct KeyPress {
    const char* name;
    const char* modifier; // "" = none
};
constexpr KeyPress kKeys[] = {
    {"Escape", ""}, {"F4", "alt"}, {"Q", "ctrl"}, {"W", "ctrl"}, {"Tab", "alt"}, {"Return", ""}, {"A", ""},
    {"Backspace", ""}, {"Left", ""}, {"F11", ""}, {"Delete", "ctrl"}, {"D", "gui"}, {"Space", "shift"},
};

} // namespace

std::string_view soakEventKindName(SoakEvent::Kind kind) {
    switch (kind) {
    case SoakEvent::Kind::TapItem: return "tap-item";
    case SoakEvent::Kind::TapPoint: return "tap-point";
    case SoakEvent::Kind::Drag: return "drag";
    case SoakEvent::Kind::Hold: return "hold";
    case SoakEvent::Kind::Key: return "key";
    case SoakEvent::Kind::Advance: return "advance";
    case SoakEvent::Kind::Wait: return "wait";
    case SoakEvent::Kind::SwapPack: return "swap-pack";
    }
    return "?";
}

double soakItemWeight(std::string_view id) {
    // The staff screen's buttons change what is installed: staff work, not a visitor's. The PINs
    // typed are random, so the soak reaches it only by a (harmless) fluke; then it leaves again.
    if (startsWith(id, "staff:")) return id == "staff:close" ? 3.0 : 0.0;
    if (startsWith(id, "key:")) return 5.0;         // typing a search term
    // The PIN pad: digits, and OK once enough are typed (each wrong PIN costs a deliberately slow
    // hash check, and the keypad locks for longer after each one).
    if (id == "pin:leave") return 1.0;
    if (startsWith(id, "pin:")) return 6.0;
    if (startsWith(id, "theme:") || startsWith(id, "entry:") || startsWith(id, "filter:") ||
        startsWith(id, "list:") || startsWith(id, "lang:") || startsWith(id, "home:"))
        return 3.0;
    if (id == "nav:back" || id == "nav:home" || id == "nav:search" || id == "nav:language") return 1.5;
    return 1.0;
}

SoakGenerator::SoakGenerator(std::uint64_t seed, long long swapEvery, SoakMix mix)
    : m_state(seed), m_swapEvery(swapEvery), m_mix(mix) {}

std::uint64_t SoakGenerator::nextRandom() {
    // SplitMix64 (Steele, Lea, Flood 2014): fixed arithmetic, the same stream everywhere.
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

double SoakGenerator::uniform() {
    return static_cast<double>(nextRandom() >> 11) * (1.0 / 9007199254740992.0); // 53 bits
}

long long SoakGenerator::range(long long lo, long long hi) {
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<long long>(nextRandom() % span); // modulo bias is irrelevant here
}

float SoakGenerator::between(float lo, float hi) {
    return lo + static_cast<float>(uniform()) * (hi - lo);
}

SoakEvent SoakGenerator::pointIn(const SoakView& view, SoakEvent::Kind kind) {
    SoakEvent e;
    e.kind = kind;
    e.x1 = between(0, std::max(1.f, view.width - 1));
    e.y1 = between(0, std::max(1.f, view.height - 1));
    return e;
}

SoakEvent SoakGenerator::tapItem(const SoakView& view) {
    double total = 0;
    for (const auto& i : view.items)
        if (i.x1 > i.x0 && i.y1 > i.y0) total += soakItemWeight(i.id);
    if (total <= 0) return pointIn(view, SoakEvent::Kind::TapPoint);
    double pick = uniform() * total;
    const SoakItem* chosen = nullptr;
    for (const auto& i : view.items) {
        if (!(i.x1 > i.x0 && i.y1 > i.y0)) continue;
        const double w = soakItemWeight(i.id);
        if (w <= 0) continue;
        chosen = &i;
        if (pick < w) break;
        pick -= w;
    }
    SoakEvent e;
    e.kind = SoakEvent::Kind::TapItem;
    e.text = chosen->id;
    // Somewhere in the middle half of the element: fingers are not precise, but hit what they aim at.
    const float w = chosen->x1 - chosen->x0, h = chosen->y1 - chosen->y0;
    e.x1 = chosen->x0 + w * between(0.25f, 0.75f);
    e.y1 = chosen->y0 + h * between(0.25f, 0.75f);
    return e;
}

SoakEvent SoakGenerator::next(const SoakView& view) {
    ++m_count;
    SoakEvent e;
    if (m_swapEvery > 0 && m_count % m_swapEvery == 0) {
        e.kind = SoakEvent::Kind::SwapPack;
    } else {
        int roll = static_cast<int>(range(0, 99));
        auto take = [&roll](int share) {
            const bool hit = roll < share;
            roll -= share;
            return hit;
        };
        if (take(m_mix.tapItem)) {
            e = tapItem(view);
        } else if (take(m_mix.tapPoint)) {
            e = pointIn(view, SoakEvent::Kind::TapPoint);
        } else if (take(m_mix.drag)) {
            e = pointIn(view, SoakEvent::Kind::Drag);
            // Mostly up and down (lists, detail pages), sometimes sideways or diagonal.
            const bool vertical = uniform() < 0.8;
            e.x2 = vertical ? e.x1 + between(-20, 20) : between(0, view.width - 1);
            e.y2 = vertical ? between(0, view.height - 1) : e.y1 + between(-40, 40);
            e.x2 = std::clamp(e.x2, 0.f, std::max(0.f, view.width - 1));
            e.y2 = std::clamp(e.y2, 0.f, std::max(0.f, view.height - 1));
            e.ms = range(60, 700); // quick flicks fling, slow drags just scroll
        } else if (take(m_mix.hold)) {
            const auto title = std::find_if(view.items.begin(), view.items.end(),
                                            [](const SoakItem& i) { return i.id == "nav:title"; });
            if (title != view.items.end() && uniform() < 0.8) {
                // The staff gesture: 3 seconds on the site name open the PIN pad.
                e.kind = SoakEvent::Kind::Hold;
                e.text = title->id;
                e.x1 = (title->x0 + title->x1) / 2;
                e.y1 = (title->y0 + title->y1) / 2;
                e.ms = range(3100, 4000);
            } else {
                e = pointIn(view, SoakEvent::Kind::Hold);
                e.ms = range(300, 2500);
            }
        } else if (take(m_mix.key)) {
            const auto& k = kKeys[range(0, static_cast<long long>(std::size(kKeys)) - 1)];
            e.kind = SoakEvent::Kind::Key;
            e.text = k.name;
            if (*k.modifier) e.modifiers.emplace_back(k.modifier);
        } else if (take(m_mix.advance)) {
            e.kind = SoakEvent::Kind::Advance;
            const double r = uniform();
            if (r < 0.70) e.ms = range(500, 10'000);                        // a visitor reading
            else if (r < 0.90) e.ms = range(20'000, 150'000);               // walked away: idle reset at 90 s
            else if (r < 0.98) e.ms = range(180'000, 360'000);              // the slideshow
            else e.ms = range(3'600'000, 9 * 3'600'000LL);                  // hours: night, next day
        } else {
            e.kind = SoakEvent::Kind::Wait;
            e.ms = range(16, 400);
        }
    }
    ++m_counts[static_cast<std::size_t>(e.kind)];
    return e;
}

} // namespace kiosk::core
