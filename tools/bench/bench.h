#pragma once
// kiosk-bench: end-to-end figures for the content pipeline on generated data.
//
//   build   source folder (CSV + JPEG photos) -> buildPack(): time, size, images/s
//   open    ContentStore::open + home screen tiles + first theme list + first search
//   search  typed-prefix queries on a 10,000-entry pack: median / p99 latency
//   verify  verifyPack() throughput against reading the file, sha256sum and
//           in-process hashing of the same file
//
// Everything is generated into a temporary folder that is removed at the end;
// generating (photos especially) is not part of any figure.
//
// Failure: runBench() returns a non-zero exit code and says why on `log`
// (a build with errors, a pack that does not verify). It never throws for
// expected failures; figures already printed stay printed.

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::bench {

struct BenchOptions {
    std::size_t entries = 2000; // build / open / verify pack
    std::size_t photos = 2000;
    int photoWidth = 1600;
    int photoHeight = 1200;
    std::size_t searchEntries = 10000;
    std::size_t queries = 1000;
    int openRuns = 20;
    int verifyRuns = 5;
    std::uint64_t seed = 1;
    bool quick = false; // small sizes for a smoke test (--quick)
    bool json = false;
    bool keep = false;             // keep the temporary folder (and say where it is)
    std::filesystem::path tmpBase; // where the temporary folder goes (default: system temp)
    std::filesystem::path pack;    // an existing pack for open/verify instead of building one
    std::vector<std::string> only; // sections to run; empty: all
};

// Parses argv; on --help or a usage error prints to `err` and returns nullopt
// with `exitCode` set (0 for --help).
std::optional<BenchOptions> parseBenchArgs(int argc, char** argv, std::ostream& err, int& exitCode);

// Runs the selected sections, printing figures to `out` and progress to `log`.
int runBench(const BenchOptions& options, std::ostream& out, std::ostream& log);

} // namespace kiosk::bench
