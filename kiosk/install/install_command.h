#pragma once
// `kiosk --install` and `kiosk --recover`: the staff's install path over ssh,
// and what the crash test kills. No SDL: main() calls runInstallCommand()
// before anything of the UI starts.
//
//   kiosk --install PACK [--sig FILE] --data-dir DIR --trust-pubkey KEY... [--channel C...] [--allow-older]
//   kiosk --recover --data-dir DIR --trust-pubkey KEY...
//
// Both first run PackLibrary::recover() (under the data directory's lock).
// --recover then prints one line per active pack, "<channel> <version> <path>".
// --install prints "installed <channel> <version> <path>" on success.
// Exit codes: 0 installed / recovered, 1 refused or failed (one line on stderr:
// "kiosk: <code>: <reason>"), 2 usage (caught by the command-line parser).
// Thread safety: call once per process.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::install {

struct InstallCommand {
    enum class Verb { Install, Recover } verb = Verb::Install;
    std::filesystem::path pack;
    std::optional<std::filesystem::path> signature;
    std::filesystem::path dataDir;
    std::vector<std::string> trustedKeys; // .pub files or base64 lines
    std::vector<std::string> channels;
    bool allowOlder = false;
    int lockWaitSeconds = 30;
};

int runInstallCommand(const InstallCommand& command);

} // namespace kiosk::install
