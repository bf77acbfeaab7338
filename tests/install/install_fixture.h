#pragma once
// Shared by the install tests: real signed packs on a "stick" folder, a data
// directory, and the check that a refused install left the old pack in place
// and nothing else behind.
#include "pack_fixture.h"
#include "temp_dir.h"

#include "install/pack_library.h"
#include "kiosk/platform/mount_watch.h"
#include "kiosk/content/minisign.h"
#include "kiosk/content/pack_writer.h"
#include "kiosk/content/verify.h"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>

namespace kiosk::test {

namespace fs = std::filesystem;

struct InstallFixture {
    TempDir tmp;
    fs::path stick = tmp / "stick";
    fs::path data = tmp / "data";
    content::minisign::KeyPair keys = *content::minisign::generateKeyPair();

    InstallFixture() { fs::create_directories(stick); }

    // A signed pack `name` on the stick; `extraBytes` of incompressible image data make it bigger.
    fs::path makePack(const std::string& name, const std::string& channel, std::int64_t version,
                      const content::minisign::SecretKey* key = nullptr, std::size_t extraBytes = 0,
                      const fs::path& where = {}) {
        auto c = makeFixtureContent();
        c.info.channel = channel;
        c.info.version = version;
        c.info.title = content::Text("Paket " + std::to_string(version));
        if (extraBytes > 0) {
            std::string blob(extraBytes, '\0');
            std::uint32_t x = static_cast<std::uint32_t>(version) * 2654435761u + 1;
            for (auto& ch : blob) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                ch = static_cast<char>(x);
            }
            c.images.push_back(content::Image{"blob.png", "image/png", 1, 1, blob});
            c.info.imageCount = static_cast<int>(c.images.size());
        }
        const fs::path pack = (where.empty() ? stick : where) / name;
        REQUIRE(content::writePack(c, pack).ok());
        auto sig = content::minisign::signFile(pack, key ? *key : keys.secretKey,
                                               content::formatTrustedComment(c.info, name));
        REQUIRE(sig.ok());
        writeFile(content::signaturePathFor(pack), sig->fileText());
        return pack;
    }

    install::InstallPolicy policy() const {
        install::InstallPolicy p;
        p.trustedKeys = {keys.publicKey};
        p.reserveBytes = 0;
        return p;
    }

    install::Candidate candidate(const fs::path& pack) const { return {pack, content::signaturePathFor(pack)}; }

    // Installs version `version` of channel "beispiel" from a pack outside the stick.
    void installOld(std::int64_t version = 5) {
        const auto pack = makePack("old.kpack", "beispiel", version, nullptr, 0, tmp.path());
        install::PackLibrary lib(data);
        lib.recover(policy());
        const auto r = lib.install(candidate(pack), policy());
        REQUIRE_MESSAGE(r.ok(), r.reason);
    }

    fs::path channelDir(const std::string& channel = "beispiel") const { return data / "packs" / channel; }
};

// Names in a folder, sorted.
inline std::set<std::string> namesIn(const fs::path& dir) {
    std::set<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) out.insert(e.path().filename().string());
    return out;
}

// The data directory holds exactly the packs folder and the lock file; the
// channel folder exactly `current`, maybe `previous`, and the version folders
// they name; `current` names a pack of `version` that verifies. Checked
// WITHOUT running recover(), which would hide leftovers.
inline void expectInstalled(const InstallFixture& f, std::int64_t version, const std::string& channel = "beispiel") {
    const auto top = namesIn(f.data);
    CHECK(top == std::set<std::string>{".install.lock", "packs"});
    const auto dir = f.channelDir(channel);
    const auto names = namesIn(dir);
    REQUIRE(names.count("current") == 1);
    std::set<std::string> expected{"current", fs::read_symlink(dir / "current").string()};
    if (names.count("previous")) {
        expected.insert("previous");
        expected.insert(fs::read_symlink(dir / "previous").string());
    }
    CHECK(names == expected);
    content::VerifyOptions vo;
    vo.trustedKeys = {f.keys.publicKey};
    vo.signature = dir / "current" / "pack.kpack.minisig";
    const auto v = content::verifyPack(dir / "current" / "pack.kpack", vo);
    REQUIRE_MESSAGE(v.ok(), v.report.toString());
    CHECK(v.info->channel == channel);
    CHECK(v.info->version == version);
}

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// Runs `fn` in a forked child and returns the text it produced, or nullopt when
// it did not finish within `limit` (the child is then killed). For calls that a
// regression would block for ever (a FIFO on a stick): the test fails instead of
// hanging the suite. `fn` must not use doctest macros (it runs in the child).
inline std::optional<std::string> runGuarded(const std::function<std::string()>& fn,
                                             std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    int pipeFds[2];
    REQUIRE(::pipe2(pipeFds, O_CLOEXEC) == 0);
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(pipeFds[0]);
        std::string out;
        try {
            out = fn();
        } catch (const std::exception& e) {
            out = std::string("exception: ") + e.what();
        } catch (...) {
            out = "exception";
        }
        std::size_t done = 0;
        while (done < out.size()) {
            const ssize_t n = ::write(pipeFds[1], out.data() + done, out.size() - done);
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        ::_exit(0);
    }
    ::close(pipeFds[1]);
    std::string got;
    bool finished = false;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd p{pipeFds[0], POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        char buf[4096];
        const ssize_t n = ::read(pipeFds[0], buf, sizeof buf);
        if (n < 0) continue;
        if (n == 0) {
            finished = true;
            break;
        }
        got.append(buf, static_cast<std::size_t>(n));
    }
    ::close(pipeFds[0]);
    if (!finished) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!finished) return std::nullopt;
    return got;
}

// "code|reason|source" of an install result, the text runGuarded() passes back.
inline std::string describe(const install::InstallResult& r) {
    return std::string(install::codeName(r.code)) + "|" + r.reason + "|" + r.source.string();
}

// Says on stdout that a test could not do its real work; CTest shows such a
// test as skipped (SKIP_REGULAR_EXPRESSION "SKIPPED:" in tests/CMakeLists.txt).
inline void skipped(const std::string& why) {
    std::printf("SKIPPED: %s\n", why.c_str());
    std::fflush(stdout);
    MESSAGE("SKIPPED: " << why);
}

// The candidates the kiosk itself sees on a stick (InstallService uses findPackFiles).
inline std::vector<install::Candidate> candidatesOn(const std::filesystem::path& stick) {
    std::vector<install::Candidate> out;
    for (const auto& p : platform::findPackFiles(stick)) out.push_back({p.pack, p.signature});
    return out;
}

} // namespace kiosk::test
