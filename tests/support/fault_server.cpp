#include "fault_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace kiosk::test {

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return std::string(s);
}

std::string httpDate(std::time_t t) {
    std::tm tm {};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buf;
}

std::optional<std::time_t> parseHttpDate(const std::string& s) {
    std::tm tm {};
    const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (!end || *end != '\0') return std::nullopt;
    return timegm(&tm);
}

const char* reason(int status) {
    switch (status) {
    case 200: return "OK";
    case 206: return "Partial Content";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 416: return "Range Not Satisfiable";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

std::optional<std::uint64_t> number(const std::string& s) {
    if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stoull(s);
}

// One "bytes=S-E" / "bytes=S-" / "bytes=-N" range; nullopt for anything else
// (several ranges or bad syntax), which a server may answer with the whole file.
struct ByteRange {
    std::optional<std::uint64_t> first, last, suffix;
};
std::optional<ByteRange> parseRange(const std::string& value) {
    if (value.rfind("bytes=", 0) != 0) return std::nullopt;
    const std::string spec = value.substr(6);
    if (spec.find(',') != std::string::npos) return std::nullopt;
    const auto dash = spec.find('-');
    if (dash == std::string::npos) return std::nullopt;
    ByteRange r;
    const std::string a = trim(spec.substr(0, dash)), b = trim(spec.substr(dash + 1));
    if (a.empty()) {
        r.suffix = number(b);
        if (!r.suffix) return std::nullopt;
        return r;
    }
    r.first = number(a);
    if (!r.first) return std::nullopt;
    if (!b.empty()) {
        r.last = number(b);
        if (!r.last || *r.last < *r.first) return std::nullopt;
    }
    return r;
}

} // namespace

struct FaultServer::Request {
    std::string method;
    std::string path;
    std::map<std::string, std::string> headers; // lower-case names
    bool keepAlive = true;

    std::string header(const std::string& name) const {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

FaultServer::FaultServer(std::filesystem::path root) : m_root(std::move(root)) {
    m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_listen < 0) throw std::runtime_error(std::string("fault server: socket: ") + std::strerror(errno));
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(m_listen, 16) != 0 ||
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
        ::pipe2(m_stopPipe, O_CLOEXEC) != 0) {
        const int err = errno;
        ::close(m_listen);
        throw std::runtime_error(std::string("fault server: cannot listen on 127.0.0.1: ") + std::strerror(err));
    }
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] { run(); });
}

FaultServer::~FaultServer() {
    const char c = 'x';
    [[maybe_unused]] const auto n = ::write(m_stopPipe[1], &c, 1);
    m_thread.join();
    ::close(m_listen);
    ::close(m_stopPipe[0]);
    ::close(m_stopPipe[1]);
}

std::string FaultServer::url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + std::string(path);
}

void FaultServer::setFault(const std::string& path, const Fault& fault) {
    std::lock_guard lock(m_mutex);
    m_faults[path] = fault;
}

void FaultServer::clearFaults() {
    std::lock_guard lock(m_mutex);
    m_faults.clear();
}

PathStats FaultServer::stats(const std::string& path) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_stats.find(path);
    return it == m_stats.end() ? PathStats {} : it->second;
}

void FaultServer::record(const std::string& path, int status, const std::string& range) {
    std::lock_guard lock(m_mutex);
    auto& s = m_stats[path];
    ++s.requests;
    s.statuses.push_back(status);
    s.ranges.push_back(range);
}

void FaultServer::addBodyBytes(const std::string& path, std::int64_t delta) {
    std::lock_guard lock(m_mutex);
    m_stats[path].bodyBytes += static_cast<std::uint64_t>(delta); // wraps back for a negative correction
}

void FaultServer::run() {
    int conn = -1;
    std::string buffer;
    auto drop = [&] {
        if (conn >= 0) ::close(conn);
        conn = -1;
        buffer.clear();
    };
    for (;;) {
        pollfd fds[3] = {{m_stopPipe[0], POLLIN, 0}, {m_listen, POLLIN, 0}, {conn, POLLIN, 0}};
        if (::poll(fds, 3, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[0].revents) break;
        if (fds[1].revents & POLLIN) {
            const int c = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
            if (c >= 0) {
                drop(); // one connection at a time: a new client wins over an idle keep-alive one
                conn = c;
                ++m_connections;
            }
            continue;
        }
        if (conn < 0 || !fds[2].revents) continue;
        char chunk[4096];
        const ssize_t n = ::recv(conn, chunk, sizeof chunk, 0);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (n <= 0) {
            drop();
            continue;
        }
        buffer.append(chunk, static_cast<std::size_t>(n));
        if (buffer.size() > 64 * 1024) {
            drop();
            continue;
        }
        for (auto end = buffer.find("\r\n\r\n"); conn >= 0 && end != std::string::npos; end = buffer.find("\r\n\r\n")) {
            std::istringstream lines(buffer.substr(0, end));
            buffer.erase(0, end + 4);
            Request request;
            std::string line, version;
            std::getline(lines, line);
            std::istringstream first(line);
            std::string target;
            first >> request.method >> target >> version;
            request.path = target.substr(0, target.find('?'));
            while (std::getline(lines, line)) {
                const auto colon = line.find(':');
                if (colon == std::string::npos) continue;
                request.headers[lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
            }
            const std::string connection = lower(request.header("connection"));
            request.keepAlive = trim(version) == "HTTP/1.1" ? connection != "close" : connection == "keep-alive";
            if (!respond(conn, request)) drop();
        }
    }
    drop();
}

bool FaultServer::sendAll(int conn, const char* data, std::size_t size, const std::string* countFor) {
    while (size > 0) {
        // Counted before send(): the client may have read the bytes and the test
        // asked for stats() before this thread gets to run again. What send()
        // did not take is taken back.
        if (countFor) addBodyBytes(*countFor, static_cast<std::int64_t>(size));
        const ssize_t n = ::send(conn, data, size, MSG_NOSIGNAL);
        if (countFor) addBodyBytes(*countFor, -static_cast<std::int64_t>(size - static_cast<std::size_t>(std::max<ssize_t>(n, 0))));
        if (n > 0) {
            data += n;
            size -= static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN) return false;
        pollfd fds[2] = {{m_stopPipe[0], POLLIN, 0}, {conn, POLLOUT, 0}};
        if (::poll(fds, 2, -1) < 0 && errno != EINTR) return false;
        if (fds[0].revents) return false;
        if (fds[1].revents & (POLLERR | POLLHUP)) return false;
    }
    return true;
}

bool FaultServer::respond(int conn, const Request& request) {
    Fault fault;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_faults.find(request.path);
        if (it != m_faults.end()) fault = it->second;
    }
    const std::string range = request.header("range");

    auto simple = [&](int status, const std::string& text, const std::string& extra = {}) {
        record(request.path, status, range);
        std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) +
                           "\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(text.size()) + "\r\n" +
                           extra + "Connection: " + (request.keepAlive ? "keep-alive" : "close") + "\r\n\r\n";
        if (!sendAll(conn, head.data(), head.size())) return false;
        if (request.method != "HEAD" && !sendAll(conn, text.data(), text.size(), &request.path)) return false;
        return request.keepAlive;
    };

    if (request.method != "GET" && request.method != "HEAD") return simple(405, "method not allowed\n");
    if (!fault.redirectTo.empty()) return simple(302, "moved\n", "Location: " + fault.redirectTo + "\r\n");
    if (fault.status != 0) return simple(fault.status, "fault " + std::to_string(fault.status) + "\n");
    if (request.path.empty() || request.path[0] != '/' || request.path.find("..") != std::string::npos)
        return simple(400, "bad path\n");

    const auto file = m_root / request.path.substr(1);
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return simple(404, "not found\n");
    // Read through a stringstream: istreambuf_iterator trips GCC 12's -Wnull-dereference at -O2.
    std::ifstream in(file, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string content = std::move(buffer).str();
    const std::uint64_t size = content.size();

    // Validators like nginx's: size and modification time (here to the nanosecond,
    // so a file rewritten within the same second still gets a new ETag).
    char etagBuf[64];
    std::snprintf(etagBuf, sizeof etagBuf, "\"%llx-%llx\"", static_cast<unsigned long long>(size),
                  static_cast<unsigned long long>(st.st_mtim.tv_sec) * 1'000'000'000ULL +
                      static_cast<unsigned long long>(st.st_mtim.tv_nsec));
    const std::string etag = etagBuf;
    const std::string lastModified = httpDate(st.st_mtim.tv_sec);
    const std::string validators = "ETag: " + etag + "\r\nLast-Modified: " + lastModified + "\r\n";
    const std::string acceptRanges = fault.noRange ? "" : "Accept-Ranges: bytes\r\n";

    const std::string inm = request.header("if-none-match");
    const std::string ims = request.header("if-modified-since");
    bool notModified = false;
    if (!inm.empty()) {
        notModified = inm == "*" || inm.find(etag) != std::string::npos;
    } else if (!ims.empty()) {
        const auto since = parseHttpDate(ims);
        notModified = since && st.st_mtim.tv_sec <= *since;
    }
    if (notModified) {
        record(request.path, 304, range);
        const std::string head = "HTTP/1.1 304 Not Modified\r\n" + validators + "Connection: " +
                                 (request.keepAlive ? "keep-alive" : "close") + "\r\n\r\n";
        return sendAll(conn, head.data(), head.size()) && request.keepAlive;
    }

    int status = 200;
    std::uint64_t first = 0, last = size == 0 ? 0 : size - 1;
    std::string contentRange;
    const std::string ifRange = request.header("if-range");
    const bool rangeApplies = !fault.noRange && !range.empty() &&
                              (ifRange.empty() || ifRange == etag || ifRange == lastModified);
    if (rangeApplies) {
        if (const auto r = parseRange(range)) {
            if (r->suffix) {
                if (*r->suffix == 0) return simple(416, "range not satisfiable\n", "Content-Range: bytes */" + std::to_string(size) + "\r\n");
                first = size > *r->suffix ? size - *r->suffix : 0;
            } else {
                if (*r->first >= size)
                    return simple(416, "range not satisfiable\n", "Content-Range: bytes */" + std::to_string(size) + "\r\n");
                first = *r->first;
                if (r->last) last = std::min(*r->last, size - 1);
            }
            status = 206;
            contentRange = "Content-Range: bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" +
                           std::to_string(size) + "\r\n";
        }
    }
    const std::uint64_t length = size == 0 ? 0 : last - first + 1;
    std::string body = content.substr(static_cast<std::size_t>(first), static_cast<std::size_t>(length));
    if (fault.corruptByte >= 0) {
        const auto k = static_cast<std::uint64_t>(fault.corruptByte);
        if (k >= first && k < first + length) body[k - first] = static_cast<char>(~body[k - first]);
    }

    bool closeAfter = !request.keepAlive;
    std::uint64_t limit = length;
    if (fault.truncateAfter >= 0 && static_cast<std::uint64_t>(fault.truncateAfter) < limit) {
        limit = static_cast<std::uint64_t>(fault.truncateAfter);
        closeAfter = true;
    }
    const bool stall = fault.stallAfter >= 0 && static_cast<std::uint64_t>(fault.stallAfter) < limit;
    if (stall) limit = static_cast<std::uint64_t>(fault.stallAfter);

    record(request.path, status, range);
    const std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) +
                             "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + std::to_string(length) +
                             "\r\n" + validators + acceptRanges + contentRange +
                             "Connection: " + (closeAfter || stall ? "close" : "keep-alive") + "\r\n\r\n";
    if (!sendAll(conn, head.data(), head.size())) return false;
    if (request.method == "HEAD") return !closeAfter;

    const auto start = std::chrono::steady_clock::now();
    const std::size_t chunk = fault.bytesPerSecond > 0
                                  ? static_cast<std::size_t>(std::max<std::uint64_t>(1, fault.bytesPerSecond / 20))
                                  : std::size_t {64 * 1024};
    std::uint64_t sent = 0;
    while (sent < limit) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk, limit - sent));
        if (!sendAll(conn, body.data() + sent, n, &request.path)) return false;
        sent += n;
        if (fault.bytesPerSecond > 0 && sent < limit) {
            // Sleep until this many bytes are due; the stop pipe interrupts.
            const auto due = start + std::chrono::microseconds(sent * 1'000'000 / fault.bytesPerSecond);
            const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(due - std::chrono::steady_clock::now());
            if (wait.count() > 0) {
                pollfd stop {m_stopPipe[0], POLLIN, 0};
                if (::poll(&stop, 1, static_cast<int>(wait.count())) > 0) return false;
            }
        }
    }
    if (stall) {
        // Send nothing more; wait until the client gives up (or the server stops).
        for (;;) {
            pollfd fds[2] = {{m_stopPipe[0], POLLIN, 0}, {conn, POLLIN, 0}};
            if (::poll(fds, 2, -1) < 0 && errno != EINTR) return false;
            if (fds[0].revents) return false;
            if (fds[1].revents) {
                char scratch[512];
                const ssize_t r = ::recv(conn, scratch, sizeof scratch, 0);
                if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) return false;
            }
        }
    }
    return !closeAfter;
}

} // namespace kiosk::test
