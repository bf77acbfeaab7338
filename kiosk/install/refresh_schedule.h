#pragma once
// When the web refresh looks at a manifest again (issue 5): pure arithmetic on
// wall-clock seconds, so it is tested without waiting.
//
//   after a good check:           next = last + interval + jitter
//   after n errors in a row:      next = last + min(interval * 2^n, maxBackoff) + jitter
//   jitter:                       uniform whole seconds in [0, jitterFraction * that delay]
//
// The jitter spreads hundreds of kiosks that were switched on together (same
// power strip, same morning) over the interval, so they do not all hit the
// city's web server in the same second. The back-off keeps a kiosk on a broken
// line, or pointed at a broken server, from polling it hard; the cap keeps it
// from giving up for days. Staff can always ask for a check now.
//
// The random numbers come from a std::mt19937_64 seeded by the caller: the kiosk
// passes std::random_device, tests a fixed seed (mt19937_64's sequence is fixed
// by the C++ standard, so expected values hold on every platform).
//
// Thread safety: requestCheckNow()/takeCheckNow() may be called from any thread
// (an atomic flag: the staff screen sets it, the refresh worker takes it); the
// rest belongs to the refresh worker.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

namespace kiosk::install {

using RefreshTime = std::chrono::sys_seconds;

struct ScheduleOptions {
    std::chrono::seconds interval{60 * 60};         // between checks while all is well
    double jitterFraction = 0.1;                    // 0..1; share of the delay added at random
    std::chrono::seconds maxBackoff{24 * 60 * 60};  // longest delay after errors (never below `interval`)
};

// interval * 2^consecutiveErrors, capped at max(maxBackoff, interval); no jitter.
std::chrono::seconds backoffDelay(const ScheduleOptions& options, int consecutiveErrors);

class RefreshSchedule {
public:
    RefreshSchedule(ScheduleOptions options, std::uint64_t seed);

    const ScheduleOptions& options() const { return m_options; }

    // The next check after one at `last` that left `consecutiveErrors` errors in a row (0 = it went well).
    RefreshTime nextCheck(RefreshTime last, int consecutiveErrors);

    // Due when there is no next check yet, `now` has reached it, or it lies further
    // ahead than any delay this schedule can produce (the clock was set back, e.g.
    // a Raspberry Pi without RTC booting with an old time until NTP corrects it).
    bool isDue(std::optional<RefreshTime> next, RefreshTime now) const;

    // The staff's "jetzt aktualisieren": the worker checks every channel at once.
    void requestCheckNow() { m_checkNow.store(true); }
    // True once per request (clears it).
    bool takeCheckNow() { return m_checkNow.exchange(false); }

private:
    ScheduleOptions m_options;
    std::mt19937_64 m_rng;
    std::atomic<bool> m_checkNow{false};
};

} // namespace kiosk::install
