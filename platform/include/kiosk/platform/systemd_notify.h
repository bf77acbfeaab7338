#pragma once
// systemd's notify protocol (sd_notify(3)), spoken directly: one datagram per
// message to the socket named in $NOTIFY_SOCKET ("@name" = abstract namespace).
// The kiosk's unit runs it with Type=notify and WatchdogSec=: the kiosk says
// READY=1 after its first frame and WATCHDOG=1 from its main loop at half the
// interval systemd asks for ($WATCHDOG_USEC, only when $WATCHDOG_PID is unset or
// ours). A hung UI thread stops the pings, and systemd restarts the kiosk.
// Without $NOTIFY_SOCKET every call does nothing.
// Failure: a message that cannot be sent is dropped (the kiosk keeps running).
// Thread safety: one notifier per process, used from the UI thread.

#include <chrono>
#include <string>
#include <string_view>

namespace kiosk::platform {

class SystemdNotifier {
public:
    SystemdNotifier();  // reads the environment
    ~SystemdNotifier();
    SystemdNotifier(const SystemdNotifier&) = delete;
    SystemdNotifier& operator=(const SystemdNotifier&) = delete;

    bool enabled() const { return m_fd >= 0; }
    // Half the watchdog interval systemd asked for; zero when there is no watchdog.
    std::chrono::milliseconds watchdogInterval() const { return m_interval; }

    bool send(std::string_view message); // e.g. "READY=1", "WATCHDOG=1", "STATUS=..."

private:
    int m_fd = -1;
    std::string m_address; // sockaddr_un path; leading '\0' for the abstract namespace
    std::chrono::milliseconds m_interval{0};
};

} // namespace kiosk::platform
