#pragma once
// What the web refresh remembers per channel between checks and restarts
// (issue 5), kept as JSON in <dataDir>/refresh/<channel>.json:
//
//   {"channel": "beispiel", "manifest_etag": "\"6555-1a2\"", "manifest_last_modified": "Sat, 21 Nov 2026 07:30:00 GMT",
//    "last_check": 1795246200, "last_code": "installed", "last_message": "beispiel: installed version 6",
//    "next_check": 1795249800, "consecutive_errors": 0, "available_version": 6,
//    "partial": {"file": "beispiel-7.kpack", "version": 7, "size": 52428800, "sha256": "…", "etag": "\"abc\""},
//    "rejected": {"version": 8, "sha256": "…", "reason": "…"}}
//
// Times are Unix seconds (UTC). The manifest's validators are kept only after a
// check that finished its work (installed, up to date), so a 304 never hides a
// download that still has to happen. `partial` describes a download in
// <dataDir>/incoming/ that a later check may resume; `rejected` a published
// pack the install path refused (bad signature, unknown key...), so the same
// bytes are not fetched again and again until the manifest names another file.
//
// The file is written with platform::writeFileAtomic (a power cut leaves the old
// or the new state). A state file that is missing, unreadable or broken is not
// an error: the channel starts fresh (a full manifest request, maybe a fresh
// download), and the caller may log the note.
//
// Thread safety: plain values and reentrant functions; one writer per channel.

#include "install/refresh_schedule.h"
#include "kiosk/platform/file_safety.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace kiosk::install {

// The outcome of one check of one channel. The UI translates the code; the
// English message goes to the log and the staff screen's details.
enum class RefreshCode {
    NotChecked,      // no check yet
    Unchanged,       // 304: the manifest did not change since the last completed check
    UpToDate,        // the manifest's version is the installed one
    OlderOffered,    // the manifest offers an older version than the installed one (left alone)
    Installed,       // a newer version was downloaded and installed
    Cancelled,       // the caller's cancel flag (shutdown); not an error
    // Errors (count towards the back-off):
    BadConfig,       // the configured manifest URL or channel name is not acceptable
    NetworkError,    // no HTTP response: DNS, connection refused, timeout, TLS
    HttpError,       // the manifest request answered something other than 200/304 (404, 500...)
    BadManifest,     // malformed JSON or fields
    ChannelMissing,  // the manifest has no entry for this channel
    NoSpace,         // not enough free space for the download and the install copy
    DownloadFailed,  // the pack or signature download failed (kept for resuming where possible)
    SizeMismatch,    // the downloaded pack's size differs from the manifest (deleted)
    HashMismatch,    // the downloaded pack's sha256 differs from the manifest (deleted)
    InstallRefused,  // the install path refused the pack (signature, key, channel, corrupt); see installCode
    InstallFailed,   // the install path failed for local reasons (busy, disk); the download is kept
    IoError,         // the incoming folder could not be written
};
const char* refreshCodeName(RefreshCode code);                  // "unchanged", "up-to-date", "install-refused", ...
std::optional<RefreshCode> refreshCodeFromName(const std::string& name);
bool isRefreshError(RefreshCode code);                          // BadConfig and after

struct PartialDownload {
    std::string file;          // in <dataDir>/incoming/, "<channel>-<version>.kpack"
    std::int64_t version = 0;
    std::uint64_t size = 0;    // expected, from the manifest
    std::string sha256;        // expected, from the manifest
    std::string etag;          // the pack's ETag (or Last-Modified) when its download started: sent as If-Range
    friend bool operator==(const PartialDownload&, const PartialDownload&) = default;
};

struct RejectedPack {
    std::int64_t version = 0;
    std::string sha256;
    std::string reason;        // the install path's reason, repeated while the manifest offers these bytes
    friend bool operator==(const RejectedPack&, const RejectedPack&) = default;
};

struct RefreshState {
    std::string channel;
    std::string manifestEtag;
    std::string manifestLastModified;
    std::optional<RefreshTime> lastCheck;
    RefreshCode lastCode = RefreshCode::NotChecked;
    std::string lastMessage;
    std::optional<RefreshTime> nextCheck;
    int consecutiveErrors = 0;
    std::int64_t availableVersion = 0;       // the channel's version in the last manifest read (0 = unknown)
    std::optional<PartialDownload> partial;
    std::optional<RejectedPack> rejected;
    friend bool operator==(const RefreshState&, const RefreshState&) = default;
};

// <dataDir>/refresh/<channel>.json
std::filesystem::path refreshStatePath(const std::filesystem::path& dataDir, const std::string& channel);

std::string refreshStateToJson(const RefreshState& state);
// nullopt with `error` set ("not valid JSON: …", "field 'last_code': unknown code 'x'") when the text is not a state.
std::optional<RefreshState> refreshStateFromJson(const std::string& text, std::string& error);

// The saved state of `channel`, or a fresh one (just the channel) when there is
// none or it is broken; then `note` (optional) says why, naming the file
// ("…/refresh/beispiel.json: ignored, starting fresh: not valid JSON: …"); it stays
// empty for a missing file. A state naming another channel counts as broken.
RefreshState loadRefreshState(const std::filesystem::path& dataDir, const std::string& channel,
                              std::string* note = nullptr);

// Creates <dataDir>/refresh/ when needed and replaces the channel's file atomically.
platform::IoStatus saveRefreshState(const std::filesystem::path& dataDir, const RefreshState& state);

} // namespace kiosk::install
