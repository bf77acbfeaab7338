#pragma once
// Internal: a file descriptor that closes itself (file_safety, rotating_log, ...).

#include <unistd.h>

namespace kiosk::platform::detail {

class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0) ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }
    // Gives up ownership (e.g. to close() it checked, or to hand it on).
    int release() {
        const int fd = m_fd;
        m_fd = -1;
        return fd;
    }

private:
    int m_fd;
};

} // namespace kiosk::platform::detail
