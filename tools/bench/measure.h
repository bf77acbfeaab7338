#pragma once
// Small measuring helpers for kiosk-bench: a temporary work folder, a
// stopwatch, order statistics and the figures table the tool prints.
//
// Figures are printed as they are measured (a full run takes minutes, and a
// figure seen early is worth more than a pretty table at the end); --json
// collects them and prints one object at the end instead.
//
// Thread safety: none needed; the benchmark runs on one thread (photo
// generation uses its own workers, see corpus.h).

#include <chrono>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace kiosk::bench {

// A fresh folder under `base` (default: the system temp folder), removed with
// everything in it when the object goes away, and also when the process is
// interrupted (Ctrl-C, kill, a closed pipe): a full run leaves about 1 GB there.
// One TempDir at a time per process.
class TempDir {
public:
    explicit TempDir(const std::filesystem::path& base = {});
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    // Leave the folder in place (--keep: inspect the packs with sqlite3 afterwards).
    void keep();

private:
    std::filesystem::path m_path;
    bool m_keep = false;
};

class Stopwatch {
public:
    Stopwatch() : m_start(std::chrono::steady_clock::now()) {}
    double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count(); }
    double ms() const { return seconds() * 1000.0; }

private:
    std::chrono::steady_clock::time_point m_start;
};

// CPU time of the calling thread. On a shared machine wall time also counts the
// time other jobs held the CPU; thread CPU time does not, so the two together
// tell "slow" from "waited".
class CpuStopwatch {
public:
    CpuStopwatch() : m_start(now()) {}
    double seconds() const { return now() - m_start; }
    double ms() const { return seconds() * 1000.0; }

private:
    static double now();
    double m_start;
};

// Order statistics of a sample. Percentiles use the nearest-rank method, so
// p99 of 1,000 samples is the 990th smallest value: one outlier in a thousand
// does not move it, ten do.
struct Stats {
    std::size_t count = 0;
    double min = 0, median = 0, p90 = 0, p99 = 0, max = 0, mean = 0;
};
Stats summarize(std::vector<double> samples);

// The figures of one run: printed as aligned text lines as they arrive, or
// collected into one JSON object.
class Figures {
public:
    Figures(std::ostream& out, bool json);
    // A measured or derived number, e.g. add("build.time_s", 211.4, "s").
    void add(const std::string& key, double value, const std::string& unit, const std::string& note = {});
    // A plain-text remark ("# ..."); kept in JSON as "notes".
    void note(const std::string& text);
    // Prints the JSON object (no-op in text mode).
    void finish();

private:
    std::ostream& m_out;
    bool m_json;
    std::vector<std::pair<std::string, double>> m_values;
    std::vector<std::string> m_notes;
};

// "12.3" with `decimals` places, for messages.
std::string fixed(double value, int decimals);

// CPU model and core count, for the header of a run.
std::string machineDescription();

} // namespace kiosk::bench
