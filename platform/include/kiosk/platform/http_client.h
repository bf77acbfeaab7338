#pragma once
// HTTP(S) for the web refresh (issue 5), on libcurl: one GET at a time, to memory
// (a manifest) or to a file (a pack), with what an offline-first kiosk on a slow
// shop line needs:
//   - conditional requests: If-None-Match / If-Modified-Since; a 304 costs one
//     request and no body;
//   - resuming a download into an existing partial file with Range (and If-Range,
//     so a file that changed on the server is not glued to an old half); a server
//     that answers 200 instead of 206 makes the client start the file over cleanly;
//   - a bandwidth cap, a connect timeout and a low-speed timeout (a stalled server
//     ends the transfer instead of hanging the worker forever), a cancel flag;
//   - HTTPS against the system's CA certificates; plain HTTP is allowed (packs are
//     signed end to end, see docs/web-refresh.md).
// No content/ types: the caller checks sizes, hashes and signatures.
//
// Failure: every outcome is an HttpResult; transport errors (DNS, refused,
// timeout, TLS) have status 0 and `error` in plain English naming the URL.
// libcurl is loaded (dlopen "libcurl.so.4") when the first HttpClient is made, not
// linked: its TLS and auth libraries cost ~6 MB of resident memory, which only kiosks
// with a web refresh should pay. Without libcurl every get() fails with an error
// naming the package (libcurl4).
// Thread safety: an HttpClient is used by one thread at a time (the refresh
// worker); loading and curl_global_init are done once, thread-safely, inside.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace kiosk::platform {

struct HttpRequest {
    // Every member has a default ({} included), so designated initializers
    // (`{.url = u, .toFile = f}`) compile warning-free under -Wextra.
    std::string url {};
    // Conditional GET (from the last 200's ETag / Last-Modified); empty = unconditional.
    std::string ifNoneMatch {};
    std::string ifModifiedSince {};
    // To a file (created if missing, never removed): the file is changed only by a
    // 200 (truncated, then written from byte 0) or a 206 that starts exactly at the
    // file's size (appended). An error page, a 304 or a failed connect leave it as it
    // was; a transfer cut off leaves a prefix of the resource, resumable later. No
    // fsync: the caller syncs (or renames) the finished file.
    // Empty: the body is kept in memory (at most maxMemoryBytes, else an error),
    // for any status.
    std::filesystem::path toFile {};
    // Continue `toFile` from its current size with "Range: bytes=N-" (no Range when
    // the file is empty). 206 from N: appended (resumed). 200: started over
    // (restarted). 416 naming a total equal to N: already complete; another 416:
    // the file is restarted with a plain GET in the same call. Ignored in memory.
    bool resume = false;
    // ETag (or Last-Modified) the partial file was started with, sent as If-Range:
    // a server whose file changed since then sends the whole new file (200). Leave
    // it empty only when the URL names immutable content (a versioned pack file).
    // After any 200 the file belongs to that response: keep its etag for next time.
    std::string ifRange {};
    std::uint64_t maxMemoryBytes = 1 << 20;
    std::uint64_t maxBytesPerSecond = 0;   // 0 = no cap
    long connectTimeoutMs = 15'000;
    long lowSpeedSeconds = 30;             // abort when below 1 byte/s for this long
    std::string userAgent = "Stadtteilkompass-Kiosk";
};

struct HttpResult {
    // HTTP status of the final response (after redirects); 0 = none arrived (see
    // error). A transfer cut off after the headers keeps its status and sets error.
    int status = 0;
    std::string error;              // "" on a completed transfer (any status); else why
    std::string etag;               // of the final response, as sent (a 304 may omit them)
    std::string lastModified;
    std::string body;               // in-memory requests
    // Body bytes received on the wire in this call (error pages included; both
    // requests when a 416 made us start over). No Accept-Encoding is sent, so this
    // is what the line carried, headers aside.
    std::uint64_t bodyBytes = 0;
    std::uint64_t fileSize = 0;     // size of toFile afterwards
    bool resumed = false;           // the server answered 206 to our Range
    bool restarted = false;         // we asked to resume, the server sent the whole file (200): started over
    // We asked to resume and the server answered 416 naming exactly our file's size:
    // the file was already complete (a cut after the last byte). status stays 416.
    bool alreadyComplete = false;
    bool ok() const {
        return error.empty() && (status == 200 || status == 206 || status == 304 || (status == 416 && alreadyComplete));
    }
    bool notModified() const { return error.empty() && status == 304; }
};

// Progress: bytes of the body so far in this request (excluding a resumed file's earlier part), total if known.
using HttpProgress = std::function<void(std::uint64_t received, std::uint64_t total)>;

class HttpClient {
public:
    HttpClient();
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Blocks until the transfer ends. `progress` runs on this thread, for kept body
    // bytes only (not redirects or error pages). `cancel` is polled at every chunk
    // and at least once a second (also during a stall): when it becomes true the
    // call ends with error "GET <url>: cancelled" (a file keeps what arrived).
    HttpResult get(const HttpRequest& request, const HttpProgress& progress = {},
                   const std::atomic<bool>* cancel = nullptr);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace kiosk::platform
