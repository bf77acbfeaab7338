#include "install_service.h"

#include "kiosk/platform/file_safety.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace kiosk::app {

namespace {

std::string versionText(const content::PackInfo& info) {
    return info.channel + " v" + std::to_string(info.version) + " (" + std::to_string(info.entryCount) + " entries)";
}

} // namespace

std::string installCodeKey(install::Code code) {
    return std::string("install.code.") + install::codeName(code);
}

InstallService::InstallService(Options options, platform::RotatingLog& log, std::function<void()> wake)
    : m_opt(std::move(options)), m_log(log), m_wake(std::move(wake)), m_library(m_opt.dataDir),
      m_wakeFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

// Commands and stop() must not wait for a poll timeout: the worker sleeps in poll() on the
// mount watcher's descriptor and this eventfd, with no timeout, so an idle kiosk has no wake-ups.
void InstallService::wakeWorker() {
    m_commandCv.notify_all();
    if (m_wakeFd >= 0) {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto n = ::write(m_wakeFd, &one, sizeof one);
    }
}

InstallService::~InstallService() {
    m_stop = true;
    wakeWorker();
    if (m_thread.joinable()) m_thread.join();
    if (m_wakeFd >= 0) ::close(m_wakeFd);
}

install::Recovery InstallService::recover() {
    // At start a running `kiosk --install` must not keep the screen blank for long: after 2 s the
    // installed packs are only checked (not repaired) and shown.
    install::Recovery r = m_library.recover(m_opt.policy, std::chrono::seconds(2));
    if (!r.error.empty()) m_log.write("start", r.error);
    for (const auto& n : r.notes) m_log.write("start", n);
    if (r.removedLeftovers > 0)
        m_log.write("start", "removed " + std::to_string(r.removedLeftovers) + " leftovers of interrupted installs");
    for (const auto& a : r.active)
        m_log.write("start", "active: " + versionText(a.info) + (a.fromPrevious ? " (previous version)" : ""));
    return r;
}

void InstallService::start() {
    if (m_thread.joinable()) return;
    if (!m_opt.refresh.empty())
        m_refresh = std::make_unique<install::RefreshEngine>(
            m_library, m_opt.policy, m_opt.refreshOptions, std::random_device()(),
            [this](const std::string& line) { m_log.write("refresh", line); });
    {
        // Busy until the worker has looked at the sticks already present and made the first
        // web refresh check (scripts wait for that).
        std::lock_guard lock(m_mutex);
        m_working = m_opt.watchUsb || m_refresh;
    }
    m_thread = std::thread([this] { run(); });
}

void InstallService::post(InstallEvent e) {
    {
        std::lock_guard lock(m_mutex);
        m_events.push_back(std::move(e));
    }
    if (m_wake) m_wake();
}

std::vector<InstallEvent> InstallService::drain() {
    std::lock_guard lock(m_mutex);
    std::vector<InstallEvent> out;
    out.swap(m_events);
    return out;
}

bool InstallService::busy() const {
    std::lock_guard lock(m_mutex);
    return m_working || !m_events.empty() || !m_commands.empty();
}

std::vector<std::filesystem::path> InstallService::mounts() const {
    std::lock_guard lock(m_mutex);
    return m_mounts;
}

void InstallService::requestInstallAnyway(const install::Candidate& candidate, const std::optional<content::PackInfo>& info) {
    {
        std::lock_guard lock(m_mutex);
        m_commands.push_back(Command{Command::Kind::InstallAnyway, candidate, info, {}, {}, {}});
    }
    wakeWorker();
}

void InstallService::requestRollBack(const std::string& channel) {
    {
        std::lock_guard lock(m_mutex);
        m_commands.push_back(Command{Command::Kind::RollBack, std::nullopt, std::nullopt, channel, {}, {}});
    }
    wakeWorker();
}

void InstallService::requestRescan() {
    {
        std::lock_guard lock(m_mutex);
        m_commands.push_back(Command{Command::Kind::Rescan, std::nullopt, std::nullopt, {}, {}, {}});
    }
    wakeWorker();
}

void InstallService::requestRefreshNow() {
    {
        std::lock_guard lock(m_mutex);
        m_commands.push_back(Command{Command::Kind::RefreshNow, std::nullopt, std::nullopt, {}, {}, {}});
    }
    wakeWorker();
}

namespace {
install::RefreshTime refreshNow() {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}
} // namespace

// Everything the staff screen shows of the web refresh, as one event.
void InstallService::postRefreshStatus(const std::string& checking, std::uint64_t done, std::uint64_t total) {
    if (!m_refresh) return;
    InstallEvent e;
    e.kind = InstallEvent::Kind::Refresh;
    for (const auto& [channel, url] : m_opt.refresh) {
        const install::RefreshState& st = m_refresh->state(channel);
        InstallEvent::RefreshChannel c;
        c.channel = channel;
        c.code = install::refreshCodeName(st.lastCode);
        c.error = install::isRefreshError(st.lastCode);
        c.message = st.lastMessage;
        c.lastCheck = st.lastCheck;
        c.nextCheck = st.nextCheck;
        c.installedVersion = m_library.installedVersion(channel);
        c.availableVersion = st.availableVersion;
        c.checking = channel == checking;
        if (c.checking) {
            c.done = done;
            c.total = total;
        }
        e.refresh.push_back(std::move(c));
    }
    post(std::move(e));
}

long InstallService::msUntilNextRefresh() {
    if (!m_refresh) return 10'000;
    const auto now = refreshNow();
    long best = 10'000;
    for (const auto& [channel, url] : m_opt.refresh) {
        if (m_refresh->isDue(channel, now)) return 0;
        const auto& st = m_refresh->state(channel);
        if (st.nextCheck) best = std::min<long>(best, static_cast<long>((*st.nextCheck - now).count()) * 1000 + 50);
    }
    return std::max(0L, best);
}

// One round of the web refresh: every channel that is due (or all, when staff asked).
void InstallService::runRefreshChecks(bool all) {
    if (!m_refresh) return;
    for (const auto& [channel, url] : m_opt.refresh) {
        if (m_stop) return;
        if (!all && !m_refresh->isDue(channel, refreshNow())) continue;
        {
            std::lock_guard lock(m_mutex);
            m_working = true;
        }
        postRefreshStatus(channel);
        auto lastPost = std::chrono::steady_clock::now();
        const std::string ch = channel;
        auto progress = [&](const install::RefreshProgress& p) {
            const auto t = std::chrono::steady_clock::now();
            if (t - lastPost < std::chrono::milliseconds(250) && p.done != p.total) return;
            lastPost = t;
            postRefreshStatus(ch, p.done, p.total);
        };
        const install::RefreshOutcome out = m_refresh->checkChannel(channel, url, refreshNow(), progress, &m_stop);
        if (out.code == install::RefreshCode::Installed && out.install && out.install->ok()) {
            // The same news as a stick: the app swaps to the new pack and shows the banner.
            InstallEvent e;
            e.kind = InstallEvent::Kind::Installed;
            e.info = out.install->info;
            e.result = *out.install;
            post(std::move(e));
        }
        postRefreshStatus();
    }
}

void InstallService::requestWrite(std::filesystem::path target, std::string bytes) {
    {
        std::lock_guard lock(m_mutex);
        m_commands.push_back(Command{Command::Kind::WriteFile, std::nullopt, std::nullopt, {}, std::move(target), std::move(bytes)});
    }
    wakeWorker();
}

void InstallService::run() {
    std::optional<platform::MountWatcher> watcher;
    if (m_opt.watchUsb) {
        watcher.emplace(m_opt.mounts);
        for (const auto& p : watcher->problems) m_log.write("usb", p);
        // A stick that was in before the kiosk started counts as plugged in now.
        const auto present = watcher->current();
        {
            std::lock_guard lock(m_mutex);
            m_mounts = present;
        }
        for (const auto& dir : present) {
            if (m_stop) break;
            handleMount(dir);
        }
    }
    postRefreshStatus();
    if (m_refresh) runRefreshChecks(false); // at start: a kiosk that was off catches up at once
    {
        std::lock_guard lock(m_mutex);
        m_working = false;
    }
    while (!m_stop) {
        if (m_refresh && msUntilNextRefresh() == 0) {
            runRefreshChecks(false);
            std::lock_guard lock(m_mutex);
            m_working = false;
        }
        // Commands first: staff is waiting for them.
        std::optional<Command> cmd;
        {
            std::unique_lock lock(m_mutex);
            if (!watcher)
                m_commandCv.wait_for(lock, std::chrono::milliseconds(msUntilNextRefresh()),
                                     [&] { return m_stop || !m_commands.empty(); });
            if (!m_commands.empty()) {
                cmd = m_commands.front();
                m_commands.pop_front();
                m_working = true;
            }
        }
        if (cmd) {
            switch (cmd->kind) {
            case Command::Kind::InstallAnyway:
                installCandidate(*cmd->candidate, cmd->info, cmd->candidate->pack.parent_path(), true, true);
                break;
            case Command::Kind::RollBack: {
                install::InstallResult r = m_library.rollBack(cmd->channel, m_opt.policy);
                m_log.write("rollback", r.ok() ? "channel " + cmd->channel + " rolled back: " + r.packPath.string()
                                               : "channel " + cmd->channel + ": " + r.reason);
                InstallEvent e;
                e.kind = InstallEvent::Kind::RolledBack;
                e.info = r.info;
                e.result = std::move(r);
                post(std::move(e));
                break;
            }
            case Command::Kind::Rescan:
                for (const auto& dir : mounts()) handleMount(dir);
                break;
            case Command::Kind::RefreshNow:
                runRefreshChecks(true);
                break;
            case Command::Kind::WriteFile: {
                const platform::IoStatus st = platform::writeFileAtomic(cmd->target, cmd->bytes);
                m_log.write("stats", st ? "exported to " + cmd->target.string() : "export failed: " + st.error);
                InstallEvent e;
                e.kind = InstallEvent::Kind::FileWritten;
                e.mount = cmd->target;
                e.error = st.error;
                post(std::move(e));
                break;
            }
            }
            std::lock_guard lock(m_mutex);
            m_working = false;
            continue;
        }
        if (!watcher) continue;
        // poll() sleeps in the kernel until a mount changes; the timeout bounds how long a
        // command or stop() waits.
        // Sleep in the kernel until a mount changes or a command/stop arrives. The 10 s bound
        // only lets the watcher notice a mount root created after the start (one look every 10 s).
        std::vector<platform::MountEvent> events;
        pollfd fds[2] = {{watcher->fd(), POLLIN, 0}, {m_wakeFd, POLLIN, 0}};
        const int timeout = static_cast<int>(std::min(10'000L, msUntilNextRefresh()));
        if (fds[0].fd >= 0 && fds[1].fd >= 0 && ::poll(fds, 2, timeout) >= 0) {
            if (fds[1].revents & POLLIN) {
                std::uint64_t drained = 0;
                [[maybe_unused]] const auto n = ::read(m_wakeFd, &drained, sizeof drained);
            }
            events = watcher->poll(std::chrono::milliseconds(0));
        } else {
            events = watcher->poll(std::chrono::milliseconds(250)); // no descriptors: look four times a second
        }
        for (const auto& p : watcher->problems) m_log.write("usb", p);
        watcher->problems.clear();
        for (const auto& ev : events) {
            if (ev.kind == platform::MountEvent::Kind::Disappeared) {
                {
                    std::lock_guard lock(m_mutex);
                    std::erase(m_mounts, ev.dir);
                }
                m_log.write("usb", "removed: " + ev.dir.string());
                InstallEvent e;
                e.kind = InstallEvent::Kind::StickGone;
                e.mount = ev.dir;
                post(std::move(e));
                continue;
            }
            {
                // A stick mounted while the watcher started can be in current() and reported again.
                std::lock_guard lock(m_mutex);
                if (std::find(m_mounts.begin(), m_mounts.end(), ev.dir) != m_mounts.end()) continue;
                m_mounts.push_back(ev.dir);
                m_working = true;
            }
            handleMount(ev.dir);
            std::lock_guard lock(m_mutex);
            m_working = false;
        }
    }
}

void InstallService::handleMount(const std::filesystem::path& dir) {
    m_log.write("usb", "stick found: " + dir.string());
    InstallEvent found;
    found.kind = InstallEvent::Kind::StickFound;
    found.mount = dir;
    post(found);

    const bool exportWanted = platform::wantsStatsExport(dir);
    if (exportWanted) {
        InstallEvent e;
        e.kind = InstallEvent::Kind::ExportStats;
        e.mount = dir;
        post(std::move(e));
    }

    const auto files = platform::findPackFiles(dir);
    std::vector<install::InstallResult> orphans;
    for (const auto& sig : platform::findOrphanSignatures(dir)) {
        install::InstallResult r;
        r.code = install::Code::BadSignature;
        r.reason = sig.string() + ": signature without its pack file";
        r.source = sig;
        m_log.write("usb", "refused: " + r.reason);
        orphans.push_back(std::move(r));
    }
    if (files.empty()) {
        // A stick that only asks for the statistics is not "empty".
        if (orphans.empty() && exportWanted) return;
        InstallEvent e;
        e.kind = orphans.empty() ? InstallEvent::Kind::NothingFound : InstallEvent::Kind::Refused;
        e.mount = dir;
        if (orphans.empty()) m_log.write("usb", "no content pack on " + dir.string());
        else e.result = orphans.front();
        e.refused = std::move(orphans);
        post(std::move(e));
        return;
    }

    InstallEvent checking;
    checking.kind = InstallEvent::Kind::Checking;
    checking.mount = dir;
    post(checking);

    std::vector<install::Candidate> candidates;
    for (const auto& f : files) candidates.push_back(install::Candidate{f.pack, f.signature});
    std::vector<install::InstallResult> failed; // candidates whose copy turned out damaged
    while (!m_stop) {
        install::Choice choice = m_library.choose(candidates, m_opt.policy);
        for (const auto& o : orphans) choice.refused.push_back(o);
        for (auto& f : failed) choice.refused.push_back(f);
        if (failed.empty())
            for (const auto& r : choice.refused) m_log.write("usb", "not installed: " + r.reason);

        if (!choice.best) {
            InstallEvent e;
            e.kind = InstallEvent::Kind::Refused;
            e.mount = dir;
            // The most telling reason first: a valid but old pack beats "unknown key" for a second file.
            auto best = std::find_if(choice.refused.begin(), choice.refused.end(),
                                     [](const install::InstallResult& r) { return r.code == install::Code::NotNewer; });
            if (best == choice.refused.end() && !choice.refused.empty()) best = choice.refused.begin();
            if (best != choice.refused.end()) {
                e.result = *best;
                e.info = best->info;
                if (best->code == install::Code::NotNewer) {
                    for (const auto& c : candidates)
                        if (c.pack == best->source) e.notNewer = c;
                }
            }
            e.refused = std::move(choice.refused);
            post(std::move(e));
            return;
        }
        // The choice rests on the signature file; the bytes are checked on the copy. A damaged
        // pack whose signature file looks right must not hide a good one beside it: try the next.
        const install::InstallResult r = installCandidate(*choice.best, choice.bestInfo, dir, false, false);
        const bool damaged = r.code == install::Code::BadSignature || r.code == install::Code::Corrupt;
        if (r.ok() || !damaged) return;
        failed.push_back(r);
        std::erase_if(candidates, [&](const install::Candidate& c) { return c.pack == choice.best->pack; });
    }
}

install::InstallResult InstallService::installCandidate(const install::Candidate& c,
                                                        const std::optional<content::PackInfo>& info,
                                                        const std::filesystem::path& mount, bool allowNotNewer,
                                                        bool postDamaged) {
    install::InstallPolicy policy = m_opt.policy;
    policy.allowNotNewer = allowNotNewer;
    auto lastPost = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    bool announced = false;
    auto progress = [&](const install::Progress& p) {
        if (!announced && p.phase != install::Phase::Checking) {
            announced = true;
            InstallEvent e;
            e.kind = InstallEvent::Kind::Installing;
            e.mount = mount;
            e.info = info;
            e.done = p.done;
            e.total = p.total;
            post(std::move(e));
        }
        // A progress bar needs ~10 updates a second, not one per chunk.
        const auto now = std::chrono::steady_clock::now();
        if (now - lastPost < std::chrono::milliseconds(100) && p.done != p.total) return;
        lastPost = now;
        InstallEvent e;
        e.kind = InstallEvent::Kind::Progress;
        e.mount = mount;
        e.done = p.done;
        e.total = p.total;
        post(std::move(e));
    };
    install::InstallResult r = m_library.install(c, policy, progress, &m_stop);
    if (r.source.empty()) r.source = c.pack;
    InstallEvent e;
    e.mount = mount;
    e.info = r.info;
    if (r.ok()) {
        e.kind = InstallEvent::Kind::Installed;
        m_log.write("install", "installed " + (r.info ? versionText(*r.info) : c.pack.string()) + " from " + c.pack.string() +
                                   (allowNotNewer ? " (confirmed by staff)" : ""));
    } else {
        e.kind = InstallEvent::Kind::Refused;
        m_log.write("install", std::string(install::codeName(r.code)) + ": " + r.reason);
        const bool damaged = r.code == install::Code::BadSignature || r.code == install::Code::Corrupt;
        if (damaged && !postDamaged) return r; // the caller tries the next candidate
    }
    e.result = r;
    post(std::move(e));
    return r;
}

} // namespace kiosk::app
