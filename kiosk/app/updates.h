#pragma once
// Everything that changes the kiosk's content or records what happened, kept
// out of the frame loop: the installer worker (USB sticks; later the web
// refresh), the rotating log and the anonymous usage statistics. The app owns
// one Updates and calls it at fixed points:
//   - startUp() once before the first frame: the crash-loop check (a sixth start
//     after five that died young rolls back to the previous packs, install/crash_loop.h),
//     recovery of the data directory and the pack to show; the start counts as good
//     once pump() has run for a minute, or when the kiosk ends on its own (destructor);
//   - pump() at the start of every frame: the worker's events become the
//     banner/staff state, and a finished install returns the new pack to open;
//   - command() for the staff screen's buttons;
//   - countTheme()/countEntry()/countSearch() from the app's action handling.
// Nothing here draws, and nothing blocks the UI thread for long (installs run on
// the worker; the statistics export writes one small file).
// Thread safety: UI thread only (the worker inside talks to it through a queue).

#include "app/install_service.h"
#include "install/crash_loop.h"
#include "core/config.h"
#include "core/usage_stats.h"
#include "ui/context.h"

#include "kiosk/platform/rotating_log.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::app {

class Updates {
public:
    // `enabled` false (headless runs without a configuration file): nothing is
    // written or watched; startUp() returns nothing and the app uses its --pack.
    Updates(const core::Config& config, bool enabled, std::vector<content::minisign::PublicKey> keys,
            std::function<void()> wake);
    ~Updates();

    bool enabled() const { return m_enabled; }

    // The verified packs to show at start, one per installed channel, in the configured
    // channels' order (others after it, by name): the first is the primary one (site, title).
    // Notes for the staff screen go into `notes`.
    std::vector<install::ActivePack> startUp(std::vector<std::string>& notes);
    void startWorker();

    // Drains the worker's events into `staff`. Returns the channels newly installed
    // (or rolled back) with their pack files, for the app to show.
    std::vector<std::pair<std::string, std::filesystem::path>> pump(std::int64_t nowMs, const content::Date& today,
                                                                   ui::StaffInfo& staff, bool staffOpen, bool& changed);
    // `channel`: the channel the command is for ("" = the primary one).
    void command(ui::StaffCommand cmd, const std::string& channel, const std::string& shownChannel, std::int64_t nowMs,
                 const content::Date& today,
                 const std::string& siteId, ui::StaffInfo& staff);
    // Refreshes the staff screen's log tail and counters (when the staff screen opens).
    void refreshStaff(ui::StaffInfo& staff) const;
    bool busy() const { return m_service && m_service->busy(); }

    void countTheme(const std::string& id, const std::string& label, const content::Date& day);
    void countEntry(const std::string& id, const std::string& label, const content::Date& day);
    void countSearch(const std::string& term, const content::Date& day);

    void log(std::string_view category, std::string_view message);

    // The statistics export's site id (file name), set when content is loaded.
    void setSiteId(std::string id) { m_siteId = std::move(id); }

private:
    void exportStats(const std::filesystem::path& mount, std::int64_t nowMs, const content::Date& today, ui::StaffInfo& staff);

    const core::Config& m_config;
    bool m_enabled;
    std::unique_ptr<platform::RotatingLog> m_log;
    std::unique_ptr<InstallService> m_service;
    std::unique_ptr<core::UsageStats> m_stats;
    std::optional<install::Candidate> m_notNewer;
    std::optional<content::PackInfo> m_notNewerInfo;
    std::string m_siteId;
    // Crash-loop fall-back: the start recorded by startUp(), good after a minute of frames.
    std::unique_ptr<install::CrashLoopGuard> m_crashGuard;
    install::InstallPolicy m_rollBackPolicy;
    std::optional<std::chrono::steady_clock::time_point> m_firstPump;
    void markStartGood();
};

} // namespace kiosk::app
