#pragma once
// Verifying a pack: the one routine everything that loads packs goes through
// (the kiosk at start and before an install, `kiosk-pack verify`, the Studio).
//
// Order matters: the signature is checked first, against the trusted keys,
// over the whole file; only a pack whose signature holds is opened by SQLite
// at all. Then: SQLite quick_check, the schema (exactly the tables this build
// writes, no triggers or views), metadata and counts, and the metadata inside
// the pack matching the channel and version in the signed trusted comment
// (so a correctly signed pack cannot be relabelled).
//
// The result is a report, not a bool: each failed check is a Finding whose
// `field` names the step ("signature", "integrity", "schema", "metadata",
// "channel") and whose message says why in plain words. Nothing is printed.
//
// Trusted comment format (what `kiosk-pack sign` writes and what staff pass to
// `minisign -S -t`): space- or tab-separated key:value pairs, of which
// `channel:` and `version:` are required, e.g.
//     channel:beispiel version:202611210800 file:beispiel.kpack
//
// Thread safety: reentrant.

#include "kiosk/content/minisign.h"
#include "kiosk/content/model.h"
#include "kiosk/content/report.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::content {

struct TrustedComment {
    std::string channel;
    std::int64_t version = 0;
    std::string file; // optional
};
Result<TrustedComment> parseTrustedComment(std::string_view text);
std::string formatTrustedComment(const PackInfo& info, std::string_view fileName);

struct VerifyOptions {
    std::vector<minisign::PublicKey> trustedKeys;
    // Signature file; default: the pack path + ".minisig".
    std::optional<std::filesystem::path> signature;
    // When set, a pack of another channel is refused.
    std::vector<std::string> acceptedChannels;
};

struct VerifyResult {
    Report report;             // empty when everything holds
    std::optional<PackInfo> info; // when the pack could be read
    std::string keyId;         // key that signed it (hex), when the signature held
    std::string trustedComment;
    std::uint64_t fileSize = 0;
    bool ok() const { return report.ok(); }
};

inline constexpr std::uint64_t kMaxPackBytes = 4ull << 30; // 4 GiB

VerifyResult verifyPack(const std::filesystem::path& pack, const VerifyOptions& options);

// The signature path conventionally beside a pack.
std::filesystem::path signaturePathFor(const std::filesystem::path& pack);

} // namespace kiosk::content
