// SystemdNotifier: the sd_notify datagram protocol against a real socket.
#include "kiosk/platform/systemd_notify.h"
#include "temp_dir.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using kiosk::platform::SystemdNotifier;

namespace {

struct Env {
    Env(const char* name, const std::string& value) : m_name(name) { ::setenv(name, value.c_str(), 1); }
    ~Env() { ::unsetenv(m_name); }
    const char* m_name;
};

int listenAt(const std::string& path) {
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    path.copy(sa.sun_path, sizeof sa.sun_path - 1);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
    return fd;
}

std::string receive(int fd) {
    char buf[256];
    const auto n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

} // namespace

TEST_CASE("systemd notify: without NOTIFY_SOCKET nothing is sent and there is no watchdog") {
    ::unsetenv("NOTIFY_SOCKET");
    SystemdNotifier n;
    CHECK_FALSE(n.enabled());
    CHECK(n.watchdogInterval().count() == 0);
    CHECK_FALSE(n.send("READY=1"));
}

TEST_CASE("systemd notify: messages reach the socket and the watchdog pings at half its interval") {
    kiosk::test::TempDir dir;
    const std::string path = (dir / "notify").string();
    const int fd = listenAt(path);
    Env socketEnv("NOTIFY_SOCKET", path);
    Env usec("WATCHDOG_USEC", "3000000");
    SystemdNotifier n;
    REQUIRE(n.enabled());
    CHECK(n.watchdogInterval().count() == 1500);
    CHECK(n.send("READY=1"));
    CHECK(receive(fd) == "READY=1");
    CHECK(n.send("WATCHDOG=1"));
    CHECK(receive(fd) == "WATCHDOG=1");
    ::close(fd);
}

TEST_CASE("systemd notify: a watchdog meant for another process is not ours") {
    kiosk::test::TempDir dir;
    const std::string path = (dir / "notify").string();
    const int fd = listenAt(path);
    Env socketEnv("NOTIFY_SOCKET", path);
    Env usec("WATCHDOG_USEC", "3000000");
    Env pid("WATCHDOG_PID", std::to_string(::getpid() + 1));
    SystemdNotifier n;
    CHECK(n.enabled());
    CHECK(n.watchdogInterval().count() == 0);
    ::close(fd);
}

TEST_CASE("systemd notify: an abstract socket name starting with @ works") {
    const std::string name = "kiosk-notify-test-" + std::to_string(::getpid());
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    name.copy(sa.sun_path + 1, sizeof sa.sun_path - 2);
    const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&sa), len) == 0);
    Env socketEnv("NOTIFY_SOCKET", "@" + name);
    SystemdNotifier n;
    REQUIRE(n.enabled());
    CHECK(n.send("STATUS=hello"));
    CHECK(receive(fd) == "STATUS=hello");
    ::close(fd);
}
