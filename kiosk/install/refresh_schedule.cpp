#include "install/refresh_schedule.h"

#include <algorithm>
#include <cmath>

namespace kiosk::install {

std::chrono::seconds backoffDelay(const ScheduleOptions& options, int consecutiveErrors) {
    const auto interval = std::max<std::int64_t>(options.interval.count(), 1);
    const auto cap = std::max<std::int64_t>(options.maxBackoff.count(), interval);
    std::int64_t delay = interval;
    // Doubling stops at the cap, so no shift can overflow however many errors there were.
    for (int i = 0; i < consecutiveErrors && delay < cap; ++i) delay *= 2;
    return std::chrono::seconds(std::min(delay, cap));
}

RefreshSchedule::RefreshSchedule(ScheduleOptions options, std::uint64_t seed) : m_options(options), m_rng(seed) {
    m_options.jitterFraction = std::clamp(m_options.jitterFraction, 0.0, 1.0);
}

RefreshTime RefreshSchedule::nextCheck(RefreshTime last, int consecutiveErrors) {
    const auto delay = backoffDelay(m_options, consecutiveErrors);
    const auto maxJitter =
        static_cast<std::uint64_t>(std::floor(static_cast<double>(delay.count()) * m_options.jitterFraction));
    // A plain modulo instead of a std:: distribution: distributions differ between
    // standard libraries, the engine's raw output does not. The bias is negligible
    // for jitter of at most a day in 2^64.
    const std::uint64_t jitter = maxJitter == 0 ? 0 : m_rng() % (maxJitter + 1);
    return last + delay + std::chrono::seconds(static_cast<std::int64_t>(jitter));
}

bool RefreshSchedule::isDue(std::optional<RefreshTime> next, RefreshTime now) const {
    if (!next) return true;
    if (now >= *next) return true;
    const auto cap = backoffDelay(m_options, 64);
    const auto longest = cap + std::chrono::seconds(static_cast<std::int64_t>(
                                   std::ceil(static_cast<double>(cap.count()) * m_options.jitterFraction)));
    return *next - now > longest;
}

} // namespace kiosk::install
