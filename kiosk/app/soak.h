#pragma once
// The soak test (`kiosk --headless --soak EVENTS`, docs/soak.md): a seeded random
// visitor (core/soak_events.h) taps, drags, types and lets time pass through the
// headless kiosk for EVENTS events, swapping between two packs every K events
// through the app's own content swap (the path a finished install takes), and
// samples the process's resident memory and open file descriptors as it goes.
//
// Output (stdout): a header line, then every `reportEvery` events
//   "soak events N rss-kib R fds F screen S"
// and at the end one summary line
//   "soak-summary events N seconds T events-per-s E warmup-events W warmup-rss-kib A final-rss-kib B
//    growth-kib G end-rss-kib R start-fds F0 warmup-fds F1 max-fds F2 end-fds F3 swaps S rss-check on|off|skipped"
// followed by "soak-kinds KIND N ..." (events of each kind) and "soak-screens SCREEN N ..."
// (where each event left the kiosk), and "soak: FAIL ..." lines for a failed verdict,
// with the same samples in a CSV file when `reportFile` is set.
//
// Warm-up: the first 10% of the events, and at least up to the second swap (both
// packs shown once and the first one shown again). warmup-rss-kib is the highest RSS
// sampled in the warm-up window; final-rss-kib the highest sampled in the last window
// of the same length. Comparing peaks with peaks compares like with like: the
// texture cache and the screens' state make single samples swing by megabytes.
//
// Verdict (exit code of runSoak): 0 pass; 1 when descriptors grew (max after the
// warm-up above the warm-up's count), when growth-kib exceeds maxRssGrowthKiB
// (> 0; not checked in AddressSanitizer builds, where the allocator's quarantine
// holds freed memory on purpose: detected with __SANITIZE_ADDRESS__), or when a
// pack swap failed; 2 for unusable options. Nothing throws.
//
// Thread safety: UI thread only (it drives the frame loop through SoakHost).

#include "core/soak_events.h"

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace kiosk::app {

struct SoakOptions {
    long long events = 0;                   // 0 = no soak
    std::uint64_t seed = 1;
    long long swapEvery = 0;                // 0 = never swap packs
    std::filesystem::path otherPack;        // the pack alternated with the one shown at start
    long long reportEvery = 0;              // 0 = events / 200 (at least 100)
    std::filesystem::path reportFile;       // CSV of the samples ("" = none)
    long long maxRssGrowthKiB = 0;          // 0 = report only
    int renderEvery = 4;                    // the app renders every N-th frame (ImGui builds all)
};

// Resident set (KiB, from /proc/self/statm) and open descriptors (entries of /proc/self/fd,
// without the one used to list them). -1 when /proc cannot be read.
struct ProcessSample {
    long long rssKiB = -1;
    int fds = -1;
};
ProcessSample sampleProcess();

// What the soak needs from the running kiosk; app.cpp implements it on its frame loop.
class SoakHost {
public:
    virtual ~SoakHost() = default;
    // The tappable elements of the last frame drawn.
    virtual void view(core::SoakView& out) const = 0;
    // home|theme|detail|events|search|filters|pin|staff|attract|night
    virtual std::string screenName() const = 0;
    // Performs the event (never SwapPack). Draws the frames it needs.
    virtual void perform(const core::SoakEvent& event) = 0;
    // Shows `pack` (verified already) through the app's content swap. False if it could not be opened.
    virtual bool swapPack(const std::filesystem::path& pack) = 0;
    // True once the process was asked to stop (SIGTERM, SIGINT, SIGHUP): the run ends early, failed.
    virtual bool stopRequested() const { return false; }
    // The pack shown at start (to alternate with SoakOptions::otherPack).
    virtual std::filesystem::path shownPack() const = 0;
    // The trusted keys (files or base64 lines) each swapped-in pack is verified against first.
    virtual std::vector<std::string> trustedKeys() const = 0;
};

int runSoak(SoakHost& host, const SoakOptions& options, std::ostream& out);

} // namespace kiosk::app
