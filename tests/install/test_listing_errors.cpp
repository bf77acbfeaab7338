// A folder listing that fails midway (EIO from a dying SD card) must not throw
// out of recover(): std::filesystem's range-for uses the throwing operator++.
// The failure is injected at the libc boundary: this test executable defines
// readdir(), which libstdc++'s directory_iterator calls, and passes every call
// through to the real one except, when armed, for one folder after a number of
// entries. The files and folders are real.
#include "install_fixture.h"

#include <dirent.h>
#include <dlfcn.h>

#include <cerrno>
#include <climits>

using namespace kiosk;
using namespace kiosk::test;
using install::PackLibrary;

namespace {

std::string g_failFolder;    // armed: readdir() on this folder fails with EIO...
int g_entriesBeforeFailure = 0; // ...after this many successful calls

std::string folderOf(DIR* dir) {
    char buf[PATH_MAX];
    const std::string link = "/proc/self/fd/" + std::to_string(::dirfd(dir));
    const ssize_t n = ::readlink(link.c_str(), buf, sizeof buf - 1);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

struct Armed {
    Armed(const fs::path& folder, int entries) {
        g_failFolder = fs::canonical(folder).string();
        g_entriesBeforeFailure = entries;
    }
    ~Armed() { g_failFolder.clear(); }
};

} // namespace

extern "C" dirent* readdir(DIR* dir) {
    using Fn = dirent* (*)(DIR*);
    static const Fn real = reinterpret_cast<Fn>(::dlsym(RTLD_NEXT, "readdir"));
    if (!g_failFolder.empty() && folderOf(dir) == g_failFolder) {
        if (g_entriesBeforeFailure-- <= 0) {
            errno = EIO;
            return nullptr;
        }
    }
    return real(dir);
}

// Each listing below has more than three entries ("." and ".." included), so
// the third call has returned a real entry and the fourth comes from increment().
TEST_CASE("recover does not throw when the channel folder listing fails midway") {
    InstallFixture f;
    f.installOld(5);
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    REQUIRE(lib.install(f.candidate(f.makePack("sechs.kpack", "beispiel", 6)), f.policy()).ok());
    const auto leftover = f.channelDir() / ".incoming-123-abcdef01";
    fs::create_directories(leftover);
    install::Recovery rec;
    {
        Armed armed(f.channelDir(), 3);
        CHECK_NOTHROW(rec = PackLibrary(f.data).recover(f.policy()));
    }
    REQUIRE(rec.active.size() == 1);
    CHECK(rec.active[0].info.version == 6);
    CHECK(rec.notes == std::vector<std::string>{f.channelDir().string() +
                                                ": cannot list the folder (Input/output error); leftovers not removed"});
    CHECK(fs::exists(leftover)); // an incomplete listing removes nothing
    // Once the folder reads again, the next start-up cleans up.
    const auto later = PackLibrary(f.data).recover(f.policy());
    CHECK(later.removedLeftovers == 1);
    CHECK_FALSE(fs::exists(leftover));
}

TEST_CASE("recover does not throw when the packs folder listing fails midway") {
    InstallFixture f;
    f.installOld(5);
    fs::create_directories(f.data / "packs" / "zweiter-kanal");
    install::Recovery rec;
    {
        Armed armed(f.data / "packs", 3);
        CHECK_NOTHROW(rec = PackLibrary(f.data).recover(f.policy()));
    }
    CHECK(contains(rec.notes.at(0), (f.data / "packs").string() + ": cannot list the folder (Input/output error)"));
    CHECK(rec.removedLeftovers == 0);
}
