#include "install/crash_loop.h"

#include "kiosk/platform/file_safety.h"

#include <algorithm>
#include <ctime>
#include <fstream>
#include <sstream>
#include <system_error>

namespace kiosk::install {

namespace fs = std::filesystem;

namespace {

constexpr const char* kHeader = "stadtteilkompass-crash-loop 1";

struct Score {
    std::string bootId;
    std::vector<std::int64_t> starts;
    bool rolledBack = false;
    std::int64_t rolledBackAt = 0;
};

// Anything unexpected makes the score empty: a damaged file must not stop a start.
Score readScore(const fs::path& file) {
    Score s;
    const auto small = platform::readRegularFile(file, 64 * 1024);
    if (!small.status.ok()) return s;
    std::istringstream in(small.bytes);
    std::string line;
    if (!std::getline(in, line) || line != kHeader) return s;
    while (std::getline(in, line)) {
        if (line.starts_with("#")) continue;
        std::istringstream l(line);
        std::string key;
        l >> key;
        if (key == "boot") {
            l >> s.bootId;
        } else if (key == "start" || key == "rolled-back") {
            std::int64_t t = 0;
            if (!(l >> t) || t < 0) return Score{};
            if (key == "start") s.starts.push_back(t);
            else {
                s.rolledBack = true;
                s.rolledBackAt = t;
            }
        } else if (!key.empty()) {
            return Score{};
        }
    }
    return s;
}

std::string formatScore(const Score& s) {
    std::ostringstream out;
    out << kHeader << "\n# Starts of the kiosk that did not yet show their first frame for long (docs/raspberry-pi.md).\n";
    out << "boot " << s.bootId << "\n";
    for (auto t : s.starts) out << "start " << t << "\n";
    if (s.rolledBack) out << "rolled-back " << s.rolledBackAt << "\n";
    return out.str();
}

// Channels whose folder has a `previous` link: the ones a roll-back can help.
std::vector<std::string> channelsWithPrevious(const fs::path& dataDir) {
    std::vector<std::string> channels;
    std::error_code ec;
    for (fs::directory_iterator it(dataDir / "packs", ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_directory(ec) || it->path().filename().string().starts_with(".")) continue;
        if (fs::is_symlink(fs::symlink_status(it->path() / "previous", ec))) channels.push_back(it->path().filename().string());
    }
    std::sort(channels.begin(), channels.end());
    return channels;
}

} // namespace

BootTime BootTime::now() {
    BootTime t;
    std::ifstream in("/proc/sys/kernel/random/boot_id");
    std::getline(in, t.bootId);
    timespec ts{};
    clock_gettime(CLOCK_BOOTTIME, &ts);
    t.seconds = static_cast<std::int64_t>(ts.tv_sec);
    return t;
}

CrashLoopGuard::CrashLoopGuard(fs::path dataDir, CrashLoopPolicy policy)
    : m_dataDir(std::move(dataDir)), m_file(m_dataDir / "crash-loop"), m_policy(policy) {}

CrashLoopCheck CrashLoopGuard::recordStart(PackLibrary& library, const InstallPolicy& policy, const BootTime& now) {
    CrashLoopCheck check;
    Score score = readScore(m_file);
    // Restarts by systemd never cross a reboot; a boot id without spaces or one from another boot starts afresh.
    if (score.bootId != now.bootId || now.bootId.empty()) score = Score{};
    score.bootId = now.bootId;
    const std::int64_t window = m_policy.window.count();
    std::erase_if(score.starts, [&](std::int64_t t) { return t > now.seconds || now.seconds - t > window; });
    // The roll-back mark lasts until a good minute (markGood() removes the file) or a reboot, not
    // for the window only: once it lapsed, a loop that went on would roll back again, which
    // swaps current and previous and so brings the crashing pack back.
    check.failedStarts = static_cast<int>(score.starts.size());
    check.crashLoop = check.failedStarts >= m_policy.maxFailedStarts;

    if (check.crashLoop && score.rolledBack) {
        check.alreadyRolledBack = true;
        check.notes.push_back("crash loop: " + std::to_string(check.failedStarts) +
                              " starts without a good minute even after rolling back to the previous pack; "
                              "not rolling back again (see the journal: journalctl -u stadtteilkompass)");
        // Keep the file small (a loop may last all day): with this start, the last few are all the next one needs.
        const auto keep = static_cast<std::size_t>(std::max(0, m_policy.maxFailedStarts - 1));
        if (score.starts.size() > keep) score.starts.erase(score.starts.begin(), score.starts.end() - static_cast<std::ptrdiff_t>(keep));
    } else if (check.crashLoop) {
        const std::string why = "crash loop: " + std::to_string(check.failedStarts) + " starts in " +
                                std::to_string(now.seconds - score.starts.front()) +
                                " s without a good minute";
        const auto channels = channelsWithPrevious(m_dataDir);
        if (channels.empty()) check.notes.push_back(why + "; no previous pack to roll back to");
        for (const auto& channel : channels) {
            const InstallResult r = library.rollBack(channel, policy);
            if (r.ok()) {
                check.rolledBack = true;
                // Neither a stick left plugged in nor the web refresh may bring that version back.
                if (auto err = library.refuseVersion(channel, r.installedVersion); !err.empty())
                    check.notes.push_back("channel " + channel + ": cannot remember the refused version: " + err);
                check.notes.push_back(why + "; channel " + channel + " rolled back from version " +
                                      std::to_string(r.installedVersion) + " to version " +
                                      std::to_string(r.info ? r.info->version : 0));
            } else {
                check.notes.push_back(why + "; channel " + channel + " not rolled back: " + r.reason);
            }
        }
        if (check.rolledBack) {
            // The counter starts again; the mark stops a second roll-back swapping the bad pack back.
            score.starts.clear();
            score.rolledBack = true;
            score.rolledBackAt = now.seconds;
        } else {
            // Nothing rolled back (no previous pack, or the lock was busy): the next start tries again.
            const auto keep = static_cast<std::size_t>(std::max(0, m_policy.maxFailedStarts - 1));
            if (score.starts.size() > keep)
                score.starts.erase(score.starts.begin(), score.starts.end() - static_cast<std::ptrdiff_t>(keep));
        }
    }
    score.starts.push_back(now.seconds);
    std::error_code ec;
    fs::create_directories(m_dataDir, ec);
    if (auto s = platform::writeFileAtomic(m_file, formatScore(score), 0644); !s) check.error = s.error;
    return check;
}

std::string CrashLoopGuard::markGood() {
    std::error_code ec;
    if (!fs::remove(m_file, ec) && ec) return m_file.string() + ": " + ec.message();
    if (auto s = platform::syncDirectory(m_dataDir); !s) return s.error;
    return {};
}

} // namespace kiosk::install
