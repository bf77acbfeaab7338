#include "measure.h"

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <numeric>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <time.h>

namespace kiosk::bench {

namespace {

// The folder to remove when a signal ends the process. A signal handler may
// only call async-signal-safe functions, so it runs `rm -rf` in a child
// (fork, execv and waitpid are safe; std::filesystem is not).
char g_cleanupPath[4096];

extern "C" void removeOnSignal(int sig) {
    if (g_cleanupPath[0]) {
        const pid_t pid = fork();
        if (pid == 0) {
            char rm[] = "/bin/rm", rf[] = "-rf", dashes[] = "--";
            char* argv[] = {rm, rf, dashes, g_cleanupPath, nullptr};
            execv(rm, argv);
            _exit(127);
        }
        if (pid > 0) waitpid(pid, nullptr, 0);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

} // namespace

TempDir::TempDir(const std::filesystem::path& base) {
    const auto parent = base.empty() ? std::filesystem::temp_directory_path() : base;
    std::string tmpl = (parent / "kiosk-bench-XXXXXX").string();
    if (tmpl.size() >= sizeof g_cleanupPath)
        throw std::runtime_error("temporary folder path is too long: " + parent.string());
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temporary folder in " + parent.string());
    m_path = tmpl;
    std::memcpy(g_cleanupPath, tmpl.c_str(), tmpl.size() + 1);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) signal(sig, removeOnSignal);
}

void TempDir::keep() {
    m_keep = true;
    g_cleanupPath[0] = '\0';
}

TempDir::~TempDir() {
    g_cleanupPath[0] = '\0';
    if (m_keep) return;
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

double CpuStopwatch::now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

Stats summarize(std::vector<double> samples) {
    Stats s;
    s.count = samples.size();
    if (samples.empty()) return s;
    std::sort(samples.begin(), samples.end());
    auto rank = [&](double p) {
        const auto r = static_cast<std::size_t>(std::ceil(p * static_cast<double>(samples.size())));
        return samples[std::clamp<std::size_t>(r, 1, samples.size()) - 1];
    };
    s.min = samples.front();
    s.max = samples.back();
    const std::size_t n = samples.size();
    s.median = n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
    s.p90 = rank(0.90);
    s.p99 = rank(0.99);
    s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(n);
    return s;
}

std::string fixed(double value, int decimals) {
    std::ostringstream os;
    os << std::fixed << std::setprecision(decimals) << value;
    return os.str();
}

Figures::Figures(std::ostream& out, bool json) : m_out(out), m_json(json) {}

void Figures::add(const std::string& key, double value, const std::string& unit, const std::string& note) {
    m_values.emplace_back(key, value);
    if (m_json) return;
    // Enough digits for sub-millisecond latencies without drowning the big numbers.
    const double mag = std::fabs(value);
    const int decimals = mag == std::floor(mag) && mag < 1e9 ? 0 : mag >= 100 ? 1 : mag >= 1 ? 2 : 3;
    m_out << std::left << std::setw(30) << key << std::right << std::setw(12) << fixed(value, decimals) << ' '
          << std::left << std::setw(6) << unit;
    if (!note.empty()) m_out << "  " << note;
    m_out << '\n' << std::flush;
}

void Figures::note(const std::string& text) {
    m_notes.push_back(text);
    if (!m_json) m_out << "# " << text << '\n' << std::flush;
}

void Figures::finish() {
    if (!m_json) return;
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& [key, value] : m_values) j[key] = value;
    j["notes"] = m_notes;
    m_out << j.dump(2) << '\n';
}

std::string machineDescription() {
    std::string model;
    std::ifstream cpu("/proc/cpuinfo");
    for (std::string line; std::getline(cpu, line);) {
        if (line.rfind("model name", 0) == 0) {
            model = line.substr(line.find(':') + 2);
            break;
        }
    }
    const unsigned cores = std::thread::hardware_concurrency();
    return std::to_string(cores) + " cores" + (model.empty() ? "" : ", " + model);
}

} // namespace kiosk::bench
