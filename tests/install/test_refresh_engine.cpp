// The web refresh engine (kiosk/install/refresh.h) against real HTTP: the fault
// server on 127.0.0.1 serves a folder laid out as `kiosk-pack publish` writes it,
// the engine downloads into a real data directory and installs through the real
// PackLibrary. Request counts and body bytes come from the server's own statistics.
#include "fault_server.h"
#include "install_fixture.h"

#include "install/refresh.h"
#include "kiosk/content/hashing.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace kiosk::install;
using kiosk::test::contains;
using kiosk::test::Fault;
using kiosk::test::FaultServer;
using kiosk::test::InstallFixture;
using kiosk::test::namesIn;
using kiosk::test::readFile;
using kiosk::test::TempDir;
using kiosk::test::writeFile;
using std::chrono::seconds;
namespace fs = std::filesystem;

namespace {

const RefreshTime kNow{seconds(1'795'246'200)};

// A data directory, a web folder served on loopback, and what the engine logged.
struct Web : InstallFixture {
    TempDir www;
    FaultServer server{www.path()};
    std::vector<std::string> logLines;

    std::string manifestUrl() const { return server.url("/manifest.json"); }

    // Publishes `pack` like `kiosk-pack publish`: pack and signature under versioned
    // names, then manifest.json naming them (the only channel in it).
    void publish(const fs::path& pack, const std::string& channel, std::int64_t version, std::uint64_t* size = nullptr) {
        const std::string name = channel + "-" + std::to_string(version) + ".kpack";
        fs::copy_file(pack, www / name, fs::copy_options::overwrite_existing);
        fs::copy_file(kiosk::content::signaturePathFor(pack), www / (name + ".minisig"),
                      fs::copy_options::overwrite_existing);
        const auto bytes = fs::file_size(www / name);
        if (size) *size = bytes;
        const auto sha = kiosk::content::sha256FileHex(www / name);
        REQUIRE(sha.ok());
        writeFile(www / "manifest.json",
                  R"({"format": 1, "generated_at": "2026-11-21T07:30:00Z", "packs": [{"channel": ")" + channel +
                      R"(", "version": )" + std::to_string(version) + R"(, "title": "Paket", "created_at": "2026-11-21T07:00:00Z", "file": ")" +
                      name + R"(", "signature": ")" + name + R"(.minisig", "size": )" + std::to_string(bytes) +
                      R"(, "sha256": ")" + *sha + R"(", "entries": 3}]})");
    }

    RefreshOptions options() const {
        RefreshOptions o;
        o.schedule.interval = seconds(3600);
        o.schedule.jitterFraction = 0; // exact next checks
        o.schedule.maxBackoff = seconds(8 * 3600);
        o.lowSpeedSeconds = 2;
        o.connectTimeoutMs = 2000;
        return o;
    }

};

// The engine and the library it installs into, as after a kiosk start (recover() first).
struct Kiosk {
    PackLibrary library;
    RefreshEngine engine;
    explicit Kiosk(Web& w)
        : library(w.data), engine(library, w.policy(), w.options(), 1,
                                  [&w](const std::string& l) { w.logLines.push_back(l); }) {
        library.recover(w.policy());
    }
};

// `current` of the channel is a verified pack of `version` and nothing but the
// links' folders is left in the channel folder; the incoming folder holds `incoming`.
void expectCurrent(const Web& w, std::int64_t version, const std::set<std::string>& incoming = {}) {
    const auto dir = w.channelDir();
    const auto names = namesIn(dir);
    REQUIRE(names.count("current") == 1);
    std::set<std::string> expected{"current", fs::read_symlink(dir / "current").string()};
    if (names.count("previous")) {
        expected.insert("previous");
        expected.insert(fs::read_symlink(dir / "previous").string());
    }
    CHECK(names == expected);
    kiosk::content::VerifyOptions vo;
    vo.trustedKeys = {w.keys.publicKey};
    vo.signature = dir / "current" / "pack.kpack.minisig";
    const auto v = kiosk::content::verifyPack(dir / "current" / "pack.kpack", vo);
    REQUIRE_MESSAGE(v.ok(), v.report.toString());
    CHECK(v.info->version == version);
    CHECK(namesIn(w.data / "incoming") == incoming);
}

} // namespace

TEST_CASE("the web refresh installs a published pack and then costs one 304 with no body") {
    Web w;
    w.publish(w.makePack("p6.kpack", "beispiel", 6), "beispiel", 6);
    Kiosk k(w);
    std::vector<RefreshProgress> seen;
    const auto first = k.engine.checkChannel("beispiel", w.manifestUrl(), kNow,
                                             [&](const RefreshProgress& p) { seen.push_back(p); });
    CHECK(first.code == RefreshCode::Installed);
    CHECK(first.message == "beispiel: installed version 6 (" + std::to_string(first.install->info->entryCount) +
                               " entries) from " + w.server.url("/beispiel-6.kpack"));
    CHECK(first.installedVersion == 6);
    CHECK(first.availableVersion == 6);
    CHECK(k.library.installedVersion("beispiel") == 6);
    expectCurrent(w, 6);
    const auto packBytes = fs::file_size(w.www / "beispiel-6.kpack");
    // Progress ended with the whole pack downloaded.
    std::uint64_t lastDownload = 0;
    for (const auto& p : seen)
        if (p.stage == RefreshStage::Downloading) {
            CHECK(p.total == packBytes);
            lastDownload = p.done;
        }
    CHECK(lastDownload == packBytes);

    const auto manifestAfterFirst = w.server.stats("/manifest.json");
    const auto second = k.engine.checkChannel("beispiel", w.manifestUrl(), kNow + seconds(3600));
    CHECK(second.code == RefreshCode::Unchanged);
    CHECK(second.message == "beispiel: manifest unchanged (304); installed version 6");
    CHECK(second.bytesTransferred == 0);
    const auto m = w.server.stats("/manifest.json");
    CHECK(m.statuses == std::vector<int>{200, 304});
    CHECK(m.bodyBytes == manifestAfterFirst.bodyBytes); // the 304 carried no body
    CHECK(w.server.stats("/beispiel-6.kpack").requests == 1);
    CHECK(w.server.stats("/beispiel-6.kpack.minisig").requests == 1);

    const auto& st = k.engine.state("beispiel");
    CHECK(st.lastCode == RefreshCode::Unchanged);
    CHECK(st.consecutiveErrors == 0);
    CHECK(st.nextCheck == kNow + seconds(2 * 3600));
    CHECK(!st.manifestEtag.empty());
    CHECK_FALSE(st.partial.has_value());
    // The state survives a restart: the next start's first check is conditional too.
    Kiosk again(w);
    CHECK(again.engine.checkChannel("beispiel", w.manifestUrl(), kNow + seconds(7200)).code == RefreshCode::Unchanged);
    CHECK(w.server.stats("/manifest.json").statuses == std::vector<int>{200, 304, 304});
    bool statusLine = false;
    for (const auto& l : w.logLines)
        statusLine = statusLine || l == "beispiel: manifest unchanged (304); installed version 6 [unchanged, 0 bytes "
                                        "transferred, next check in 3600 s]";
    CHECK(statusLine);
}

TEST_CASE("a newer published version installs over the installed one and keeps it as previous") {
    Web w;
    w.installOld(5);
    w.publish(w.makePack("p6.kpack", "beispiel", 6), "beispiel", 6);
    Kiosk k(w);
    REQUIRE(k.library.installedVersion("beispiel") == 5);
    const auto r = k.engine.checkChannel("beispiel", w.manifestUrl(), kNow);
    CHECK(r.code == RefreshCode::Installed);
    expectCurrent(w, 6);
    REQUIRE(fs::is_symlink(w.channelDir() / "previous"));
    CHECK(contains(fs::read_symlink(w.channelDir() / "previous").string(), "v5-"));

    // Then version 7 is published: installed on the next check (the manifest changed, so 200).
    w.publish(w.makePack("p7.kpack", "beispiel", 7), "beispiel", 7);
    const auto r7 = k.engine.checkChannel("beispiel", w.manifestUrl(), kNow + seconds(3600));
    CHECK(r7.code == RefreshCode::Installed);
    expectCurrent(w, 7);
    CHECK(w.server.stats("/manifest.json").statuses == std::vector<int>{200, 200});
}

TEST_CASE("a download cut half-way resumes after a restart without starting over") {
    Web w;
    w.installOld(5);
    std::uint64_t size = 0;
    w.publish(w.makePack("p6.kpack", "beispiel", 6, nullptr, 400'000), "beispiel", 6, &size);
    const std::uint64_t half = size / 2;
    w.server.setFault("/beispiel-6.kpack", Fault{.truncateAfter = static_cast<std::int64_t>(half)});
    {
        Kiosk k(w);
        const auto cut = k.engine.checkChannel("beispiel", w.manifestUrl(), kNow);
        CHECK(cut.code == RefreshCode::DownloadFailed);
        CHECK(contains(cut.message, "(" + std::to_string(half) + " of " + std::to_string(size) +
                                        " bytes kept; the next check resumes)"));
        CHECK(fs::file_size(k.engine.incomingPack("beispiel", 6)) == half);
        const auto& st = k.engine.state("beispiel");
        REQUIRE(st.partial.has_value());
        CHECK(st.partial->file == "beispiel-6.kpack");
        CHECK(st.partial->size == size);
        CHECK(!st.partial->etag.empty());
        CHECK(st.consecutiveErrors == 1);
        CHECK(st.nextCheck == kNow + seconds(7200)); // backed off
        expectCurrent(w, 5, {"beispiel-6.kpack"});
    }
    w.server.clearFaults();
    Kiosk k(w); // a restart in between: the partial file and its record survive
    const auto r = k.engine.checkChannel("beispiel", w.manifestUrl(), kNow + seconds(7200));
    CHECK(r.code == RefreshCode::Installed);
    CHECK(r.resumed);
    expectCurrent(w, 6);
    const auto stats = w.server.stats("/beispiel-6.kpack");
    CHECK(stats.statuses == std::vector<int>{200, 206});
    CHECK(stats.ranges.at(1) == "bytes=" + std::to_string(half) + "-");
    CHECK(stats.bodyBytes == size); // every byte of the pack crossed the wire once
    CHECK(k.engine.state("beispiel").consecutiveErrors == 0);
    CHECK_FALSE(k.engine.state("beispiel").partial.has_value());
}

TEST_CASE("a partial download of a version no longer published is deleted and the new one fetched whole") {
    Web w;
    std::uint64_t size = 0;
    w.publish(w.makePack("p6.kpack", "beispiel", 6, nullptr, 200'000), "beispiel", 6, &size);
    w.server.setFault("/beispiel-6.kpack", Fault{.truncateAfter = static_cast<std::int64_t>(size / 3)});
    Kiosk k(w);
    CHECK(k.engine.checkChannel("beispiel", w.manifestUrl(), kNow).code == RefreshCode::DownloadFailed);
    CHECK(namesIn(w.data / "incoming") == std::set<std::string>{"beispiel-6.kpack"});
    w.server.clearFaults();
    w.publish(w.makePack("p7.kpack", "beispiel", 7, nullptr, 200'000), "beispiel", 7);
    const auto r = k.engine.checkChannel("beispiel", w.manifestUrl(), kNow + seconds(60));
    CHECK(r.code == RefreshCode::Installed);
    CHECK_FALSE(r.resumed);
    expectCurrent(w, 7);
    CHECK(w.server.stats("/beispiel-7.kpack").ranges == std::vector<std::string>{""});
    bool discarded = false;
    for (const auto& l : w.logLines) discarded = discarded || contains(l, "discarding the partial download beispiel-6.kpack");
    CHECK(discarded);
}

TEST_CASE("404 500 and a malformed manifest leave the installed pack with a clear status and back off") {
    Web w;
    w.installOld(5);
    w.publish(w.makePack("p6.kpack", "beispiel", 6), "beispiel", 6);
    Kiosk k(w);
    const auto url = w.manifestUrl();

    w.server.setFault("/manifest.json", Fault{.status = 404});
    auto r = k.engine.checkChannel("beispiel", url, kNow);
    CHECK(r.code == RefreshCode::HttpError);
    CHECK(r.message == "beispiel: GET " + url + ": HTTP 404");
    CHECK(k.engine.state("beispiel").nextCheck == kNow + seconds(7200));

    w.server.setFault("/manifest.json", Fault{.status = 500});
    r = k.engine.checkChannel("beispiel", url, kNow);
    CHECK(r.code == RefreshCode::HttpError);
    CHECK(r.message == "beispiel: GET " + url + ": HTTP 500");
    CHECK(k.engine.state("beispiel").nextCheck == kNow + seconds(4 * 3600));

    w.server.clearFaults();
    const auto good = readFile(w.www / "manifest.json");
    writeFile(w.www / "manifest.json", good.substr(0, good.size() - 3));
    r = k.engine.checkChannel("beispiel", url, kNow);
    CHECK(r.code == RefreshCode::BadManifest);
    CHECK(contains(r.message, "beispiel: " + url + ": not valid JSON: parse error at line 1"));
    CHECK(k.engine.state("beispiel").consecutiveErrors == 3);
    CHECK(k.engine.state("beispiel").nextCheck == kNow + seconds(8 * 3600)); // capped

    writeFile(w.www / "manifest.json", R"({"format": 1, "packs": []})");
    r = k.engine.checkChannel("beispiel", url, kNow);
    CHECK(r.code == RefreshCode::ChannelMissing);
    CHECK(r.message == "beispiel: " + url + " has no pack for channel beispiel");

    // The pack itself is missing on the server.
    writeFile(w.www / "manifest.json", good);
    w.server.setFault("/beispiel-6.kpack", Fault{.status = 404});
    r = k.engine.checkChannel("beispiel", url, kNow);
    CHECK(r.code == RefreshCode::DownloadFailed);
    CHECK(r.message == "beispiel: GET " + w.server.url("/beispiel-6.kpack") + ": HTTP 404 (0 of " +
                           std::to_string(fs::file_size(w.www / "beispiel-6.kpack")) +
                           " bytes kept; the next check resumes)");

    // No server at all.
    const auto deadUrl = [] {
        TempDir empty;
        FaultServer gone{empty.path()};
        return gone.url("/manifest.json");
    }();
    r = k.engine.checkChannel("beispiel", deadUrl, kNow);
    CHECK(r.code == RefreshCode::NetworkError);
    CHECK(contains(r.message, "beispiel: GET " + deadUrl + ": "));

    CHECK(k.library.installedVersion("beispiel") == 5);
    expectCurrent(w, 5, {"beispiel-6.kpack"}); // the empty partial of the 404 is kept for the next try
    CHECK(k.engine.state("beispiel").consecutiveErrors == 6);

    // Once things work again the back-off ends.
    w.server.clearFaults();
    CHECK(k.engine.checkChannel("beispiel", url, kNow).code == RefreshCode::Installed);
    CHECK(k.engine.state("beispiel").consecutiveErrors == 0);
    CHECK(k.engine.state("beispiel").nextCheck == kNow + seconds(3600));
    expectCurrent(w, 6);
}

TEST_CASE("a pack whose sha256 does not match the manifest is deleted and not installed") {
    Web w;
    w.installOld(5);
    w.publish(w.makePack("p6.kpack", "beispiel", 6), "beispiel", 6);
    w.server.setFault("/beispiel-6.kpack", Fault{.corruptByte = 1000});
    Kiosk k(w);
    const auto r = k.engine.checkChannel("beispiel", w.manifestUrl(), kNow);
    CHECK(r.code == RefreshCode::HashMismatch);
    CHECK(contains(r.message, "beispiel: " + w.server.url("/beispiel-6.kpack") + ": sha256 "));
    CHECK(contains(r.message, "; the download was deleted"));
    CHECK_FALSE(r.install.has_value()); // never reached the install path
    expectCurrent(w, 5);
    CHECK_FALSE(k.engine.state("beispiel").partial.has_value());
}

TEST_CASE("a pack with a bad signature is refused by the install path and not fetched again") {
    Web w;
    w.installOld(5);
    const auto stranger = *kiosk::content::minisign::generateKeyPair();
    w.publish(w.makePack("p6.kpack", "beispiel", 6, &stranger.secretKey), "beispiel", 6);
    Kiosk k(w);
    const auto r = k.engine.checkChannel("beispiel", w.manifestUrl(), kNow);
    CHECK(r.code == RefreshCode::InstallRefused);
    REQUIRE(r.install.has_value());
    CHECK(r.install->code == Code::UnknownKey);
    CHECK(contains(r.message, "beispiel: version 6 refused (unknown-key): "));
    expectCurrent(w, 5);
    const auto again = k.engine.checkChannel("beispiel", w.manifestUrl(), kNow + seconds(60));
    CHECK(again.code == RefreshCode::InstallRefused);
    CHECK(contains(again.message, "beispiel: version 6 was refused before and is not downloaded again: unknown-key: "));
    CHECK(w.server.stats("/beispiel-6.kpack").requests == 1);
    expectCurrent(w, 5);
}

TEST_CASE("an older or equal version in the manifest leaves the installed pack and downloads nothing") {
    Web w;
    w.installOld(5);
    w.publish(w.makePack("p4.kpack", "beispiel", 4), "beispiel", 4);
    Kiosk k(w);
    auto r = k.engine.checkChannel("beispiel", w.manifestUrl(), kNow);
    CHECK(r.code == RefreshCode::OlderOffered);
    CHECK(r.ok());
    CHECK(r.message == "beispiel: " + w.manifestUrl() + " offers version 4, older than the installed version 5; left as it is");
    CHECK(w.server.stats("/beispiel-4.kpack").requests == 0);
    expectCurrent(w, 5);

    w.publish(w.makePack("p5.kpack", "beispiel", 5), "beispiel", 5);
    r = k.engine.checkChannel("beispiel", w.manifestUrl(), kNow);
    CHECK(r.code == RefreshCode::UpToDate);
    CHECK(r.message == "beispiel: version 5 is installed and current");
    CHECK(w.server.stats("/beispiel-5.kpack").requests == 0);
}

TEST_CASE("a bad manifest URL or channel name is a configuration error without a request") {
    Web w;
    Kiosk k(w);
    auto r = k.engine.checkChannel("beispiel", "ftp://host/manifest.json", kNow);
    CHECK(r.code == RefreshCode::BadConfig);
    CHECK(r.message == "beispiel: manifest URL 'ftp://host/manifest.json' must start with http:// or https://");
    r = k.engine.checkChannel("../x", w.manifestUrl(), kNow);
    CHECK(r.code == RefreshCode::BadConfig);
    CHECK(r.message == "channel name '../x' is not allowed ([a-z0-9-]+, at most 64)");
    CHECK(w.server.stats("/manifest.json").requests == 0);
    CHECK(namesIn(w.data / "refresh") == std::set<std::string>{"beispiel.json"}); // none for the bad name
}

TEST_CASE("a stalled download ends within the timeout and a server without Range support restarts cleanly") {
    Web w;
    w.installOld(5);
    std::uint64_t size = 0;
    w.publish(w.makePack("p6.kpack", "beispiel", 6, nullptr, 200'000), "beispiel", 6, &size);
    const std::uint64_t half = size / 2;
    w.server.setFault("/beispiel-6.kpack", Fault{.stallAfter = static_cast<std::int64_t>(half)});
    Kiosk k(w);
    const auto start = std::chrono::steady_clock::now();
    const auto stalled = k.engine.checkChannel("beispiel", w.manifestUrl(), kNow);
    const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(stalled.code == RefreshCode::DownloadFailed);
    CHECK(took < 10.0); // lowSpeedSeconds = 2
    CHECK(fs::file_size(k.engine.incomingPack("beispiel", 6)) == half);
    expectCurrent(w, 5, {"beispiel-6.kpack"});

    w.server.setFault("/beispiel-6.kpack", Fault{.noRange = true});
    const auto r = k.engine.checkChannel("beispiel", w.manifestUrl(), kNow + seconds(60));
    CHECK(r.code == RefreshCode::Installed);
    CHECK_FALSE(r.resumed);
    expectCurrent(w, 6);
    CHECK(w.server.stats("/beispiel-6.kpack").bodyBytes == half + size); // the second request sent it all
    bool restarted = false;
    for (const auto& l : w.logLines) restarted = restarted || l == "beispiel: the server did not resume the download; it started over";
    CHECK(restarted);
}

TEST_CASE("a cancelled refresh check is not an error and keeps the schedule") {
    Web w;
    w.publish(w.makePack("p6.kpack", "beispiel", 6), "beispiel", 6);
    Kiosk k(w);
    std::atomic<bool> cancel{true};
    const auto r = k.engine.checkChannel("beispiel", w.manifestUrl(), kNow, {}, &cancel);
    CHECK(r.code == RefreshCode::Cancelled);
    CHECK(r.ok());
    CHECK(k.engine.state("beispiel").consecutiveErrors == 0);
    CHECK_FALSE(k.engine.state("beispiel").nextCheck.has_value());
    CHECK(k.engine.isDue("beispiel", kNow));
    CHECK(k.library.installedVersion("beispiel") == 0);
}
