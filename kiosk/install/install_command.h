#pragma once
// `kiosk --install`, `kiosk --recover` and `kiosk --refresh`: the staff's install
// path over ssh, what the crash test kills, and what the web refresh benchmark
// times. No SDL: main() calls runInstallCommand() before anything of the UI starts.
//
//   kiosk --install PACK [--sig FILE] --data-dir DIR --trust-pubkey KEY... [--channel C...] [--allow-older]
//   kiosk --recover --data-dir DIR --trust-pubkey KEY...
//   kiosk --refresh URL --channel C --data-dir DIR --trust-pubkey KEY... [--max-kbps N] [--verbose]
//
// All first run PackLibrary::recover() (under the data directory's lock).
// --recover then prints one line per active pack, "<channel> <version> <path>".
// --install prints "installed <channel> <version> <path>" on success.
// --refresh makes one RefreshEngine::checkChannel() of channel C against the
// manifest at URL, exactly as the running kiosk's worker does (same state file
// <dir>/refresh/<C>.json, same incoming folder, same install path), and prints
//   "<code> installed=<v> available=<v> bytes=<body bytes> resumed=<0|1> ms=<wall ms of the check>"
// on stdout and the engine's message on stderr ("kiosk: <message>"). SIGTERM or
// SIGINT cancel the check cleanly (a partial download stays and resumes next time).
// Exit codes: 0 installed / recovered / a refresh without error (unchanged,
// up-to-date, installed, older-offered), 1 refused or failed or cancelled (one line
// on stderr: "kiosk: <code>: <reason>" for install/recover), 2 usage.
// Thread safety: call once per process (--refresh installs signal handlers).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::install {

struct InstallCommand {
    enum class Verb { Install, Recover, Refresh } verb = Verb::Install;
    std::filesystem::path pack;
    std::optional<std::filesystem::path> signature;
    std::filesystem::path dataDir;
    std::vector<std::string> trustedKeys; // .pub files or base64 lines
    std::vector<std::string> channels;     // --refresh: exactly one, the channel checked
    std::string manifestUrl;               // --refresh URL
    std::uint64_t maxKbps = 0;             // --refresh: download cap in kbit/s (0 = none), like refresh_max_kbps
    bool verbose = false;                  // --refresh: the engine's step lines on stderr too
    bool allowOlder = false;
    int lockWaitSeconds = 30;
};

int runInstallCommand(const InstallCommand& command);

} // namespace kiosk::install
