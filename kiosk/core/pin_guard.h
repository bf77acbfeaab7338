#pragma once
// Backoff for the staff PIN: after each wrong PIN the keypad stays locked for
// 1 s, 2 s, 4 s ... (capped at 5 minutes), so guessing a 4-digit PIN at the
// kiosk takes days while a member of staff who mistyped waits a moment.
// A right PIN clears the count. Pure: time comes in as monotonic ms.
// tests/kiosk/test_pin_guard.cpp covers it.
// Thread safety: a plain value.

#include <cstdint>

namespace kiosk::core {

class PinGuard {
public:
    static constexpr std::int64_t kFirstDelayMs = 1'000;
    static constexpr std::int64_t kMaxDelayMs = 300'000;

    // True while a PIN must not be checked.
    bool locked(std::int64_t nowMs) const { return nowMs < m_lockedUntilMs; }
    // A wrong PIN at nowMs: locks for the next delay.
    void failure(std::int64_t nowMs);
    // The right PIN: the next mistake starts again at the first delay.
    void success();

    std::int64_t lockedUntil() const { return m_lockedUntilMs; }
    int failures() const { return m_failures; }
    // How long the lock after the n-th failure in a row lasts (n >= 1).
    static std::int64_t delayAfter(int failures);

private:
    int m_failures = 0;
    std::int64_t m_lockedUntilMs = 0;
};

} // namespace kiosk::core
