#include "install/install_command.h"

#include "install/pack_library.h"
#include "install/test_hook.h"

#include <cstdlib>
#include <iostream>

namespace kiosk::install {

namespace {

// Test hook (docs/install.md): with KIOSK_INSTALL_CRASH_AT=0 the number of step
// boundaries passed is printed, so the crash test knows the range to kill in.
void printSteps() {
    if (const char* v = std::getenv("KIOSK_INSTALL_CRASH_AT"); v && std::string(v) == "0")
        std::cerr << "kiosk: test hook: " << detail::stepCount() << " steps\n";
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
