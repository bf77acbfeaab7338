#include "app/app.h"

#include <chrono>

int main(int argc, char** argv) {
    // Taken before anything else, so KIOSK_BENCH's first-frame time covers all that main() does.
    const auto started = std::chrono::steady_clock::now();
    auto parsed = kiosk::app::parseCommandLine(argc, argv);
    if (parsed.exitNow) return *parsed.exitNow;
    // Staff install/recover/refresh over ssh: no SDL, no window.
    if (parsed.options.installCommand) return kiosk::install::runInstallCommand(*parsed.options.installCommand);
    parsed.options.started = started;
    return kiosk::app::runKiosk(parsed.options);
}
