// CrashLoopGuard (kiosk/install/crash_loop.h) on a real data directory with real
// installed packs: five starts that die young roll every channel back to its
// previous pack; a good minute clears the score; a loop that goes on after the
// roll-back does not swap the bad pack back in.
#include "install_fixture.h"

#include "install/crash_loop.h"

using namespace kiosk;
using namespace kiosk::test;
using install::BootTime;
using install::CrashLoopGuard;
using install::PackLibrary;

namespace {

const std::string kBoot = "6a1f0c1e-0000-4000-8000-000000000001";

BootTime at(std::int64_t seconds, const std::string& boot = kBoot) { return BootTime{boot, seconds}; }

// Version 5 installed, then version 6 over it: current = 6, previous = 5.
void installFiveThenSix(InstallFixture& f) {
    f.installOld(5);
    const auto pack = f.makePack("beispiel.kpack", "beispiel", 6);
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    REQUIRE(lib.install(f.candidate(pack), f.policy()).ok());
}

std::int64_t currentVersion(const InstallFixture& f, const std::string& channel = "beispiel") {
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    return lib.installedVersion(channel);
}

install::CrashLoopCheck start(InstallFixture& f, const BootTime& t) {
    PackLibrary lib(f.data);
    CrashLoopGuard guard(f.data);
    return guard.recordStart(lib, f.policy(), t);
}

} // namespace

TEST_CASE("five starts that died young roll back to the previous pack on the sixth start") {
    InstallFixture f;
    installFiveThenSix(f);
    for (int i = 0; i < 5; ++i) {
        const auto c = start(f, at(100 + 4 * i));
        CHECK(c.failedStarts == i);
        CHECK_FALSE(c.crashLoop);
        CHECK_FALSE(c.rolledBack);
        CHECK(c.notes.empty());
        CHECK(c.error.empty());
        CHECK(currentVersion(f) == 6);
    }
    const auto c = start(f, at(120));
    CHECK(c.failedStarts == 5);
    CHECK(c.crashLoop);
    CHECK(c.rolledBack);
    CHECK_FALSE(c.alreadyRolledBack);
    REQUIRE(c.notes.size() == 1);
    CHECK(c.notes[0] == "crash loop: 5 starts in 20 s without a good minute; channel beispiel rolled back from version 6 "
                        "to version 5");
    CHECK(currentVersion(f) == 5);
    // The bad pack is kept as `previous` (staff can look at it or install a fixed one over it).
    CHECK(fs::read_symlink(f.channelDir() / "previous").string().rfind("v6-", 0) == 0);
    // The score restarts with this start and remembers the roll-back.
    CHECK(readFile(f.data / "crash-loop") ==
          "stadtteilkompass-crash-loop 1\n"
          "# Starts of the kiosk that did not yet show their first frame for long (docs/raspberry-pi.md).\n"
          "boot " + kBoot + "\nstart 120\nrolled-back 120\n");
}

TEST_CASE("a good minute clears the score so later crashes count from zero") {
    InstallFixture f;
    installFiveThenSix(f);
    for (int i = 0; i < 4; ++i) start(f, at(100 + i));
    CrashLoopGuard guard(f.data);
    CHECK(guard.markGood() == "");
    CHECK_FALSE(fs::exists(f.data / "crash-loop"));
    CHECK(guard.markGood() == ""); // nothing to remove is fine too
    for (int i = 0; i < 5; ++i) CHECK(start(f, at(200 + i)).failedStarts == i);
    CHECK(currentVersion(f) == 6);
}

TEST_CASE("starts older than the window or from an earlier boot do not count") {
    InstallFixture f;
    installFiveThenSix(f);
    // Four starts long ago (a kiosk that crashed now and then over a day) and a fifth now.
    for (int i = 0; i < 4; ++i) start(f, at(1000 + i));
    const auto late = start(f, at(1003 + 601)); // 601 s after the last of them
    CHECK(late.failedStarts == 0);
    // Four more quick ones make five in the window: still no roll-back until the sixth start.
    for (int i = 0; i < 4; ++i) CHECK(start(f, at(1605 + i)).failedStarts == i + 1);
    // A reboot in between: the new boot's first start finds nothing.
    const auto rebooted = start(f, at(5, "6a1f0c1e-0000-4000-8000-000000000002"));
    CHECK(rebooted.failedStarts == 0);
    CHECK_FALSE(rebooted.crashLoop);
    CHECK(currentVersion(f) == 6);
}

TEST_CASE("a crash loop that goes on after the roll-back is reported and not rolled back again") {
    InstallFixture f;
    installFiveThenSix(f);
    for (int i = 0; i < 6; ++i) start(f, at(100 + i));
    REQUIRE(currentVersion(f) == 5);
    for (int i = 0; i < 4; ++i) CHECK_FALSE(start(f, at(110 + i)).crashLoop);
    for (int round = 0; round < 3; ++round) {
        const auto c = start(f, at(120 + round));
        CHECK(c.crashLoop);
        CHECK(c.alreadyRolledBack);
        CHECK_FALSE(c.rolledBack);
        REQUIRE(c.notes.size() == 1);
        CHECK(c.notes[0] == "crash loop: 5 starts without a good minute even after rolling back to the previous pack; "
                            "not rolling back again (see the journal: journalctl -u stadtteilkompass)");
        CHECK(currentVersion(f) == 5);
    }
    // The file does not grow with a loop that lasts all day.
    const std::string score = readFile(f.data / "crash-loop");
    CHECK(std::count(score.begin(), score.end(), '\n') == 2 + 1 + 5 + 1); // header, boot, 5 starts, rolled-back
}

TEST_CASE("the rolled-back version is refused by later automatic installs but staff can install it anyway") {
    InstallFixture f;
    installFiveThenSix(f);
    for (int i = 0; i < 6; ++i) start(f, at(100 + i));
    REQUIRE(currentVersion(f) == 5);
    CHECK(readFile(f.channelDir() / "refused-version") == "6\n");
    // The same version 6 again, as a stick left plugged in or the web refresh would offer it.
    const auto again = f.makePack("again.kpack", "beispiel", 6);
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    CHECK(lib.refusedVersion("beispiel") == 6);
    const auto chosen = lib.choose({f.candidate(again)}, f.policy());
    CHECK_FALSE(chosen.best);
    REQUIRE(chosen.refused.size() == 1);
    CHECK(chosen.refused[0].code == install::Code::NotNewer);
    CHECK(chosen.refused[0].reason.find("version 6 made the kiosk crash and was rolled back") != std::string::npos);
    const auto r = lib.install(f.candidate(again), f.policy());
    CHECK(r.code == install::Code::NotNewer);
    CHECK(currentVersion(f) == 5);
    // A recovery keeps the file; a fixed version 7 installs; staff may force version 6.
    lib.recover(f.policy());
    CHECK(fs::exists(f.channelDir() / "refused-version"));
    const auto fixed = f.makePack("fixed.kpack", "beispiel", 7);
    CHECK(lib.install(f.candidate(fixed), f.policy()).ok());
    auto staff = f.policy();
    staff.allowNotNewer = true;
    CHECK(lib.install(f.candidate(again), staff).ok());
}

TEST_CASE("the roll-back mark outlasts the window so a long loop never swaps the bad pack back") {
    InstallFixture f;
    installFiveThenSix(f);
    for (int i = 0; i < 6; ++i) start(f, at(100 + i));
    REQUIRE(currentVersion(f) == 5);
    // The loop goes on for an hour, a start every 40 s (watchdog kills).
    for (int i = 1; i <= 90; ++i) {
        const auto c = start(f, at(105 + 40 * i));
        CHECK_FALSE(c.rolledBack);
    }
    CHECK(currentVersion(f) == 5);
}

TEST_CASE("a score file with a start before boot counts as empty") {
    InstallFixture f;
    installFiveThenSix(f);
    fs::create_directories(f.data);
    writeFile(f.data / "crash-loop", "stadtteilkompass-crash-loop 1\nboot " + kBoot +
                                         "\nstart -9223372036854775808\nstart 1\nstart 2\nstart 3\nstart 4\n");
    CHECK(start(f, at(10)).failedStarts == 0);
}

TEST_CASE("a crash loop with no previous pack says so and leaves the pack alone") {
    InstallFixture f;
    f.installOld(5);
    for (int i = 0; i < 5; ++i) start(f, at(100 + i));
    const auto c = start(f, at(105));
    CHECK(c.crashLoop);
    CHECK_FALSE(c.rolledBack);
    REQUIRE(c.notes.size() == 1);
    CHECK(c.notes[0] == "crash loop: 5 starts in 5 s without a good minute; no previous pack to roll back to");
    CHECK(currentVersion(f) == 5);
}

TEST_CASE("every channel with a previous pack is rolled back") {
    InstallFixture f;
    installFiveThenSix(f);
    for (auto v : {3, 4}) {
        const auto pack = f.makePack("termine-" + std::to_string(v) + ".kpack", "termine", v);
        PackLibrary lib(f.data);
        lib.recover(f.policy());
        REQUIRE(lib.install(f.candidate(pack), f.policy()).ok());
    }
    for (int i = 0; i < 5; ++i) start(f, at(100 + i));
    const auto c = start(f, at(105));
    CHECK(c.rolledBack);
    REQUIRE(c.notes.size() == 2);
    CHECK(c.notes[0] == "crash loop: 5 starts in 5 s without a good minute; channel beispiel rolled back from version 6 "
                        "to version 5");
    CHECK(c.notes[1] == "crash loop: 5 starts in 5 s without a good minute; channel termine rolled back from version 4 "
                        "to version 3");
    CHECK(currentVersion(f, "beispiel") == 5);
    CHECK(currentVersion(f, "termine") == 3);
}

TEST_CASE("a damaged score file counts as empty and is replaced") {
    InstallFixture f;
    installFiveThenSix(f);
    fs::create_directories(f.data);
    for (const std::string& bad : std::vector<std::string>{"", "garbage\n", "stadtteilkompass-crash-loop 1\nboot " + kBoot + "\nstart x\n",
                                  "stadtteilkompass-crash-loop 1\nboot " + kBoot + "\nexplode 1\n"}) {
        writeFile(f.data / "crash-loop", bad);
        const auto c = start(f, at(300));
        CHECK(c.failedStarts == 0);
        CHECK(c.error.empty());
        CHECK(readFile(f.data / "crash-loop").find("\nstart 300\n") != std::string::npos);
    }
}

TEST_CASE("a score file that cannot be written is reported and the start goes on") {
    InstallFixture f;
    installFiveThenSix(f);
    // A folder where the file should be: the atomic rename over it fails.
    fs::create_directories(f.data / "crash-loop" / "x");
    const auto c = start(f, at(300));
    CHECK_FALSE(c.error.empty());
    CHECK(c.error.find((f.data / "crash-loop").string()) != std::string::npos);
    CHECK(currentVersion(f) == 6);
}

TEST_CASE("the boot clock names this boot and counts seconds since it") {
    const auto a = BootTime::now();
    CHECK(a.bootId.size() == 36);
    CHECK(a.seconds >= 0);
    const auto b = BootTime::now();
    CHECK(b.bootId == a.bootId);
    CHECK(b.seconds >= a.seconds);
}
