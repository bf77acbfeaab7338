#include "bench.h"

#include "corpus.h"
#include "measure.h"

#include "kiosk/content/hashing.h"
#include "kiosk/content/minisign.h"
#include "kiosk/content/pack_builder.h"
#include "kiosk/content/pack_writer.h"
#include "kiosk/content/store.h"
#include "kiosk/content/verify.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <ostream>
#include <thread>

namespace kiosk::bench {

using namespace kiosk::content;

namespace {

constexpr double kMB = 1e6; // sizes and throughputs in decimal megabytes, as `ls -l --si` and dd print them

const char* const kUsage = "usage: kiosk-bench [options]\n"
                           "  Generates content into a temporary folder and measures the pack pipeline.\n"
                           "  --entries N        entries in the built pack (default 2000)\n"
                           "  --photos N         photos in the built pack (default 2000)\n"
                           "  --photo-size WxH   size of the generated photos (default 1600x1200)\n"
                           "  --search-entries N entries in the search pack (default 10000)\n"
                           "  --queries N        search queries (default 1000)\n"
                           "  --open-runs N      repetitions of open + first query (default 20)\n"
                           "  --verify-runs N    repetitions of each verify/hash measurement (default 5)\n"
                           "  --seed N           content seed (default 1)\n"
                           "  --only LIST        comma-separated sections: build,open,search,verify (default all)\n"
                           "  --tmpdir DIR       where the temporary work folder goes (default: system temp)\n"
                           "  --pack FILE        use this pack for open and verify instead of building one\n"
                           "                     (it is only read; the signature goes to the temporary folder)\n"
                           "  --quick            small sizes, a few seconds: a smoke test\n"
                           "  --json             print one JSON object instead of text lines\n"
                           "  --keep             keep the temporary folder (packs, signature) for inspection\n";

bool parseCount(std::string_view text, std::size_t& out) {
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && p == text.data() + text.size();
}

bool parseSize(std::string_view text, int& w, int& h) {
    const auto x = text.find('x');
    if (x == std::string_view::npos) return false;
    auto [p1, e1] = std::from_chars(text.data(), text.data() + x, w);
    auto [p2, e2] = std::from_chars(text.data() + x + 1, text.data() + text.size(), h);
    return e1 == std::errc() && e2 == std::errc() && p1 == text.data() + x && p2 == text.data() + text.size() &&
           w > 0 && h > 0 && w <= 8000 && h <= 8000;
}

std::uint64_t fileSize(const std::filesystem::path& p) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(p, ec);
    return ec ? 0 : n;
}

// Reads the whole file and throws the bytes away: the floor any pass over the file costs
// (cat > /dev/null with cat's 128 KiB buffer).
bool readFileOnce(const std::filesystem::path& p) {
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    std::vector<char> buf(128 * 1024);
    ssize_t n = 0;
    while ((n = ::read(fd, buf.data(), buf.size())) > 0) {
    }
    ::close(fd);
    return n == 0;
}

// The real coreutils sha256sum as a separate process, as an administrator would check a file.
std::optional<std::string> runSha256sum(const std::filesystem::path& p) {
    std::string quoted = "'";
    for (char c : p.string()) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    quoted += "'";
    FILE* pipe = ::popen(("/usr/bin/sha256sum -- " + quoted).c_str(), "r");
    if (!pipe) return std::nullopt;
    std::string output;
    char buf[256];
    while (std::fgets(buf, sizeof buf, pipe)) output += buf;
    if (::pclose(pipe) != 0 || output.size() < 64) return std::nullopt;
    return output.substr(0, 64);
}

// Asks the kernel to forget the file's cached pages, so the next read comes from
// the disk: what a kiosk sees right after booting. Needs the pages written back
// first (dirty pages cannot be dropped).
void dropFromPageCache(const std::filesystem::path& p) {
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
}

// Fraction of the file's pages in the page cache (mincore), to say how cold "cold" was.
double residentFraction(const std::filesystem::path& p) {
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size == 0) {
        ::close(fd);
        return -1;
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) return -1;
    const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    std::vector<unsigned char> vec((size + page - 1) / page);
    double frac = -1;
    if (::mincore(map, size, vec.data()) == 0)
        frac = static_cast<double>(std::count_if(vec.begin(), vec.end(), [](unsigned char v) { return v & 1; })) /
               static_cast<double>(vec.size());
    ::munmap(map, size);
    return frac;
}

std::string verdict(bool met) {
    return met ? "target met" : "TARGET MISSED";
}

// ---------------------------------------------------------------------------

struct BuiltPack {
    std::filesystem::path path;
    PackInfo info;
    std::filesystem::path signature; // where verify writes and reads the .minisig
};

// --pack: an existing pack is measured as it is; the build is skipped.
std::optional<BuiltPack> existingPack(const std::filesystem::path& pack, const std::filesystem::path& work,
                                      Figures& fig, std::ostream& log) {
    auto store = ContentStore::open(pack);
    if (!store) {
        log << "error: " << store.error().toString() << '\n';
        return std::nullopt;
    }
    BuiltPack p{pack, (*store)->info(), work / (pack.filename().string() + ".minisig")};
    fig.note("using " + pack.string() + " (" + std::to_string(p.info.entryCount) + " entries, " +
             std::to_string(p.info.imageCount) + " images) instead of building a pack");
    return p;
}

std::optional<BuiltPack> benchBuild(const BenchOptions& o, const std::filesystem::path& work, Figures& fig,
                                    std::ostream& log) {
    const Date today = nowLocal().date;
    const PackContent content = generateContent({o.entries, o.photos, o.seed, today});

    // The pipeline must scale every photo (that is the work being measured); if
    // the generated photos already fit the kiosk's default 1920x1080, shrink the limit.
    ImageSettings settings;
    if (o.photoWidth <= settings.maxWidth && o.photoHeight <= settings.maxHeight) {
        settings.maxWidth = std::max(1, o.photoWidth * 4 / 5);
        settings.maxHeight = std::max(1, o.photoHeight * 4 / 5);
    }
    const unsigned threads = std::max(1u, std::min(2u, std::thread::hardware_concurrency()));
    log << "build: generating " << o.entries << " entries and " << o.photos << " photos of " << o.photoWidth << "x"
        << o.photoHeight << " (not timed)...\n"
        << std::flush;
    const auto source = work / "source";
    Stopwatch gen;
    auto written = writeSourceFolder(content, source, {o.photoWidth, o.photoHeight, 90}, settings, o.seed, threads);
    if (!written) {
        log << "error: " << written.error().toString() << '\n';
        return std::nullopt;
    }
    log << "build: generated in " << fixed(gen.seconds(), 1) << " s; building...\n" << std::flush;

    // Phase times from the progress callback: loadSourceWithImages reports each
    // photo, then writePack reports entries and images ("... entries" marks the switch).
    Stopwatch total;
    double lastLoadCallback = 0, firstWriteCallback = -1;
    BuildOptions options;
    options.createdAt = "2026-01-01T00:00:00Z";
    options.source.today = today;
    options.progress = [&](std::string_view phase, std::size_t, std::size_t) {
        if (firstWriteCallback < 0 && phase.find("entries") != std::string_view::npos)
            firstWriteCallback = total.seconds();
        if (firstWriteCallback < 0) lastLoadCallback = total.seconds();
    };
    BuiltPack built;
    built.path = work / "built.kpack";
    CpuStopwatch cpu;
    const BuildResult result = buildPack(source, built.path, options);
    const double seconds = total.seconds();
    const double cpuSeconds = cpu.seconds();
    if (!result.ok()) {
        log << "error: the generated source did not build:\n" << result.report.toString() << '\n';
        return std::nullopt;
    }
    built.info = *result.info;
    built.signature = signaturePathFor(built.path);
    const double packMb = static_cast<double>(fileSize(built.path)) / kMB;

    fig.add("build.entries", static_cast<double>(built.info.entryCount), "");
    fig.add("build.photos", static_cast<double>(built.info.imageCount), "",
            std::to_string(o.photoWidth) + "x" + std::to_string(o.photoHeight) + " JPEG q90 -> fit " +
                std::to_string(settings.maxWidth) + "x" + std::to_string(settings.maxHeight) + " q" +
                std::to_string(settings.jpegQuality));
    fig.add("build.source_photos_mb", static_cast<double>(*written) / kMB, "MB");
    fig.add("build.time_s", seconds, "s", "buildPack(), single run, wall clock");
    fig.add("build.cpu_s", cpuSeconds, "s", "CPU time of the same (one thread); less sensitive to other jobs");
    // Without photos there is no callback before writing starts; the first entry written marks it.
    const double loaded = lastLoadCallback > 0 ? lastLoadCallback : firstWriteCallback;
    if (loaded > 0) {
        fig.add("build.read_images_s", loaded, "s", "readSource + decode/scale/encode photos");
        fig.add("build.write_s", seconds - loaded, "s", "writePack incl. FTS optimize");
    }
    fig.add("build.pack_mb", packMb, "MB");
    fig.add("build.images_per_s", seconds > 0 ? static_cast<double>(built.info.imageCount) / seconds : 0, "1/s",
            "whole build, wall clock (" +
                fixed(cpuSeconds > 0 ? static_cast<double>(built.info.imageCount) / cpuSeconds : 0, 1) +
                " per CPU second)");
    fig.add("build.warnings", static_cast<double>(result.report.warningCount()), "",
            "expected: past events, expired entries, stale 'checked' dates");

    // The photos are not needed any more; free the space before the other sections.
    std::error_code ec;
    std::filesystem::remove_all(source, ec);
    return built;
}

// ---------------------------------------------------------------------------

void benchOpen(const BenchOptions& o, const BuiltPack& pack, Figures& fig, std::ostream& log) {
    log << "open: " << o.openRuns << " runs of open + tiles + first theme list + first search...\n" << std::flush;
    struct Sample {
        double open, list, search, total;
    };
    auto once = [&](Sample& s) {
        const DateTime now = nowLocal();
        Stopwatch t;
        auto store = ContentStore::open(pack.path);
        if (!store) return false;
        s.open = t.ms();
        // The home screen: a badge per theme tile, then the first theme's list.
        std::size_t seen = 0;
        for (const auto& theme : (*store)->themes()) seen += (*store)->countInTheme(theme.id, now);
        EntryFilter filter;
        filter.theme = (*store)->themes().front().id;
        seen += (*store)->entries(filter, now).size();
        s.list = t.ms() - s.open;
        seen += (*store)->search("kita", "de", 50, now).size();
        s.total = t.ms();
        s.search = s.total - s.open - s.list;
        return seen > 0;
    };

    std::vector<double> open, list, search, total;
    for (int r = 0; r < o.openRuns; ++r) {
        Sample s{};
        if (!once(s)) {
            log << "error: the built pack cannot be opened or is empty\n";
            return;
        }
        open.push_back(s.open);
        list.push_back(s.list);
        search.push_back(s.search);
        total.push_back(s.total);
    }
    const Stats tot = summarize(total);
    fig.add("open.total_ms", tot.median, "ms",
            "median of " + std::to_string(o.openRuns) + ", page cache warm (max " + fixed(tot.max, 1) + ")");
    fig.add("open.open_ms", summarize(open).median, "ms", "ContentStore::open (loads all entries)");
    fig.add("open.theme_list_ms", summarize(list).median, "ms", "countInTheme x themes + entries(theme)");
    fig.add("open.first_search_ms", summarize(search).median, "ms", "search(\"kita\") right after open");

    // Cold: the pack's pages dropped from the page cache before each run.
    const int coldRuns = std::max(1, std::min(o.openRuns, 5));
    std::vector<double> cold;
    double resident = 0;
    for (int r = 0; r < coldRuns; ++r) {
        dropFromPageCache(pack.path);
        resident = std::max(resident, residentFraction(pack.path));
        Sample s{};
        if (!once(s)) return;
        cold.push_back(s.total);
    }
    fig.add("open.cold_total_ms", summarize(cold).median, "ms",
            "median of " + std::to_string(coldRuns) + " after posix_fadvise(DONTNEED); " + fixed(resident * 100, 0) +
                "% of the pack still cached");
}

// ---------------------------------------------------------------------------

void benchSearch(const BenchOptions& o, const std::filesystem::path& work, Figures& fig, std::ostream& log) {
    log << "search: writing a pack of " << o.searchEntries << " entries...\n" << std::flush;
    const Date today = nowLocal().date;
    const PackContent content = generateContent({o.searchEntries, 0, o.seed + 1, today});
    const auto path = work / "search.kpack";
    Stopwatch write;
    if (auto st = writePack(content, path); !st) {
        log << "error: " << st.error().toString() << '\n';
        return;
    }
    const double writeS = write.seconds();
    auto store = ContentStore::open(path);
    if (!store) {
        log << "error: " << store.error().toString() << '\n';
        return;
    }

    const auto queries = typedQueries(o.queries, o.seed);
    log << "search: " << queries.size() << " typed queries...\n" << std::flush;
    const DateTime now = nowLocal();
    std::vector<double> all, oneChar, twoChars, longer, cpu;
    double hits = 0;
    for (const auto& q : queries) {
        Stopwatch t;
        CpuStopwatch c;
        const auto found = (*store)->search(q, "de", 50, now);
        const double ms = t.ms();
        cpu.push_back(c.ms());
        hits += static_cast<double>(found.size());
        all.push_back(ms);
        const std::size_t len = queryLength(q);
        (len <= 1 ? oneChar : len == 2 ? twoChars : longer).push_back(ms);
    }
    const Stats s = summarize(all), s1 = summarize(oneChar), s2 = summarize(twoChars), s3 = summarize(longer);
    fig.add("search.entries", static_cast<double>(content.entries.size()), "");
    fig.add("search.pack_mb", static_cast<double>(fileSize(path)) / kMB, "MB",
            "written by writePack() in " + fixed(writeS, 1) + " s");
    fig.add("search.queries", static_cast<double>(s.count), "", "typed key by key, limit 50, lang de, with now");
    fig.add("search.median_ms", s.median, "ms");
    fig.add("search.p90_ms", s.p90, "ms");
    fig.add("search.p99_ms", s.p99, "ms", "target < 2 ms: " + verdict(s.p99 < 2.0));
    fig.add("search.max_ms", s.max, "ms");
    const Stats sc = summarize(cpu);
    fig.add("search.p99_cpu_ms", sc.p99, "ms",
            "thread CPU time per query (median " + fixed(sc.median, 2) + " ms): without time lost to other jobs");
    fig.add("search.p99_1char_ms", s1.p99, "ms",
            std::to_string(s1.count) + " one-character queries, median " + fixed(s1.median, 2) + " ms");
    fig.add("search.p99_2char_ms", s2.p99, "ms",
            std::to_string(s2.count) + " queries, median " + fixed(s2.median, 2) + " ms");
    fig.add("search.p99_3plus_ms", s3.p99, "ms",
            std::to_string(s3.count) + " queries, median " + fixed(s3.median, 2) + " ms");
    fig.add("search.mean_hits", s.count ? hits / static_cast<double>(s.count) : 0, "");
}

// ---------------------------------------------------------------------------

bool benchVerify(const BenchOptions& o, const BuiltPack& pack, Figures& fig, std::ostream& log) {
    log << "verify: signing and " << o.verifyRuns << " rounds of verify / read / sha256sum / sha256 / blake2b...\n"
        << std::flush;
    auto keys = minisign::generateKeyPair();
    if (!keys) {
        log << "error: " << keys.error().toString() << '\n';
        return false;
    }
    auto sig =
        minisign::signFile(pack.path, keys->secretKey, formatTrustedComment(pack.info, pack.path.filename().string()));
    if (!sig) {
        log << "error: " << sig.error().toString() << '\n';
        return false;
    }
    {
        std::ofstream out(pack.signature, std::ios::binary);
        out << sig->fileText();
    }
    VerifyOptions vo;
    vo.trustedKeys = {keys->publicKey};
    vo.signature = pack.signature;

    const bool haveSha256sum = ::access("/usr/bin/sha256sum", X_OK) == 0;
    const double mb = static_cast<double>(fileSize(pack.path)) / kMB;
    readFileOnce(pack.path); // everything below runs with the file in the page cache

    // Interleaved rounds, so that noise from other jobs on the machine hits every method alike.
    std::vector<double> verify, read, sha256sum, sha256, blake2b;
    for (int r = 0; r < o.verifyRuns; ++r) {
        Stopwatch t;
        const VerifyResult vr = verifyPack(pack.path, vo);
        verify.push_back(t.seconds());
        if (!vr.ok()) {
            log << "error: the signed pack does not verify:\n" << vr.report.toString() << '\n';
            return false;
        }
        Stopwatch tr;
        readFileOnce(pack.path);
        read.push_back(tr.seconds());
        std::optional<std::string> coreutils;
        if (haveSha256sum) {
            Stopwatch ts;
            coreutils = runSha256sum(pack.path);
            sha256sum.push_back(ts.seconds());
        }
        Stopwatch th;
        const auto own = sha256FileHex(pack.path);
        sha256.push_back(th.seconds());
        if (coreutils && own && *coreutils != *own) {
            log << "error: sha256sum and sha256FileHex disagree\n";
            return false;
        }
        Stopwatch tb;
        (void)minisign::blake2b512File(pack.path);
        blake2b.push_back(tb.seconds());
    }
    const double v = summarize(verify).median, rd = summarize(read).median, s256 = summarize(sha256).median,
                 b2 = summarize(blake2b).median;
    const std::string runs = "median of " + std::to_string(o.verifyRuns) + ", page cache warm";
    fig.add("verify.pack_mb", mb, "MB");
    fig.add("verify.time_s", v, "s", runs);
    fig.add("verify.mb_per_s", mb / v, "MB/s", "verifyPack(): signature + quick_check + schema + metadata");
    fig.add("read.mb_per_s", mb / rd, "MB/s", "read() into a 128 KiB buffer (cat > /dev/null)");
    if (!sha256sum.empty())
        fig.add("sha256sum.mb_per_s", mb / summarize(sha256sum).median, "MB/s", "/usr/bin/sha256sum via popen");
    fig.add("sha256_inproc.mb_per_s", mb / s256, "MB/s", "sha256FileHex() (libsodium)");
    fig.add("blake2b.mb_per_s", mb / b2, "MB/s", "minisign::blake2b512File(): verify's own hash pass");
    fig.add("verify.after_hash_s", std::max(0.0, v - b2), "s", "verify minus its hash pass: SQLite checks and loading");
    if (!sha256sum.empty()) {
        const double ratio = v / summarize(sha256sum).median;
        fig.add("verify.ratio_sha256sum", ratio, "x",
                "verify_time / sha256sum_time; target <= 1.5: " + verdict(ratio <= 1.5));
    } else {
        fig.note("/usr/bin/sha256sum not found; ratio against it skipped");
    }
    fig.add("verify.ratio_read_sha256", v / (rd + s256), "x", "verify_time / (read + in-process sha256)");
    fig.add("verify.ratio_own_hash", v / b2, "x", "verify_time / its BLAKE2b pass alone: what the SQLite checks add");
    return true;
}

} // namespace

std::optional<BenchOptions> parseBenchArgs(int argc, char** argv, std::ostream& err, int& exitCode) {
    BenchOptions o;
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (std::find(args.begin(), args.end(), "--quick") != args.end()) {
        // A smoke test: every section runs, on sizes that take seconds.
        o.quick = true;
        o.entries = 200;
        o.photos = 8;
        o.photoWidth = 800;
        o.photoHeight = 600;
        o.searchEntries = 2000;
        o.queries = 200;
        o.openRuns = 3;
        o.verifyRuns = 2;
    }
    exitCode = 2;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        auto value = [&]() -> std::optional<std::string_view> {
            if (i + 1 >= args.size()) return std::nullopt;
            return args[++i];
        };
        auto count = [&](std::size_t& out, std::size_t min) {
            auto v = value();
            std::size_t n = 0;
            if (!v || !parseCount(*v, n) || n < min) {
                err << "error: " << a << " needs a whole number >= " << min << "\n" << kUsage;
                return false;
            }
            out = n;
            return true;
        };
        auto runs = [&](int& out) {
            std::size_t n = 0;
            if (!count(n, 1)) return false;
            out = static_cast<int>(std::min<std::size_t>(n, 10000));
            return true;
        };
        if (a == "--help" || a == "-h") {
            err << kUsage;
            exitCode = 0;
            return std::nullopt;
        } else if (a == "--quick") {
        } else if (a == "--json") {
            o.json = true;
        } else if (a == "--keep") {
            o.keep = true;
        } else if (a == "--entries") {
            if (!count(o.entries, 1)) return std::nullopt;
        } else if (a == "--photos") {
            if (!count(o.photos, 0)) return std::nullopt;
        } else if (a == "--search-entries") {
            if (!count(o.searchEntries, 1)) return std::nullopt;
        } else if (a == "--queries") {
            if (!count(o.queries, 1)) return std::nullopt;
        } else if (a == "--open-runs") {
            if (!runs(o.openRuns)) return std::nullopt;
        } else if (a == "--verify-runs") {
            if (!runs(o.verifyRuns)) return std::nullopt;
        } else if (a == "--seed") {
            std::size_t n = 0;
            if (!count(n, 0)) return std::nullopt;
            o.seed = n;
        } else if (a == "--photo-size") {
            auto v = value();
            if (!v || !parseSize(*v, o.photoWidth, o.photoHeight)) {
                err << "error: --photo-size needs WIDTHxHEIGHT, e.g. 1600x1200\n" << kUsage;
                return std::nullopt;
            }
        } else if (a == "--tmpdir") {
            auto v = value();
            if (!v) {
                err << "error: --tmpdir needs a folder\n" << kUsage;
                return std::nullopt;
            }
            o.tmpBase = std::string(*v);
        } else if (a == "--pack") {
            auto v = value();
            if (!v) {
                err << "error: --pack needs a .kpack file\n" << kUsage;
                return std::nullopt;
            }
            o.pack = std::string(*v);
        } else if (a == "--only") {
            auto v = value();
            if (!v) {
                err << "error: --only needs a list of sections\n" << kUsage;
                return std::nullopt;
            }
            std::string_view rest = *v;
            while (!rest.empty()) {
                const auto comma = rest.find(',');
                const std::string_view s = rest.substr(0, comma);
                if (s != "build" && s != "open" && s != "search" && s != "verify") {
                    err << "error: unknown section '" << s << "' (build, open, search, verify)\n";
                    return std::nullopt;
                }
                o.only.emplace_back(s);
                rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            }
        } else {
            err << "error: unknown option '" << a << "'\n" << kUsage;
            return std::nullopt;
        }
    }
    exitCode = 0;
    return o;
}

int runBench(const BenchOptions& o, std::ostream& out, std::ostream& log) {
    auto selected = [&](std::string_view s) {
        return o.only.empty() || std::find(o.only.begin(), o.only.end(), s) != o.only.end();
    };
    Figures fig(out, o.json);
    fig.note("kiosk-bench " + std::string(o.quick ? "--quick " : "") + "on " + machineDescription());
    fig.note("times are wall clock; medians unless named otherwise; MB = 10^6 bytes");

    std::optional<TempDir> tmp;
    try {
        tmp.emplace(o.tmpBase);
    } catch (const std::exception& e) {
        log << "error: " << e.what() << '\n';
        return 1;
    }
    if (o.keep) {
        tmp->keep();
        log << "keeping the work folder " << tmp->path().string() << '\n';
    }
    int rc = 0;
    // open and verify need the built (or given) pack.
    if (selected("build") || selected("open") || selected("verify")) {
        auto built =
            o.pack.empty() ? benchBuild(o, tmp->path(), fig, log) : existingPack(o.pack, tmp->path(), fig, log);
        if (!built) return 1;
        if (selected("open")) benchOpen(o, *built, fig, log);
        if (selected("verify") && !benchVerify(o, *built, fig, log)) rc = 1;
    }
    if (selected("search")) benchSearch(o, tmp->path(), fig, log);
    fig.finish();
    return rc;
}

} // namespace kiosk::bench
