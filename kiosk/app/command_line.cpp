#include "app.h"

#include "core/config.h"

#include <algorithm>
#include <cstdlib>
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
    "  -h, --help             this help\n"
    "\n"
    "Soak test (headless; see docs/soak.md):\n"
    "  --soak EVENTS          a seeded random visitor taps, drags, types and waits for EVENTS events,\n"
    "                         printing RSS and open descriptors as it goes and a summary at the end\n"
    "  --seed N               the random visitor's seed (default 1): the same seed replays the same run\n"
    "  --soak-pack FILE       a second pack of the same channel, swapped with --pack ...\n"
    "  --soak-swap-every K    ... every K events, through the app's content swap\n"
    "  --soak-report FILE.csv the samples as CSV;  --soak-report-every N  sample every N events\n"
    "  --soak-render-every N  render (pixels) every N-th frame only, default 4 (ImGui sees every frame)\n"
    "  --soak-max-rss-growth-kib N  exit 1 if RSS grew more than N KiB after the warm-up\n"
    "                         (not checked in AddressSanitizer builds); growing descriptors always fail\n"
    "\n"
    "Installing content packs (staff, over ssh; no display needed; see docs/install.md):\n"
    "  kiosk --install PACK [--sig FILE] --data-dir DIR --trust-pubkey KEY... [--channel C...] [--allow-older]\n"
    "  kiosk --recover --data-dir DIR --trust-pubkey KEY...\n"
    "  --allow-older          install a pack that is not newer than the installed one (staff decision)\n"
    "  --lock-wait SECONDS    wait this long for another install to finish (default 30)\n"
    "  Exit: 0 installed/recovered, 1 refused or failed (reason on stderr), 2 usage.\n"
    "\n"
    "Web refresh, one check now (staff over ssh, benchmarks; see docs/web-refresh.md):\n"
    "  kiosk --refresh URL --channel C --data-dir DIR --trust-pubkey KEY... [--max-kbps N] [--verbose]\n"
    "  URL is the channel's manifest.json. Prints\n"
    "  '<code> installed=<v> available=<v> bytes=<body bytes> resumed=<0|1> ms=<wall>'\n"
    "  and the reason on stderr. --max-kbps caps the download (kbit/s); --verbose prints every step.\n"
    "  Exit: 0 unchanged/up-to-date/installed/older-offered, 1 error or cancelled, 2 usage.\n";

} // namespace

ParsedCommandLine parseCommandLine(int argc, char** argv) {
    ParsedCommandLine r;
    AppOptions& o = r.options;
    auto fail = [&](const std::string& msg) {
        std::cerr << "kiosk: " << msg << "\n(see 'kiosk --help')\n";
        r.exitNow = 2;
        return r;
    };
    bool recoverSeen = false, refreshSeen = false, maxKbpsSeen = false;
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
        } else if (a == "--install" || a == "--sig" || a == "--data-dir" || a == "--channel" ||
                   a == "--lock-wait" || a == "--refresh" || a == "--max-kbps") {
            const char* v = value();
            if (!v) return fail("option " + a + " needs a value");
            if (!o.installCommand) o.installCommand.emplace();
            auto& ic = *o.installCommand;
            if (a == "--install") {
                ic.verb = install::InstallCommand::Verb::Install;
                ic.pack = v;
            } else if (a == "--refresh") {
                ic.verb = install::InstallCommand::Verb::Refresh;
                ic.manifestUrl = v;
                refreshSeen = true;
            } else if (a == "--max-kbps") {
                char* end = nullptr;
                const long long k = std::strtoll(v, &end, 10);
                if (!end || *end || !*v || k < 0 || k > 1'000'000)
                    return fail(std::string("--max-kbps: not a number of kbit/s (0 to 1000000): ") + v);
                ic.maxKbps = static_cast<std::uint64_t>(k);
                maxKbpsSeen = true;
            } else if (a == "--sig") ic.signature = std::filesystem::path(v);
            else if (a == "--data-dir") ic.dataDir = v;
            else if (a == "--channel") ic.channels.push_back(v);
            else {
                char* end = nullptr;
                const long s = std::strtol(v, &end, 10);
                if (!end || *end || s < 0 || s > 3600) return fail(std::string("--lock-wait: not a number of seconds: ") + v);
                ic.lockWaitSeconds = static_cast<int>(s);
            }
        } else if (a == "--recover" || a == "--allow-older" || a == "--verbose") {
            if (!o.installCommand) o.installCommand.emplace();
            if (a == "--recover") {
                o.installCommand->verb = install::InstallCommand::Verb::Recover;
                recoverSeen = true;
            } else if (a == "--verbose") o.installCommand->verbose = true;
            else o.installCommand->allowOlder = true;
        } else if (a == "--soak" || a == "--seed" || a == "--soak-swap-every" || a == "--soak-report-every" ||
                   a == "--soak-max-rss-growth-kib" || a == "--soak-render-every") {
            const char* v = value();
            if (!v) return fail("option " + a + " needs a value");
            char* end = nullptr;
            const long long n = std::strtoll(v, &end, 10);
            if (!end || *end || !*v || n < 0 || (a == "--soak" && n == 0))
                return fail("option " + a + ": not a positive number: " + v);
            if (a == "--soak") o.soak.events = n;
            else if (a == "--seed") o.soak.seed = static_cast<std::uint64_t>(n);
            else if (a == "--soak-swap-every") o.soak.swapEvery = n;
            else if (a == "--soak-report-every") o.soak.reportEvery = n;
            else if (a == "--soak-render-every") o.soak.renderEvery = static_cast<int>(std::clamp<long long>(n, 1, 1000));
            else o.soak.maxRssGrowthKiB = n;
        } else if (a == "--soak-pack" || a == "--soak-report") {
            const char* v = value();
            if (!v) return fail("option " + a + " needs a value");
            if (a == "--soak-pack") o.soak.otherPack = v;
            else o.soak.reportFile = v;
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
    if (o.soak.events > 0 && (!o.headless || !o.script.empty())) return fail("--soak needs --headless and no --script");
    if (o.soak.events == 0 && (o.soak.swapEvery || !o.soak.otherPack.empty() || !o.soak.reportFile.empty()))
        return fail("--soak-pack, --soak-swap-every and --soak-report belong to --soak EVENTS");
    if (o.installCommand) {
        auto& ic = *o.installCommand;
        if (int(recoverSeen) + int(refreshSeen) + int(!ic.pack.empty()) > 1)
            return fail("--install, --recover and --refresh cannot be combined");
        if (!recoverSeen && !refreshSeen && ic.pack.empty())
            return fail("--sig, --data-dir, --channel, --allow-older, --lock-wait, --max-kbps and --verbose belong to "
                        "--install, --recover or --refresh");
        if (refreshSeen) {
            if (ic.channels.size() != 1) return fail("--refresh needs exactly one --channel C (the channel to check)");
            if (ic.signature || ic.allowOlder) return fail("--sig and --allow-older belong to --install, not --refresh");
        } else if (maxKbpsSeen || ic.verbose) {
            return fail("--max-kbps and --verbose belong to --refresh");
        }
        if (ic.dataDir.empty()) return fail("--install, --recover and --refresh need --data-dir DIR");
        if (o.trustedKeys.empty()) return fail("--install, --recover and --refresh need at least one --trust-pubkey KEY");
        if (o.headless || o.windowed || !o.script.empty() || !o.pack.empty() || !o.config.empty())
            return fail("--install, --recover and --refresh do not start the kiosk: drop the display options");
        ic.trustedKeys = o.trustedKeys;
    }
    return r;
}

} // namespace kiosk::app
