// platform::StopSignals: SIGTERM, SIGINT and SIGHUP sent to the process reach the
// callback once, from the waiting thread; the object's end restores the defaults.
#include "kiosk/platform/stop_signals.h"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <vector>

using kiosk::platform::StopSignals;

namespace {

struct Calls {
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<int> signals;
    std::thread::id thread;
    bool waitFor(std::size_t n) {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, std::chrono::seconds(5), [&] { return signals.size() >= n; });
    }
};

bool blocked(int sig) {
    sigset_t current;
    pthread_sigmask(SIG_BLOCK, nullptr, &current);
    return sigismember(&current, sig) == 1;
}

void checkStopsOn(int sig) {
    Calls calls;
    {
        StopSignals stop;
        REQUIRE(stop.install([&](int s) {
            std::lock_guard lock(calls.mutex);
            calls.signals.push_back(s);
            calls.thread = std::this_thread::get_id();
            calls.cv.notify_all();
        }) == "");
        CHECK(blocked(sig));
        CHECK(stop.requested() == 0);
        REQUIRE(kill(getpid(), sig) == 0); // process-directed, as systemctl stop sends it
        REQUIRE(calls.waitFor(1));
        CHECK(stop.requested() == sig);
        // A second signal while stopping is taken and ignored, not acted on again.
        REQUIRE(kill(getpid(), SIGTERM) == 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        CHECK(stop.requested() == sig);
        CHECK(stop.install([](int) {}) != "");
    }
    std::lock_guard lock(calls.mutex);
    CHECK(calls.signals == std::vector<int>{sig});
    CHECK(calls.thread != std::this_thread::get_id());
    CHECK_FALSE(blocked(sig)); // the destructor unblocked them again
}

} // namespace

TEST_CASE("stop signals SIGTERM reaches the callback once from the waiting thread") { checkStopsOn(SIGTERM); }
TEST_CASE("stop signals SIGINT and SIGHUP stop too") {
    checkStopsOn(SIGINT);
    checkStopsOn(SIGHUP);
}
TEST_CASE("stop signals an outside SIGUSR2 does not end the waiting thread") {
    Calls calls;
    StopSignals stop;
    REQUIRE(stop.install([&](int s) {
        std::lock_guard lock(calls.mutex);
        calls.signals.push_back(s);
        calls.cv.notify_all();
    }) == "");
    REQUIRE(kill(getpid(), SIGUSR2) == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(stop.requested() == 0);
    REQUIRE(kill(getpid(), SIGTERM) == 0); // still heard after the SIGUSR2
    REQUIRE(calls.waitFor(1));
    CHECK(stop.requested() == SIGTERM);
}
