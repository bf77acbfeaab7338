#include "kiosk/platform/systemd_notify.h"

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace kiosk::platform {

SystemdNotifier::SystemdNotifier() {
    const char* socketName = std::getenv("NOTIFY_SOCKET");
    if (!socketName || !*socketName) return;
    std::string address = socketName;
    if (address[0] == '@') address[0] = '\0'; // abstract namespace
    else if (address[0] != '/') return;       // only the two forms systemd uses
    if (address.size() >= sizeof(sockaddr_un::sun_path)) return;
    m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (m_fd < 0) return;
    m_address = address;

    // The watchdog is ours when WATCHDOG_PID is unset or names this process.
    const char* usec = std::getenv("WATCHDOG_USEC");
    const char* pid = std::getenv("WATCHDOG_PID");
    if (usec && *usec && (!pid || !*pid || std::strtol(pid, nullptr, 10) == ::getpid())) {
        const long long us = std::strtoll(usec, nullptr, 10);
        if (us > 0) m_interval = std::chrono::milliseconds(std::max(1LL, us / 2000)); // half the interval
    }
}

SystemdNotifier::~SystemdNotifier() {
    if (m_fd >= 0) ::close(m_fd);
}

bool SystemdNotifier::send(std::string_view message) {
    if (m_fd < 0) return false;
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    std::memcpy(sa.sun_path, m_address.data(), m_address.size());
    const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + m_address.size());
    return ::sendto(m_fd, message.data(), message.size(), MSG_NOSIGNAL, reinterpret_cast<const sockaddr*>(&sa), len) ==
           static_cast<ssize_t>(message.size());
}

} // namespace kiosk::platform
