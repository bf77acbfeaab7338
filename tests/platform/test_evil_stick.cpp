// The malicious-inputs corpus, stick part (docs/evil-inputs.md): a USB stick
// whose pack, signature, kiosk/ folder and export marker are symlinks to
// /etc/shadow or /etc. Nothing on it may be reported, opened or copied.
// "Never opened" is proven with inotify: a stand-in secret (mode 0600, in a
// temporary folder, so the test needs no root) is watched for IN_OPEN while
// everything a kiosk does with a stick runs against links to it.
// The plain symlink rules are in test_mount_watch.cpp ("symlinks on a stick
// are never followed") and test_file_safety_install.cpp (FIFOs and links).
#include "temp_dir.h"

#include "kiosk/platform/file_safety.h"
#include "kiosk/platform/mount_watch.h"

#include <doctest/doctest.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>

using namespace kiosk::platform;
using kiosk::test::TempDir;
using kiosk::test::writeFile;
namespace fs = std::filesystem;

namespace {

// Counts IN_OPEN events on one file between construction and opens().
class OpenWatch {
public:
    explicit OpenWatch(const fs::path& file) {
        m_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        REQUIRE(m_fd >= 0);
        REQUIRE(::inotify_add_watch(m_fd, file.c_str(), IN_OPEN | IN_ACCESS) >= 0);
    }
    ~OpenWatch() { ::close(m_fd); }
    OpenWatch(const OpenWatch&) = delete;
    OpenWatch& operator=(const OpenWatch&) = delete;

    int opens() const {
        alignas(inotify_event) char buf[4096];
        int n = 0;
        for (;;) {
            const ssize_t got = ::read(m_fd, buf, sizeof buf);
            if (got <= 0) return n;
            for (ssize_t i = 0; i < got;) {
                const auto* e = reinterpret_cast<const inotify_event*>(buf + i);
                if (e->mask & (IN_OPEN | IN_ACCESS)) ++n;
                i += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
            }
        }
    }

private:
    int m_fd = -1;
};

// A stick whose every pack-like name is a link to `secret` (or its folder).
void plantLinks(const fs::path& stick, const fs::path& secret) {
    fs::create_symlink(secret, stick / "beispiel.kpack");
    fs::create_symlink(secret, stick / "beispiel.kpack.minisig");
    fs::create_symlink(secret, stick / "WAISE.kpack.minisig");
    fs::create_directory_symlink(secret.parent_path(), stick / "kiosk");
    // A real pack whose signature is a link: the pack counts, the signature does not exist for us.
    writeFile(stick / "echt.kpack", "pack bytes");
    fs::create_symlink(secret, stick / "echt.kpack.minisig");
}

} // namespace

TEST_CASE("evil stick: links to /etc/shadow are never reported") {
    TempDir stick;
    const auto m = stick.path();
    plantLinks(m, "/etc/shadow");
    fs::create_symlink("/etc", m / "KIOSK-ALT"); // not a folder the kiosk reads, but must not matter
    const auto packs = findPackFiles(m);
    REQUIRE(packs.size() == 1);
    CHECK(packs[0].pack == m / "echt.kpack");
    CHECK(packs[0].signature == m / "echt.kpack.minisig");
    CHECK_FALSE(packs[0].signatureExists);
    CHECK(findOrphanSignatures(m).empty());
    CHECK_FALSE(wantsStatsExport(m));
}

TEST_CASE("evil stick: a linked secret is never opened by finding copying or reading") {
    TempDir outside;
    const fs::path secret = outside / "shadow";
    writeFile(secret, "root:$6$geheim:19000:0:99999:7:::\n");
    fs::permissions(secret, fs::perms::owner_read | fs::perms::owner_write);
    writeFile(outside / "export-stats", "");
    writeFile(outside / "zwei.kpack", "inside the linked folder");
    TempDir stick;
    const auto m = stick.path();
    plantLinks(m, secret);

    OpenWatch watch(secret);
    const auto packs = findPackFiles(m);
    REQUIRE(packs.size() == 1);
    CHECK(packs[0].pack == m / "echt.kpack");
    CHECK(findOrphanSignatures(m).empty());
    CHECK_FALSE(wantsStatsExport(m));

    // What the install does with a stick's files, aimed at the links directly.
    const CopyOutcome copy = copyFileDurable(m / "beispiel.kpack", outside / "copy.kpack");
    CHECK(copy.failure == CopyOutcome::Failure::Source);
    CHECK(copy.status.error == (m / "beispiel.kpack").string() + ": not a regular file (a symbolic link)");
    CHECK_FALSE(fs::exists(outside / "copy.kpack"));
    const SmallFile sig = readRegularFile(m / "echt.kpack.minisig", 65536);
    CHECK(sig.status.error == (m / "echt.kpack.minisig").string() + ": not a regular file (a symbolic link)");
    CHECK(sig.bytes.empty());
    IoStatus status;
    CHECK(openRegularFile(m / "kiosk", status) == -1);
    CHECK(status.error == (m / "kiosk").string() + ": not a regular file (a symbolic link)");
    // Note: O_NOFOLLOW guards the last name only. "kiosk/shadow" through the
    // linked folder would open; the kiosk never forms such a path because it
    // acts only on what findPackFiles() reported (docs/evil-inputs.md).

    CHECK(watch.opens() == 0);
    // The watch does see an open (so the zero above means something).
    IoStatus direct;
    const int fd = openRegularFile(secret, direct);
    REQUIRE(fd >= 0);
    ::close(fd);
    CHECK(watch.opens() == 1);
}

TEST_CASE("evil stick: a symlink under a mount root is no stick") {
    TempDir root;
    fs::create_symlink("/etc", root / "STICK");
    fs::create_directory(root / "user");
    fs::create_directory_symlink("/etc", root / "user" / "LINKED");
    MountWatcher watcher(MountWatchOptions{{root.path()}, false});
    CHECK(watcher.current().empty());
    CHECK(watcher.poll(std::chrono::milliseconds(0)).empty());
    CHECK(watcher.problems.empty());
}
