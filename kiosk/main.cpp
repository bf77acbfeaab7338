#include "app/app.h"

int main(int argc, char** argv) {
    auto parsed = kiosk::app::parseCommandLine(argc, argv);
    if (parsed.exitNow) return *parsed.exitNow;
    return kiosk::app::runKiosk(parsed.options);
}
