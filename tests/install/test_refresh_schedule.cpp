// The web refresh's schedule (kiosk/install/refresh_schedule.h): interval, jitter
// from a seeded generator, exponential back-off with its cap, clock set back, check now.
#include "install/refresh_schedule.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>

using namespace kiosk::install;
using std::chrono::seconds;

namespace {
const RefreshTime kT{seconds(1'795'246'200)}; // 2026-11-21 07:30 UTC
ScheduleOptions hourly() {
    ScheduleOptions o;
    o.interval = seconds(3600);
    o.jitterFraction = 0.1;
    o.maxBackoff = seconds(6 * 3600);
    return o;
}
} // namespace

TEST_CASE("the next refresh check is last plus interval plus seeded jitter") {
    // mt19937_64(42)'s first outputs are fixed by the standard: ...406 % 361 = 17,
    // ...824 % 721 = 451, ...450 % 361 = 163.
    RefreshSchedule s(hourly(), 42);
    CHECK(s.nextCheck(kT, 0) == kT + seconds(3600 + 17));
    CHECK(s.nextCheck(kT, 1) == kT + seconds(7200 + 451));
    CHECK(s.nextCheck(kT, 0) == kT + seconds(3600 + 163));
    // The same seed gives the same sequence; another seed another one.
    RefreshSchedule again(hourly(), 42);
    CHECK(again.nextCheck(kT, 0) == kT + seconds(3600 + 17));
    RefreshSchedule other(hourly(), 7);
    CHECK(other.nextCheck(kT, 0) != kT + seconds(3600 + 17));
}

TEST_CASE("refresh jitter stays within its fraction and spreads") {
    RefreshSchedule s(hourly(), 1);
    std::int64_t lo = 1 << 30, hi = -1;
    for (int i = 0; i < 2000; ++i) {
        const auto d = (s.nextCheck(kT, 0) - kT).count() - 3600;
        lo = std::min<std::int64_t>(lo, d);
        hi = std::max<std::int64_t>(hi, d);
    }
    CHECK(lo >= 0);
    CHECK(hi <= 360);
    CHECK(lo < 10);   // 2000 draws over 361 values reach both ends
    CHECK(hi > 350);

    auto o = hourly();
    o.jitterFraction = 0;
    RefreshSchedule exact(o, 1);
    CHECK(exact.nextCheck(kT, 0) == kT + seconds(3600));
    CHECK(exact.nextCheck(kT, 2) == kT + seconds(4 * 3600));
}

TEST_CASE("refresh back-off doubles per error and stops at the cap") {
    const auto o = hourly();
    CHECK(backoffDelay(o, 0) == seconds(3600));
    CHECK(backoffDelay(o, 1) == seconds(7200));
    CHECK(backoffDelay(o, 2) == seconds(14400));
    CHECK(backoffDelay(o, 3) == seconds(21600)); // 28800 capped at 6 h
    CHECK(backoffDelay(o, 4) == seconds(21600));
    CHECK(backoffDelay(o, 1000000) == seconds(21600)); // no overflow however long the line is down

    auto small = o;
    small.maxBackoff = seconds(60); // a cap below the interval never shortens the interval
    CHECK(backoffDelay(small, 0) == seconds(3600));
    CHECK(backoffDelay(small, 5) == seconds(3600));

    // Jitter applies to the backed-off delay: after 10 errors the next check is 6 h to 6.6 h away.
    RefreshSchedule s(o, 3);
    for (int i = 0; i < 200; ++i) {
        const auto d = (s.nextCheck(kT, 10) - kT).count();
        REQUIRE(d >= 21600);
        REQUIRE(d <= 21600 + 2160);
    }
}

TEST_CASE("a refresh is due at its next check or when the clock went back") {
    RefreshSchedule s(hourly(), 1);
    CHECK(s.isDue(std::nullopt, kT));                      // never checked
    CHECK_FALSE(s.isDue(kT + seconds(10), kT));
    CHECK(s.isDue(kT + seconds(10), kT + seconds(10)));
    CHECK(s.isDue(kT + seconds(10), kT + seconds(11)));
    // 6 h + 10 % jitter is the furthest a next check can be; further means the clock was set back.
    CHECK_FALSE(s.isDue(kT + seconds(21600 + 2160), kT));
    CHECK(s.isDue(kT + seconds(21600 + 2161), kT));
    CHECK(s.isDue(kT + seconds(365 * 86400), kT));
}

TEST_CASE("a refresh check-now request is taken once") {
    RefreshSchedule s(hourly(), 1);
    CHECK_FALSE(s.takeCheckNow());
    s.requestCheckNow();
    s.requestCheckNow();
    CHECK(s.takeCheckNow());
    CHECK_FALSE(s.takeCheckNow());
}
