#pragma once
// The kiosk's installed packs and the one install path that USB sticks (issue 4)
// and the web refresh (issue 5) share. Connects content/ (verifyPack) and
// platform/ (fsync, atomic renames, free space); no SDL, no ImGui.
//
// Layout of the data directory (documented in docs/install.md):
//
//   <dataDir>/packs/<channel>/current   -> v<version>-<nonce>    symlink, the active pack
//   <dataDir>/packs/<channel>/previous  -> v<version>-<nonce>    symlink, kept for rollback
//   <dataDir>/packs/<channel>/v<version>-<nonce>/pack.kpack
//   <dataDir>/packs/<channel>/v<version>-<nonce>/pack.kpack.minisig
//   <dataDir>/packs/<channel>/.incoming-<pid>-<nonce>/        an install in progress
//   <dataDir>/packs/<channel>/.link-current-<pid>-<n>         a link being swapped in (also -previous-)
//   <dataDir>/.install.lock                                   flock()ed while installing/recovering
//   <dataDir>/incoming/                                       downloads in progress (issue 5; recover() leaves it alone)
//
// A pack and its signature live together in one version folder, so switching
// is one atomic rename of a symlink: a reader sees the old pair or the new
// pair, never a mix. An install: check the candidate's signature file (key,
// signed channel and version; the pack's bytes are hashed once, on the copy) -> check free space ->
// copy pack + signature into .incoming-* with progress, fsync each -> verify
// the copy -> rename .incoming-* to v<version>-<nonce>, fsync -> point
// `previous` at the old current (symlink to a temporary name, rename over,
// fsync) -> point `current` at the new folder the same way -> remove version
// folders neither link names. A power cut between any two steps leaves
// `current` naming a complete, verified pack; `recover()` at start-up removes
// what an interrupted install left behind.
//
// Failure: every expected failure is an InstallResult / Recovery value with a
// code (for the UI's translated text) and an English reason (for the log);
// nothing throws. Thread safety: one PackLibrary per data directory per process;
// its methods are not reentrant (the kiosk calls them from one worker thread).
// Two processes never install at once: install(), recover() and rollBack() hold
// an flock() on <dataDir>/.install.lock while they change anything, and wait
// up to lockWait (default 30 s) for it before failing with Code::Busy (or
// Code::Cancelled when the caller's cancel flag is set while waiting).
// recover() without the lock still reports the verified current packs, changing
// nothing. Reading a candidate never follows a symlink and never opens a FIFO or
// device node (platform::openRegularFile), so a hostile stick cannot hang the worker.

#include "kiosk/content/minisign.h"
#include "kiosk/content/model.h"
#include "kiosk/content/verify.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::install {

struct InstallPolicy {
    std::vector<content::minisign::PublicKey> trustedKeys;
    std::vector<std::string> acceptedChannels; // empty = any channel signed by a trusted key
    bool allowNotNewer = false;                // staff confirmed (PIN): reinstall or roll back
    std::uint64_t reserveBytes = 64ull << 20;  // free space that must remain after the copy
};

enum class Phase { Checking, Copying, VerifyingCopy, Activating, Done };
struct Progress {
    Phase phase = Phase::Checking;
    std::uint64_t done = 0, total = 0; // bytes while copying; 0/0 otherwise
};
using ProgressFn = std::function<void(const Progress&)>;

// Why an install did or did not happen; the UI translates the code, the log uses `reason`.
enum class Code {
    Installed,
    NotNewer,        // version <= installed version of the channel (allowNotNewer overrides)
    UnknownKey,      // signed, but by a key that is not trusted
    BadSignature,    // signature does not match the file, or no/broken .minisig
    WrongChannel,    // channel not in acceptedChannels
    Corrupt,         // signature fine but the pack is not a valid pack (should not happen), or the copy differs
    NoSpace,         // not enough free space in the data directory (checked before copying, or ENOSPC)
    SourceVanished,  // the file disappeared or could not be read mid-copy (stick pulled)
    IoError,         // any other file-system error in the data directory
    Cancelled,
    Ambiguous,       // two different packs claim the same channel and version (choose() only)
    Busy,            // another install or recovery holds <dataDir>/.install.lock
};
const char* codeName(Code c); // "installed", "not-newer", "unknown-key", ...

struct InstallResult {
    Code code = Code::IoError;
    std::string reason;                       // English, names the file: "…/beispiel.kpack: signed by unknown key 3A…"
    std::optional<content::PackInfo> info;    // the candidate's when it was read (Installed: all of it;
                                              // NotNewer/WrongChannel: channel and version from the signature)
    std::int64_t installedVersion = 0;        // of the channel before this install (0 = none)
    std::filesystem::path packPath;           // the new active pack (Installed only)
    std::filesystem::path source;             // the candidate's pack file this result is about: set by
                                              // install() and every refusal of choose(); rollBack(): the pack rolled to
    bool ok() const { return code == Code::Installed; }
};

struct ActivePack {
    std::string channel;
    content::PackInfo info;
    std::filesystem::path packPath;      // <dataDir>/packs/<ch>/v…/pack.kpack (the real folder, not via the link)
    bool fromPrevious = false;           // current failed verification; this is the previous pack
};

struct Recovery {
    std::vector<ActivePack> active;      // one per channel that has a verified pack, sorted by channel
    std::vector<std::string> notes;      // English, for the log and the staff screen:
                                         // "channel beispiel: current pack failed verification (…); using previous version 5"
    int removedLeftovers = 0;            // .incoming-*, stray temporary links, unreferenced version folders
    std::string error;                   // set when the lock could not be taken (busy, or the lock file not
                                         // usable): nothing was changed on disk, and `active` lists the packs
                                         // `current` names (else `previous`) that verified read-only
};

// A pack file found somewhere (a stick, a download), with its signature path.
struct Candidate {
    std::filesystem::path pack;
    std::filesystem::path signature;     // may not exist
};

struct Choice {
    std::optional<Candidate> best;       // the candidate whose signature file holds with the highest version
                                         // newer than installed (its bytes are hashed by install(), on the copy)
    std::optional<content::PackInfo> bestInfo; // channel and version from the signed comment only; the full
                                               // PackInfo comes with install()'s result
    std::vector<InstallResult> refused;  // every other candidate with its reason (NotNewer, UnknownKey, ...),
                                         // `source` = its pack path
    // The other candidates whose signature files hold, newest first (each is also in `refused` as
    // "a newer pack on the same medium is installed instead"). choose() hashes nothing, so a tampered
    // `best` is only found by install(); a caller may then try these in order (BadSignature/Corrupt).
    std::vector<Candidate> alternatives;
};

class PackLibrary {
public:
    explicit PackLibrary(std::filesystem::path dataDir);

    // How long install()/recover()/rollBack() wait for the data directory's lock.
    void setLockWait(std::chrono::milliseconds wait) { m_lockWait = wait; }

    const std::filesystem::path& dataDir() const { return m_dataDir; }

    // Start-up: creates the folders, removes leftovers of interrupted installs,
    // verifies each channel's current pack. When the pack itself is damaged
    // (missing, bytes do not match the signature, SQLite/schema/metadata broken)
    // it falls back to `previous` by swapping the two links (the failed folder
    // is kept as `previous`). A pack this policy does not trust (unknown key) or
    // a channel it does not accept is reported in `notes`, left alone on disk
    // and not listed as active. Safe to run again at any time, also after SIGKILL.
    // `lockWait` overrides setLockWait() for this call: the kiosk's start-up
    // passes ~2 s so a running `kiosk --install` cannot hold up the first frame;
    // without the lock it still returns the verified current packs (see Recovery::error).
    Recovery recover(const InstallPolicy& policy, std::optional<std::chrono::milliseconds> lockWait = std::nullopt);

    // The installed version of a channel as of the last recover()/install() (0 = none).
    std::int64_t installedVersion(const std::string& channel) const;

    // A version that made the kiosk crash and was rolled back (install/crash_loop.h): choose()
    // and install() refuse exactly that version of the channel with Code::NotNewer unless
    // policy.allowNotNewer (staff: "install anyway"), so neither a stick left plugged in nor
    // the web refresh brings it back. Kept in packs/<channel>/refused-version; 0 = none.
    std::string refuseVersion(const std::string& channel, std::int64_t version);
    std::int64_t refusedVersion(const std::string& channel) const;
    const std::vector<ActivePack>& active() const { return m_active; }

    // Checks each candidate's signature file (the same cheap check as install()'s
    // step 1: key, trusted comment, channel, version, size; no byte of a pack is
    // hashed) and picks the newest to install; install() verifies its copy.
    // `cancel` (optional) is polled between candidates: then `best` stays empty
    // and `refused` ends with a Cancelled result.
    Choice choose(const std::vector<Candidate>& candidates, const InstallPolicy& policy,
                  const std::atomic<bool>* cancel = nullptr) const;

    // The install path described above. `cancel` (optional) is polled while
    // waiting for the lock and between chunks.
    InstallResult install(const Candidate& candidate, const InstallPolicy& policy, const ProgressFn& progress = {},
                          const std::atomic<bool>* cancel = nullptr);

    // Staff: swap `current` and `previous` of a channel (after a bad but correctly signed pack).
    InstallResult rollBack(const std::string& channel, const InstallPolicy& policy);

private:
    InstallResult doInstall(const Candidate& candidate, const InstallPolicy& policy, const ProgressFn& progress,
                       const std::atomic<bool>* cancel);

    std::filesystem::path m_dataDir;
    std::vector<ActivePack> m_active;
    std::chrono::milliseconds m_lockWait{30000};
};

} // namespace kiosk::install
