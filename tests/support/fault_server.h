#pragma once
// A small HTTP/1.1 server on 127.0.0.1 for tests of the HTTP client: serves the
// files of one folder like a static web server (ETag, Last-Modified, 304,
// single Range requests with 206/416, If-Range, keep-alive) and injects, per
// path, the faults a real server cannot be made to produce on demand: an error
// status, no Range support, a body cut off or stalled after N bytes, a corrupted
// byte, a slow line, a redirect. It counts requests and body bytes sent per path.
//
// One thread, plain POSIX sockets, one connection at a time (an idle keep-alive
// connection is dropped when a new one arrives). Binds port 0 and reports the
// port. Not a mock: the client under test talks real HTTP over real TCP.
// Thread safety: setFault/clearFaults/stats may be called from the test thread
// while the server runs. The destructor stops the thread (also mid-stall).
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace kiosk::test {

struct Fault {
    int status = 0;                    // answer this status (short text body) instead of the file
    bool noRange = false;              // ignore Range and If-Range: always 200 with the whole file
    std::int64_t truncateAfter = -1;   // send this many body bytes, then close the connection
    std::int64_t stallAfter = -1;      // send this many body bytes, then nothing until the client leaves
    std::int64_t corruptByte = -1;     // flip the bits of this file offset on the way out
    std::uint64_t bytesPerSecond = 0;  // pace the body (0 = as fast as the socket takes it)
    std::string redirectTo {};           // answer 302 with this Location (a path or a full URL)
};

struct PathStats {
    int requests = 0;
    std::uint64_t bodyBytes = 0;       // body bytes the socket accepted
    std::vector<int> statuses;         // one per request, in order
    std::vector<std::string> ranges;   // the Range header of each request ("" when none)
};

class FaultServer {
public:
    // Serves `root` (path "/a/b" is root/a/b); throws std::runtime_error when it cannot listen.
    explicit FaultServer(std::filesystem::path root);
    ~FaultServer();
    FaultServer(const FaultServer&) = delete;
    FaultServer& operator=(const FaultServer&) = delete;

    std::uint16_t port() const { return m_port; }
    // "http://127.0.0.1:<port>" + path (path starts with '/').
    std::string url(std::string_view path) const;

    void setFault(const std::string& path, const Fault& fault);
    void clearFaults();
    PathStats stats(const std::string& path) const;
    // TCP connections accepted so far (keep-alive reuse shows as fewer connections than requests).
    int connections() const { return m_connections.load(); }

private:
    struct Request;
    void run();
    // Answers one request; false when the connection must be closed afterwards.
    bool respond(int conn, const Request& request);
    // Sends all of `data` (honouring the stop pipe); false when the peer went away or we stop.
    // With `countFor`, the bytes are body bytes of that path for stats().
    bool sendAll(int conn, const char* data, std::size_t size, const std::string* countFor = nullptr);
    void record(const std::string& path, int status, const std::string& range);
    void addBodyBytes(const std::string& path, std::int64_t delta);

    std::filesystem::path m_root;
    int m_listen = -1;
    int m_stopPipe[2] = {-1, -1};
    std::uint16_t m_port = 0;
    mutable std::mutex m_mutex;
    std::map<std::string, Fault> m_faults;
    std::map<std::string, PathStats> m_stats;
    std::atomic<int> m_connections {0};
    std::thread m_thread;
};

} // namespace kiosk::test
