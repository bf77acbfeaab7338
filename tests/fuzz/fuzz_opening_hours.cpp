// Fuzz target: the opening-hours parser (OSM syntax subset, docs/fuzzing.md).
// A text that parses is then asked what the kiosk asks of it: open now (on
// dates and times derived from the input, with and without a public holiday),
// the spans of a date and of each weekday. Seeds: the strings of
// tests/content/test_opening_hours.cpp and the sample's spreadsheet cells.
// Checked beyond "no crash": spans are ordered and within two days' minutes.

#include "fuzz_support.h"
#include "kiosk/content/opening_hours.h"

#include <cstdlib>
#include <functional>
#include <string_view>

using namespace kiosk::content;

namespace {

void checkSpans(const std::vector<TimeSpan>& spans) {
    for (const auto& s : spans)
        if (s.from < 0 || s.from > s.to || s.to > 2 * 1440) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = kiosk::fuzz::asText(data, size);
    const auto hours = OpeningHours::parse(text);
    if (!hours) return 0;

    const std::size_t h = std::hash<std::string_view>{}(text);
    const Date base{2026, 1, 1};
    for (int i = 0; i < 8; ++i) {
        const Date d = Date::fromDays(base.toDays() + static_cast<std::int64_t>((h >> (i * 4)) % 400));
        const DateTime at{d, static_cast<int>((h >> i) % 1440), true};
        (void)hours->isOpen(at, (i & 1) != 0);
        (void)hours->isOpen(at, [i](const Date& x) { return (x.day + i) % 5 == 0; });
        checkSpans(hours->spansOn(d, (i & 2) != 0));
    }
    for (int w = 0; w < 7; ++w) checkSpans(hours->spansOnWeekday(w));
    (void)hours->alwaysClosed();
    (void)hours->is24_7();
    // Parsing what parsed again gives the same result (the text is kept verbatim).
    if (!OpeningHours::parse(hours->text())) std::abort();
    return 0;
}
