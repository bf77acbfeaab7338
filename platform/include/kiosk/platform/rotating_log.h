#pragma once
// The kiosk's log file: installs, refusals and errors, one line each,
// "2026-11-21 10:15:02 install: beispiel v5 installed (142 entries)".
// The file rotates by size (kiosk.log -> kiosk.log.1 -> ... -> kiosk.log.<keep>),
// so an SD card never fills with logs. Lines are appended with O_APPEND and one
// write() each, then fdatasync'ed, so a power cut loses at most the line being
// written (a torn last line is ended before the next one is appended). That
// costs a few ms per line (6 ms measured on a VM disk; more on SD cards):
// write from a worker, not from the frame loop.
// A newline inside a message becomes " | " and other control characters a
// space, so one call is always one line; lines are capped at ~2000 bytes.
//
// Failure: a log that cannot be written is not an error for the kiosk: write()
// returns false and the line still reaches stderr.
// Thread safety: all methods may be called from any thread (internal mutex).

#include <cstddef>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::platform {

class RotatingLog {
public:
    // `file` e.g. <dataDir>/kiosk.log (its folder must exist); rotates before
    // a line would take it past maxBytes, keeping `keep` old files (0 = none).
    explicit RotatingLog(std::filesystem::path file, std::size_t maxBytes = 256 * 1024, int keep = 3);

    // Appends "YYYY-MM-DD HH:MM:SS <category>: <message>" (local time) and echoes it to stderr.
    bool write(std::string_view category, std::string_view message);

    // The last n lines across the current and rotated files, oldest first
    // (empty when there is no log yet). Reads backwards: cheap for n = 50.
    std::vector<std::string> tail(std::size_t n) const;

    const std::filesystem::path& file() const { return m_file; }

private:
    std::filesystem::path m_file;
    std::size_t m_maxBytes;
    int m_keep;
    mutable std::mutex m_mutex;
};

} // namespace kiosk::platform
