#pragma once
// The web refresh engine (issue 5): looks at a channel's manifest.json on a web
// server and, when it names a newer version, downloads the pack and its
// signature and hands them to the same verify-and-install path as a USB stick
// (PackLibrary::install). Docs: docs/web-refresh.md.
//
// One check of one channel, checkChannel():
//   1. conditional GET of the manifest (If-None-Match / If-Modified-Since from the
//      last completed check): 304 -> Unchanged, one request, no body;
//   2. 200: parse strictly (refresh_manifest.h), find the channel's entry; not newer
//      than PackLibrary::installedVersion() -> UpToDate / OlderOffered;
//   3. newer: free space for the download plus the install's copy plus the policy's
//      reserve -> download pack and signature into
//      <dataDir>/incoming/<channel>-<version>.kpack(.minisig), resuming a partial file
//      left by an earlier attempt (Range + If-Range); a partial whose recorded
//      version, size or sha256 no longer matches the manifest is deleted first;
//   4. size and sha256 against the manifest (mismatch: deleted, HashMismatch);
//   5. PackLibrary::install(); then the incoming files are deleted;
//   6. the outcome is recorded in <dataDir>/refresh/<channel>.json (refresh_state.h)
//      with the next check from the schedule (refresh_schedule.h).
// The installed pack is never touched by a failed check: only install() changes
// it, and only after its own verification.
//
// Ownership: the engine keeps a reference to the PackLibrary (which must outlive
// it) and owns its HttpClient and schedule.
// Thread safety: one thread (the installer worker) calls everything, except
// requestCheckNow(), which any thread may call. The PackLibrary must not be used
// by another thread during checkChannel() (the kiosk's worker runs USB installs
// and refresh checks one after another).
// Failure: every outcome is a RefreshOutcome value (code + English message);
// nothing throws (an unexpected exception inside becomes IoError).

#include "install/pack_library.h"
#include "install/refresh_manifest.h"
#include "install/refresh_schedule.h"
#include "install/refresh_state.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace kiosk::platform {
class HttpClient;
}

namespace kiosk::install {

struct RefreshOptions {
    std::uint64_t maxBytesPerSecond = 0;      // bandwidth cap for downloads; 0 = none
    long connectTimeoutMs = 15'000;
    long lowSpeedSeconds = 30;                // a transfer below 1 byte/s this long is abandoned
    std::uint64_t maxManifestBytes = 1 << 20;
    std::string userAgent = "Stadtteilkompass-Kiosk";
    ScheduleOptions schedule;
};

enum class RefreshStage { Manifest, Downloading, Verifying, Installing };
struct RefreshProgress {
    RefreshStage stage = RefreshStage::Manifest;
    std::uint64_t done = 0, total = 0;        // Downloading: bytes of the pack file (incl. a resumed part) of its
                                              // size; Installing: the install's copy; else 0/0
};
using RefreshProgressFn = std::function<void(const RefreshProgress&)>;
// One line per step, without a timestamp: the kiosk passes
// [&](const std::string& l) { log.write("refresh", l); }.
using RefreshLogFn = std::function<void(const std::string& line)>;

struct RefreshOutcome {
    RefreshCode code = RefreshCode::NotChecked;
    std::string message;                      // English, one line, names channel and URL/file
    std::string channel;
    std::int64_t installedVersion = 0;        // after this check
    std::int64_t availableVersion = 0;        // from the manifest (0 = not known)
    std::optional<InstallResult> install;     // when install() ran
    std::uint64_t bytesTransferred = 0;       // body bytes received in this check (manifest + signature + pack)
    bool resumed = false;                     // the pack download continued a partial file
    bool ok() const { return !isRefreshError(code); }
};

class RefreshEngine {
public:
    // `seed` feeds the schedule's jitter (the kiosk passes std::random_device()()).
    RefreshEngine(PackLibrary& library, InstallPolicy policy, RefreshOptions options, std::uint64_t seed,
                  RefreshLogFn log = {});
    ~RefreshEngine();
    RefreshEngine(const RefreshEngine&) = delete;
    RefreshEngine& operator=(const RefreshEngine&) = delete;

    // One check as described above; `now` is recorded as the check time and the
    // base of the next one. `cancel` (optional) is polled during transfers and the install.
    RefreshOutcome checkChannel(const std::string& channel, const std::string& manifestUrl, RefreshTime now,
                                const RefreshProgressFn& progress = {}, const std::atomic<bool>* cancel = nullptr);

    // The channel's state (loaded from its file on first use), for the staff screen and isDue().
    const RefreshState& state(const std::string& channel);

    // Whether the channel's next check has come (or staff asked for one, see takeCheckNow()).
    bool isDue(const std::string& channel, RefreshTime now);

    // Staff's "jetzt aktualisieren" (any thread); the worker calls takeCheckNow() and then
    // checks every channel.
    void requestCheckNow() { m_schedule.requestCheckNow(); }
    bool takeCheckNow() { return m_schedule.takeCheckNow(); }

    RefreshSchedule& schedule() { return m_schedule; }

    // <dataDir>/incoming/<channel>-<version>.kpack
    std::filesystem::path incomingPack(const std::string& channel, std::int64_t version) const;

private:
    RefreshOutcome run(RefreshState& st, const std::string& manifestUrl, const RefreshProgressFn& progress,
                       const std::atomic<bool>* cancel);
    void log(const std::string& line) const;

    PackLibrary& m_library;
    InstallPolicy m_policy;
    RefreshOptions m_options;
    RefreshSchedule m_schedule;
    RefreshLogFn m_log;
    std::unique_ptr<platform::HttpClient> m_http;
    std::map<std::string, RefreshState> m_states;
};

} // namespace kiosk::install
