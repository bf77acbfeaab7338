#include "kiosk/platform/display_power.h"

#include "unique_fd.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

extern char** environ;

namespace kiosk::platform {

namespace fs = std::filesystem;

std::optional<fs::path> findExecutable(const std::string& name, const std::string& path) {
    if (name.empty() || name.find('/') != std::string::npos) return std::nullopt;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find(':', start), path.size());
        const std::string dir = path.substr(start, end - start);
        if (!dir.empty()) {
            const fs::path candidate = fs::path(dir) / name;
            std::error_code ec;
            if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) return candidate;
        }
        start = end + 1;
    }
    return std::nullopt;
}

std::optional<fs::path> findBacklight(const fs::path& root) {
    std::error_code ec;
    std::vector<fs::path> panels;
    for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) panels.push_back(it->path());
    std::sort(panels.begin(), panels.end());
    for (const auto& p : panels) {
        const fs::path file = p / "bl_power";
        if (fs::exists(file, ec) && ::access(file.c_str(), W_OK) == 0) return file;
    }
    return std::nullopt;
}

DisplayPowerMethod chooseDisplayPower(const DisplayPowerEnvironment& env) {
    DisplayPowerMethod m;
    if (auto bl = findBacklight(env.backlightRoot)) {
        m.kind = DisplayPowerMethod::Kind::Backlight;
        m.backlight = *bl;
        m.description = "backlight " + bl->string();
        return m;
    }
    auto command = [&](const std::string& tool, std::vector<std::string> off, std::vector<std::string> on,
                       const std::string& what) {
        auto exe = findExecutable(tool, env.path);
        if (!exe) return false;
        m.kind = DisplayPowerMethod::Kind::Command;
        off.insert(off.begin(), exe->string());
        on.insert(on.begin(), exe->string());
        m.offCommand = std::move(off);
        m.onCommand = std::move(on);
        m.description = what;
        return true;
    };
    if (env.videoDriver == "x11" && command("xset", {"dpms", "force", "off"}, {"dpms", "force", "on"}, "xset dpms (X11)"))
        return m;
    if (env.videoDriver == "wayland") {
        if (command("wlopm", {"--off", "*"}, {"--on", "*"}, "wlopm (Wayland output power management)")) return m;
        if (command("wlr-randr", {"--output", "{output}", "--off"}, {"--output", "{output}", "--on"},
                    "wlr-randr (Wayland output management)"))
            return m;
    }
    if (command("vcgencmd", {"display_power", "0"}, {"display_power", "1"}, "vcgencmd display_power (Raspberry Pi firmware)"))
        return m;
    m.description = "none (the screen is only drawn black)";
    return m;
}

// ---------------------------------------------------------------- running a command

namespace {

CommandResult run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout, bool capture,
                  const std::atomic<bool>* cancel) {
    CommandResult r;
    if (argv.empty() || argv[0].empty()) {
        r.errorText = "no command";
        return r;
    }
    int errPipe[2] = {-1, -1}, outPipe[2] = {-1, -1};
    if (::pipe2(errPipe, O_CLOEXEC) != 0) {
        r.errorText = std::string("cannot make a pipe: ") + std::strerror(errno);
        return r;
    }
    detail::Fd errRead(errPipe[0]), errWrite(errPipe[1]); // owned at once: no leak if the next pipe fails
    if (capture && ::pipe2(outPipe, O_CLOEXEC) != 0) {
        r.errorText = std::string("cannot make a pipe: ") + std::strerror(errno);
        return r;
    }
    detail::Fd outRead(outPipe[0]), outWrite(outPipe[1]);

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (capture) posix_spawn_file_actions_adddup2(&fa, outWrite.get(), 1);
    else posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, errWrite.get(), 2);
    // Nothing else of the kiosk's (packs, sockets, the log) reaches the command.
    posix_spawn_file_actions_addclosefrom_np(&fa, 3);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // Default signal handling in the child, and its own process group so a kill reaches its children.
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    const int rc = ::posix_spawnp(&pid, args[0], &fa, &attr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    ::close(errWrite.release());
    if (outWrite.get() >= 0) ::close(outWrite.release());
    if (rc != 0) {
        r.errorText = "cannot start " + argv[0] + ": " + std::strerror(rc);
        return r;
    }
    r.started = true;

    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool exited = false;
    int status = 0;
    auto drain = [&](int fd, std::string& into, std::size_t limit) {
        char buf[1024];
        for (;;) {
            const ssize_t n = ::read(fd, buf, sizeof buf);
            if (n <= 0) return n == 0; // true: end of file
            into.append(buf, std::min<std::size_t>(static_cast<std::size_t>(n), limit - std::min(limit, into.size())));
        }
    };
    ::fcntl(errRead.get(), F_SETFL, O_NONBLOCK);
    if (outRead.get() >= 0) ::fcntl(outRead.get(), F_SETFL, O_NONBLOCK);
    // A pipe at end of file is left out of poll() (a negative fd is ignored), or poll() would
    // return at once every time while a child that closed its output runs on.
    bool errEof = false, outEof = outRead.get() < 0;
    while (!exited) {
        pollfd fds[2] = {{errEof ? -1 : errRead.get(), POLLIN, 0}, {outEof ? -1 : outRead.get(), POLLIN, 0}};
        ::poll(fds, 2, 10);
        if (!errEof) errEof = drain(errRead.get(), r.errorText, 4096);
        if (!outEof) outEof = drain(outRead.get(), r.output, 65536);
        const pid_t w = ::waitpid(pid, &status, WNOHANG);
        if (w == pid) {
            exited = true;
            break;
        }
        if (std::chrono::steady_clock::now() >= deadline || (cancel && cancel->load())) {
            ::kill(-pid, SIGKILL);
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            r.timedOut = true;
            break;
        }
    }
    drain(errRead.get(), r.errorText, 4096);
    if (outRead.get() >= 0) drain(outRead.get(), r.output, 65536);
    r.exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
    return r;
}

std::string firstLine(const std::string& s) {
    std::string line = s.substr(0, s.find('\n'));
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    return line;
}

// wlr-randr's listing starts each output at the left margin: `HDMI-A-1 "Dell Inc. ..."`.
std::string firstOutput(const std::string& listing) {
    std::size_t pos = 0;
    while (pos < listing.size()) {
        const std::size_t end = std::min(listing.find('\n', pos), listing.size());
        const std::string line = listing.substr(pos, end - pos);
        if (!line.empty() && line[0] != ' ' && line[0] != '\t') return line.substr(0, line.find(' '));
        pos = end + 1;
    }
    return {};
}

} // namespace

CommandResult runCommand(const std::vector<std::string>& argv, std::chrono::milliseconds timeout, bool captureOutput) {
    return run(argv, timeout, captureOutput, nullptr);
}

// ---------------------------------------------------------------- the worker

DisplayPower::DisplayPower(DisplayPowerMethod method, std::chrono::milliseconds timeout)
    : m_method(std::move(method)), m_timeout(timeout), m_worker([this] { work(); }) {}

DisplayPower::~DisplayPower() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cancel = true;
    m_wake.notify_all();
    m_worker.join();
}

void DisplayPower::request(bool on) {
    {
        std::lock_guard lock(m_mutex);
        m_wanted = on ? 1 : 0;
    }
    m_wake.notify_one();
}

std::vector<std::string> DisplayPower::takeMessages() {
    std::lock_guard lock(m_mutex);
    return std::exchange(m_messages, {});
}

bool DisplayPower::waitIdle(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    return m_idle.wait_for(lock, timeout, [&] { return !m_busy && m_wanted == m_applied; });
}

int DisplayPower::switches() const {
    std::lock_guard lock(m_mutex);
    return m_switches;
}

void DisplayPower::work() {
    for (;;) {
        bool on = true;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stop || (m_wanted >= 0 && m_wanted != m_applied); });
            if (m_stop) return;
            on = m_wanted == 1;
            m_applied = m_wanted; // a failure is not retried until the next change
            m_busy = true;
        }
        std::string message;
        const bool attempted = apply(on, message);
        {
            std::lock_guard lock(m_mutex);
            m_busy = false;
            if (attempted) ++m_switches;
            if (!message.empty()) m_messages.push_back(std::move(message));
        }
        m_idle.notify_all();
    }
}

bool DisplayPower::apply(bool on, std::string& message) {
    const std::string what = on ? "display on" : "display off";
    switch (m_method.kind) {
    case DisplayPowerMethod::Kind::None: return false;
    case DisplayPowerMethod::Kind::Backlight: {
        // bl_power takes FB_BLANK_* values: 0 unblank, 4 powerdown.
        std::ofstream out(m_method.backlight);
        out << (on ? "0\n" : "4\n");
        out.flush();
        message = out ? what + ": " + m_method.backlight.string()
                      : what + ": cannot write " + m_method.backlight.string() + ": " + std::strerror(errno);
        return true;
    }
    case DisplayPowerMethod::Kind::Command: break;
    }
    std::vector<std::string> argv = on ? m_method.onCommand : m_method.offCommand;
    if (std::find(argv.begin(), argv.end(), "{output}") != argv.end()) {
        if (m_output.empty()) {
            // The first output wlr-randr lists; asked once, when first needed.
            const CommandResult list = run({argv[0]}, m_timeout, true, &m_cancel);
            m_output = firstOutput(list.output);
            if (m_output.empty()) {
                message = what + ": no output found in the listing of " + argv[0] +
                          (list.errorText.empty() ? "" : ": " + firstLine(list.errorText));
                return true;
            }
        }
        std::replace(argv.begin(), argv.end(), std::string("{output}"), m_output);
    }
    const CommandResult r = run(argv, m_timeout, false, &m_cancel);
    std::string cmd;
    for (const auto& a : argv) cmd += (cmd.empty() ? "" : " ") + a;
    if (!r.started) message = what + ": " + r.errorText;
    else if (r.timedOut)
        message = what + ": '" + cmd + "' did not finish within " + std::to_string(m_timeout.count()) + " ms; killed";
    else if (r.exitStatus != 0)
        message = what + ": '" + cmd + "' exited with status " + std::to_string(r.exitStatus) +
                  (r.errorText.empty() ? "" : ": " + firstLine(r.errorText));
    else message = what + ": '" + cmd + "'";
    return true;
}

} // namespace kiosk::platform
