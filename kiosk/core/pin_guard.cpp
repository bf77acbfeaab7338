#include "pin_guard.h"

#include <algorithm>

namespace kiosk::core {

std::int64_t PinGuard::delayAfter(int failures) {
    if (failures <= 0) return 0;
    // Shift at most 20 places: 1 s << 20 is far past the cap and cannot overflow.
    return std::min(kMaxDelayMs, kFirstDelayMs << std::min(failures - 1, 20));
}

void PinGuard::failure(std::int64_t nowMs) {
    if (m_failures < 1'000'000) ++m_failures;
    m_lockedUntilMs = nowMs + delayAfter(m_failures);
}

void PinGuard::success() {
    m_failures = 0;
    m_lockedUntilMs = 0;
}

} // namespace kiosk::core
