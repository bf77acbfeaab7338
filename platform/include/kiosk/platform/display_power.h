#pragma once
// Switching the display off for real at night and on again (docs/display-power.md).
//
// SDL 2.26 has no DPMS call, so the kiosk uses what the device offers, chosen once at start:
//   backlight  write "4"/"0" to /sys/class/backlight/<panel>/bl_power (DSI touch panels such as
//              the Raspberry Pi touch displays; touch keeps working with the backlight off)
//   command    a configured or detected pair of commands, run without a shell:
//              X11: xset dpms force off / on; Wayland: wlopm --off '*' / --on '*', else
//              wlr-randr --output {output} --off / --on ({output} = the first output
//              wlr-randr lists); Raspberry Pi firmware KMS: vcgencmd display_power 0 / 1
//   none       nothing: the kiosk only draws black (and stops drawing).
// chooseDisplayPower() makes the choice from the video driver, $PATH and the backlight folder;
// the app logs the method it took.
//
// DisplayPower runs the switching on its own worker thread: request() returns at once and
// never blocks the UI thread, whatever the command does. Only the latest request counts (off
// then on before the worker woke: one "on", or nothing when already on). A command gets
// `timeout` to finish and is killed after it. Commands start with stdin and stdout on /dev/null,
// no other descriptors of the kiosk (close_range), and the kiosk's environment (DISPLAY,
// WAYLAND_DISPLAY); their arguments come from the configuration, never from content.
//
// Failure: never thrown, never shown to visitors. Each switch, failed or not, leaves one line
// for the log in takeMessages() ("display off: xset exited with status 1: unable to open
// display"). A failed switch is not retried until the next request for the other state and back.
// Thread safety: request(), takeMessages(), waitIdle() and the counters from any one thread
// (the UI thread); the destructor kills a running command and joins the worker.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace kiosk::platform {

struct DisplayPowerMethod {
    enum class Kind { None, Command, Backlight };
    Kind kind = Kind::None;
    std::vector<std::string> offCommand, onCommand; // argv; "{output}" is replaced (see above)
    std::filesystem::path backlight;                // the bl_power file
    std::string description;                        // for the log: "xset dpms (X11)"
};

struct DisplayPowerEnvironment {
    std::string videoDriver;                        // SDL_GetCurrentVideoDriver(): "x11", "wayland", "kmsdrm", ...
    std::string path;                               // $PATH
    std::filesystem::path backlightRoot = "/sys/class/backlight";
};

// The automatic choice, in this order: a writable bl_power under backlightRoot; on x11 xset;
// on wayland wlopm, then wlr-randr; vcgencmd; otherwise none.
DisplayPowerMethod chooseDisplayPower(const DisplayPowerEnvironment& env);
// The first bl_power file under `root` (sorted by panel name) that this process may write.
std::optional<std::filesystem::path> findBacklight(const std::filesystem::path& root);
// `name` searched in a $PATH-style list of folders: the first executable file.
std::optional<std::filesystem::path> findExecutable(const std::string& name, const std::string& path);

// The outcome of one command run (exposed for tests and the log).
struct CommandResult {
    bool started = false;
    bool timedOut = false;
    int exitStatus = -1;   // exit code, or 128 + signal
    std::string output;    // stdout (only when asked for), at most 64 KiB
    std::string errorText; // stderr, at most 4 KiB, or why it could not start
};
// Runs argv[0] (searched in $PATH when it has no "/") with argv, waits at most `timeout` and
// kills it after that. Blocks: for worker threads.
CommandResult runCommand(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                         bool captureOutput = false);

class DisplayPower {
public:
    explicit DisplayPower(DisplayPowerMethod method, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    ~DisplayPower();
    DisplayPower(const DisplayPower&) = delete;
    DisplayPower& operator=(const DisplayPower&) = delete;

    const DisplayPowerMethod& method() const { return m_method; }
    // Display on (true) or off (false), soon. Returns at once. The state at start is unknown: the
    // first request always switches (the app asks for "on" at start).
    void request(bool on);
    // Log lines of the switches done since the last call.
    std::vector<std::string> takeMessages();
    // Blocks until the worker has nothing left to do (tests, shutdown checks); false on timeout.
    bool waitIdle(std::chrono::milliseconds timeout);
    // Switches attempted so far (commands run or backlight writes), for tests.
    int switches() const;

private:
    void work();
    bool apply(bool on, std::string& message);

    const DisplayPowerMethod m_method;
    const std::chrono::milliseconds m_timeout;
    std::string m_output; // the resolved {output}, on the worker

    mutable std::mutex m_mutex;
    std::condition_variable m_wake, m_idle;
    int m_wanted = -1;  // what the UI asked for last: 1 on, 0 off, -1 nothing yet
    int m_applied = -1; // what the worker last switched to (or tried to); -1 unknown
    bool m_busy = false;
    bool m_stop = false;
    std::atomic<bool> m_cancel{false}; // the destructor: kill the command in hand
    int m_switches = 0;
    std::vector<std::string> m_messages;
    std::thread m_worker; // last: started once everything above exists
};

} // namespace kiosk::platform
