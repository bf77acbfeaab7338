#include "app.h"

#include "core/config.h"

#include <cstring>
#include <iostream>
#include <string>

namespace kiosk::app {

namespace {

const char* kHelp =
    "Usage: kiosk [options]\n"
    "\n"
    "The Stadtteilkompass touch kiosk. Full screen by default.\n"
    "\n"
    "Options:\n"
    "  --config FILE          configuration (JSON; see docs/kiosk-config.md)\n"
    "  --pack FILE            show this content pack (it must verify against a trusted key)\n"
    "  --trust-pubkey KEY     trust this minisign public key (.pub file or base64 line), repeatable\n"
    "  --windowed             a window instead of full screen (development)\n"
    "  --size WxH             window / headless size, e.g. 1280x800 or 1080x1920\n"
    "  --no-kiosk-mode        allow Escape and Ctrl+Q to quit, show the cursor (development)\n"
    "  --headless             no display: render offscreen with the software renderer\n"
    "  --script FILE          headless: run a script of steps (tap, drag, type, expect-text, screenshot ...)\n"
    "  --screenshot FILE.png  headless without script: save the first screen\n"
    "  --now YYYY-MM-DDTHH:MM start the wall clock at this time (opening hours, events)\n"
    "  --hash-pin PIN         print the hash of a staff PIN for the configuration and exit\n"
    "  -h, --help             this help\n";

} // namespace

ParsedCommandLine parseCommandLine(int argc, char** argv) {
    ParsedCommandLine r;
    AppOptions& o = r.options;
    auto fail = [&](const std::string& msg) {
        std::cerr << "kiosk: " << msg << "\n(see 'kiosk --help')\n";
        r.exitNow = 2;
        return r;
    };
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        if (a == "-h" || a == "--help") {
            std::cout << kHelp;
            r.exitNow = 0;
            return r;
        } else if (a == "--windowed") {
            o.windowed = true;
        } else if (a == "--headless") {
            o.headless = true;
        } else if (a == "--no-kiosk-mode") {
            o.kioskMode = false;
        } else if (a == "--config" || a == "--pack" || a == "--script" || a == "--screenshot" || a == "--size" ||
                   a == "--now" || a == "--trust-pubkey" || a == "--hash-pin") {
            const char* v = value();
            if (!v) return fail("option " + a + " needs a value");
            if (a == "--config") o.config = v;
            else if (a == "--pack") o.pack = v;
            else if (a == "--script") o.script = v;
            else if (a == "--screenshot") o.screenshot = v;
            else if (a == "--trust-pubkey") o.trustedKeys.push_back(v);
            else if (a == "--hash-pin") {
                const std::string pin = v;
                if (pin.size() < 4 || pin.find_first_not_of("0123456789") != std::string::npos)
                    return fail("a staff PIN has at least 4 digits and only digits");
                std::cout << core::hashPin(pin) << '\n';
                r.exitNow = 0;
                return r;
            } else if (a == "--now") {
                auto t = content::parseDateTime(v);
                if (!t) return fail(std::string("--now: not a date and time: ") + v);
                o.startTime = *t;
            } else {
                int w = 0, h = 0;
                if (std::sscanf(v, "%dx%d", &w, &h) != 2 || w < 320 || h < 240 || w > 8192 || h > 8192)
                    return fail(std::string("--size: expected WxH like 1280x800, not ") + v);
                o.width = w;
                o.height = h;
            }
        } else {
            return fail("unknown option '" + a + "'");
        }
    }
    if (!o.script.empty() && !o.headless) return fail("--script needs --headless");
    return r;
}

} // namespace kiosk::app
