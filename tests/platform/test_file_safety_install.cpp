// The file-safety additions the install path uses (issue 4): durable copies that
// tell a failing source from a failing target, atomic symlink replacement,
// tree removal and the install lock. Real files in a temporary folder.
#include "temp_dir.h"

#include "kiosk/platform/file_safety.h"

#include <doctest/doctest.h>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace kiosk::platform;
using kiosk::test::readFile;
using kiosk::test::TempDir;
using kiosk::test::writeFile;

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
