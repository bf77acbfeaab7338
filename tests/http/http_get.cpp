// http_get: one GET through kiosk::platform::HttpClient, for the nginx test
// (tests/http/nginx_test.sh) and for poking at a real server by hand.
//   http_get URL [--to FILE] [--resume] [--if-range V] [--etag E] [--since DATE]
//                [--rate BYTES_PER_S] [--low-speed S] [--connect-ms MS]
//   http_get --free-port      prints a TCP port on 127.0.0.1 that was free just now
// Prints key=value lines (status, error, bodyBytes, fileSize, etag, lastModified,
// resumed, restarted, alreadyComplete, ms); exit 0 when the transfer completed
// (any status), 1 on a transport error, 2 on bad usage.
#include "kiosk/platform/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

namespace {

int usage() {
    std::fprintf(stderr, "usage: http_get URL [--to FILE] [--resume] [--if-range V] [--etag E] [--since DATE]\n"
                         "                [--rate BYTES_PER_S] [--low-speed S] [--connect-ms MS]\n"
                         "       http_get --free-port\n");
    return 2;
}

int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        std::perror("http_get: free port");
        return 1;
    }
    std::printf("%u\n", static_cast<unsigned>(ntohs(addr.sin_port)));
    ::close(fd);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::string_view(argv[1]) == "--free-port") return freePort();
    if (argc < 2 || argv[1][0] == '-') return usage();
    kiosk::platform::HttpRequest request;
    request.url = argv[1];
    for (int i = 2; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const bool hasValue = i + 1 < argc;
        if (arg == "--resume") request.resume = true;
        else if (arg == "--to" && hasValue) request.toFile = argv[++i];
        else if (arg == "--if-range" && hasValue) request.ifRange = argv[++i];
        else if (arg == "--etag" && hasValue) request.ifNoneMatch = argv[++i];
        else if (arg == "--since" && hasValue) request.ifModifiedSince = argv[++i];
        else if (arg == "--rate" && hasValue) request.maxBytesPerSecond = std::stoull(argv[++i]);
        else if (arg == "--low-speed" && hasValue) request.lowSpeedSeconds = std::stol(argv[++i]);
        else if (arg == "--connect-ms" && hasValue) request.connectTimeoutMs = std::stol(argv[++i]);
        else return usage();
    }

    kiosk::platform::HttpClient client;
    const auto start = std::chrono::steady_clock::now();
    const auto r = client.get(request);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    std::printf("status=%d\nerror=%s\nbodyBytes=%llu\nfileSize=%llu\netag=%s\nlastModified=%s\n"
                "resumed=%d\nrestarted=%d\nalreadyComplete=%d\nms=%lld\n",
                r.status, r.error.c_str(), static_cast<unsigned long long>(r.bodyBytes),
                static_cast<unsigned long long>(r.fileSize), r.etag.c_str(), r.lastModified.c_str(), r.resumed ? 1 : 0,
                r.restarted ? 1 : 0, r.alreadyComplete ? 1 : 0, static_cast<long long>(ms));
    if (request.toFile.empty() && !r.body.empty() && r.body.size() <= 4096)
        std::printf("body=%s\n", r.body.c_str());
    return r.error.empty() ? 0 : 1;
}
