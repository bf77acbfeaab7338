// Atomic writes and copies: the target is the old file or the new one, never a mix.
#include "temp_dir.h"

#include "kiosk/platform/file_safety.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>

using namespace kiosk::platform;
using kiosk::test::readFile;
using kiosk::test::TempDir;
using kiosk::test::writeFile;

namespace {
std::size_t fileCount(const std::filesystem::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
    return n;
}
} // namespace

TEST_CASE("file_safety: writeFileAtomic creates and replaces a file with the given mode") {
    TempDir dir;
    const auto target = dir / "manifest.json";
    REQUIRE(writeFileAtomic(target, "first", 0600).ok());
    CHECK(readFile(target) == "first");
    struct stat st {};
    REQUIRE(::stat(target.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(writeFileAtomic(target, "second, longer content").ok());
    CHECK(readFile(target) == "second, longer content");
    CHECK(fileCount(dir.path()) == 1); // no temporary files left behind
}

TEST_CASE("file_safety: a failed write leaves the old file and no temporary") {
    TempDir dir;
    const auto status = writeFileAtomic(dir / "missing-folder" / "x", "data");
    CHECK_FALSE(status.ok());
    CHECK(status.error.find("missing-folder") != std::string::npos);
    CHECK(fileCount(dir.path()) == 0);
}

TEST_CASE("file_safety: copyFileAtomic copies with progress and replaces atomically") {
    TempDir dir;
    std::string big(3 * (1 << 20) + 123, '\0');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7);
    writeFile(dir / "src.bin", big);
    writeFile(dir / "dst.bin", "old");
    std::uint64_t lastDone = 0, lastTotal = 0;
    int calls = 0;
    REQUIRE(copyFileAtomic(dir / "src.bin", dir / "dst.bin", [&](std::uint64_t d, std::uint64_t t) {
                CHECK(d >= lastDone);
                lastDone = d;
                lastTotal = t;
                ++calls;
            }).ok());
    CHECK(readFile(dir / "dst.bin") == big);
    CHECK(lastDone == big.size());
    CHECK(lastTotal == big.size());
    CHECK(calls == 4);
    CHECK(fileCount(dir.path()) == 2);
}

TEST_CASE("file_safety: copying a missing file or a folder fails with the path") {
    TempDir dir;
    auto missing = copyFileAtomic(dir / "nope", dir / "out");
    CHECK_FALSE(missing.ok());
    CHECK(missing.error.find("nope") != std::string::npos);
    std::filesystem::create_directory(dir / "folder");
    auto folder = copyFileAtomic(dir / "folder", dir / "out");
    CHECK_FALSE(folder.ok());
    CHECK_FALSE(std::filesystem::exists(dir / "out"));
}

TEST_CASE("file_safety: commitFile renames into place and free space is known") {
    TempDir dir;
    writeFile(dir / "a.tmp", "payload");
    REQUIRE(commitFile(dir / "a.tmp", dir / "a").ok());
    CHECK(readFile(dir / "a") == "payload");
    CHECK_FALSE(std::filesystem::exists(dir / "a.tmp"));
    auto free = freeSpace(dir.path());
    REQUIRE(free.has_value());
    CHECK(*free > 0);
    CHECK_FALSE(freeSpace(dir / "does-not-exist").has_value());
}
