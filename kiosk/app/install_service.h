#pragma once
// The kiosk's installer worker: watches the USB mount roots, picks the pack to
// install from a stick, runs the one install path (install::PackLibrary) and
// tells the UI thread what happened through a queue that the frame loop empties
// at the start of a frame (GUIDE: "Data flow in the kiosk"). The UI never waits
// for it; a wake callback (an SDL user event) makes the loop draw the news.
//
// Start-up: recover() runs synchronously on the UI thread before start(), so
// the first frame already shows the verified active pack. After start() the
// PackLibrary belongs to the worker thread; the UI talks to it only through
// request*() calls, which queue commands.
//
// Failure: nothing throws out of the worker; every outcome is an event with an
// install::InstallResult (code for the UI text, English reason for the log).
// Every install, refusal and error is also written to the RotatingLog.
// Thread safety: public methods may be called from the UI thread while the
// worker runs; the log is thread-safe; the wake callback runs on the worker.

#include "install/pack_library.h"
#include "install/refresh.h"
#include "kiosk/platform/mount_watch.h"
#include "kiosk/platform/rotating_log.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace kiosk::app {

struct InstallEvent {
    enum class Kind {
        StickFound,    // a new mount under the roots (mount)
        Checking,      // pack files found; verifying them (mount)
        Installing,    // the chosen pack (info) is being copied: progress in done/total
        Progress,      // done/total of the running install
        Installed,     // result (ok), the new pack is active at result->packPath
        Refused,       // the stick's best pack could not be installed (result), or nothing usable (refused)
        NothingFound,  // no pack files on the stick (and no export request)
        StickGone,     // the mount disappeared (mount)
        ExportStats,   // the stick holds kiosk/export-stats: the UI thread writes the statistics (mount)
        RolledBack,    // staff roll-back done (result)
        FileWritten,   // requestWrite() done: mount = the file written, error = why not ("" = written)
        Refresh,       // the web refresh's state changed: `refresh` holds every channel's status
    };
    Kind kind = Kind::StickFound;
    std::filesystem::path mount;
    std::optional<content::PackInfo> info;
    std::uint64_t done = 0, total = 0;
    std::optional<install::InstallResult> result;
    std::vector<install::InstallResult> refused;   // the other candidates and why (for the staff screen)
    std::optional<install::Candidate> notNewer;     // a valid but not newer pack staff may install anyway
    std::string error;                              // FileWritten
    struct RefreshChannel {
        std::string channel;
        std::string code;                           // refreshCodeName of the last result
        bool error = false;
        std::string message;                        // English, for the log view
        std::optional<install::RefreshTime> lastCheck, nextCheck;
        std::int64_t installedVersion = 0, availableVersion = 0;
        bool checking = false;
        std::uint64_t done = 0, total = 0;          // download progress while checking
    };
    std::vector<RefreshChannel> refresh;            // Refresh
};

class InstallService {
public:
    struct Options {
        std::filesystem::path dataDir;
        install::InstallPolicy policy;
        platform::MountWatchOptions mounts;
        bool watchUsb = true;
        // Web refresh (issue 5): channel -> manifest URL, checked on the same worker.
        std::vector<std::pair<std::string, std::string>> refresh;
        install::RefreshOptions refreshOptions;
    };
    InstallService(Options options, platform::RotatingLog& log, std::function<void()> wake);
    ~InstallService(); // stops and joins the worker (an install in progress is cancelled; recover() cleans up)
    InstallService(const InstallService&) = delete;
    InstallService& operator=(const InstallService&) = delete;

    // Synchronous start-up recovery; call before start().
    install::Recovery recover();
    void start();

    // Events since the last call, oldest first (UI thread, at the start of a frame).
    std::vector<InstallEvent> drain();
    // True while a stick is being looked at or a pack installed, or events wait to be drained.
    bool busy() const;

    // Staff commands, run on the worker in order.
    void requestInstallAnyway(const install::Candidate& candidate, const std::optional<content::PackInfo>& info); // allowNotNewer
    void requestRollBack(const std::string& channel);
    void requestRescan(); // look at the sticks present again
    // Staff's "jetzt aktualisieren": check every refresh channel now.
    void requestRefreshNow();
    // Writes `bytes` atomically to `target` on the worker (a slow stick must not stall a frame);
    // answers with a FileWritten event.
    void requestWrite(std::filesystem::path target, std::string bytes);

    // The mounts present now (for the staff screen's statistics export).
    std::vector<std::filesystem::path> mounts() const;

private:
    struct Command {
        enum class Kind { InstallAnyway, RollBack, Rescan, WriteFile, RefreshNow } kind;
        std::optional<install::Candidate> candidate;
        std::optional<content::PackInfo> info;
        std::string channel;          // RollBack
        std::filesystem::path target; // WriteFile
        std::string bytes;
    };
    void run();
    void handleMount(const std::filesystem::path& dir);
    // Runs one install and posts its result; with postDamaged false a damaged pack's refusal is
    // only returned (handleMount then tries the next candidate on the stick).
    install::InstallResult installCandidate(const install::Candidate& c, const std::optional<content::PackInfo>& info,
                                            const std::filesystem::path& mount, bool allowNotNewer, bool postDamaged);
    void post(InstallEvent e);
    void runRefreshChecks(bool all);
    void postRefreshStatus(const std::string& checking = {}, std::uint64_t done = 0, std::uint64_t total = 0);
    long msUntilNextRefresh();
    void wakeWorker();

    Options m_opt;
    platform::RotatingLog& m_log;
    std::function<void()> m_wake;
    install::PackLibrary m_library;
    std::unique_ptr<platform::MountWatcher> m_watcher;

    mutable std::mutex m_mutex;          // guards m_events, m_commands, m_mounts, m_working
    std::condition_variable m_commandCv;
    std::vector<InstallEvent> m_events;
    std::deque<Command> m_commands;
    std::vector<std::filesystem::path> m_mounts;
    bool m_working = false;
    std::atomic<bool> m_stop{false};
    std::unique_ptr<install::RefreshEngine> m_refresh; // created in start(); used by the worker only
    int m_wakeFd = -1; // eventfd: wakes the worker's poll() for commands and stop
    std::thread m_thread;
};

// The UI text for an install result (translated by key): "install.code.<code-name>".
std::string installCodeKey(install::Code code);

} // namespace kiosk::app
