#pragma once
// Internal helpers shared by kiosk-pack's verbs: key loading, passphrases,
// progress lines, printing reports.

#include "args.h"

#include "kiosk/content/minisign.h"
#include "kiosk/content/pack_writer.h"
#include "kiosk/content/report.h"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::tools {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

struct Io {
    std::ostream& out;
    std::ostream& err;
};

// Passphrase from --passphrase-file, $KIOSK_PACK_PASSPHRASE, or the terminal
// (echo off). nullopt + message in `error` when none can be had.
std::optional<std::string> obtainPassphrase(const ParsedArgs& args, const std::string& prompt, bool confirm,
                                            std::string& error);

// Loads a secret key, asking for the passphrase only when the key is encrypted.
content::Result<content::minisign::SecretKey> loadSecretKey(const std::string& path, const ParsedArgs& args);

// Each --pubkey value is a .pub file or a base64 key line.
content::Result<std::vector<content::minisign::PublicKey>> loadPublicKeys(const std::vector<std::string>& values);

// Prints findings to err, one per line, "error: ..." / "warning: ...".
void printReport(const content::Report& report, std::ostream& err);

// A ProgressFn writing "phase: done/total" lines (rewritten in place on a terminal).
content::ProgressFn progressPrinter(std::ostream& err, bool quiet);

std::string humanSize(std::uint64_t bytes);

// Verb implementations (cmd_*.cpp). Each returns an exit code.
int cmdKeygen(const ParsedArgs& args, Io io);
int cmdBuild(const ParsedArgs& args, Io io);
int cmdSign(const ParsedArgs& args, Io io);
int cmdVerify(const ParsedArgs& args, Io io);
int cmdInfo(const ParsedArgs& args, Io io);
int cmdExport(const ParsedArgs& args, Io io);
int cmdDiff(const ParsedArgs& args, Io io);
int cmdSearch(const ParsedArgs& args, Io io);
int cmdPublish(const ParsedArgs& args, Io io);

// Signs `pack` with `key` writing PACK.minisig atomically; trusted comment from the pack's metadata.
content::Status signPack(const std::string& pack, const content::minisign::SecretKey& key);

} // namespace kiosk::tools
