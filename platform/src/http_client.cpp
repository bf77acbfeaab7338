#include "kiosk/platform/http_client.h"

#include <curl/curl.h>
#include <dlfcn.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <type_traits>
#include <sys/stat.h>
#include <unistd.h>

namespace kiosk::platform {

namespace {

// libcurl is loaded when the first HttpClient is made, not linked: with it come OpenSSL,
// GnuTLS, Kerberos, LDAP, SSH and more, about 6 MB of resident memory in every kiosk, although
// only kiosks with a web refresh configured ever make a request (tools/bench/README.md, peak
// RSS). The functions are called through this table (curl.h's names may be macros). Loaded
// once, never unloaded; curl_global_init (not thread-safe in every build) runs inside the once.
struct CurlApi {
    CURLcode (*globalInit)(long) = nullptr;
    CURL* (*easyInit)() = nullptr;
    void (*easyCleanup)(CURL*) = nullptr;
    void (*easyReset)(CURL*) = nullptr;
    CURLcode (*easySetopt)(CURL*, CURLoption, ...) = nullptr;
    CURLcode (*easyGetinfo)(CURL*, CURLINFO, ...) = nullptr;
    CURLcode (*easyPerform)(CURL*) = nullptr;
    const char* (*easyStrerror)(CURLcode) = nullptr;
    curl_slist* (*slistAppend)(curl_slist*, const char*) = nullptr;
    void (*slistFreeAll)(curl_slist*) = nullptr;
    std::string error; // why libcurl cannot be used; "" when loaded
};

const CurlApi& curlApi() {
    static const CurlApi api = [] {
        CurlApi a;
        void* lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
        if (!lib) {
            const char* e = dlerror();
            a.error = std::string("cannot load libcurl (package libcurl4): ") + (e ? e : "unknown error");
            return a;
        }
        bool ok = true;
        auto load = [&](auto& fn, const char* name) {
            fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(lib, name));
            if (!fn) ok = false;
        };
        load(a.globalInit, "curl_global_init");
        load(a.easyInit, "curl_easy_init");
        load(a.easyCleanup, "curl_easy_cleanup");
        load(a.easyReset, "curl_easy_reset");
        load(a.easySetopt, "curl_easy_setopt");
        load(a.easyGetinfo, "curl_easy_getinfo");
        load(a.easyPerform, "curl_easy_perform");
        load(a.easyStrerror, "curl_easy_strerror");
        load(a.slistAppend, "curl_slist_append");
        load(a.slistFreeAll, "curl_slist_free_all");
        if (!ok) {
            a = CurlApi{};
            a.error = "libcurl.so.4 lacks a function the kiosk needs";
            return a;
        }
        if (a.globalInit(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
            a = CurlApi{};
            a.error = "libcurl could not be initialised";
        }
        return a;
    }();
    return api;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

bool startsWithNoCase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const auto a = static_cast<unsigned char>(s[i]);
        const auto b = static_cast<unsigned char>(prefix[i]);
        if (std::tolower(a) != std::tolower(b)) return false;
    }
    return true;
}

std::optional<std::uint64_t> parseNumber(std::string_view s) {
    if (s.empty()) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

// "Content-Range: bytes 100-199/1000" or "bytes */1000" (on a 416).
struct ContentRange {
    std::optional<std::uint64_t> start; // absent for "*"
    std::optional<std::uint64_t> total; // absent for "/*"
};

std::optional<ContentRange> parseContentRange(std::string_view v) {
    if (!startsWithNoCase(v, "bytes")) return std::nullopt;
    v = trim(v.substr(5));
    const auto slash = v.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    ContentRange r;
    const auto range = v.substr(0, slash);
    const auto total = v.substr(slash + 1);
    if (total != "*") {
        r.total = parseNumber(total);
        if (!r.total) return std::nullopt;
    }
    if (range != "*") {
        const auto dash = range.find('-');
        if (dash == std::string_view::npos) return std::nullopt;
        r.start = parseNumber(range.substr(0, dash));
        if (!r.start || !parseNumber(range.substr(dash + 1))) return std::nullopt;
    }
    return r;
}

std::string systemError(const std::filesystem::path& path, std::string_view what, int err) {
    return path.string() + ": " + std::string(what) + ": " + std::strerror(err);
}

class CurlHeaders {
public:
    ~CurlHeaders() { curlApi().slistFreeAll(m_list); }
    void add(const std::string& line) { m_list = curlApi().slistAppend(m_list, line.c_str()); }
    curl_slist* get() const { return m_list; }

private:
    curl_slist* m_list = nullptr;
};

// State of one attempt (one curl_easy_perform, redirects included).
struct Transfer {
    const HttpRequest* request = nullptr;
    const HttpProgress* progress = nullptr;
    const std::atomic<bool>* cancel = nullptr;
    CURL* curl = nullptr;
    int fd = -1;                      // toFile, or -1 for memory
    std::uint64_t resumeFrom = 0;     // > 0: a Range was sent
    std::string body;

    // Of the latest response's headers (reset on each status line: redirects, 100-continue).
    std::string etag;
    std::string lastModified;
    std::optional<ContentRange> contentRange;

    // Decided at the first body byte of the final response.
    bool decided = false;
    bool keepBody = false;            // 200/206 to a file, or anything to memory
    bool restarted = false;
    bool resumed = false;
    std::uint64_t offset = 0;         // where the next body byte goes in the file

    std::uint64_t bodyBytes = 0;
    std::chrono::steady_clock::time_point bodyStart; // first body byte of the final response
    std::chrono::steady_clock::time_point lastData;  // latest body byte
    std::uint64_t lastProgress = UINT64_MAX;
    std::uint64_t lastProgressTotal = UINT64_MAX;
    std::string abortReason;          // set when a callback stopped the transfer

    long responseCode() const {
        long code = 0;
        curlApi().easyGetinfo(curl, CURLINFO_RESPONSE_CODE, &code);
        return code;
    }

    // Decides where the final response's body goes; false (with abortReason) refuses it.
    bool decide() {
        decided = true;
        bodyStart = lastData = std::chrono::steady_clock::now();
        const long code = responseCode();
        if (fd < 0) {
            keepBody = true;
            return true;
        }
        if (code == 200) {
            // The whole file: a fresh download, or the server ignored our Range /
            // If-Range did not match (the file changed). Start over from byte 0.
            if (::ftruncate(fd, 0) != 0) {
                abortReason = systemError(request->toFile, "cannot truncate", errno);
                return false;
            }
            restarted = resumeFrom > 0;
            offset = 0;
            keepBody = true;
            return true;
        }
        if (code == 206) {
            if (resumeFrom == 0 || !contentRange || !contentRange->start || *contentRange->start != resumeFrom) {
                // Gluing a range that does not start where our file ends would corrupt it.
                abortReason = "GET " + request->url + ": the server sent a partial response that does not start at byte " +
                              std::to_string(resumeFrom);
                return false;
            }
            resumed = true;
            offset = resumeFrom;
            keepBody = true;
            return true;
        }
        keepBody = false; // an error page or a 416 body: never into the file
        return true;
    }

    bool write(const char* data, std::size_t size) {
        if (!decided && !decide()) return false;
        bodyBytes += size;
        if (!pace()) return false;
        lastData = std::chrono::steady_clock::now();
        if (!keepBody) return true;
        if (fd < 0) {
            if (body.size() + size > request->maxMemoryBytes) {
                abortReason = "GET " + request->url + ": the response is larger than the limit of " +
                              std::to_string(request->maxMemoryBytes) + " bytes";
                return false;
            }
            body.append(data, size);
            return true;
        }
        // pwrite at an offset we track ourselves: the file always holds a prefix
        // of the resource, so a later request can resume from its size.
        while (size > 0) {
            const ssize_t n = ::pwrite(fd, data, size, static_cast<off_t>(offset));
            if (n < 0) {
                if (errno == EINTR) continue;
                abortReason = systemError(request->toFile, "cannot write", errno);
                return false;
            }
            data += n;
            size -= static_cast<std::size_t>(n);
            offset += static_cast<std::uint64_t>(n);
        }
        return true;
    }

    bool cancelled() {
        if (!cancel || !cancel->load()) return false;
        abortReason = "GET " + request->url + ": cancelled";
        return true;
    }

    // The bandwidth cap. CURLOPT_MAX_RECV_SPEED_LARGE alone lets a burst through:
    // libcurl drains whatever the socket buffers hold (megabytes on a fast link)
    // before its limiter looks. Holding the body back here keeps the average at
    // the cap from the first byte on, and not reading the socket meanwhile lets
    // TCP slow the sender down, so the shop line really is spared.
    bool pace() {
        const auto cap = request->maxBytesPerSecond;
        if (cap == 0) return true;
        const auto due = bodyStart + std::chrono::microseconds(bodyBytes * 1'000'000 / cap);
        for (auto now = std::chrono::steady_clock::now(); now < due; now = std::chrono::steady_clock::now()) {
            if (cancelled()) return false;
            std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(due - now, std::chrono::milliseconds(100)));
        }
        return true;
    }

    void header(std::string_view line) {
        if (startsWithNoCase(line, "HTTP/")) {
            etag.clear();
            lastModified.clear();
            contentRange.reset();
            return;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) return;
        const auto name = line.substr(0, colon);
        const auto value = trim(line.substr(colon + 1));
        if (name.size() == 4 && startsWithNoCase(name, "etag")) etag = value;
        else if (name.size() == 13 && startsWithNoCase(name, "last-modified")) lastModified = value;
        else if (name.size() == 13 && startsWithNoCase(name, "content-range")) contentRange = parseContentRange(value);
    }
};

size_t onWrite(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    return t->write(data, n) ? n : 0;
}

size_t onHeader(char* data, size_t size, size_t count, void* user) {
    const std::size_t n = size * count;
    static_cast<Transfer*>(user)->header(std::string_view(data, n));
    return n;
}

int onProgress(void* user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t, curl_off_t) {
    auto* t = static_cast<Transfer*>(user);
    if (t->cancelled()) return 1;
    // A stall once the body flows. libcurl's own low-speed check averages over
    // the last few seconds, so after a fast start it fires seconds late; this
    // one ends the transfer when no byte came for lowSpeedSeconds. (Before the
    // body, libcurl's check covers a server that never answers.)
    if (t->decided && t->request->lowSpeedSeconds > 0 &&
        std::chrono::steady_clock::now() - t->lastData >= std::chrono::seconds(t->request->lowSpeedSeconds)) {
        t->abortReason = "GET " + t->request->url + ": the server sent nothing for " +
                         std::to_string(t->request->lowSpeedSeconds) + " s (stalled)";
        return 1;
    }
    // Progress counts kept body bytes only: not a redirect's or an error page's.
    if (t->progress && *t->progress && t->decided && t->keepBody) {
        const auto now = static_cast<std::uint64_t>(dlnow);
        const auto total = static_cast<std::uint64_t>(dltotal);
        if (now != t->lastProgress || total != t->lastProgressTotal) {
            t->lastProgress = now;
            t->lastProgressTotal = total;
            (*t->progress)(now, total);
        }
    }
    return 0;
}

} // namespace

struct HttpClient::Impl {
    CURL* curl = nullptr;
    char errorBuffer[CURL_ERROR_SIZE] = {};

    // One attempt; `resumeFrom` > 0 sends a Range. Fills `result` (status, headers, bytes).
    void perform(const HttpRequest& request, const HttpProgress& progress, const std::atomic<bool>* cancel, int fd,
                 std::uint64_t resumeFrom, HttpResult& result) {
        // A reset keeps the connection and DNS caches: the next request to the
        // same host reuses the connection, which matters on a slow shop line.
        curlApi().easyReset(curl);
        errorBuffer[0] = '\0';

        Transfer t;
        t.request = &request;
        t.progress = &progress;
        t.cancel = cancel;
        t.curl = curl;
        t.fd = fd;
        t.resumeFrom = resumeFrom;

        CurlHeaders headers;
        if (!request.ifNoneMatch.empty()) headers.add("If-None-Match: " + request.ifNoneMatch);
        if (!request.ifModifiedSince.empty()) headers.add("If-Modified-Since: " + request.ifModifiedSince);
        if (resumeFrom > 0) {
            headers.add("Range: bytes=" + std::to_string(resumeFrom) + "-");
            if (!request.ifRange.empty()) headers.add("If-Range: " + request.ifRange);
        }

        curlApi().easySetopt(curl, CURLOPT_URL, request.url.c_str());
        curlApi().easySetopt(curl, CURLOPT_HTTPGET, 1L);
        curlApi().easySetopt(curl, CURLOPT_NOSIGNAL, 1L); // worker threads: no SIGALRM for DNS timeouts
        curlApi().easySetopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
        curlApi().easySetopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        curlApi().easySetopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
        curlApi().easySetopt(curl, CURLOPT_MAXREDIRS, 5L);
        curlApi().easySetopt(curl, CURLOPT_USERAGENT, request.userAgent.c_str());
        curlApi().easySetopt(curl, CURLOPT_HTTPHEADER, headers.get());
        curlApi().easySetopt(curl, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutMs);
        // A stalled server ends the transfer instead of hanging the worker.
        curlApi().easySetopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curlApi().easySetopt(curl, CURLOPT_LOW_SPEED_TIME, request.lowSpeedSeconds);
        if (request.maxBytesPerSecond > 0)
            curlApi().easySetopt(curl, CURLOPT_MAX_RECV_SPEED_LARGE, static_cast<curl_off_t>(request.maxBytesPerSecond));
        curlApi().easySetopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);
        curlApi().easySetopt(curl, CURLOPT_WRITEFUNCTION, onWrite);
        curlApi().easySetopt(curl, CURLOPT_WRITEDATA, &t);
        curlApi().easySetopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
        curlApi().easySetopt(curl, CURLOPT_HEADERDATA, &t);
        curlApi().easySetopt(curl, CURLOPT_XFERINFOFUNCTION, onProgress);
        curlApi().easySetopt(curl, CURLOPT_XFERINFODATA, &t);
        curlApi().easySetopt(curl, CURLOPT_NOPROGRESS, 0L);
        // TLS: libcurl's defaults (peer and host verification on, the system CA
        // bundle); deliberately nothing is relaxed here.

        const CURLcode rc = curlApi().easyPerform(curl);
        // A response with an empty body never reaches the write callback.
        if (rc == CURLE_OK && !t.decided && !t.decide()) {
            result.error = t.abortReason;
        }

        result.status = static_cast<int>(t.responseCode());
        result.etag = t.etag;
        result.lastModified = t.lastModified;
        result.bodyBytes += t.bodyBytes;
        result.resumed = result.resumed || t.resumed;
        result.restarted = result.restarted || t.restarted;
        if (fd < 0) result.body = std::move(t.body);
        m_lastContentRange = t.contentRange;

        if (rc != CURLE_OK && result.error.empty()) {
            if (!t.abortReason.empty()) {
                result.error = t.abortReason;
            } else {
                result.error = "GET " + request.url + ": " + curlApi().easyStrerror(rc);
                if (errorBuffer[0] != '\0') result.error += " (" + std::string(trim(errorBuffer)) + ")";
            }
        }
    }

    std::optional<ContentRange> m_lastContentRange;
};

HttpClient::HttpClient() : m_impl(std::make_unique<Impl>()) {
    if (curlApi().easyInit) m_impl->curl = curlApi().easyInit();
}

HttpClient::~HttpClient() {
    if (m_impl && m_impl->curl) curlApi().easyCleanup(m_impl->curl);
}

HttpResult HttpClient::get(const HttpRequest& request, const HttpProgress& progress, const std::atomic<bool>* cancel) {
    HttpResult result;
    if (!m_impl->curl) {
        result.error = "GET " + request.url + ": " +
                       (curlApi().error.empty() ? std::string("cannot initialise libcurl") : curlApi().error);
        return result;
    }
    if (request.toFile.empty()) {
        m_impl->perform(request, progress, cancel, -1, 0, result);
        return result;
    }

    // The file is opened without O_TRUNC: it is only truncated once a 200 arrives,
    // so an error page, a 304 or a failed connect leave a partial download resumable.
    const int fd = ::open(request.toFile.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        result.error = systemError(request.toFile, "cannot open for writing", errno);
        return result;
    }
    struct stat st {};
    std::uint64_t have = 0;
    if (::fstat(fd, &st) == 0) have = static_cast<std::uint64_t>(st.st_size);

    m_impl->perform(request, progress, cancel, fd, request.resume ? have : 0, result);

    if (request.resume && have > 0 && result.error.empty() && result.status == 416) {
        // Our file is at least as long as the resource. Equal: it is complete
        // (a cut right at the end). Otherwise it cannot be a prefix: start over.
        const auto& cr = m_impl->m_lastContentRange;
        if (cr && cr->total && *cr->total == have) {
            result.alreadyComplete = true;
        } else {
            m_impl->perform(request, progress, cancel, fd, 0, result);
            if (result.status == 200) result.restarted = true;
        }
    }

    if (::fstat(fd, &st) == 0) result.fileSize = static_cast<std::uint64_t>(st.st_size);
    if (::close(fd) != 0 && result.error.empty()) result.error = systemError(request.toFile, "cannot close", errno);
    return result;
}

} // namespace kiosk::platform
