#pragma once
// The crash-loop fall-back (issue 7, item 4): a kiosk that dies again and again
// right after starting (a pack that crashes it, a photo that hangs it until the
// watchdog kills it) rolls back to the previous pack before trying again.
//
// systemd restarts the kiosk forever (Restart=always, StartLimitIntervalSec=0);
// the kiosk itself keeps score in one small file, <dataDir>/crash-loop:
//
//   - every start appends its time (recordStart(), before any pack is opened);
//   - a start that has shown its first frame for `goodAfter` (60 s) is good:
//     markGood() deletes the file, so only starts that died young remain;
//   - a start that finds `maxFailedStarts` (5) earlier starts of this boot in the
//     file, the oldest no more than `window` ago, is in a crash loop: every
//     channel with a previous pack is rolled back (PackLibrary::rollBack()), and
//     the file is reset to this start plus a "rolled-back" line.
//   - a crash loop that goes on after a roll-back does not roll back again (that
//     would swap the bad pack back in); it is reported, and systemd keeps
//     restarting the kiosk until staff act (or a start turns good).
//
// Times are the kernel's boot id and CLOCK_BOOTTIME seconds, not the wall clock:
// a Raspberry Pi has no real-time clock and its wall clock jumps when NTP first
// syncs, while restarts by systemd never cross a reboot. Starts of an earlier
// boot are ignored. The file is small, written atomically with fsync (two writes
// per start, none per frame), so a power cut leaves the old state or the new.
//
// Failure: nothing throws. A file that cannot be read or parsed counts as empty
// (a damaged score must never keep the kiosk from starting); a file that cannot
// be written is reported in CrashLoopCheck::error and the kiosk carries on.
// Thread safety: one guard per process, used from the UI thread at start-up
// and once more when the start turns good.

#include "install/pack_library.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kiosk::install {

struct CrashLoopPolicy {
    int maxFailedStarts = 5;                 // earlier starts that died young before rolling back
    std::chrono::seconds window{600};        // ... all within this time (watchdog kills take ~35 s each)
    std::chrono::seconds goodAfter{60};      // first frame on screen this long = a good start
};

// A moment on this boot: /proc/sys/kernel/random/boot_id and CLOCK_BOOTTIME.
struct BootTime {
    std::string bootId;
    std::int64_t seconds = 0;
    static BootTime now();
};

struct CrashLoopCheck {
    int failedStarts = 0;           // earlier starts of this boot in the window that never turned good
    bool crashLoop = false;         // failedStarts reached the policy's maximum
    bool rolledBack = false;        // at least one channel now shows its previous pack
    bool alreadyRolledBack = false; // crash loop, but this loop was rolled back before: left alone
    std::vector<std::string> notes; // English, for the log and the staff screen
    std::string error;              // the score file could not be written (the kiosk carries on)
};

class CrashLoopGuard {
public:
    explicit CrashLoopGuard(std::filesystem::path dataDir, CrashLoopPolicy policy = {});

    // At start, before any pack is opened: records this start and, in a crash
    // loop, rolls back every channel of `library` that has a previous pack.
    CrashLoopCheck recordStart(PackLibrary& library, const InstallPolicy& policy, const BootTime& now);

    // This start is good (its first frame has been shown for policy().goodAfter):
    // forget the earlier starts. Returns "" or the reason the file could not be removed.
    std::string markGood();

    const CrashLoopPolicy& policy() const { return m_policy; }
    const std::filesystem::path& file() const { return m_file; }

private:
    std::filesystem::path m_dataDir;
    std::filesystem::path m_file;
    CrashLoopPolicy m_policy;
};

} // namespace kiosk::install
