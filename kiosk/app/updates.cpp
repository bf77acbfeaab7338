#include "updates.h"

#include <algorithm>
#include <ctime>
#include <iostream>

namespace kiosk::app {

namespace {

// How long a finished banner stays: long enough to read twice, short enough not to bother a visitor.
constexpr std::int64_t kShowInstalledMs = 8'000;
constexpr std::int64_t kShowRefusedMs = 15'000;
constexpr std::int64_t kShowNothingMs = 6'000;

std::string titleOf(const content::PackInfo& info) { return info.title.get("de"); }

// "21.11. 10:15" in local time.
std::string localShort(const std::optional<install::RefreshTime>& t) {
    if (!t) return {};
    const std::time_t tt = std::chrono::system_clock::to_time_t(*t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%d.%m. %H:%M", &tm);
    return buf;
}

void setPack(ui::InstallStatus& s, const std::optional<content::PackInfo>& info) {
    if (!info) return;
    s.packTitle = titleOf(*info);
    s.version = info->version;
    s.entries = info->entryCount;
}

} // namespace

Updates::Updates(const core::Config& config, bool enabled, std::vector<content::minisign::PublicKey> keys,
                 std::function<void()> wake)
    : m_config(config), m_enabled(enabled) {
    if (!m_enabled) return;
    m_log = std::make_unique<platform::RotatingLog>(m_config.dataDir / "kiosk.log");
    InstallService::Options o;
    o.dataDir = m_config.dataDir;
    o.policy.trustedKeys = std::move(keys);
    o.policy.acceptedChannels = m_config.channels;
    o.policy.reserveBytes = static_cast<std::uint64_t>(m_config.reserveMb) << 20;
    o.mounts.roots.clear();
    for (const auto& r : m_config.usbRoots) o.mounts.roots.emplace_back(r);
    o.mounts.requireMountPoint = m_config.usbRequireMountPoint;
    o.watchUsb = !o.mounts.roots.empty();
    for (const auto& r : m_config.refresh) o.refresh.emplace_back(r.channel, r.url);
    o.refreshOptions.maxBytesPerSecond = static_cast<std::uint64_t>(m_config.refreshMaxKbps) * 1000 / 8;
    o.refreshOptions.schedule.interval = std::chrono::minutes(m_config.refreshIntervalMinutes);
    m_rollBackPolicy = o.policy;
    m_service = std::make_unique<InstallService>(std::move(o), *m_log, std::move(wake));
    if (m_config.usageStatistics) m_stats = std::make_unique<core::UsageStats>(m_config.dataDir / "stats.sqlite");
}

// Ending on its own (a deliberate quit, a finished script, systemctl stop) after frames were drawn is
// no crash. Starts that were killed (SIGKILL, the watchdog) before their good minute stay counted, and
// so does a start that never drew a frame: SIGTERM from systemd's start timeout now ends the kiosk
// cleanly (platform/stop_signals.h), and such a start must not count as good.
Updates::~Updates() {
    if (m_firstPump) markStartGood();
}

void Updates::markStartGood() {
    if (!m_crashGuard) return;
    if (auto err = m_crashGuard->markGood(); !err.empty()) log("crash-loop", err);
    m_crashGuard.reset();
}

void Updates::log(std::string_view category, std::string_view message) {
    if (m_log) m_log->write(category, message);
    else std::cerr << "kiosk: " << category << ": " << message << '\n';
}

std::vector<install::ActivePack> Updates::startUp(std::vector<std::string>& notes) {
    if (!m_service) return {};
    // Before any pack is opened: five starts that died young roll back to the previous packs.
    if (!m_crashGuard) {
        m_crashGuard = std::make_unique<install::CrashLoopGuard>(m_config.dataDir);
        install::PackLibrary library(m_config.dataDir);
        library.setLockWait(std::chrono::seconds(2));
        const auto check = m_crashGuard->recordStart(library, m_rollBackPolicy, install::BootTime::now());
        for (const auto& n : check.notes) {
            log("crash-loop", n);
            std::cerr << "kiosk: " << n << '\n'; // the journal too: staff look there first
            notes.push_back(n);
        }
        if (!check.error.empty()) log("crash-loop", check.error);
    }
    install::Recovery r = m_service->recover();
    for (const auto& n : r.notes) notes.push_back(n);
    // The configured channels first, in their order; the rest as recovery sorted them.
    auto rank = [&](const install::ActivePack& a) {
        const auto it = std::find(m_config.channels.begin(), m_config.channels.end(), a.channel);
        return static_cast<std::size_t>(it - m_config.channels.begin());
    };
    std::stable_sort(r.active.begin(), r.active.end(),
                     [&](const install::ActivePack& a, const install::ActivePack& b) { return rank(a) < rank(b); });
    return r.active;
}

void Updates::startWorker() {
    if (m_service) m_service->start();
}

std::vector<std::pair<std::string, std::filesystem::path>> Updates::pump(std::int64_t nowMs, const content::Date& today,
                                                                         ui::StaffInfo& staff, bool staffOpen, bool& changed) {
    std::vector<std::pair<std::string, std::filesystem::path>> open;
    if (!m_service) return open;
    if (m_crashGuard) {
        const auto now = std::chrono::steady_clock::now();
        if (!m_firstPump) m_firstPump = now;
        else if (now - *m_firstPump >= m_crashGuard->policy().goodAfter) markStartGood();
    }
    ui::InstallStatus& s = staff.install;
    bool news = false; // something the staff screen's log and counters should show
    for (auto& e : m_service->drain()) {
        changed = true;
        using K = InstallEvent::Kind;
        news = news || e.kind != K::Progress;
        switch (e.kind) {
        case K::StickFound:
            s = ui::InstallStatus{};
            s.stage = ui::InstallStatus::Stage::Detected;
            staff.stickPresent = true;
            break;
        case K::Checking:
            s.stage = ui::InstallStatus::Stage::Checking;
            s.hideAtMs = 0;
            break;
        case K::Installing:
            s.stage = ui::InstallStatus::Stage::Installing;
            s.hideAtMs = 0;
            setPack(s, e.info);
            s.done = e.done;
            s.total = e.total;
            break;
        case K::Progress:
            if (s.stage != ui::InstallStatus::Stage::Installing) s.stage = ui::InstallStatus::Stage::Installing;
            s.done = e.done;
            s.total = e.total;
            break;
        case K::Installed:
        case K::RolledBack: {
            const bool ok = e.result && e.result->ok();
            if (!ok) {
                s.stage = ui::InstallStatus::Stage::Refused;
                s.messageKey = installCodeKey(e.result ? e.result->code : install::Code::IoError);
                s.hideAtMs = nowMs + kShowRefusedMs;
                break;
            }
            s.stage = ui::InstallStatus::Stage::Installed;
            s.rolledBack = e.kind == K::RolledBack;
            setPack(s, e.info);
            s.hideAtMs = nowMs + kShowInstalledMs;
            if (e.info)
                staff.lastInstall = today.iso() + ": " + e.info->channel + " v" + std::to_string(e.info->version) + " (" +
                                    std::to_string(e.info->entryCount) + " entries)";
            m_notNewer.reset();
            staff.notNewerTitle.clear();
            open.emplace_back(e.info ? e.info->channel : std::string(), e.result->packPath);
            break;
        }
        case K::Refused: {
            s.stage = ui::InstallStatus::Stage::Refused;
            setPack(s, e.info);
            const install::Code code = e.result ? e.result->code : install::Code::IoError;
            s.messageKey = installCodeKey(code);
            s.params = {{"installed", std::to_string(e.result ? e.result->installedVersion : 0)},
                        {"channel", e.info ? e.info->channel : std::string("?")}};
            s.hideAtMs = nowMs + kShowRefusedMs;
            if (e.notNewer) {
                m_notNewer = e.notNewer;
                staff.notNewerTitle = e.info ? titleOf(*e.info) + " · " + std::to_string(e.info->version) : e.notNewer->pack.filename().string();
                m_notNewerInfo = e.info;
            }
            break;
        }
        case K::NothingFound:
            s.stage = ui::InstallStatus::Stage::NothingFound;
            s.hideAtMs = nowMs + kShowNothingMs;
            break;
        case K::StickGone:
            staff.stickPresent = !m_service->mounts().empty();
            if (m_notNewer && m_notNewer->pack.string().rfind(e.mount.string(), 0) == 0) {
                m_notNewer.reset();
                staff.notNewerTitle.clear();
            }
            // A banner that only said "stick found" has nothing more to say.
            if (s.stage == ui::InstallStatus::Stage::Detected || s.stage == ui::InstallStatus::Stage::Checking)
                s.hideAtMs = nowMs + 1;
            break;
        case K::ExportStats:
            exportStats(e.mount, nowMs, today, staff);
            break;
        case K::Refresh:
            staff.refresh.clear();
            for (const auto& c : e.refresh)
                staff.refresh.push_back(ui::RefreshRow{c.channel, c.code, c.error, localShort(c.lastCheck),
                                                       localShort(c.nextCheck), c.installedVersion, c.availableVersion,
                                                       c.checking, c.done, c.total});
            news = news || !e.refresh.empty();
            break;
        case K::FileWritten: {
            s = ui::InstallStatus{};
            s.hideAtMs = nowMs + kShowInstalledMs;
            if (e.error.empty()) {
                s.stage = ui::InstallStatus::Stage::Exported;
                s.messageKey = "stats.exported";
                s.params = {{"file", e.mount.filename().string()}};
                staff.lastExport = today.iso() + ": " + e.mount.string();
            } else {
                s.stage = ui::InstallStatus::Stage::ExportFailed;
                s.messageKey = "stats.export_failed";
                staff.lastExport = today.iso() + ": " + e.error;
            }
            break;
        }
        }
    }
    // Reading the log's tail takes its lock: only when the staff screen shows it and there is news.
    if (news && staffOpen) refreshStaff(staff);
    return open;
}

// The CSV is made here (the statistics belong to the UI thread) and written by the worker:
// a slow or pulled stick must not stall a frame.
void Updates::exportStats(const std::filesystem::path& mount, std::int64_t nowMs, const content::Date& today,
                          ui::StaffInfo& staff) {
    if (!m_stats) {
        log("stats", "export asked for on " + mount.string() + ", but usage statistics are switched off");
        return;
    }
    const std::string name = core::statsExportFileName(today, m_siteId.empty() ? "kiosk" : m_siteId);
    // Into the stick's own kiosk/ folder when there is one: a real folder, never a symlink out of the stick.
    std::error_code ec;
    const bool kioskFolder = std::filesystem::symlink_status(mount / "kiosk", ec).type() == std::filesystem::file_type::directory;
    const std::filesystem::path target = (kioskFolder ? mount / "kiosk" : mount) / name;
    // csv() is empty when the statistics file cannot be read: say so instead of writing an empty
    // file to the stick (what UsageStats::exportCsv() does for a direct export).
    std::string bytes = m_stats->csv();
    staff.install = ui::InstallStatus{};
    if (bytes.empty()) {
        log("stats", "export failed: the statistics file is not available (" + m_stats->lastError() + ")");
        staff.install.stage = ui::InstallStatus::Stage::ExportFailed;
        staff.install.messageKey = "stats.export_failed";
        staff.lastExport = today.iso() + ": the statistics file is not available";
        staff.install.hideAtMs = nowMs + kShowInstalledMs;
        return;
    }
    m_service->requestWrite(target, std::move(bytes));
    staff.install.stage = ui::InstallStatus::Stage::Exporting;
    staff.install.hideAtMs = nowMs + kShowRefusedMs; // replaced by the result
}

void Updates::command(ui::StaffCommand cmd, const std::string& channel, const std::string& shownChannel, std::int64_t nowMs,
                      const content::Date& today,
                      const std::string& siteId, ui::StaffInfo& staff) {
    if (!m_service) return;
    m_siteId = siteId;
    switch (cmd) {
    case ui::StaffCommand::InstallAnyway:
        if (m_notNewer) {
            log("install", "staff confirmed installing " + m_notNewer->pack.string() + " although it is not newer");
            m_service->requestInstallAnyway(*m_notNewer, m_notNewerInfo);
        }
        break;
    case ui::StaffCommand::RollBack: {
        const std::string& ch = channel.empty() ? shownChannel : channel;
        if (!ch.empty()) {
            log("rollback", "staff asked to roll back channel " + ch);
            m_service->requestRollBack(ch);
        }
        break;
    }
    case ui::StaffCommand::ExportStats: {
        const auto mounts = m_service->mounts();
        if (mounts.empty()) {
            staff.lastExport = today.iso() + ": no USB stick";
            break;
        }
        exportStats(mounts.front(), nowMs, today, staff);
        break;
    }
    case ui::StaffCommand::CheckSticks: m_service->requestRescan(); break;
    case ui::StaffCommand::RefreshNow:
        log("refresh", "staff asked to check for new content now");
        m_service->requestRefreshNow();
        break;
    }
    refreshStaff(staff);
}

void Updates::refreshStaff(ui::StaffInfo& staff) const {
    if (m_log) staff.logTail = m_log->tail(50);
    // After a restart the last install is known from the log only.
    if (staff.lastInstall.empty())
        for (auto it = staff.logTail.rbegin(); it != staff.logTail.rend(); ++it)
            if (const auto at = it->find(" install: installed "); at != std::string::npos) {
                std::string what = it->substr(at + 20); // "beispiel v6 (35 entries) from /media/…"
                if (const auto from = what.find(" from "); from != std::string::npos) what.resize(from);
                staff.lastInstall = it->substr(0, 16) + ": " + what;
                break;
            }
    staff.statsTotal = m_stats ? m_stats->total() : -1;
}

void Updates::countTheme(const std::string& id, const std::string& label, const content::Date& day) {
    if (m_stats) m_stats->count(core::UsageStats::Kind::Theme, id, label, day);
}

void Updates::countEntry(const std::string& id, const std::string& label, const content::Date& day) {
    if (m_stats) m_stats->count(core::UsageStats::Kind::Entry, id, label, day);
}

void Updates::countSearch(const std::string& term, const content::Date& day) {
    if (m_stats) m_stats->count(core::UsageStats::Kind::Search, term, {}, day);
}

} // namespace kiosk::app
