#pragma once
// The kiosk application: SDL2 window (or headless offscreen surface), Dear
// ImGui frame loop, content loading, idle timers and the headless script mode.
//
// Loop order follows Dear ImGui's SDL2 example: poll events -> our input ->
// NewFrame -> draw the current screen -> Render -> present; but frames are
// drawn only when something changed (input, animation, timer, content swap),
// and the loop sleeps in SDL_WaitEventTimeout until the next timer otherwise.
//
// Failure: runKiosk() returns a process exit code. Problems that a visitor
// must never see (bad configuration, missing or refused pack) are logged to
// stderr and listed on the staff screen; the kiosk still shows a friendly
// screen. In script mode a failing step exits non-zero naming the step.
//
// Benchmark mode (environment KIOSK_BENCH=1, used by tools/bench/kiosk-bench.sh)
// prints to stdout: "renderer NAME"; with the first frame "first-frame-ms N"
// (main() to the first SDL_RenderPresent) and "startup-ms renderer A content B
// fonts C frame N" (when each start-up stage ended); at exit "frame-cpu-ms
// median X p99 Y max Z frames N" and the same for the UI part alone
// ("frame-ui-cpu-ms", up to ImGui::Render): thread CPU time of the frames drawn
// during script drags and the flings after them, or of every frame in
// interactive mode. With installs: "install-frame-wall-ms median X p99 Y max Z frames N"
// (wall time of each frame drawn while the installer worked) and "swap-frame-wall-ms X"
// (the frame that switched to the new pack). Headless without --script or --screenshot it exits right
// after the first frame. Off, it costs one branch per frame.

#include "app/soak.h"
#include "install/install_command.h"
#include "kiosk/content/datetime.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::app {

struct AppOptions {
    bool headless = false;
    bool windowed = false;
    int width = 0, height = 0;
    std::filesystem::path config;
    std::filesystem::path pack;              // overrides the configuration
    std::vector<std::string> trustedKeys;    // added to the configuration's
    std::filesystem::path script;            // headless script
    std::optional<content::DateTime> startTime; // wall clock at start (default: now)
    std::filesystem::path screenshot;        // headless without script: save the first frame here
    bool kioskMode = true;                   // --no-kiosk-mode for development
    // When main() began; KIOSK_BENCH=1 prints the time from here to the first frame shown.
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    // `kiosk --install` / `kiosk --recover`: run this instead of the UI (no SDL).
    std::optional<install::InstallCommand> installCommand;
    // `kiosk --headless --soak EVENTS ...`: the soak test instead of a script (app/soak.h).
    SoakOptions soak;
};

int runKiosk(const AppOptions& options);

// Parses the command line; on error or --help, prints and returns an exit code.
struct ParsedCommandLine {
    AppOptions options;
    std::optional<int> exitNow;
};
ParsedCommandLine parseCommandLine(int argc, char** argv);

} // namespace kiosk::app
