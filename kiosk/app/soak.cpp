#include "app/soak.h"

#include "kiosk/content/minisign.h"
#include "kiosk/content/verify.h"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <ostream>

namespace kiosk::app {

ProcessSample sampleProcess() {
    ProcessSample s;
    // statm: size resident shared ... in pages; one small read, cheap enough for every sample.
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
        long long size = 0, resident = 0;
        if (std::fscanf(f, "%lld %lld", &size, &resident) == 2)
            s.rssKiB = resident * (sysconf(_SC_PAGESIZE) / 1024);
        std::fclose(f);
    }
    if (DIR* d = opendir("/proc/self/fd")) {
        int n = 0;
        while (const dirent* e = readdir(d))
            if (e->d_name[0] != '.') ++n;
        s.fds = n - 1; // the directory stream's own descriptor is not the kiosk's
        closedir(d);
    }
    return s;
}

namespace {

struct Sample {
    long long events = 0;
    double seconds = 0;
    ProcessSample process;
    std::string screen;
};

std::vector<content::minisign::PublicKey> loadKeys(const std::vector<std::string>& keys) {
    std::vector<content::minisign::PublicKey> out;
    for (const auto& k : keys) {
        std::error_code ec;
        auto key = std::filesystem::is_regular_file(k, ec) ? content::minisign::PublicKey::load(k)
                                                             : content::minisign::PublicKey::parse(k);
        if (key) out.push_back(*key);
    }
    return out;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif

} // namespace

int runSoak(SoakHost& host, const SoakOptions& options, std::ostream& out) {
    if (options.events <= 0) {
        out << "soak: nothing to do (0 events)\n";
        return 2;
    }
    // Both packs are checked like an install checks them, and must be of one channel: the app's
    // swap replaces the shown channel's pack, a second channel would be shown beside it instead.
    const std::filesystem::path packs[2] = {host.shownPack(), options.otherPack};
    const bool swapping = options.swapEvery > 0;
    content::VerifyOptions vo;
    vo.trustedKeys = loadKeys(host.trustedKeys());
    if (swapping) {
        if (options.otherPack.empty() || packs[0].empty()) {
            out << "soak: --soak-swap-every needs --pack and --soak-pack (the two packs to alternate)\n";
            return 2;
        }
        std::string channel[2];
        for (int i = 0; i < 2; ++i) {
            const auto vr = content::verifyPack(packs[i], vo);
            if (!vr.ok() || !vr.info) {
                out << "soak: pack refused: " << packs[i].string() << ": " << vr.report.toString() << '\n';
                return 2;
            }
            channel[i] = vr.info->channel;
        }
        if (channel[0] != channel[1]) {
            out << "soak: the two packs must be of one channel (" << channel[0] << ", " << channel[1] << ")\n";
            return 2;
        }
    }
    const long long reportEvery =
        options.reportEvery > 0 ? options.reportEvery : std::max<long long>(100, options.events / 200);
    // Warm-up: 10% of the run, and at least until the first pack is shown again after two swaps.
    long long warmup = std::max<long long>(1, options.events / 10);
    if (swapping && 2 * options.swapEvery < options.events) warmup = std::max(warmup, 2 * options.swapEvery);

    std::ofstream csv;
    if (!options.reportFile.empty()) {
        csv.open(options.reportFile, std::ios::trunc);
        if (!csv) {
            out << "soak: cannot write " << options.reportFile.string() << '\n';
            return 2;
        }
        csv << "events,seconds,rss_kib,fds,screen\n";
    }

    const auto started = std::chrono::steady_clock::now();
    std::vector<Sample> samples;
    samples.reserve(static_cast<std::size_t>(options.events / reportEvery + 2));
    auto record = [&](long long events) {
        Sample s;
        s.events = events;
        s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        s.process = sampleProcess();
        s.screen = host.screenName();
        out << "soak events " << s.events << " rss-kib " << s.process.rssKiB << " fds " << s.process.fds << " screen "
            << s.screen << '\n'
            << std::flush;
        if (csv) csv << s.events << ',' << s.seconds << ',' << s.process.rssKiB << ',' << s.process.fds << ',' << s.screen
                     << '\n' << std::flush; // a run stopped early keeps its samples
        samples.push_back(std::move(s));
    };

    out << "soak seed " << options.seed << " events " << options.events << " swap-every " << options.swapEvery
        << " report-every " << reportEvery << " warmup-events " << warmup << '\n';
    record(0);
    core::SoakGenerator generator(options.seed, options.swapEvery);
    core::SoakView view;
    int shown = 0, swaps = 0, failedSwaps = 0;
    std::map<std::string, long long> screens; // where each event left the kiosk: did the run go deep?
    for (long long n = 1; n <= options.events; ++n) {
        if (host.stopRequested()) {
            out << "soak: stopped by a signal after " << (n - 1) << " events, no summary" << std::endl;
            return 1;
        }
        host.view(view);
        const core::SoakEvent e = generator.next(view);
        if (e.kind == core::SoakEvent::Kind::SwapPack) {
            // Verified again each time, as the installer does before every swap.
            const auto& next = packs[1 - shown];
            const auto vr = content::verifyPack(next, vo);
            if (vr.ok() && host.swapPack(next)) {
                shown = 1 - shown;
                ++swaps;
            } else {
                ++failedSwaps;
                out << "soak: swap to " << next.string() << " failed at event " << n << '\n';
            }
        } else {
            host.perform(e);
        }
        ++screens[host.screenName()];
        if (n % reportEvery == 0 || n == options.events) record(n);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    // The summary (see soak.h): peaks of the warm-up window and of a final window as long.
    long long warmupRss = 0, finalRss = 0;
    int warmupFds = samples.front().process.fds, maxFds = 0;
    for (const auto& s : samples) {
        if (s.events <= warmup) {
            warmupRss = std::max(warmupRss, s.process.rssKiB);
            warmupFds = s.process.fds; // the count as the warm-up ends
        } else {
            maxFds = std::max(maxFds, s.process.fds);
        }
        if (s.events >= options.events - warmup) finalRss = std::max(finalRss, s.process.rssKiB);
    }
    const long long growth = finalRss - warmupRss;
    const auto& last = samples.back();
    const char* rssCheck = options.maxRssGrowthKiB <= 0 ? "off" : kAddressSanitizer ? "skipped" : "on";
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.0f", seconds > 0 ? static_cast<double>(options.events) / seconds : 0.0);
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.1f", seconds);
    out << "soak-summary events " << options.events << " seconds " << secs << " events-per-s " << rate
        << " warmup-events " << warmup << " warmup-rss-kib " << warmupRss << " final-rss-kib " << finalRss
        << " growth-kib " << growth << " end-rss-kib " << last.process.rssKiB << " start-fds "
        << samples.front().process.fds << " warmup-fds " << warmupFds << " max-fds " << maxFds << " end-fds "
        << last.process.fds << " swaps " << swaps << " rss-check " << rssCheck << '\n';
    out << "soak-kinds";
    for (std::size_t k = 0; k < core::SoakEvent::kKinds; ++k)
        out << ' ' << core::soakEventKindName(static_cast<core::SoakEvent::Kind>(k)) << ' ' << generator.counts()[k];
    out << "\nsoak-screens";
    for (const auto& [name, count] : screens) out << ' ' << name << ' ' << count;
    out << '\n';

    int rc = 0;
    if (maxFds > warmupFds) {
        out << "soak: FAIL open descriptors grew after the warm-up: " << warmupFds << " -> " << maxFds << '\n';
        rc = 1;
    }
    if (std::string(rssCheck) == "on" && growth > options.maxRssGrowthKiB) {
        out << "soak: FAIL resident memory grew by " << growth << " KiB after the warm-up (allowed "
            << options.maxRssGrowthKiB << ")\n";
        rc = 1;
    }
    if (std::string(rssCheck) == "skipped")
        out << "soak: RSS bound not checked: AddressSanitizer build (its quarantine keeps freed memory)\n";
    if (failedSwaps > 0) {
        out << "soak: FAIL " << failedSwaps << " pack swaps failed\n";
        rc = 1;
    }
    out << std::flush;
    return rc;
}

} // namespace kiosk::app
