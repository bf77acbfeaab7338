#pragma once
// Stopping the kiosk from outside: SIGTERM (systemctl stop, a shutdown), SIGINT
// (Ctrl+C in a terminal) and SIGHUP end the process cleanly, kiosk mode or not.
//
// Why not SDL's own handling: SDL turns these signals into SDL_QUIT, the same
// event as Alt+F4 and a window manager's close request, which the kiosk must
// ignore in kiosk mode; a visitor cannot send signals, so they are told apart
// here. Without this, `systemctl stop` waited for TimeoutStopSec and SIGKILL.
//
// StopSignals::install() blocks the three signals in the calling thread and
// starts a thread that takes them with sigwait(); threads made afterwards
// inherit the block, so the signal always reaches that thread. Call it first in
// main, before any other thread exists (and set SDL_HINT_NO_SIGNAL_HANDLERS so
// SDL leaves the signals alone). On a signal the thread stores its number
// (requested()) and calls `onStop` once, from that thread: the callback must be
// thread-safe (e.g. SDL_PushEvent). A second signal of the same kind while the
// first is being handled is ignored: the kiosk is stopping already.
//
// Thread safety: requested() from any thread; install() and the destructor from
// the thread that owns the object. Failure: install() returns an error text
// ("" when fine) and leaves the default dispositions.

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace kiosk::platform {

class StopSignals {
public:
    StopSignals() = default;
    ~StopSignals(); // stops the waiting thread and unblocks the signals again
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    std::string install(std::function<void(int signal)> onStop);
    // The signal that asked to stop, 0 while none has.
    int requested() const { return m_signal.load(); }

private:
    std::function<void(int)> m_onStop;
    std::atomic<int> m_signal{0};
    std::atomic<bool> m_closing{false};
    std::thread m_thread;
    bool m_installed = false;
};

} // namespace kiosk::platform
