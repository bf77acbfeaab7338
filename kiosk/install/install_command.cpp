#include "install/install_command.h"

#include "install/pack_library.h"
#include "install/refresh.h"
#include "install/test_hook.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <random>

namespace kiosk::install {

namespace {

// Test hook (docs/install.md): with KIOSK_INSTALL_CRASH_AT=0 the number of step
// boundaries passed is printed, so the crash test knows the range to kill in.
void printSteps() {
    if (const char* v = std::getenv("KIOSK_INSTALL_CRASH_AT"); v && std::string(v) == "0")
        std::cerr << "kiosk: test hook: " << detail::stepCount() << " steps\n";
}

// SIGTERM / SIGINT during `kiosk --refresh`: the engine polls this flag during the transfer
// and the install, and ends with `cancelled`, its partial download recorded for resuming.
std::atomic<bool> g_cancel{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void onStopSignal(int) { g_cancel.store(true); }

int runRefresh(const InstallCommand& command, PackLibrary& library, const InstallPolicy& policy) {
    struct sigaction sa {};
    sa.sa_handler = onStopSignal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);

    RefreshOptions options;
    options.maxBytesPerSecond = command.maxKbps * 1000 / 8; // kbit/s, as refresh_max_kbps in the kiosk's config
    RefreshLogFn log;
    if (command.verbose) log = [](const std::string& line) { std::cerr << "kiosk: refresh: " << line << '\n'; };
    // The kiosk seeds the jitter from std::random_device too: the next check this run records
    // is as the kiosk would have set it.
    RefreshEngine engine(library, policy, options, std::random_device()(), log);
    const auto started = std::chrono::steady_clock::now();
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const RefreshOutcome o = engine.checkChannel(command.channels.front(), command.manifestUrl, now, {}, &g_cancel);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    std::cout << refreshCodeName(o.code) << " installed=" << o.installedVersion << " available=" << o.availableVersion
              << " bytes=" << o.bytesTransferred << " resumed=" << (o.resumed ? 1 : 0) << " ms=" << ms << std::endl;
    std::cerr << "kiosk: " << o.message << '\n';
    return o.ok() && o.code != RefreshCode::Cancelled ? 0 : 1;
}

} // namespace

int runInstallCommand(const InstallCommand& command) {
    if (command.dataDir.empty()) {
        std::cerr << "kiosk: --data-dir is required\n";
        return 2;
    }
    InstallPolicy policy;
    for (const auto& k : command.trustedKeys) {
        std::error_code ec;
        auto key = std::filesystem::is_regular_file(k, ec) ? content::minisign::PublicKey::load(k)
                                                             : content::minisign::PublicKey::parse(k);
        if (!key) {
            std::cerr << "kiosk: trusted key not usable: " << key.error().toString() << "\n";
            return 2;
        }
        policy.trustedKeys.push_back(*key);
    }
    if (policy.trustedKeys.empty()) {
        std::cerr << "kiosk: at least one --trust-pubkey is required\n";
        return 2;
    }
    policy.acceptedChannels = command.channels;
    policy.allowNotNewer = command.allowOlder;

    PackLibrary library(command.dataDir);
    library.setLockWait(std::chrono::seconds(command.lockWaitSeconds));
    const Recovery rec = library.recover(policy);
    if (!rec.error.empty()) {
        std::cerr << "kiosk: " << codeName(Code::Busy) << ": " << rec.error << "\n";
        return 1;
    }
    for (const auto& n : rec.notes) std::cerr << "kiosk: " << n << "\n";

    if (command.verb == InstallCommand::Verb::Refresh) return runRefresh(command, library, policy);

    if (command.verb == InstallCommand::Verb::Recover) {
        for (const auto& a : rec.active)
            std::cout << a.channel << ' ' << a.info.version << ' ' << a.packPath.string() << '\n';
        printSteps();
        return 0;
    }

    Candidate c{command.pack, command.signature.value_or(content::signaturePathFor(command.pack))};
    const InstallResult r = library.install(c, policy);
    printSteps();
    if (!r.ok()) {
        std::cerr << "kiosk: " << codeName(r.code) << ": " << r.reason << "\n";
        return 1;
    }
    std::cout << "installed " << r.info->channel << ' ' << r.info->version << ' ' << r.packPath.string() << '\n';
    return 0;
}

} // namespace kiosk::install
