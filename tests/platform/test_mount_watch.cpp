// USB detection: folders and real mounts appearing under the mount roots, and
// the pack files found on them. Temporary folders stand in for /media; real
// mounts (tmpfs, a FAT32 loop image) are used where the machine allows them.
#include "temp_dir.h"

#include "kiosk/platform/mount_watch.h"

#include <doctest/doctest.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using namespace kiosk::platform;
using kiosk::test::readFile;
using kiosk::test::TempDir;
using kiosk::test::writeFile;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

MountWatchOptions optionsFor(std::vector<fs::path> roots, bool requireMountPoint = false) {
    MountWatchOptions o;
    o.roots = std::move(roots);
    o.requireMountPoint = requireMountPoint;
    return o;
}

std::string describe(const std::vector<MountEvent>& events) {
    std::string s;
    for (const auto& e : events) s += (e.kind == MountEvent::Kind::Appeared ? "+" : "-") + e.dir.string() + "\n";
    return s;
}

// Polls until at least one event arrived or `limit` passed.
std::vector<MountEvent> pollFor(MountWatcher& w, std::chrono::milliseconds limit) {
    const auto end = Clock::now() + limit;
    std::vector<MountEvent> events;
    while (events.empty() && Clock::now() < end)
        events = w.poll(std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()));
    return events;
}

std::vector<MountEvent> one(MountEvent::Kind kind, const fs::path& dir) {
    return {MountEvent{kind, dir}};
}

double cpuSeconds() {
    rusage ru{};
    ::getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

long msSince(Clock::time_point t) {
    return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count());
}

std::vector<std::string> names(const std::vector<PackFile>& packs, const fs::path& base) {
    std::vector<std::string> out;
    for (const auto& p : packs)
        out.push_back(p.pack.lexically_relative(base).string() + " sig=" +
                      p.signature.lexically_relative(base).string() + (p.signatureExists ? " (exists)" : " (missing)"));
    return out;
}

int run(const std::string& command) {
    return std::system(command.c_str());
}

bool haveCommand(const char* name) {
    return run(std::string("command -v ") + name + " >/dev/null 2>&1") == 0;
}

std::string mountOptionsOf(const fs::path& point) {
    std::ifstream in("/proc/self/mountinfo");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream ss(line);
        std::string id, parent, devno, root, mp, opts;
        ss >> id >> parent >> devno >> root >> mp >> opts;
        if (mp == point.string()) return opts;
    }
    return {};
}

// Undoes a test's mount even when a check or REQUIRE fails on the way: a lazy
// unmount of `point` if it is still mounted and, for a loop mount, detaching
// every loop device backing `image` (mount -o loop sets autoclear, but a lazy
// unmount only clears it once the last user is gone). Declare it after the
// TempDir holding the mount point, so it runs first.
struct MountGuard {
    fs::path point, image;
    ~MountGuard() {
        if (!mountOptionsOf(point).empty()) ::umount2(point.c_str(), MNT_DETACH);
        if (!image.empty())
            run("for d in $(losetup -n -O NAME -j '" + image.string() +
                "' 2>/dev/null); do losetup -d \"$d\" 2>/dev/null; done");
    }
};

// CTest shows a test that prints this as skipped (tests/CMakeLists.txt).
void skipped(const std::string& why) {
    std::printf("SKIPPED: %s\n", why.c_str());
    std::fflush(stdout);
    MESSAGE("SKIPPED: " << why);
}

} // namespace

TEST_CASE("mount_watch: a folder appearing directly under a root is reported once") {
    TempDir tmp;
    fs::create_directory(tmp / "media");
    MountWatcher w(optionsFor({tmp / "media"}));
    CHECK(w.problems.empty());
    CHECK(w.current().empty());
    CHECK(w.poll(0ms).empty());

    writeFile(tmp / "media" / "STICK" / "beispiel.kpack", "x");
    const auto events = w.poll(2000ms);
    CHECK(describe(events) == describe(one(MountEvent::Kind::Appeared, tmp / "media" / "STICK")));
    CHECK(w.current() == std::vector<fs::path>{tmp / "media" / "STICK"});
    // Once per mount: more files on it are no new event.
    writeFile(tmp / "media" / "STICK" / "zwei.kpack", "y");
    CHECK(w.poll(100ms).empty());
}

TEST_CASE("mount_watch: a folder created while poll waits wakes it at once") {
    TempDir tmp;
    fs::create_directory(tmp / "mnt");
    MountWatcher w(optionsFor({tmp / "mnt"}));
    std::thread writer([&] {
        std::this_thread::sleep_for(150ms);
        writeFile(tmp / "mnt" / "usb-stick" / "kiosk" / "beispiel.kpack", "x");
    });
    const auto start = Clock::now();
    const auto events = pollFor(w, 5000ms);
    const long ms = msSince(start);
    writer.join();
    CHECK(describe(events) == describe(one(MountEvent::Kind::Appeared, tmp / "mnt" / "usb-stick")));
    CHECK(ms >= 100);
    CHECK(ms < 1500); // woken by inotify, not by the 5 s timeout
}

TEST_CASE("mount_watch: a stick one level down under a user folder is the mount") {
    TempDir tmp;
    fs::create_directory(tmp / "media");
    MountWatcher w(optionsFor({tmp / "media"}));
    // The desktop creates /media/<user> first; an empty folder is nothing yet.
    fs::create_directory(tmp / "media" / "pi");
    CHECK(w.poll(100ms).empty());
    fs::create_directory(tmp / "media" / "pi" / "KIOSKSTICK");
    CHECK(describe(pollFor(w, 2000ms)) ==
          describe(one(MountEvent::Kind::Appeared, tmp / "media" / "pi" / "KIOSKSTICK")));
    // A second stick beside it.
    fs::create_directory(tmp / "media" / "pi" / "ZWEI");
    CHECK(describe(pollFor(w, 2000ms)) == describe(one(MountEvent::Kind::Appeared, tmp / "media" / "pi" / "ZWEI")));
    CHECK(w.current() == std::vector<fs::path>{tmp / "media" / "pi" / "KIOSKSTICK", tmp / "media" / "pi" / "ZWEI"});
    // Gone again.
    fs::remove_all(tmp / "media" / "pi" / "KIOSKSTICK");
    CHECK(describe(pollFor(w, 2000ms)) ==
          describe(one(MountEvent::Kind::Disappeared, tmp / "media" / "pi" / "KIOSKSTICK")));
    CHECK(w.current() == std::vector<fs::path>{tmp / "media" / "pi" / "ZWEI"});
}

TEST_CASE("mount_watch: a root created after the watcher started is watched") {
    TempDir tmp;
    const auto root = tmp / "run" / "media";
    MountWatcher w(optionsFor({root, tmp / "never"}));
    CHECK(w.problems.empty()); // a missing root is normal (no /run/media on Debian)
    std::thread creator([&] {
        std::this_thread::sleep_for(100ms);
        writeFile(root / "anna" / "STICK" / "beispiel.kpack", "x");
    });
    const auto start = Clock::now();
    const auto events = pollFor(w, 5000ms);
    const long ms = msSince(start);
    creator.join();
    CHECK(describe(events) == describe(one(MountEvent::Kind::Appeared, root / "anna" / "STICK")));
    CHECK(ms < 1500);
}

TEST_CASE("mount_watch: a stick pulled and put back is Disappeared then Appeared") {
    TempDir tmp;
    writeFile(tmp / "media" / "STICK" / "a.kpack", "x");
    MountWatcher w(optionsFor({tmp / "media"}));
    // Present at start: current(), not an event.
    CHECK(w.current() == std::vector<fs::path>{tmp / "media" / "STICK"});
    CHECK(w.poll(0ms).empty());
    fs::remove_all(tmp / "media" / "STICK");
    CHECK(describe(pollFor(w, 2000ms)) == describe(one(MountEvent::Kind::Disappeared, tmp / "media" / "STICK")));
    CHECK(w.current().empty());
    // A different stick under the same name between two polls: both events.
    writeFile(tmp / "media" / "STICK" / "b.kpack", "x");
    CHECK(describe(pollFor(w, 2000ms)) == describe(one(MountEvent::Kind::Appeared, tmp / "media" / "STICK")));
    fs::rename(tmp / "media" / "STICK", tmp / "old");
    writeFile(tmp / "media" / "STICK" / "c.kpack", "x");
    CHECK(describe(w.poll(1000ms)) == describe({MountEvent{MountEvent::Kind::Disappeared, tmp / "media" / "STICK"},
                                                MountEvent{MountEvent::Kind::Appeared, tmp / "media" / "STICK"}}));
}

TEST_CASE("mount_watch: poll honours its timeout and does not spin") {
    TempDir tmp;
    fs::create_directory(tmp / "media");
    MountWatcher w(optionsFor({tmp / "media"}));
    auto start = Clock::now();
    CHECK(w.poll(0ms).empty());
    CHECK(msSince(start) < 50);

    // A change that is no mount (a file at the root) wakes the watcher but
    // must not end the wait early nor make it spin.
    std::thread writer([&] {
        std::this_thread::sleep_for(50ms);
        writeFile(tmp / "media" / "note.txt", "not a stick");
    });
    const double cpuBefore = cpuSeconds();
    start = Clock::now();
    CHECK(w.poll(300ms).empty());
    const long ms = msSince(start);
    const double cpu = cpuSeconds() - cpuBefore;
    writer.join();
    CHECK(ms >= 300);
    CHECK(ms < 450);
    CHECK(cpu < 0.05); // a busy loop would burn ~0.3 s
    CHECK(w.fd() >= 0);
}

TEST_CASE("mount_watch: real mounts are reported through mountinfo") {
    if (::geteuid() != 0) {
        skipped("mounting a tmpfs needs root (this checks the /proc/self/mountinfo path)");
        return;
    }
    TempDir tmp;
    fs::create_directories(tmp / "mnt" / "usb" / "STICK");
    fs::create_directories(tmp / "mnt" / "usb" / "plain-folder" / "kiosk");
    MountWatcher w(optionsFor({tmp / "mnt" / "usb"}, true));
    CHECK(w.current().empty()); // plain folders do not count on a device
    const auto point = tmp / "mnt" / "usb" / "STICK";
    if (::mount("tmpfs", point.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=1m") != 0) {
        skipped(std::string("cannot mount a tmpfs here: ") + std::strerror(errno));
        return;
    }
    const MountGuard guard{point, {}};
    // Mounting onto an existing folder makes no inotify event: only mountinfo's POLLPRI can wake poll().
    auto start = Clock::now();
    auto events = pollFor(w, 3000ms);
    CHECK(describe(events) == describe(one(MountEvent::Kind::Appeared, point)));
    CHECK(msSince(start) < 1000);
    CHECK(w.current() == std::vector<fs::path>{point});

    std::atomic<int> umountResult{-2};
    std::thread unmounter([&] {
        std::this_thread::sleep_for(100ms);
        // A plain umount (not lazy): the watcher's inotify watch on the stick must not keep it busy.
        umountResult = ::umount(point.c_str());
    });
    start = Clock::now();
    events = pollFor(w, 3000ms);
    const long ms = msSince(start);
    unmounter.join();
    CHECK(umountResult == 0);
    CHECK(describe(events) == describe(one(MountEvent::Kind::Disappeared, point)));
    CHECK(ms >= 50);
    CHECK(ms < 1000); // woken by POLLPRI
    CHECK(w.current().empty());
}

TEST_CASE("mount_watch: findPackFiles finds packs at the top and in kiosk in any case") {
    TempDir tmp;
    const auto m = tmp.path();
    writeFile(m / "beispiel.kpack", "p");
    writeFile(m / "beispiel.kpack.minisig", "s");
    writeFile(m / "KIOSK" / "ZWEI.KPACK", "p");
    writeFile(m / "KIOSK" / "zwei.kpack.MINISIG", "s");
    writeFile(m / "Drei.KPack", "p"); // no signature
    writeFile(m / "._beispiel.kpack", "macOS resource fork");
    writeFile(m / ".hidden.kpack", "p");
    writeFile(m / "deep" / "vier.kpack", "not searched: not recursive");
    writeFile(m / "kiosk.kpack.txt", "not a pack");
    fs::create_directory(m / "ordner.kpack"); // a folder, not a file
    const auto packs = findPackFiles(m);
    CHECK(names(packs, m) == std::vector<std::string>{
                                 "Drei.KPack sig=Drei.KPack.minisig (missing)",
                                 "KIOSK/ZWEI.KPACK sig=KIOSK/zwei.kpack.MINISIG (exists)",
                                 "beispiel.kpack sig=beispiel.kpack.minisig (exists)",
                             });
    CHECK(findPackFiles(m / "does-not-exist").empty());
}

TEST_CASE("mount_watch: symlinks on a stick are never followed") {
    TempDir outside;
    writeFile(outside / "secret.kpack", "outside the stick");
    writeFile(outside / "secret.kpack.minisig", "s");
    writeFile(outside / "dir" / "x.kpack", "p");
    TempDir stick;
    const auto m = stick.path();
    fs::create_symlink(outside / "secret.kpack", m / "link.kpack");
    fs::create_symlink(outside / "dir", m / "kiosk"); // a symlinked kiosk/ folder
    writeFile(m / "echt.kpack", "p");
    fs::create_symlink(outside / "secret.kpack.minisig", m / "echt.kpack.minisig");
    const auto packs = findPackFiles(m);
    CHECK(names(packs, m) == std::vector<std::string>{"echt.kpack sig=echt.kpack.minisig (missing)"});
    CHECK(findOrphanSignatures(m).empty());
    writeFile(outside / "dir" / "export-stats", "");
    CHECK_FALSE(wantsStatsExport(m));
}

TEST_CASE("mount_watch: orphan signatures and the export-stats marker") {
    TempDir tmp;
    const auto m = tmp.path();
    writeFile(m / "beispiel.kpack", "p");
    writeFile(m / "BEISPIEL.KPACK.MINISIG", "s"); // belongs to the pack, any case
    writeFile(m / "alt.kpack.minisig", "s");
    writeFile(m / "kiosk" / "neu.minisig", "s"); // renamed by hand: no pack of that name
    CHECK(findOrphanSignatures(m) == std::vector<fs::path>{m / "alt.kpack.minisig", m / "kiosk" / "neu.minisig"});

    CHECK_FALSE(wantsStatsExport(m));
    writeFile(m / "export-stats", "at the top does not count");
    CHECK_FALSE(wantsStatsExport(m));
    writeFile(m / "kiosk" / "EXPORT-STATS", "");
    CHECK(wantsStatsExport(m));
}

TEST_CASE("mount_watch: findPackFiles caps what one stick can make it report") {
    TempDir tmp;
    for (int i = 0; i < 150; ++i) writeFile(tmp / ("p" + std::to_string(1000 + i) + ".kpack"), "");
    const auto start = Clock::now();
    const auto packs = findPackFiles(tmp.path());
    CHECK(packs.size() == 100);
    CHECK(msSince(start) < 500);
}

namespace {

// A FAT32 image as Windows would write it: long names beside 8.3 ones, a
// macOS resource fork, a pack without signature, an orphan signature and the
// export-stats marker. False (and a SKIPPED line) without mkfs.vfat/mtools.
bool makeFatImage(const TempDir& tmp, const fs::path& img) {
    if (!haveCommand("mkfs.vfat") || !haveCommand("mcopy") || !haveCommand("mmd")) {
        skipped("mkfs.vfat/mcopy/mmd missing (tools/dev/install-deps.sh installs dosfstools and mtools)");
        return false;
    }
    writeFile(tmp / "pack", "pack bytes");
    writeFile(tmp / "sig", "signature bytes");
    const std::string i = " -i '" + img.string() + "' ";
    const std::string p = " '" + (tmp / "pack").string() + "' ";
    const std::string s = " '" + (tmp / "sig").string() + "' ";
    // Long names (BEISPIEL.KPACK has a 5-letter extension) beside 8.3 ones (KIOSK, README.TXT).
    REQUIRE(run("mkfs.vfat -C -F 32 -n KIOSKSTICK '" + img.string() + "' 40000 >/dev/null") == 0);
    REQUIRE(run("mmd" + i + "::/KIOSK") == 0);
    REQUIRE(run("mcopy" + i + p + "::/BEISPIEL.KPACK") == 0);
    REQUIRE(run("mcopy" + i + s + "::/BEISPIEL.KPACK.MINISIG") == 0);
    REQUIRE(run("mcopy" + i + p + "::/README.TXT") == 0);
    REQUIRE(run("mcopy" + i + p + "::/._BEISPIEL.KPACK") == 0);
    REQUIRE(run("mcopy" + i + p + "::/KIOSK/NEU.KPACK") == 0);
    REQUIRE(run("mcopy" + i + s + "::/KIOSK/ALT.KPACK.MINISIG") == 0);
    REQUIRE(run("mcopy" + i + p + "::/KIOSK/EXPORT-STATS") == 0);
    return true;
}

void checkFatStick(const fs::path& m) {
    CHECK(names(findPackFiles(m), m) == std::vector<std::string>{
                                            "BEISPIEL.KPACK sig=BEISPIEL.KPACK.MINISIG (exists)",
                                            "KIOSK/NEU.KPACK sig=KIOSK/NEU.KPACK.minisig (missing)",
                                        });
    CHECK(readFile(m / "BEISPIEL.KPACK") == "pack bytes");
    CHECK(findOrphanSignatures(m) == std::vector<fs::path>{m / "KIOSK" / "ALT.KPACK.MINISIG"});
    CHECK(wantsStatsExport(m));
}

} // namespace

TEST_CASE("mount_watch: the files of a FAT32 stick image are found") {
    TempDir tmp;
    const auto img = tmp / "stick.img";
    if (!makeFatImage(tmp, img)) return;
    // The image's files as mtools extracts them (any machine), in a plain folder under a root.
    TempDir media;
    MountWatcher w(optionsFor({media.path()}));
    const auto copy = media / "KIOSKSTICK";
    fs::create_directory(copy);
    REQUIRE(run("mcopy -s -n -i '" + img.string() + "' '::*' '" + copy.string() + "/'") == 0);
    CHECK(describe(pollFor(w, 3000ms)) == describe(one(MountEvent::Kind::Appeared, copy)));
    checkFatStick(copy);
}

TEST_CASE("mount_watch: a FAT32 stick image loop-mounted read-only is found through mountinfo") {
    if (::geteuid() != 0) {
        skipped("a loop mount needs root");
        return;
    }
    TempDir tmp;
    const auto img = tmp / "stick.img";
    if (!makeFatImage(tmp, img)) return;
    const auto point = tmp / "mnt" / "usb" / "KIOSKSTICK";
    fs::create_directories(point);
    MountWatcher w(optionsFor({tmp / "mnt" / "usb"}, true));
    const auto err = tmp / "mount.err";
    if (run("mount -o loop,ro,nosuid,nodev,noexec '" + img.string() + "' '" + point.string() + "' 2>'" +
            err.string() + "'") != 0) {
        const std::string why = readFile(err);
        skipped("cannot loop-mount the FAT32 image here: " + why.substr(0, why.find('\n')));
        run("for d in $(losetup -n -O NAME -j '" + img.string() + "' 2>/dev/null); do losetup -d \"$d\"; done");
        return;
    }
    const MountGuard guard{point, img};
    CHECK(describe(pollFor(w, 3000ms)) == describe(one(MountEvent::Kind::Appeared, point)));
    const auto opts = mountOptionsOf(point);
    CHECK(opts.find("ro") == 0);
    CHECK(opts.find("nosuid") != std::string::npos);
    CHECK(opts.find("nodev") != std::string::npos);
    CHECK(opts.find("noexec") != std::string::npos);
    checkFatStick(point);
    CHECK(run("umount '" + point.string() + "'") == 0);
    CHECK(describe(pollFor(w, 3000ms)) == describe(one(MountEvent::Kind::Disappeared, point)));
}
