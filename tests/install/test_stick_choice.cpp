// What a stick can hold besides good packs: FIFOs and symlinks named like a pack
// or its signature (which must be refused at once, never block the worker),
// several packs claiming the same version, old packs. And what choose() and
// install() say about each candidate (InstallResult::source), and how they stop
// when cancelled. Every call that a regression could block runs in a forked
// child with a time limit (runGuarded), so it fails instead of hanging the suite.
#include "install_fixture.h"

#include "kiosk/platform/file_safety.h"
#include "kiosk/platform/mount_watch.h"

#include <sys/stat.h>

#include <thread>

using namespace kiosk;
using namespace kiosk::test;
using install::Code;
using install::PackLibrary;

namespace {

std::string installGuarded(const InstallFixture& f, const install::Candidate& c) {
    const auto got = runGuarded([&] {
        PackLibrary lib(f.data);
        lib.recover(f.policy());
        return describe(lib.install(c, f.policy()));
    });
    REQUIRE_MESSAGE(got, "install() did not return within 10 s (blocked on the file)");
    return *got;
}

std::string chooseGuarded(const InstallFixture& f, const std::vector<install::Candidate>& cs) {
    const auto got = runGuarded([&] {
        PackLibrary lib(f.data);
        lib.recover(f.policy());
        const auto choice = lib.choose(cs, f.policy());
        std::string out = choice.best ? "best " + choice.best->pack.string() + "\n" : "no best\n";
        for (const auto& r : choice.refused) out += describe(r) + "\n";
        return out;
    });
    REQUIRE_MESSAGE(got, "choose() did not return within 10 s (blocked on the file)");
    return *got;
}

void makeFifo(const fs::path& p) {
    REQUIRE(::mkfifo(p.c_str(), 0644) == 0);
}

} // namespace

TEST_CASE("a FIFO named like the signature is refused at once and never opened for reading") {
    InstallFixture f;
    f.installOld(5);
    const auto pack = f.makePack("beispiel.kpack", "beispiel", 6);
    const auto sig = content::signaturePathFor(pack);
    fs::remove(sig);
    makeFifo(sig);
    const std::string want = "bad-signature|" + pack.string() + ": " + sig.string() +
                             ": not a regular file (a FIFO)|" + pack.string();
    CHECK(installGuarded(f, f.candidate(pack)) == want);
    // The kiosk's own path: findPackFiles() still names the .minisig beside the pack.
    const auto cs = candidatesOn(f.stick);
    REQUIRE(cs.size() == 1);
    CHECK(cs[0].signature == sig);
    CHECK(chooseGuarded(f, cs) == "no best\n" + want + "\n");
    expectInstalled(f, 5);
}

TEST_CASE("a FIFO named like the pack is refused at once") {
    InstallFixture f;
    f.installOld(5);
    const auto real = f.makePack("beispiel.kpack", "beispiel", 6);
    const auto fifo = f.stick / "fifo.kpack";
    makeFifo(fifo);
    fs::copy_file(content::signaturePathFor(real), content::signaturePathFor(fifo));
    CHECK(candidatesOn(f.stick).size() == 1); // the kiosk's scan never lists it...
    // ...but `kiosk --install` takes any path staff type.
    const std::string want = "corrupt|" + fifo.string() + ": not a regular file (a FIFO)|" + fifo.string();
    CHECK(installGuarded(f, f.candidate(fifo)) == want);
    CHECK(chooseGuarded(f, {f.candidate(fifo)}) == "no best\n" + want + "\n");
    expectInstalled(f, 5);
}

TEST_CASE("a symlinked signature pointing to a FIFO outside the stick is refused at once") {
    InstallFixture f;
    f.installOld(5);
    const auto pack = f.makePack("beispiel.kpack", "beispiel", 6);
    const auto sig = content::signaturePathFor(pack);
    fs::create_directories(f.tmp / "outside");
    makeFifo(f.tmp / "outside" / "fifo");
    fs::remove(sig);
    fs::create_symlink(f.tmp / "outside" / "fifo", sig);
    const std::string want = "bad-signature|" + pack.string() + ": " + sig.string() +
                             ": not a regular file (a symbolic link)|" + pack.string();
    CHECK(installGuarded(f, f.candidate(pack)) == want);
    CHECK(chooseGuarded(f, candidatesOn(f.stick)) == "no best\n" + want + "\n");
    expectInstalled(f, 5);
}

TEST_CASE("a symlinked pack is refused and its target never copied") {
    InstallFixture f;
    f.installOld(5);
    // A valid pack outside the stick, a link to it on the stick, the real signature beside the link.
    const auto outside = f.makePack("echt.kpack", "beispiel", 6, nullptr, 0, f.tmp.path());
    const auto link = f.stick / "link.kpack";
    fs::create_symlink(outside, link);
    fs::copy_file(content::signaturePathFor(outside), content::signaturePathFor(link));
    CHECK(installGuarded(f, f.candidate(link)) ==
          "corrupt|" + link.string() + ": not a regular file (a symbolic link)|" + link.string());
    expectInstalled(f, 5);
}

TEST_CASE("every refusal of choose and every install result names its candidate as source") {
    InstallFixture f;
    f.installOld(5);
    const auto old = f.makePack("alt.kpack", "beispiel", 4);
    auto stranger = *content::minisign::generateKeyPair();
    const auto foreign = f.makePack("fremd.kpack", "beispiel", 9, &stranger.secretKey);
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    const auto choice = lib.choose(candidatesOn(f.stick), f.policy());
    CHECK_FALSE(choice.best);
    REQUIRE(choice.refused.size() == 2);
    CHECK(choice.refused[0].code == Code::NotNewer);
    CHECK(choice.refused[0].source == old); // what the staff button "install anyway" needs
    CHECK(choice.refused[1].code == Code::UnknownKey);
    CHECK(choice.refused[1].source == foreign);
    // install(): refusals and success alike.
    CHECK(lib.install(f.candidate(old), f.policy()).source == old);
    auto staff = f.policy();
    staff.allowNotNewer = true;
    const auto r = lib.install(f.candidate(old), staff);
    REQUIRE_MESSAGE(r.ok(), r.reason);
    CHECK(r.source == old);
    expectInstalled(f, 4);
}

TEST_CASE("three different packs with the same channel and version are all refused as ambiguous") {
    InstallFixture f;
    f.installOld(5);
    const auto a = f.makePack("a.kpack", "beispiel", 6);
    const auto b = f.makePack("b.kpack", "beispiel", 6, nullptr, 1000);
    const auto c = f.makePack("c.kpack", "beispiel", 6, nullptr, 2000);
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    const auto choice = lib.choose(candidatesOn(f.stick), f.policy());
    CHECK_FALSE(choice.best);
    REQUIRE(choice.refused.size() == 3);
    const std::vector<fs::path> packs{a, b, c};
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(choice.refused[i].code == Code::Ambiguous);
        CHECK(choice.refused[i].source == packs[i]);
        CHECK(choice.refused[i].reason ==
              packs[i].string() + ": 3 different packs claim channel beispiel version 6 (" + a.string() + ", " +
                  b.string() + " and " + c.string() + "); remove all but one");
    }
    expectInstalled(f, 5);
}

TEST_CASE("choose reads only signature files and install refuses a tampered choice after the copy") {
    InstallFixture f;
    f.installOld(5);
    const auto seven = f.makePack("b-sieben.kpack", "beispiel", 7);
    const auto eight = f.makePack("c-acht-kaputt.kpack", "beispiel", 8);
    // Tampered: its signature file is fine, its bytes are not. choose() does not
    // hash packs (that would read the stick twice), so it picks it...
    std::string bytes = readFile(eight);
    bytes[bytes.size() / 2] ^= 0x20;
    writeFile(eight, bytes);
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    const auto choice = lib.choose(candidatesOn(f.stick), f.policy());
    REQUIRE(choice.best);
    CHECK(choice.best->pack == eight);
    REQUIRE(choice.bestInfo);
    CHECK(choice.bestInfo->channel == "beispiel");
    CHECK(choice.bestInfo->version == 8);
    REQUIRE(choice.refused.size() == 1);
    CHECK(choice.refused[0].reason ==
          seven.string() + ": a newer pack on the same medium is installed instead (" + eight.string() + ")");
    // ...and install() refuses it after hashing the copy, leaving nothing behind.
    const auto r = lib.install(*choice.best, f.policy());
    CHECK(r.code == Code::BadSignature);
    CHECK(contains(r.reason, eight.string() + ": "));
    CHECK(contains(r.reason, "signature does not match the file"));
    expectInstalled(f, 5);
    // The caller can go on with the next candidate.
    REQUIRE(choice.alternatives.size() == 1);
    CHECK(choice.alternatives[0].pack == seven);
    REQUIRE(lib.install(choice.alternatives[0], f.policy()).ok());
    expectInstalled(f, 7);
}

TEST_CASE("choose stops when cancelled") {
    InstallFixture f;
    f.installOld(5);
    const auto six = f.makePack("sechs.kpack", "beispiel", 6);
    f.makePack("sieben.kpack", "beispiel", 7);
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    std::atomic<bool> cancel{true};
    const auto choice = lib.choose(candidatesOn(f.stick), f.policy(), &cancel);
    CHECK_FALSE(choice.best);
    REQUIRE(choice.refused.size() == 1);
    CHECK(choice.refused[0].code == Code::Cancelled);
    CHECK(choice.refused[0].source == six);
    CHECK(choice.refused[0].reason == six.string() + ": not looked at: cancelled");
}

TEST_CASE("an install waiting for the lock ends as soon as it is cancelled") {
    InstallFixture f;
    f.installOld(5);
    std::string err;
    const int held = platform::lockFileExclusive(f.data / ".install.lock", std::chrono::milliseconds(0), err);
    REQUIRE_MESSAGE(held >= 0, err);
    const auto pack = f.makePack("beispiel.kpack", "beispiel", 6);
    PackLibrary lib(f.data);
    lib.setLockWait(std::chrono::seconds(30));
    std::atomic<bool> cancel{false};
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        cancel = true;
    });
    const auto started = std::chrono::steady_clock::now();
    const auto r = lib.install(f.candidate(pack), f.policy(), {}, &cancel);
    const auto took = std::chrono::steady_clock::now() - started;
    canceller.join();
    ::close(held);
    CHECK(r.code == Code::Cancelled);
    CHECK(r.reason == pack.string() + ": install cancelled while waiting for the lock");
    CHECK(took >= std::chrono::milliseconds(150));
    CHECK(took < std::chrono::seconds(2));
    expectInstalled(f, 5);
}
