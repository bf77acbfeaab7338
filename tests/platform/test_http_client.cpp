// HttpClient (libcurl) against the fault-injection server on 127.0.0.1: real
// sockets, real HTTP. Conditional GETs, resume, restarts, errors, timeouts, caps.
#include "fault_server.h"
#include "temp_dir.h"

#include "kiosk/platform/http_client.h"

#include <doctest/doctest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>

using namespace kiosk::platform;
using kiosk::test::Fault;
using kiosk::test::FaultServer;
using kiosk::test::readFile;
using kiosk::test::TempDir;
using kiosk::test::writeFile;

namespace {

// Bytes that differ at every offset, so a glued or shifted file never compares equal.
std::string payload(std::size_t size, unsigned seed = 1) {
    std::string s(size, '\0');
    std::uint32_t x = 2463534242u ^ seed;
    for (auto& c : s) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        c = static_cast<char>(x);
    }
    return s;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

struct Site {
    TempDir www;
    TempDir local;
    FaultServer server {www.path()};
};

} // namespace

TEST_CASE("http_client - 200 to memory returns the body and the validators") {
    Site site;
    const std::string manifest = R"({"channels": {"beispiel": {"version": 5}}})";
    writeFile(site.www / "manifest.json", manifest);
    HttpClient client;
    const auto r = client.get({.url = site.server.url("/manifest.json")});
    CHECK(r.error == "");
    CHECK(r.status == 200);
    CHECK(r.ok());
    CHECK_FALSE(r.notModified());
    CHECK(r.body == manifest);
    CHECK(r.bodyBytes == manifest.size());
    CHECK(r.etag.size() > 2);
    CHECK(r.etag.front() == '"');
    CHECK(contains(r.lastModified, " GMT"));
    CHECK_FALSE(r.resumed);
    CHECK_FALSE(r.restarted);
}

TEST_CASE("http_client - a conditional GET gets 304 and no body bytes") {
    Site site;
    writeFile(site.www / "manifest.json", payload(5000));
    HttpClient client;
    const auto url = site.server.url("/manifest.json");
    const auto first = client.get({.url = url});
    REQUIRE(first.status == 200);

    const auto byEtag = client.get({.url = url, .ifNoneMatch = first.etag});
    CHECK(byEtag.error == "");
    CHECK(byEtag.status == 304);
    CHECK(byEtag.notModified());
    CHECK(byEtag.ok());
    CHECK(byEtag.bodyBytes == 0);
    CHECK(byEtag.body.empty());
    CHECK(byEtag.etag == first.etag);

    const auto byDate = client.get({.url = url, .ifModifiedSince = first.lastModified});
    CHECK(byDate.status == 304);
    CHECK(byDate.bodyBytes == 0);

    const auto stale = client.get({.url = url, .ifNoneMatch = "\"something-else\""});
    CHECK(stale.status == 200);
    CHECK(stale.bodyBytes == 5000);

    const auto stats = site.server.stats("/manifest.json");
    CHECK(stats.statuses == std::vector<int> {200, 304, 304, 200});
    CHECK(stats.bodyBytes == 2 * 5000); // the 304s sent nothing
}

TEST_CASE("http_client - downloads to a file with progress and replaces an older file") {
    Site site;
    const auto pack = payload(600'000);
    writeFile(site.www / "pack.kpack", pack);
    const auto target = site.local / "pack.kpack.part";
    writeFile(target, payload(900'000, 7)); // longer than the new file: must be truncated
    HttpClient client;
    std::uint64_t last = 0, total = 0;
    int calls = 0;
    bool monotonic = true;
    const auto r = client.get({.url = site.server.url("/pack.kpack"), .toFile = target},
                              [&](std::uint64_t received, std::uint64_t t) {
                                  monotonic = monotonic && received >= last;
                                  last = received;
                                  total = t;
                                  ++calls;
                              });
    CHECK(r.error == "");
    CHECK(r.status == 200);
    CHECK(r.fileSize == pack.size());
    CHECK(r.bodyBytes == pack.size());
    CHECK(r.body.empty());
    CHECK(readFile(target) == pack);
    CHECK(calls >= 1);
    CHECK(monotonic);
    CHECK(last == pack.size());
    CHECK(total == pack.size());
}

TEST_CASE("http_client - a download cut at half resumes with 206 and does not start over") {
    Site site;
    const auto pack = payload(1'000'000);
    const std::uint64_t half = 500'000;
    writeFile(site.www / "pack.kpack", pack);
    site.server.setFault("/pack.kpack", Fault {.truncateAfter = static_cast<std::int64_t>(half)});
    const auto target = site.local / "pack.part";
    HttpClient client;
    const auto url = site.server.url("/pack.kpack");

    const auto cut = client.get({.url = url, .toFile = target});
    CHECK(cut.status == 200);
    CHECK_FALSE(cut.ok());
    CHECK(contains(cut.error, url));
    CHECK(cut.fileSize == half); // exactly what arrived: a prefix to resume from
    CHECK(readFile(target) == pack.substr(0, half));

    site.server.clearFaults();
    const auto resumed = client.get({.url = url, .toFile = target, .resume = true, .ifRange = cut.etag});
    CHECK(resumed.error == "");
    CHECK(resumed.status == 206);
    CHECK(resumed.ok());
    CHECK(resumed.resumed);
    CHECK_FALSE(resumed.restarted);
    CHECK(resumed.bodyBytes == pack.size() - half);
    CHECK(resumed.fileSize == pack.size());
    CHECK(readFile(target) == pack);

    const auto stats = site.server.stats("/pack.kpack");
    CHECK(stats.statuses == std::vector<int> {200, 206});
    CHECK(stats.ranges.at(1) == "bytes=500000-");
    CHECK(stats.bodyBytes == pack.size()); // the whole pack crossed the wire exactly once
}

TEST_CASE("http_client - a server without Range support makes the client start over cleanly") {
    Site site;
    const auto pack = payload(400'000);
    writeFile(site.www / "pack.kpack", pack);
    site.server.setFault("/pack.kpack", Fault {.noRange = true});
    const auto target = site.local / "pack.part";
    writeFile(target, pack.substr(0, 150'000));
    HttpClient client;
    const auto r = client.get({.url = site.server.url("/pack.kpack"), .toFile = target, .resume = true});
    CHECK(r.error == "");
    CHECK(r.status == 200);
    CHECK(r.ok());
    CHECK(r.restarted);
    CHECK_FALSE(r.resumed);
    CHECK(r.bodyBytes == pack.size());
    CHECK(r.fileSize == pack.size());
    CHECK(readFile(target) == pack); // not the old half glued to the whole file
}

TEST_CASE("http_client - If-Range with an old ETag gets the whole new file") {
    Site site;
    const auto v1 = payload(300'000, 1);
    const auto v2 = payload(350'000, 2);
    writeFile(site.www / "pack.kpack", v1);
    site.server.setFault("/pack.kpack", Fault {.truncateAfter = 100'000});
    const auto target = site.local / "pack.part";
    HttpClient client;
    const auto url = site.server.url("/pack.kpack");
    const auto cut = client.get({.url = url, .toFile = target});
    REQUIRE(cut.fileSize == 100'000);

    site.server.clearFaults();
    writeFile(site.www / "pack.kpack", v2); // published anew while we were offline
    const auto r = client.get({.url = url, .toFile = target, .resume = true, .ifRange = cut.etag});
    CHECK(r.error == "");
    CHECK(r.status == 200);
    CHECK(r.restarted);
    CHECK(r.etag != cut.etag);
    CHECK(r.bodyBytes == v2.size());
    CHECK(readFile(target) == v2);
    CHECK(site.server.stats("/pack.kpack").ranges.at(1) == "bytes=100000-");
}

TEST_CASE("http_client - resuming a file that is already complete is done at once") {
    Site site;
    const auto pack = payload(200'000);
    writeFile(site.www / "pack.kpack", pack);
    const auto target = site.local / "pack.part";
    writeFile(target, pack);
    HttpClient client;
    const auto r = client.get({.url = site.server.url("/pack.kpack"), .toFile = target, .resume = true});
    CHECK(r.error == "");
    CHECK(r.status == 416);
    CHECK(r.alreadyComplete);
    CHECK(r.ok());
    CHECK(r.fileSize == pack.size());
    CHECK(readFile(target) == pack);

    // A local file longer than the resource cannot be a prefix of it: start over.
    writeFile(target, pack + "trailing junk");
    const auto longer = client.get({.url = site.server.url("/pack.kpack"), .toFile = target, .resume = true});
    CHECK(longer.error == "");
    CHECK(longer.status == 200);
    CHECK(longer.restarted);
    CHECK_FALSE(longer.alreadyComplete);
    CHECK(readFile(target) == pack);
    CHECK(site.server.stats("/pack.kpack").statuses == std::vector<int> {416, 416, 200});
}

TEST_CASE("http_client - 404 and 500 set the status and leave the file alone") {
    Site site;
    writeFile(site.www / "broken.kpack", "x");
    site.server.setFault("/broken.kpack", Fault {.status = 500});
    const auto target = site.local / "pack.part";
    writeFile(target, "half of an older download");
    HttpClient client;

    const auto missing = client.get({.url = site.server.url("/missing.kpack"), .toFile = target, .resume = true});
    CHECK(missing.error == "");
    CHECK(missing.status == 404);
    CHECK_FALSE(missing.ok());
    CHECK(readFile(target) == "half of an older download");

    const auto failing = client.get({.url = site.server.url("/broken.kpack"), .toFile = target});
    CHECK(failing.error == "");
    CHECK(failing.status == 500);
    CHECK_FALSE(failing.ok());
    CHECK(readFile(target) == "half of an older download");

    const auto inMemory = client.get({.url = site.server.url("/broken.kpack")});
    CHECK(inMemory.status == 500);
    CHECK(inMemory.body == "fault 500\n");
}

TEST_CASE("http_client - keeps the connection for the next request") {
    Site site;
    writeFile(site.www / "manifest.json", "{}");
    writeFile(site.www / "pack.kpack", payload(50'000));
    HttpClient client;
    const auto manifest = client.get({.url = site.server.url("/manifest.json")});
    const auto again = client.get({.url = site.server.url("/manifest.json"), .ifNoneMatch = manifest.etag});
    const auto pack = client.get({.url = site.server.url("/pack.kpack"), .toFile = site.local / "pack.part"});
    CHECK(manifest.status == 200);
    CHECK(again.status == 304);
    CHECK(pack.status == 200);
    CHECK(site.server.connections() == 1);
}

TEST_CASE("http_client - follows a redirect") {
    Site site;
    writeFile(site.www / "v5.kpack", "the pack");
    site.server.setFault("/latest.kpack", Fault {.redirectTo = "/v5.kpack"});
    HttpClient client;
    const auto r = client.get({.url = site.server.url("/latest.kpack")});
    CHECK(r.error == "");
    CHECK(r.status == 200);
    CHECK(r.body == "the pack");
    CHECK(r.bodyBytes == 8); // the redirect's own body is not counted as content
}

TEST_CASE("http_client - a stalled server ends the transfer within lowSpeedSeconds") {
    Site site;
    const auto pack = payload(300'000);
    writeFile(site.www / "pack.kpack", pack);
    site.server.setFault("/pack.kpack", Fault {.stallAfter = 100'000});
    const auto target = site.local / "pack.part";
    HttpClient client;
    const auto url = site.server.url("/pack.kpack");
    const auto start = std::chrono::steady_clock::now();
    const auto r = client.get({.url = url, .toFile = target, .lowSpeedSeconds = 2});
    const double elapsed = secondsSince(start);
    CHECK(r.status == 200);
    CHECK_FALSE(r.ok());
    CHECK(r.error == "GET " + url + ": the server sent nothing for 2 s (stalled)");
    CHECK(elapsed >= 1.5);
    CHECK(elapsed < 4.5);
    CHECK(readFile(target) == pack.substr(0, 100'000));

    site.server.clearFaults();
    const auto resumed = client.get({.url = url, .toFile = target, .resume = true, .ifRange = r.etag});
    CHECK(resumed.status == 206);
    CHECK(resumed.bodyBytes == 200'000);
    CHECK(readFile(target) == pack);
}

TEST_CASE("http_client - connection refused gives status 0 and an error naming the URL") {
    // A bound socket that does not listen: connecting to it is refused at once,
    // and nobody else can take the port meanwhile.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/manifest.json";

    TempDir local;
    HttpClient client;
    const auto r = client.get({.url = url, .toFile = local / "x.part"});
    ::close(fd);
    CHECK(r.status == 0);
    CHECK_FALSE(r.ok());
    CHECK(contains(r.error, "GET " + url + ": "));
    CHECK(contains(r.error, "onnect"));
    CHECK(readFile(local / "x.part").empty());
}

TEST_CASE("http_client - the bandwidth cap is honoured") {
    Site site;
    const auto pack = payload(200'000);
    writeFile(site.www / "pack.kpack", pack);
    HttpClient client;
    const auto start = std::chrono::steady_clock::now();
    const auto r = client.get({.url = site.server.url("/pack.kpack"), .maxMemoryBytes = 1 << 20,
                               .maxBytesPerSecond = 100'000});
    const double elapsed = secondsSince(start);
    CHECK(r.error == "");
    CHECK(r.body == pack);
    CHECK(elapsed >= 1.7); // 200 KB at 100 KB/s, less curl's first buffer
    CHECK(elapsed < 3.5);
    MESSAGE("200 KB at a cap of 100 KB/s took " << elapsed << " s");
}

TEST_CASE("http_client - the cancel flag stops a transfer") {
    Site site;
    const auto pack = payload(1'000'000);
    writeFile(site.www / "pack.kpack", pack);
    site.server.setFault("/pack.kpack", Fault {.bytesPerSecond = 200'000});
    const auto target = site.local / "pack.part";
    HttpClient client;
    std::atomic<bool> cancel {false};
    const auto url = site.server.url("/pack.kpack");
    const auto start = std::chrono::steady_clock::now();
    const auto r = client.get({.url = url, .toFile = target},
                              [&](std::uint64_t received, std::uint64_t) {
                                  if (received >= 50'000) cancel = true;
                              },
                              &cancel);
    const double elapsed = secondsSince(start);
    CHECK(r.error == "GET " + url + ": cancelled");
    CHECK_FALSE(r.ok());
    CHECK(elapsed < 2.0); // the whole file would take 5 s
    const auto got = readFile(target);
    CHECK(got.size() >= 50'000);
    CHECK(got.size() < pack.size());
    CHECK(got == pack.substr(0, got.size())); // a prefix: resumable
}

TEST_CASE("http_client - an in-memory body over maxMemoryBytes is an error") {
    Site site;
    writeFile(site.www / "manifest.json", payload(300'000));
    HttpClient client;
    const auto url = site.server.url("/manifest.json");
    const auto r = client.get({.url = url, .maxMemoryBytes = 100'000});
    CHECK(r.error == "GET " + url + ": the response is larger than the limit of 100000 bytes");
    CHECK_FALSE(r.ok());
    CHECK(r.body.size() <= 100'000);
}

TEST_CASE("http_client - delivers a corrupted byte verbatim for the caller's hash check") {
    Site site;
    const auto pack = payload(100'000);
    writeFile(site.www / "pack.kpack", pack);
    site.server.setFault("/pack.kpack", Fault {.corruptByte = 4242});
    HttpClient client;
    const auto r = client.get({.url = site.server.url("/pack.kpack")});
    CHECK(r.ok());
    REQUIRE(r.body.size() == pack.size());
    CHECK(r.body[4242] == static_cast<char>(~pack[4242]));
    auto repaired = r.body;
    repaired[4242] = pack[4242];
    CHECK(repaired == pack);
}
