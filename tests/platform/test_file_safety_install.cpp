// The file-safety additions the install path uses (issue 4): durable copies that
// tell a failing source from a failing target, atomic symlink replacement,
// tree removal and the install lock. Real files in a temporary folder.
#include "temp_dir.h"

#include "kiosk/platform/file_safety.h"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <thread>

namespace fs = std::filesystem;
using namespace kiosk::platform;
using kiosk::test::readFile;
using kiosk::test::TempDir;
using kiosk::test::writeFile;

namespace {

// Runs `fn` in a forked child; nullopt when it did not finish within `limit`
// (then killed), so a call that a regression blocks fails instead of hanging.
std::optional<std::string> runGuarded(const std::function<std::string()>& fn,
                                      std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    int p[2];
    REQUIRE(::pipe2(p, O_CLOEXEC) == 0);
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(p[0]);
        const std::string out = fn();
        if (::write(p[1], out.data(), out.size()) < 0) ::_exit(1);
        ::_exit(0);
    }
    ::close(p[1]);
    std::string got;
    bool finished = false;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!finished) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) break;
        pollfd pfd{p[0], POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(left)) <= 0) continue;
        char buf[4096];
        const ssize_t n = ::read(p[0], buf, sizeof buf);
        if (n == 0) finished = true;
        if (n > 0) got.append(buf, static_cast<std::size_t>(n));
    }
    ::close(p[0]);
    if (!finished) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!finished) return std::nullopt;
    return got;
}

std::string copyOutcome(const fs::path& from, const fs::path& to) {
    const auto o = copyFileDurable(from, to);
    return std::to_string(static_cast<int>(o.failure)) + "|" + o.status.error;
}

} // namespace

TEST_CASE("copyFileDurable refuses a FIFO or a symlink as source at once") {
    TempDir d;
    REQUIRE(::mkfifo((d / "fifo").c_str(), 0644) == 0);
    writeFile(d / "real", "bytes");
    fs::create_symlink(d / "fifo", d / "link-to-fifo");
    fs::create_symlink(d / "real", d / "link-to-real");
    const auto source = std::to_string(static_cast<int>(CopyOutcome::Failure::Source));
    auto run = [&](const char* name) {
        const auto got = runGuarded([&] { return copyOutcome(d / name, d / (std::string(name) + ".copy")); });
        REQUIRE_MESSAGE(got, "copyFileDurable blocked on " << name);
        return *got;
    };
    CHECK(run("fifo") == source + "|" + (d / "fifo").string() + ": not a regular file (a FIFO)");
    CHECK(run("link-to-fifo") == source + "|" + (d / "link-to-fifo").string() + ": not a regular file (a symbolic link)");
    CHECK(run("link-to-real") == source + "|" + (d / "link-to-real").string() + ": not a regular file (a symbolic link)");
    for (const char* n : {"fifo.copy", "link-to-fifo.copy", "link-to-real.copy"}) CHECK_FALSE(fs::exists(d / n));
    CHECK(run("real") == "0|");
    CHECK(readFile(d / "real.copy") == "bytes");
}

TEST_CASE("readRegularFile reads a small file and refuses FIFOs links folders and big files") {
    TempDir d;
    writeFile(d / "sig", "signature text");
    REQUIRE(::mkfifo((d / "fifo").c_str(), 0644) == 0);
    fs::create_symlink(d / "sig", d / "link");
    fs::create_directory(d / "folder");
    writeFile(d / "big", std::string(101, 'x'));
    const auto got = runGuarded([&] {
        std::string out;
        for (const char* n : {"sig", "fifo", "link", "folder", "big", "missing"}) {
            const auto r = readRegularFile(d / n, 100);
            out += std::string(n) + ":" + (r.ok() ? "ok " + r.bytes + " " + std::to_string(r.size) : r.status.error) +
                   (r.missing ? " (missing)" : "") + "\n";
        }
        return out;
    });
    REQUIRE_MESSAGE(got, "readRegularFile blocked");
    CHECK(*got == "sig:ok signature text 14\n"
                  "fifo:" + (d / "fifo").string() + ": not a regular file (a FIFO)\n"
                  "link:" + (d / "link").string() + ": not a regular file (a symbolic link)\n"
                  "folder:" + (d / "folder").string() + ": not a regular file (a folder)\n"
                  "big:" + (d / "big").string() + ": larger than 100 bytes\n"
                  "missing:" + (d / "missing").string() + ": cannot open: No such file or directory (missing)\n");
}

TEST_CASE("copyFileDurable copies in chunks with progress") {
    TempDir d;
    std::string bytes(100000, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7);
    writeFile(d / "src", bytes);
    std::vector<std::uint64_t> seen;
    CopyOptions o;
    o.chunkBytes = 30000;
    o.progress = [&](std::uint64_t done, std::uint64_t total) {
        CHECK(total == 100000);
        seen.push_back(done);
        return true;
    };
    int steps = 0;
    o.step = [&] { ++steps; };
    const auto r = copyFileDurable(d / "src", d / "dst", o);
    REQUIRE_MESSAGE(r.ok(), r.status.error);
    CHECK(r.bytes == 100000);
    CHECK(readFile(d / "dst") == bytes);
    CHECK(seen == std::vector<std::uint64_t>{30000, 60000, 90000, 100000});
    CHECK(steps == 5); // four chunks and the fsync
}

TEST_CASE("copyFileDurable refuses an existing target and reports a missing source as source") {
    TempDir d;
    writeFile(d / "src", "abc");
    writeFile(d / "dst", "old");
    auto r = copyFileDurable(d / "src", d / "dst");
    CHECK(r.failure == CopyOutcome::Failure::Target);
    CHECK(r.status.error == (d / "dst").string() + ": cannot create: File exists");
    CHECK(readFile(d / "dst") == "old");
    r = copyFileDurable(d / "missing", d / "new");
    CHECK(r.failure == CopyOutcome::Failure::Source);
    CHECK(r.status.error == (d / "missing").string() + ": cannot open: No such file or directory");
    CHECK_FALSE(fs::exists(d / "new"));
}

TEST_CASE("copyFileDurable notices a source that shrinks mid-copy and removes the partial target") {
    TempDir d;
    writeFile(d / "src", std::string(50000, 'x'));
    CopyOptions o;
    o.chunkBytes = 10000;
    o.progress = [&](std::uint64_t done, std::uint64_t) {
        if (done == 10000) REQUIRE(::truncate((d / "src").c_str(), 15000) == 0);
        return true;
    };
    const auto r = copyFileDurable(d / "src", d / "dst", o);
    CHECK(r.failure == CopyOutcome::Failure::Source);
    CHECK(r.status.error == (d / "src").string() +
                                ": file changed while being copied (50000 bytes at the start, 15000 now, 15000 read)");
    CHECK_FALSE(fs::exists(d / "dst"));
}

TEST_CASE("copyFileDurable stops when cancelled") {
    TempDir d;
    writeFile(d / "src", std::string(50000, 'x'));
    std::atomic<bool> cancel{false};
    CopyOptions o;
    o.chunkBytes = 10000;
    o.cancel = &cancel;
    o.progress = [&](std::uint64_t done, std::uint64_t) {
        if (done == 20000) cancel = true;
        return true;
    };
    const auto r = copyFileDurable(d / "src", d / "dst", o);
    CHECK(r.failure == CopyOutcome::Failure::Cancelled);
    CHECK_FALSE(fs::exists(d / "dst"));
}

TEST_CASE("replaceSymlinkAtomic repoints a link and leaves no temporary behind") {
    TempDir d;
    fs::create_directories(d / "a");
    fs::create_directories(d / "b");
    REQUIRE(replaceSymlinkAtomic(d / "current", "a").ok());
    CHECK(fs::read_symlink(d / "current") == "a");
    REQUIRE(replaceSymlinkAtomic(d / "current", "b", d / ".link-x").ok());
    CHECK(fs::read_symlink(d / "current") == "b");
    CHECK_FALSE(fs::exists(fs::symlink_status(d / ".link-x")));
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(d.path())) ++n;
    CHECK(n == 3);
}

TEST_CASE("removeTree removes folders and does not follow links") {
    TempDir d;
    writeFile(d / "keep" / "file", "x");
    writeFile(d / "tree" / "sub" / "file", "y");
    fs::create_directory_symlink(d / "keep", d / "tree" / "link");
    REQUIRE(removeTree(d / "tree").ok());
    CHECK_FALSE(fs::exists(d / "tree"));
    CHECK(readFile(d / "keep" / "file") == "x");
    CHECK(removeTree(d / "never-existed").ok());
}

TEST_CASE("lockFileExclusive excludes a second holder until the first closes") {
    TempDir d;
    std::string err;
    const int first = lockFileExclusive(d / "lock", std::chrono::milliseconds(0), err);
    REQUIRE_MESSAGE(first >= 0, err);
    const int second = lockFileExclusive(d / "lock", std::chrono::milliseconds(100), err);
    CHECK(second == -1);
    CHECK(err == (d / "lock").string() +
                     ": held by another process (another install or recovery is running) for 0 s");
    ::close(first);
    const int third = lockFileExclusive(d / "lock", std::chrono::milliseconds(0), err);
    CHECK(third >= 0);
    ::close(third);
}

TEST_CASE("lockFileExclusive makes the lock file 0666 whatever the umask and opens it read-only") {
    TempDir d;
    const mode_t old = ::umask(077);
    std::string err;
    const int fd = lockFileExclusive(d / "lock", std::chrono::milliseconds(0), err);
    ::umask(old);
    REQUIRE_MESSAGE(fd >= 0, err);
    struct stat st {};
    REQUIRE(::stat((d / "lock").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0666);
    CHECK((::fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY);
    ::close(fd);
    // An existing lock file of ours with a narrower mode is widened too.
    REQUIRE(::chmod((d / "lock").c_str(), 0600) == 0);
    const int again = lockFileExclusive(d / "lock", std::chrono::milliseconds(0), err);
    REQUIRE_MESSAGE(again >= 0, err);
    REQUIRE(::stat((d / "lock").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0666);
    ::close(again);
}

TEST_CASE("a lock file root left with mode 0644 can be locked by another user") {
    if (::geteuid() != 0) {
        std::printf("SKIPPED: needs root to create a root-owned lock file and switch to another user\n");
        MESSAGE("SKIPPED: needs root to create a root-owned lock file and switch to another user");
        return;
    }
    TempDir d;
    REQUIRE(::chmod(d.path().c_str(), 0755) == 0); // the other user must reach the file
    // What `sudo kiosk --install` with the old code left behind.
    const int made = ::open((d / "lock").c_str(), O_RDWR | O_CREAT | O_EXCL, 0644);
    REQUIRE(made >= 0);
    ::close(made);
    const auto got = runGuarded([&] {
        if (::setgid(65534) != 0 || ::setuid(65534) != 0) return std::string("cannot become nobody");
        std::string e;
        const int fd = lockFileExclusive(d / "lock", std::chrono::milliseconds(0), e);
        return fd >= 0 ? std::string("locked") : e;
    });
    REQUIRE(got);
    CHECK(*got == "locked");
    struct stat st {};
    REQUIRE(::stat((d / "lock").c_str(), &st) == 0);
    CHECK(st.st_uid == 0); // not ours to change: the lock works without it
    CHECK((st.st_mode & 07777) == 0644);
}

TEST_CASE("lockFileExclusive stops waiting when cancelled") {
    TempDir d;
    std::string err;
    const int held = lockFileExclusive(d / "lock", std::chrono::milliseconds(0), err);
    REQUIRE_MESSAGE(held >= 0, err);
    std::atomic<bool> cancel{false};
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        cancel = true;
    });
    const auto started = std::chrono::steady_clock::now();
    const int second = lockFileExclusive(d / "lock", std::chrono::seconds(30), err, &cancel);
    const auto took = std::chrono::steady_clock::now() - started;
    canceller.join();
    ::close(held);
    CHECK(second == -1);
    CHECK(err == (d / "lock").string() + ": cancelled while waiting for the lock");
    CHECK(took >= std::chrono::milliseconds(100));
    CHECK(took < std::chrono::seconds(2));
}
