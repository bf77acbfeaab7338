// PackLibrary: the install path of issue 4 with real packs in temporary
// folders acting as a USB stick's mount root and the kiosk's data directory.
// Every refusal must name the file, give its exact code, and leave the old
// pack as `current` with nothing else left behind.
#include "install_fixture.h"

#include "kiosk/platform/file_safety.h"
#include "kiosk/platform/mount_watch.h"

#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

using namespace kiosk;
using namespace kiosk::test;
using install::Code;
using install::PackLibrary;

namespace {

void flipByte(const fs::path& file, std::uint64_t offset) {
    std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
    REQUIRE(io);
    io.seekg(static_cast<std::streamoff>(offset));
    char c = 0;
    io.get(c);
    io.seekp(static_cast<std::streamoff>(offset));
    io.put(static_cast<char>(c ^ 0x20));
}

// Installs `pack` over an installed version 5 and checks the refusal.
void expectRefused(InstallFixture& f, const fs::path& pack, Code code, const std::string& reasonPart,
                   install::InstallPolicy policy) {
    PackLibrary lib(f.data);
    lib.recover(policy);
    const auto r = lib.install(f.candidate(pack), policy);
    CHECK_MESSAGE(r.code == code, std::string(install::codeName(r.code)), ": ", r.reason);
    CHECK_MESSAGE(contains(r.reason, pack.string()), r.reason);
    CHECK_MESSAGE(contains(r.reason, reasonPart), r.reason);
    CHECK(r.packPath.empty());
    expectInstalled(f, 5);
}

} // namespace

TEST_CASE("a valid newer pack installs and the old one is kept as previous") {
    InstallFixture f;
    f.installOld(5);
    const auto pack = f.makePack("beispiel.kpack", "beispiel", 6);
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    REQUIRE(lib.installedVersion("beispiel") == 5);
    std::vector<install::Phase> phases;
    std::uint64_t lastDone = 0, total = 0;
    const auto r = lib.install(f.candidate(pack), f.policy(), [&](const install::Progress& p) {
        if (phases.empty() || phases.back() != p.phase) phases.push_back(p.phase);
        if (p.phase == install::Phase::Copying) {
            lastDone = p.done;
            total = p.total;
        }
    });
    REQUIRE_MESSAGE(r.ok(), r.reason);
    CHECK(r.code == Code::Installed);
    CHECK(r.installedVersion == 5);
    CHECK(r.info->version == 6);
    CHECK(phases == std::vector<install::Phase>{install::Phase::Checking, install::Phase::Copying,
                                                install::Phase::VerifyingCopy, install::Phase::Activating,
                                                install::Phase::Done});
    CHECK(total == fs::file_size(pack));
    CHECK(lastDone == total);
    CHECK(lib.installedVersion("beispiel") == 6);
    expectInstalled(f, 6);
    // The active path is the real folder, and `previous` names version 5.
    CHECK(r.packPath == f.channelDir() / fs::read_symlink(f.channelDir() / "current") / "pack.kpack");
    CHECK(readFile(r.packPath) == readFile(pack));
    CHECK(fs::read_symlink(f.channelDir() / "previous").string().rfind("v5-", 0) == 0);
    // A second recover() finds exactly that.
    PackLibrary again(f.data);
    const auto rec = again.recover(f.policy());
    REQUIRE(rec.active.size() == 1);
    CHECK(rec.active[0].info.version == 6);
    CHECK(rec.active[0].packPath == r.packPath);
    CHECK(rec.removedLeftovers == 0);
    CHECK(rec.notes.empty());
}

TEST_CASE("an older pack is refused as not newer") {
    InstallFixture f;
    f.installOld(5);
    const auto pack = f.makePack("alt.kpack", "beispiel", 4);
    expectRefused(f, pack, Code::NotNewer,
                  "version 4 is not newer than the installed version 5 of channel beispiel", f.policy());
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    const auto r = lib.install(f.candidate(pack), f.policy());
    CHECK(r.installedVersion == 5);
    REQUIRE(r.info);
    CHECK(r.info->channel == "beispiel");
    CHECK(r.info->version == 4);
}

TEST_CASE("the same version is refused as not newer") {
    InstallFixture f;
    f.installOld(5);
    expectRefused(f, f.makePack("gleich.kpack", "beispiel", 5), Code::NotNewer,
                  "version 5 is not newer than the installed version 5", f.policy());
}

TEST_CASE("a pack signed by an unknown key is refused naming the key") {
    InstallFixture f;
    f.installOld(5);
    auto stranger = *content::minisign::generateKeyPair();
    const auto pack = f.makePack("fremd.kpack", "beispiel", 6, &stranger.secretKey);
    expectRefused(f, pack, Code::UnknownKey,
                  "signed by unknown key " + content::minisign::keyIdHex(stranger.secretKey.id()), f.policy());
}

TEST_CASE("a pack of a channel the kiosk does not subscribe to is refused") {
    InstallFixture f;
    f.installOld(5);
    auto policy = f.policy();
    policy.acceptedChannels = {"beispiel"};
    expectRefused(f, f.makePack("anderer.kpack", "anderer-kanal", 9), Code::WrongChannel,
                  "pack is for channel 'anderer-kanal', which this kiosk does not subscribe to", policy);
    CHECK_FALSE(fs::exists(f.channelDir("anderer-kanal")));
}

TEST_CASE("a tampered pack is refused after its copy fails the signature") {
    InstallFixture f;
    f.installOld(5);
    const auto pack = f.makePack("beispiel.kpack", "beispiel", 6);
    flipByte(pack, fs::file_size(pack) / 2);
    expectRefused(f, pack, Code::BadSignature, ": signature does not match the file", f.policy());
}

TEST_CASE("a truncated pack is refused") {
    InstallFixture f;
    f.installOld(5);
    const auto pack = f.makePack("beispiel.kpack", "beispiel", 6);
    fs::resize_file(pack, fs::file_size(pack) / 2);
    expectRefused(f, pack, Code::BadSignature, ": signature does not match the file", f.policy());
}

TEST_CASE("a zero-byte pack is refused as corrupt") {
    InstallFixture f;
    f.installOld(5);
    const auto pack = f.makePack("beispiel.kpack", "beispiel", 6);
    fs::resize_file(pack, 0);
    expectRefused(f, pack, Code::Corrupt, "file is too small to be a pack (0 bytes)", f.policy());
}

TEST_CASE("a pack without signature is refused") {
    InstallFixture f;
    f.installOld(5);
    const auto pack = f.makePack("beispiel.kpack", "beispiel", 6);
    fs::remove(content::signaturePathFor(pack));
    expectRefused(f, pack, Code::BadSignature, "no signature file beispiel.kpack.minisig", f.policy());
}

TEST_CASE("a signature without its pack is found and refused") {
    InstallFixture f;
    f.installOld(5);
    const auto pack = f.makePack("beispiel.kpack", "beispiel", 6);
    fs::remove(pack);
    // The kiosk lists such a signature separately (findOrphanSignatures); choose() still explains it.
    CHECK(platform::findPackFiles(f.stick).empty());
    REQUIRE(platform::findOrphanSignatures(f.stick) == std::vector<fs::path>{content::signaturePathFor(pack)});
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    const auto choice = lib.choose({f.candidate(pack)}, f.policy());
    CHECK_FALSE(choice.best);
    REQUIRE(choice.refused.size() == 1);
    CHECK(choice.refused[0].code == Code::SourceVanished);
    CHECK(choice.refused[0].reason ==
          pack.string() + ": pack file not found (only its signature beispiel.kpack.minisig is there)");
    expectRefused(f, pack, Code::SourceVanished, "pack file not found", f.policy());
}

TEST_CASE("two different packs of the same channel and version on one stick are both refused") {
    InstallFixture f;
    f.installOld(5);
    const auto a = f.makePack("a.kpack", "beispiel", 6);
    const auto b = f.makePack("b.kpack", "beispiel", 6, nullptr, 1000); // different bytes, same claim
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    const auto choice = lib.choose(candidatesOn(f.stick), f.policy());
    CHECK_FALSE(choice.best);
    REQUIRE(choice.refused.size() == 2);
    for (const auto& r : choice.refused) {
        CHECK(r.code == Code::Ambiguous);
        CHECK(contains(r.reason, "(" + a.string() + " and " + b.string() + ")"));
        CHECK(contains(r.reason, "2 different packs claim channel beispiel version 6"));
    }
    CHECK(contains(choice.refused[0].reason, a.string() + ": "));
    CHECK(contains(choice.refused[1].reason, b.string() + ": "));
    expectInstalled(f, 5);
}

TEST_CASE("of two packs on one stick the newer valid one is chosen and the other named") {
    InstallFixture f;
    f.installOld(5);
    const auto six = f.makePack("a-sechs.kpack", "beispiel", 6);
    const auto seven = f.makePack("b-sieben.kpack", "beispiel", 7);
    auto stranger = *content::minisign::generateKeyPair();
    const auto eight = f.makePack("c-acht-fremd.kpack", "beispiel", 8, &stranger.secretKey); // newest, untrusted
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    const auto choice = lib.choose(candidatesOn(f.stick), f.policy());
    REQUIRE(choice.best);
    CHECK(choice.best->pack == seven);
    CHECK(choice.bestInfo->version == 7);
    REQUIRE(choice.refused.size() == 2);
    CHECK(choice.refused[0].code == Code::UnknownKey);
    CHECK(contains(choice.refused[0].reason, eight.string() + ": "));
    CHECK(choice.refused[1].code == Code::NotNewer);
    CHECK(choice.refused[1].reason ==
          six.string() + ": a newer pack on the same medium is installed instead (" + seven.string() + ")");
    expectInstalled(f, 5); // choosing changes nothing
    const auto r = lib.install(*choice.best, f.policy());
    REQUIRE_MESSAGE(r.ok(), r.reason);
    expectInstalled(f, 7);
}

// A stick pulled mid-copy: on Linux an unlinked open file stays readable, and
// a pulled stick's reads fail with EIO only on real hardware. What a test can
// do for real is what a second writer or a dying FAT driver does: the file
// shrinks under the reader. We truncate the source from the progress callback;
// the copy sees the early end of file (or the changed size) and stops.
TEST_CASE("a stick pulled mid-copy leaves the old pack and says so") {
    InstallFixture f;
    f.installOld(5);
    // Bigger than one 8 MiB copy chunk, so the file shrinks between two reads.
    const auto pack = f.makePack("beispiel.kpack", "beispiel", 6, nullptr, 10u << 20);
    const auto size = fs::file_size(pack);
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    bool pulled = false;
    const auto r = lib.install(f.candidate(pack), f.policy(), [&](const install::Progress& p) {
        if (p.phase == install::Phase::Copying && p.done > 0 && !pulled) {
            REQUIRE(::truncate(pack.c_str(), static_cast<off_t>(size / 3)) == 0);
            pulled = true;
        }
    });
    CHECK(pulled);
    CHECK_MESSAGE(r.code == Code::SourceVanished, std::string(install::codeName(r.code)), ": ", r.reason);
    CHECK(r.reason == pack.string() + ": file changed while being copied (" + std::to_string(size) +
                          " bytes at the start, " + std::to_string(size / 3) + " now, " + std::to_string(8u << 20) +
                          " read)");
    expectInstalled(f, 5);
}

TEST_CASE("the free space check honours the reserve") {
    InstallFixture f;
    f.installOld(5);
    auto policy = f.policy();
    const auto free = platform::freeSpace(f.data);
    REQUIRE(free);
    policy.reserveBytes = *free + (1ull << 30);
    const auto pack = f.makePack("beispiel.kpack", "beispiel", 6);
    expectRefused(f, pack, Code::NoSpace, "MiB free in " + f.data.string(), policy);
}

TEST_CASE("a full data disk leaves the old pack in place") {
    InstallFixture f;
    fs::create_directories(f.data);
    // A real small file system as the data directory: needs root and mount(2).
    if (::mount("tmpfs", f.data.c_str(), "tmpfs", 0, "size=1m") != 0) {
        skipped(std::string("cannot mount a tmpfs here (") + std::strerror(errno) +
                "); the free-space pre-check is tested with the reserve");
        return;
    }
    struct Unmount {
        fs::path p;
        ~Unmount() { ::umount2(p.c_str(), MNT_DETACH); }
    } unmount{f.data};
    f.installOld(5);
    const auto pack = f.makePack("beispiel.kpack", "beispiel", 6, nullptr, 200u << 10);
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    // The pre-check passes (the pack fits); then another writer fills the disk,
    // so the copy itself meets ENOSPC, as a disk shared with logs would.
    bool filled = false;
    const auto r = lib.install(f.candidate(pack), f.policy(), [&](const install::Progress& p) {
        if (p.phase == install::Phase::Copying && !filled) {
            filled = true;
            std::ofstream fill(f.data / "filler", std::ios::binary);
            const std::string mb(64 << 10, 'x');
            while (fill.write(mb.data(), static_cast<std::streamsize>(mb.size())) && fill.flush()) {
            }
        }
    });
    CHECK(filled);
    fs::remove(f.data / "filler");
    CHECK_MESSAGE(r.code == Code::NoSpace, std::string(install::codeName(r.code)), ": ", r.reason);
    CHECK(contains(r.reason, pack.string()));
    CHECK(contains(r.reason, "No space left on device"));
    expectInstalled(f, 5);
}

TEST_CASE("allowNotNewer installs an older pack and rollBack swaps current and previous") {
    InstallFixture f;
    f.installOld(5);
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    REQUIRE(lib.install(f.candidate(f.makePack("sechs.kpack", "beispiel", 6)), f.policy()).ok());
    auto staff = f.policy();
    staff.allowNotNewer = true;
    const auto old = lib.install(f.candidate(f.makePack("vier.kpack", "beispiel", 4)), staff);
    REQUIRE_MESSAGE(old.ok(), old.reason);
    CHECK(old.installedVersion == 6);
    expectInstalled(f, 4);
    CHECK(fs::read_symlink(f.channelDir() / "previous").string().rfind("v6-", 0) == 0);

    const auto back = lib.rollBack("beispiel", f.policy());
    REQUIRE_MESSAGE(back.ok(), back.reason);
    CHECK(back.info->version == 6);
    CHECK(back.installedVersion == 4);
    expectInstalled(f, 6);
    CHECK(fs::read_symlink(f.channelDir() / "previous").string().rfind("v4-", 0) == 0);
    CHECK(lib.installedVersion("beispiel") == 6);
    // A channel without a previous version cannot roll back.
    const auto none = lib.rollBack("nichts", f.policy());
    CHECK(none.code == Code::IoError);
    CHECK(contains(none.reason, "no previous version to roll back to"));
}

TEST_CASE("start-up falls back to the previous pack when the current one fails verification") {
    InstallFixture f;
    f.installOld(5);
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    const auto fiveFolder = fs::read_symlink(f.channelDir() / "current");
    const auto six = lib.install(f.candidate(f.makePack("sechs.kpack", "beispiel", 6)), f.policy());
    REQUIRE(six.ok());
    const auto sixFolder = six.packPath.parent_path();
    flipByte(six.packPath, fs::file_size(six.packPath) / 2); // damaged in place (bad SD card)

    PackLibrary next(f.data);
    const auto rec = next.recover(f.policy());
    REQUIRE(rec.active.size() == 1);
    CHECK(rec.active[0].info.version == 5);
    CHECK(rec.active[0].fromPrevious);
    REQUIRE(rec.notes.size() == 1);
    CHECK(contains(rec.notes[0], "channel beispiel: current pack failed verification ("));
    CHECK(contains(rec.notes[0], six.packPath.string()));
    CHECK(contains(rec.notes[0], "; using previous version 5; the failed pack is kept as previous"));
    // The links were swapped, nothing deleted: the failed folder is `previous` now.
    CHECK(rec.removedLeftovers == 0);
    CHECK(fs::exists(sixFolder));
    CHECK(fs::read_symlink(f.channelDir() / "current") == fiveFolder);
    CHECK(fs::read_symlink(f.channelDir() / "previous") == sixFolder.filename());
    expectInstalled(f, 5);
    CHECK(next.installedVersion("beispiel") == 5);
    // A second recovery finds nothing more to do.
    const auto again = PackLibrary(f.data).recover(f.policy());
    REQUIRE(again.active.size() == 1);
    CHECK(again.active[0].info.version == 5);
    CHECK_FALSE(again.active[0].fromPrevious);
    CHECK(again.notes.empty());
    CHECK(again.removedLeftovers == 0);
}

TEST_CASE("a pack missing for a moment at start-up is kept and can be rolled back to") {
    InstallFixture f;
    f.installOld(5);
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    const auto six = lib.install(f.candidate(f.makePack("sechs.kpack", "beispiel", 6)), f.policy());
    REQUIRE(six.ok());
    // A read that fails once (a flaky card, a file briefly away) must not cost the pack.
    fs::rename(six.packPath, f.tmp / "away.kpack");
    PackLibrary next(f.data);
    const auto rec = next.recover(f.policy());
    REQUIRE(rec.active.size() == 1);
    CHECK(rec.active[0].info.version == 5);
    CHECK(contains(rec.notes.at(0), "pack file not found"));
    fs::rename(f.tmp / "away.kpack", six.packPath);
    const auto back = next.rollBack("beispiel", f.policy());
    REQUIRE_MESSAGE(back.ok(), back.reason);
    CHECK(back.packPath == six.packPath);
    expectInstalled(f, 6);
}

TEST_CASE("recover leaves a pack signed by a key it does not trust alone") {
    InstallFixture f;
    f.installOld(5);
    // Version 6 is signed with a newer key; both keys are trusted for the install.
    auto newer = *content::minisign::generateKeyPair();
    auto both = f.policy();
    both.trustedKeys.push_back(newer.publicKey);
    PackLibrary lib(f.data);
    lib.recover(both);
    const auto six = lib.install(f.candidate(f.makePack("sechs.kpack", "beispiel", 6, &newer.secretKey)), both);
    REQUIRE_MESSAGE(six.ok(), six.reason);
    const auto cur = fs::read_symlink(f.channelDir() / "current"), prev = fs::read_symlink(f.channelDir() / "previous");

    // `kiosk --install x --trust-pubkey old.pub` recovers with the old key only.
    PackLibrary oldKeyOnly(f.data);
    const auto rec = oldKeyOnly.recover(f.policy());
    CHECK(rec.active.empty());
    REQUIRE(rec.notes.size() == 1);
    CHECK(contains(rec.notes[0], "channel beispiel: current pack is not trusted by this run ("));
    CHECK(contains(rec.notes[0], content::minisign::keyIdHex(newer.secretKey.id())));
    CHECK(contains(rec.notes[0], "); left as it is, not shown"));
    CHECK(rec.removedLeftovers == 0);
    CHECK(fs::read_symlink(f.channelDir() / "current") == cur);
    CHECK(fs::read_symlink(f.channelDir() / "previous") == prev);
    CHECK(fs::exists(f.channelDir() / cur / "pack.kpack"));
    CHECK(fs::exists(f.channelDir() / prev / "pack.kpack"));

    // With both keys the newest pack is still there and active.
    const auto full = PackLibrary(f.data).recover(both);
    REQUIRE(full.active.size() == 1);
    CHECK(full.active[0].info.version == 6);
    CHECK(full.notes.empty());
}

TEST_CASE("recover leaves a channel the caller does not accept alone") {
    InstallFixture f;
    f.installOld(5);
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    REQUIRE(lib.install(f.candidate(f.makePack("sechs.kpack", "beispiel", 6)), f.policy()).ok());
    auto other = f.policy();
    other.acceptedChannels = {"anderer-kanal"};
    PackLibrary next(f.data);
    const auto rec = next.recover(other);
    CHECK(rec.active.empty());
    CHECK(rec.notes == std::vector<std::string>{"channel beispiel: not among the accepted channels; left as it is"});
    CHECK(rec.removedLeftovers == 0);
    expectInstalled(f, 6);
    CHECK(fs::read_symlink(f.channelDir() / "previous").string().rfind("v5-", 0) == 0);
}

TEST_CASE("recover without the lock still returns the verified current pack and changes nothing") {
    InstallFixture f;
    f.installOld(5);
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    const auto six = lib.install(f.candidate(f.makePack("sechs.kpack", "beispiel", 6)), f.policy());
    REQUIRE(six.ok());
    const auto leftover = f.channelDir() / ".incoming-123-abcdef01";
    fs::create_directories(leftover);
    std::string err;
    const int held = platform::lockFileExclusive(f.data / ".install.lock", std::chrono::milliseconds(0), err);
    REQUIRE_MESSAGE(held >= 0, err);

    PackLibrary startUp(f.data);
    const auto started = std::chrono::steady_clock::now();
    const auto rec = startUp.recover(f.policy(), std::chrono::milliseconds(200));
    const auto took = std::chrono::steady_clock::now() - started;
    ::close(held);
    CHECK(took >= std::chrono::milliseconds(200));
    CHECK(took < std::chrono::seconds(5));
    CHECK(rec.error == (f.data / ".install.lock").string() +
                           ": held by another process (another install or recovery is running) for 0 s"
                           "; nothing was repaired, the installed packs were only checked");
    REQUIRE(rec.active.size() == 1);
    CHECK(rec.active[0].info.version == 6);
    CHECK(rec.active[0].packPath == six.packPath);
    CHECK_FALSE(rec.active[0].fromPrevious);
    CHECK(rec.removedLeftovers == 0);
    CHECK(fs::exists(leftover)); // nothing touched without the lock
    CHECK(startUp.installedVersion("beispiel") == 6);
}

TEST_CASE("recover removes what interrupted installs left behind") {
    InstallFixture f;
    f.installOld(5);
    const auto dir = f.channelDir();
    fs::create_directories(dir / ".incoming-123-abcdef01");
    writeFile(dir / ".incoming-123-abcdef01" / "pack.kpack", "half");
    fs::create_symlink("v9-deadbeef", dir / ".link-current-123-0");
    fs::create_directories(dir / "v9-deadbeef");
    writeFile(dir / "stray.tmp", "x");
    PackLibrary lib(f.data);
    const auto rec = lib.recover(f.policy());
    CHECK(rec.removedLeftovers == 4);
    CHECK(rec.notes.empty());
    REQUIRE(rec.active.size() == 1);
    CHECK(rec.active[0].info.version == 5);
    expectInstalled(f, 5);
}

TEST_CASE("a cancelled install leaves the old pack") {
    InstallFixture f;
    f.installOld(5);
    const auto pack = f.makePack("beispiel.kpack", "beispiel", 6);
    PackLibrary lib(f.data);
    lib.recover(f.policy());
    std::atomic<bool> cancel{true};
    const auto r = lib.install(f.candidate(pack), f.policy(), {}, &cancel);
    CHECK(r.code == Code::Cancelled);
    CHECK(contains(r.reason, pack.string()));
    expectInstalled(f, 5);
}

TEST_CASE("a second installer waits for the lock and then gives up as busy") {
    InstallFixture f;
    f.installOld(5);
    std::string err;
    const int held = platform::lockFileExclusive(f.data / ".install.lock", std::chrono::milliseconds(0), err);
    REQUIRE_MESSAGE(held >= 0, err);
    PackLibrary lib(f.data);
    lib.setLockWait(std::chrono::milliseconds(150));
    const auto pack = f.makePack("beispiel.kpack", "beispiel", 6);
    const auto started = std::chrono::steady_clock::now();
    const auto r = lib.install(f.candidate(pack), f.policy());
    CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(150));
    CHECK(r.code == Code::Busy);
    CHECK(contains(r.reason, pack.string() + ": not installed: " + (f.data / ".install.lock").string() +
                                 ": held by another process"));
    const auto rec = lib.recover(f.policy());
    CHECK(contains(rec.error, "held by another process"));
    REQUIRE(rec.active.size() == 1); // the kiosk still shows its pack
    CHECK(rec.active[0].info.version == 5);
    ::close(held);
    expectInstalled(f, 5);
    CHECK(lib.install(f.candidate(pack), f.policy()).ok());
}

TEST_CASE("a channel name from signed metadata must be a safe folder name") {
    InstallFixture f;
    f.installOld(5);
    // Signed by the trusted key, but the channel would climb out of packs/.
    const auto pack = f.makePack("boese.kpack", "beispiel", 6);
    auto sig = content::minisign::signFile(pack, f.keys.secretKey, "channel:../../etc version:6");
    REQUIRE(sig.ok());
    writeFile(content::signaturePathFor(pack), sig->fileText());
    expectRefused(f, pack, Code::Corrupt, "channel name '../../etc' is not allowed", f.policy());
}
