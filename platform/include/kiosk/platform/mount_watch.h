#pragma once
// Noticing USB sticks: which file systems appeared under the configured mount
// roots (default /media, /run/media, /mnt/usb), and which pack files they hold.
//
// Two sources, because neither alone sees every setup:
//  - inotify on each root and on each of its direct sub-folders (desktop
//    auto-mounters create /media/<user>/<LABEL>, systemd-mount /mnt/usb/<LABEL>);
//  - /proc/self/mountinfo, which the kernel marks readable (POLLPRI) on every
//    mount/unmount, for sticks mounted on a folder that already existed.
// A "mount" here is:
//  - with requireMountPoint (devices): a mount point listed in
//    /proc/self/mountinfo at <root>/<X> or <root>/<X>/<Y>, or the root itself
//    when it is a mount point (an fstab line for /mnt/usb). Plain folders never
//    count, and a stick's contents are not read to decide.
//  - without (tests, plain copies, desktops): those, plus plain folders:
//    <root>/<X> when it holds a file or a kiosk/ folder (a stick's copy),
//    <root>/<X>/<Y> when <X> holds only folders (a user folder, /media/<user>);
//    an empty <X> is nothing yet. Hidden names (".x") and symlinks never count.
// A mount is identified by its mount id (or the folder's inode): a different
// stick under the same path between two polls gives Disappeared + Appeared.
// At most 256 folders per root or user folder are considered.
//
// Failure: a root that does not exist is watched once it appears (an inotify
// watch on its nearest existing ancestor); errors are values (`problems`,
// each reported once), never thrown.
// Cost: every poll() rescans (reads mountinfo, lists the roots; ~0.2 ms):
// call it from a worker with a timeout, not once per frame.
// Thread safety: one MountWatcher per thread; fd() may be polled by another
// loop, poll() must be called from the owning thread.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace kiosk::platform {

struct MountWatchOptions {
    std::vector<std::filesystem::path> roots = {"/media", "/run/media", "/mnt/usb"};
    bool requireMountPoint = false; // true on devices: only real mounts count
};

struct MountEvent {
    enum class Kind { Appeared, Disappeared } kind = Kind::Appeared;
    std::filesystem::path dir; // the mount's folder, e.g. /media/pi/STICK
};

class MountWatcher {
public:
    explicit MountWatcher(MountWatchOptions options);
    ~MountWatcher();
    MountWatcher(const MountWatcher&) = delete;
    MountWatcher& operator=(const MountWatcher&) = delete;

    // Mounts present right now, sorted (at start-up a stick may already be in:
    // mounts present when the watcher was made are here, never in poll()).
    std::vector<std::filesystem::path> current() const;

    // Waits up to `timeout` (0 = just look) for changes and returns them as
    // soon as there are any: Disappeared first, then Appeared, each by path.
    // Appeared is reported once per mount until it disappears again.
    // Wake-ups that change no mount (a file copied into /media) do not end
    // the wait early; it never waits longer than `timeout` (+ one scan).
    std::vector<MountEvent> poll(std::chrono::milliseconds timeout);

    // A descriptor (epoll: inotify + mountinfo) that becomes readable when
    // poll() may have something, for an outer poll loop; -1 if none.
    int fd() const;

    std::vector<std::string> problems; // "cannot watch /media: Permission denied"

private:
    struct Impl;
    Impl* m_impl;
};

// Pack files on a mount: `*.kpack` at its top and in its `kiosk/` folder
// (case-insensitive names, as FAT sticks come), each with `<file>.minisig`
// beside it (which may be missing: the install then refuses it with a reason;
// `signature` is then "<pack>.minisig"). Sorted by path.
// Hidden files (macOS "._x.kpack") are skipped. Not recursive beyond that.
// Only regular files and real folders count: a symlink (which could point out
// of the stick) is never followed. Caps: 10000 names read per folder, 100 packs.
// A file still being written is reported as it is; the install copes.
// Failure: an unreadable or vanished mount gives an empty list.
struct PackFile {
    std::filesystem::path pack;
    std::filesystem::path signature;
    bool signatureExists = false;
};
std::vector<PackFile> findPackFiles(const std::filesystem::path& mountDir);

// Signature files without their pack, for a clear message ("beispiel.kpack.minisig without beispiel.kpack"):
// every regular `*.minisig` at the top or in kiosk/ whose name minus ".minisig" is no pack there. Sorted.
std::vector<std::filesystem::path> findOrphanSignatures(const std::filesystem::path& mountDir);

// True when `mountDir/kiosk/export-stats` exists, a file or a folder, any case,
// not a symlink (staff asks for a statistics export).
bool wantsStatsExport(const std::filesystem::path& mountDir);

} // namespace kiosk::platform
