// The real `kiosk --install` / `kiosk --recover` binary: exit codes, output,
// and the crash test that kills it with SIGKILL at 200 random step boundaries.
//
// Step boundaries come from the test hook KIOSK_INSTALL_CRASH_AT=N
// (kiosk/install/test_hook.h): the installer raises SIGKILL at its N-th
// mkdir/chunk/fsync/rename/link step, so N drawn uniformly over the whole run
// hits every phase (random wall-clock times would cluster at start and end).
// KIOSK_INSTALL_CHUNK_BYTES=4096 gives the small test pack dozens of chunks.
#include "install_fixture.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <map>
#include <random>
#include <regex>

extern char** environ;

using namespace kiosk;
using namespace kiosk::test;

namespace {

struct Run {
    int exitCode = -1;
    int signal = 0;
    std::string out, err;
};

Run runKiosk(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
             const fs::path& scratch) {
    std::vector<std::string> argStore{KIOSK_EXE};
    argStore.insert(argStore.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argStore) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> envStore;
    for (char** e = environ; *e; ++e) {
        const std::string kv(*e);
        const std::string name = kv.substr(0, kv.find('='));
        if (name.rfind("KIOSK_INSTALL_", 0) == 0 || env.count(name)) continue;
        envStore.push_back(kv);
    }
    for (const auto& [k, v] : env) envStore.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& e : envStore) envp.push_back(e.data());
    envp.push_back(nullptr);

    const fs::path outPath = scratch / "stdout", errPath = scratch / "stderr";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, KIOSK_EXE, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE_MESSAGE(rc == 0, "cannot start " KIOSK_EXE ": " << std::strerror(rc));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) REQUIRE(errno == EINTR);
    Run r;
    if (WIFEXITED(status)) r.exitCode = WEXITSTATUS(status);
    else r.signal = WTERMSIG(status);
    r.out = readFile(outPath);
    r.err = readFile(errPath);
    return r;
}

std::string demoPub(const InstallFixture& f) {
    const auto p = f.tmp / "trusted.pub";
    if (!fs::exists(p)) writeFile(p, f.keys.publicKey.fileText());
    return p.string();
}

std::vector<std::string> installArgs(const InstallFixture& f, const fs::path& pack, const fs::path& data) {
    return {"--install", pack.string(), "--data-dir", data.string(), "--trust-pubkey", demoPub(f)};
}

std::vector<std::string> recoverArgs(const InstallFixture& f, const fs::path& data) {
    return {"--recover", "--data-dir", data.string(), "--trust-pubkey", demoPub(f)};
}

int stepsIn(const std::string& err) {
    std::smatch m;
    const std::regex re("test hook: ([0-9]+) steps");
    REQUIRE_MESSAGE(std::regex_search(err, m, re), err);
    return std::stoi(m[1]);
}

// A fresh copy of a data directory (links copied as links).
void copyTree(const fs::path& from, const fs::path& to) {
    fs::remove_all(to);
    fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
}

} // namespace

TEST_CASE("kiosk --install and --recover report with exit codes and one-line reasons") {
    InstallFixture f;
    f.installOld(5);
    const auto scratch = f.tmp / "run";
    fs::create_directories(scratch);
    const auto six = f.makePack("beispiel.kpack", "beispiel", 6);

    auto ok = runKiosk(installArgs(f, six, f.data), {}, scratch);
    CHECK(ok.exitCode == 0);
    CHECK(ok.err == "");
    const auto current = fs::canonical(f.channelDir() / "current");
    CHECK(ok.out == "installed beispiel 6 " + (current / "pack.kpack").string() + "\n");

    auto again = runKiosk(installArgs(f, six, f.data), {}, scratch);
    CHECK(again.exitCode == 1);
    CHECK(again.out == "");
    CHECK(again.err == "kiosk: not-newer: " + six.string() +
                           ": version 6 is not newer than the installed version 6 of channel beispiel\n");

    auto staff = installArgs(f, six, f.data);
    staff.push_back("--allow-older");
    CHECK(runKiosk(staff, {}, scratch).exitCode == 0);

    auto wrong = installArgs(f, f.makePack("x.kpack", "anderer", 9), f.data);
    wrong.insert(wrong.end(), {"--channel", "beispiel"});
    auto refused = runKiosk(wrong, {}, scratch);
    CHECK(refused.exitCode == 1);
    CHECK(contains(refused.err, "kiosk: wrong-channel: "));

    auto rec = runKiosk(recoverArgs(f, f.data), {}, scratch);
    CHECK(rec.exitCode == 0);
    CHECK(rec.out == "beispiel 6 " + (fs::canonical(f.channelDir() / "current") / "pack.kpack").string() + "\n");

    CHECK(runKiosk({"--install", six.string(), "--trust-pubkey", demoPub(f)}, {}, scratch).exitCode == 2);
    CHECK(runKiosk({"--recover", "--data-dir", f.data.string()}, {}, scratch).exitCode == 2);
    CHECK(runKiosk({"--install", six.string(), "--recover", "--data-dir", "x", "--trust-pubkey", "y"}, {}, scratch)
              .exitCode == 2);
}

TEST_CASE("SIGKILL at 200 random install and recovery steps always leaves a complete verified pack") {
    InstallFixture f;
    // The starting state has current (5) and previous (4), so an install also
    // removes a version folder: every kind of step is in range.
    f.installOld(4);
    {
        install::PackLibrary lib(f.data);
        lib.recover(f.policy());
        REQUIRE(lib.install(f.candidate(f.makePack("fuenf.kpack", "beispiel", 5, nullptr, 0, f.tmp.path())),
                            f.policy()).ok());
    }
    const auto template_ = f.tmp / "template";
    copyTree(f.data, template_);
    const auto six = f.makePack("beispiel.kpack", "beispiel", 6);
    const auto scratch = f.tmp / "run";
    fs::create_directories(scratch);
    const std::map<std::string, std::string> countOnly{{"KIOSK_INSTALL_CRASH_AT", "0"},
                                                       {"KIOSK_INSTALL_CHUNK_BYTES", "4096"}};

    // How many steps a whole install (with its recover first) has.
    const auto work = f.tmp / "work";
    copyTree(template_, work);
    const auto full = runKiosk(installArgs(f, six, work), countOnly, scratch);
    REQUIRE_MESSAGE(full.exitCode == 0, full.err);
    const int steps = stepsIn(full.err);
    REQUIRE(steps > 20);

    const auto seed = static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count());
    MESSAGE("crash test seed ", seed, " (", steps, " steps per install)");
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> at(1, steps);
    int killedInstall = 0, killedRecover = 0, ended[2] = {0, 0};
    for (int run = 0; run < 200; ++run) {
        copyTree(template_, work);
        const int n = at(rng);
        auto r = runKiosk(installArgs(f, six, work),
                          {{"KIOSK_INSTALL_CRASH_AT", std::to_string(n)}, {"KIOSK_INSTALL_CHUNK_BYTES", "4096"}},
                          scratch);
        INFO("seed ", seed, " run ", run, " crash at step ", n, " of ", steps, "; stderr: ", r.err);
        REQUIRE(r.signal == SIGKILL);
        ++killedInstall;
        if (run % 4 == 0) {
            // Kill the start-up recovery of the crashed install too, at one of its
            // own steps: count them on a copy first.
            const auto probe = work.string() + ".probe";
            copyTree(work, probe);
            const auto c = runKiosk(recoverArgs(f, probe), countOnly, scratch);
            REQUIRE(c.exitCode == 0);
            const int recoverSteps = stepsIn(c.err);
            fs::remove_all(probe);
            if (recoverSteps > 0) {
                const int m = std::uniform_int_distribution<int>(1, recoverSteps)(rng);
                auto rr = runKiosk(recoverArgs(f, work), {{"KIOSK_INSTALL_CRASH_AT", std::to_string(m)}}, scratch);
                INFO("recovery killed at step ", m, " of ", recoverSteps);
                REQUIRE(rr.signal == SIGKILL);
                ++killedRecover;
            }
        }
        // What the kiosk would show right now, before any recovery: `current`
        // must name a complete pack that verifies.
        const auto dir = work / "packs" / "beispiel";
        content::VerifyOptions vo;
        vo.trustedKeys = {f.keys.publicKey};
        vo.signature = dir / "current" / "pack.kpack.minisig";
        const auto v = content::verifyPack(dir / "current" / "pack.kpack", vo);
        REQUIRE_MESSAGE(v.ok(), v.report.toString());
        REQUIRE((v.info->version == 5 || v.info->version == 6));

        // The kiosk's start-up: recover() shows a verified pack, old or new, and cleans up.
        install::PackLibrary lib(work);
        const auto rec = lib.recover(f.policy());
        REQUIRE(rec.error == "");
        REQUIRE(rec.active.size() == 1);
        REQUIRE(rec.active[0].info.version == v.info->version);
        CHECK(rec.notes.empty());
        int versions = 0;
        for (const auto& name : namesIn(dir)) {
            INFO("left in the channel folder: ", name);
            REQUIRE((name == "current" || name == "previous" || name.rfind("v", 0) == 0));
            if (name[0] == 'v') ++versions;
        }
        REQUIRE(versions <= 2);
        CHECK(namesIn(work) == std::set<std::string>{".install.lock", "packs"});
        ++ended[v.info->version == 6 ? 1 : 0];
    }
    MESSAGE("killed ", killedInstall, " installs and ", killedRecover, " recoveries; ", ended[0], " ended on the old pack, ",
            ended[1], " on the new");
    CHECK(ended[0] > 0);
    CHECK(ended[1] > 0);
}
