#include "kiosk/platform/stop_signals.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <pthread.h>

namespace kiosk::platform {
namespace {

// SIGUSR2 only wakes the waiting thread when the object goes away.
sigset_t waitedSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGUSR2);
    return set;
}

} // namespace

std::string StopSignals::install(std::function<void(int)> onStop) {
    if (m_installed) return "stop signals: installed already";
    m_onStop = std::move(onStop);
    const sigset_t set = waitedSignals();
    if (const int rc = pthread_sigmask(SIG_BLOCK, &set, nullptr); rc != 0)
        return std::string("stop signals: cannot block signals: ") + std::strerror(rc);
    m_thread = std::thread([this, set] {
        for (;;) {
            int sig = 0;
            if (sigwait(&set, &sig) != 0) continue;
            if (sig == SIGUSR2) {
                if (m_closing.load()) return;
                continue; // somebody else's SIGUSR2: not ours to act on
            }
            int expected = 0;
            if (m_signal.compare_exchange_strong(expected, sig) && m_onStop) m_onStop(sig);
        }
    });
    m_installed = true;
    return {};
}

StopSignals::~StopSignals() {
    if (!m_installed) return;
    m_closing = true;
    pthread_kill(m_thread.native_handle(), SIGUSR2);
    m_thread.join();
    const sigset_t set = waitedSignals();
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

} // namespace kiosk::platform
