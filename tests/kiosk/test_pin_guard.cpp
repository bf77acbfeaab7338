// The staff PIN: backoff after wrong PINs (core/pin_guard) and the hash round trip (core/config).
#include "core/config.h"
#include "core/pin_guard.h"

#include <doctest/doctest.h>

using namespace kiosk::core;

TEST_CASE("pin guard: a fresh guard is open") {
    PinGuard g;
    CHECK_FALSE(g.locked(0));
    CHECK(g.failures() == 0);
    CHECK(g.lockedUntil() == 0);
}

TEST_CASE("pin guard: the delay doubles with every wrong PIN in a row") {
    PinGuard g;
    std::int64_t now = 1'000'000;
    std::int64_t previous = 0;
    const std::int64_t expected[] = {1'000, 2'000, 4'000, 8'000, 16'000, 32'000, 64'000, 128'000, 256'000};
    for (std::int64_t want : expected) {
        g.failure(now);
        const std::int64_t delay = g.lockedUntil() - now;
        CHECK(delay == want);
        CHECK(delay > previous);
        previous = delay;
        // Locked until the delay has passed, and not a millisecond longer.
        CHECK(g.locked(now));
        CHECK(g.locked(now + delay - 1));
        CHECK_FALSE(g.locked(now + delay));
        now += delay;
    }
    CHECK(g.failures() == 9);
}

TEST_CASE("pin guard: the delay stops growing at five minutes") {
    PinGuard g;
    std::int64_t now = 0;
    for (int i = 0; i < 200; ++i) {
        g.failure(now);
        CHECK(g.lockedUntil() - now <= PinGuard::kMaxDelayMs);
        now = g.lockedUntil();
    }
    CHECK(g.lockedUntil() - (now - PinGuard::kMaxDelayMs) == PinGuard::kMaxDelayMs);
    CHECK(PinGuard::delayAfter(10) == PinGuard::kMaxDelayMs);
    CHECK(PinGuard::delayAfter(1'000'000) == PinGuard::kMaxDelayMs);
    CHECK(PinGuard::delayAfter(0) == 0);
}

TEST_CASE("pin guard: the right PIN starts the count again") {
    PinGuard g;
    g.failure(0);
    g.failure(1'000);
    g.failure(3'000);
    CHECK(g.failures() == 3);
    g.success();
    CHECK(g.failures() == 0);
    CHECK_FALSE(g.locked(3'001));
    g.failure(10'000);
    CHECK(g.lockedUntil() == 11'000);
}

TEST_CASE("staff pin: hashPin and checkPin round-trip") {
    const std::string hash = hashPin("1234");
    REQUIRE_FALSE(hash.empty());
    // A salted Argon2 string, never the PIN itself.
    CHECK(hash.rfind("$argon2", 0) == 0);
    CHECK(hash.find("1234") == std::string::npos);
    CHECK(checkPin(hash, "1234"));
    CHECK_FALSE(checkPin(hash, "1235"));
    CHECK_FALSE(checkPin(hash, "12345"));
    CHECK_FALSE(checkPin(hash, ""));
    // Salted: the same PIN hashes differently each time, and both check.
    const std::string again = hashPin("1234");
    CHECK(again != hash);
    CHECK(checkPin(again, "1234"));
}

TEST_CASE("staff pin: no or a broken hash accepts nothing") {
    CHECK_FALSE(checkPin("", "1234"));
    CHECK_FALSE(checkPin("", ""));
    CHECK_FALSE(checkPin("not a hash", "1234"));
    CHECK_FALSE(checkPin("$argon2id$v=19$m=65536,t=2,p=1$garbage", "1234"));
}
