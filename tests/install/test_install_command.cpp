// The real `kiosk --install` / `kiosk --recover` / `kiosk --refresh` binary: exit
// codes, output, and the crash test that kills it with SIGKILL at 200 random step
// boundaries. --refresh runs against the fault server (tests/support/fault_server.h).
//
// Step boundaries come from the test hook KIOSK_INSTALL_CRASH_AT=N
// (kiosk/install/test_hook.h): the installer raises SIGKILL at its N-th
// mkdir/chunk/fsync/rename/link step, so N drawn uniformly over the whole run
// hits every phase (random wall-clock times would cluster at start and end).
// KIOSK_INSTALL_CHUNK_BYTES=4096 gives the small test pack dozens of chunks.
#include "fault_server.h"
#include "install_fixture.h"

#include "kiosk/content/hashing.h"

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

// Publishes `pack` into `www` as `kiosk-pack publish` lays it out: <channel>-<version>.kpack,
// its signature, and a manifest.json naming them. Returns the pack's size.
std::uint64_t publishTo(const fs::path& www, const fs::path& pack, const std::string& channel, std::int64_t version) {
    const std::string name = channel + "-" + std::to_string(version) + ".kpack";
    fs::copy_file(pack, www / name, fs::copy_options::overwrite_existing);
    fs::copy_file(content::signaturePathFor(pack), www / (name + ".minisig"), fs::copy_options::overwrite_existing);
    const auto bytes = fs::file_size(www / name);
    const auto sha = content::sha256FileHex(www / name);
    REQUIRE(sha.ok());
    writeFile(www / "manifest.json",
              R"({"format": 1, "generated_at": "2026-11-21T07:30:00Z", "packs": [{"channel": ")" + channel +
                  R"(", "version": )" + std::to_string(version) +
                  R"(, "title": "Paket", "created_at": "2026-11-21T07:00:00Z", "file": ")" + name +
                  R"(", "signature": ")" + name + R"(.minisig", "size": )" + std::to_string(bytes) +
                  R"(, "sha256": ")" + *sha + R"(", "entries": 3}]})");
    return bytes;
}

// "<code> installed=<v> available=<v> bytes=<n> resumed=<0|1> ms=<n>\n", split up.
struct RefreshLine {
    std::string code;
    std::int64_t installed = -1, available = -1;
    std::uint64_t bytes = 0;
    int resumed = -1;
};
RefreshLine parseRefreshLine(const std::string& out) {
    std::smatch m;
    const std::regex re("^([a-z-]+) installed=([0-9]+) available=([0-9]+) bytes=([0-9]+) resumed=([01]) ms=[0-9]+\n$");
    REQUIRE_MESSAGE(std::regex_match(out, m, re), "not a refresh line: '" << out << "'");
    return {m[1], std::stoll(m[2]), std::stoll(m[3]), std::stoull(m[4]), std::stoi(m[5])};
}

} // namespace

TEST_CASE("kiosk --refresh installs then costs one 304 and exits 1 for a 404 manifest") {
    InstallFixture f;
    TempDir www;
    test::FaultServer server(www.path());
    const auto scratch = f.tmp / "run";
    fs::create_directories(scratch);
    // Big enough that the cut below leaves a real partial file.
    const auto six = f.makePack("beispiel.kpack", "beispiel", 6, nullptr, 256 * 1024);
    const auto packSize = publishTo(www.path(), six, "beispiel", 6);
    const auto sigSize = fs::file_size(www / "beispiel-6.kpack.minisig");
    const auto manifestSize = fs::file_size(www / "manifest.json");
    const std::vector<std::string> args{"--refresh", server.url("/manifest.json"), "--channel", "beispiel",
                                        "--data-dir", f.data.string(), "--trust-pubkey", demoPub(f)};

    // A first download cut off at half: the check fails, the partial file stays.
    server.setFault("/beispiel-6.kpack", test::Fault{.truncateAfter = static_cast<std::int64_t>(packSize / 2)});
    const auto cut = runKiosk(args, {}, scratch);
    CHECK(cut.exitCode == 1);
    const auto cutLine = parseRefreshLine(cut.out);
    CHECK(cutLine.code == "download-failed");
    CHECK(cutLine.installed == 0);
    CHECK(cutLine.available == 6);
    CHECK(cutLine.bytes == manifestSize + packSize / 2);
    CHECK(cutLine.resumed == 0);
    CHECK(cut.err.starts_with("kiosk: beispiel: GET " + server.url("/beispiel-6.kpack")));
    CHECK(fs::file_size(f.data / "incoming" / "beispiel-6.kpack") == packSize / 2);

    // The next run resumes: only the missing half crosses the wire, then it installs.
    server.clearFaults();
    const auto ok = runKiosk(args, {}, scratch);
    CHECK(ok.exitCode == 0);
    const auto okLine = parseRefreshLine(ok.out);
    CHECK(okLine.code == "installed");
    CHECK(okLine.installed == 6);
    CHECK(okLine.available == 6);
    CHECK(okLine.resumed == 1);
    CHECK(okLine.bytes == manifestSize + (packSize - packSize / 2) + sigSize);
    CHECK(ok.err.starts_with("kiosk: beispiel: installed version 6 ("));
    CHECK(ok.err.ends_with(" entries) from " + server.url("/beispiel-6.kpack") + "\n"));
    const auto packStats = server.stats("/beispiel-6.kpack");
    CHECK(packStats.statuses == std::vector<int>{200, 206});
    CHECK(packStats.ranges[1] == "bytes=" + std::to_string(packSize / 2) + "-");
    CHECK(packStats.bodyBytes == packSize);
    CHECK(fs::exists(f.channelDir() / "current" / "pack.kpack"));

    // Nothing changed: one conditional request, answered 304 without a body.
    const auto same = runKiosk(args, {}, scratch);
    CHECK(same.exitCode == 0);
    CHECK(same.err == "kiosk: beispiel: manifest unchanged (304); installed version 6\n");
    const auto sameLine = parseRefreshLine(same.out);
    CHECK(sameLine.code == "unchanged");
    CHECK(sameLine.installed == 6);
    CHECK(sameLine.available == 6);
    CHECK(sameLine.bytes == 0);
    CHECK(sameLine.resumed == 0);
    CHECK(server.stats("/manifest.json").statuses == std::vector<int>{200, 200, 304});
    CHECK(server.stats("/beispiel-6.kpack").requests == 2);

    // The manifest is gone: an error exit, the installed pack stays.
    server.setFault("/manifest.json", test::Fault{.status = 404});
    const auto missing = runKiosk(args, {}, scratch);
    CHECK(missing.exitCode == 1);
    CHECK(parseRefreshLine(missing.out).code == "http-error");
    CHECK(parseRefreshLine(missing.out).installed == 6);
    CHECK(missing.err == "kiosk: beispiel: GET " + server.url("/manifest.json") + ": HTTP 404\n");
    CHECK(fs::exists(f.channelDir() / "current" / "pack.kpack"));
}

TEST_CASE("kiosk --refresh usage errors exit 2") {
    InstallFixture f;
    const auto scratch = f.tmp / "run";
    fs::create_directories(scratch);
    const std::string url = "http://127.0.0.1:9/manifest.json";
    const std::vector<std::string> base{"--refresh", url, "--data-dir", f.data.string(), "--trust-pubkey", demoPub(f)};
    auto with = [&](std::vector<std::string> extra) {
        auto a = base;
        a.insert(a.end(), extra.begin(), extra.end());
        return runKiosk(a, {}, scratch);
    };
    const auto noChannel = with({});
    CHECK(noChannel.exitCode == 2);
    CHECK(contains(noChannel.err, "kiosk: --refresh needs exactly one --channel C (the channel to check)\n"));
    CHECK(with({"--channel", "a", "--channel", "b"}).exitCode == 2);
    CHECK(with({"--channel", "a", "--max-kbps", "viel"}).exitCode == 2);
    CHECK(with({"--channel", "a", "--allow-older"}).exitCode == 2);
    CHECK(with({"--channel", "a", "--recover"}).exitCode == 2);
    CHECK(runKiosk({"--refresh", url, "--channel", "a", "--trust-pubkey", demoPub(f)}, {}, scratch).exitCode == 2);
    const auto kbpsOnInstall = runKiosk({"--recover", "--data-dir", f.data.string(), "--trust-pubkey", demoPub(f),
                                         "--max-kbps", "100"}, {}, scratch);
    CHECK(kbpsOnInstall.exitCode == 2);
    CHECK(contains(kbpsOnInstall.err, "kiosk: --max-kbps and --verbose belong to --refresh\n"));
    CHECK_FALSE(fs::exists(f.data));
}

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
