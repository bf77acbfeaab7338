// Display power (platform/display_power.h): the automatic choice from $PATH, the video driver
// and a backlight folder, and the worker running real commands (shell scripts in a temp dir
// that record their arguments), hung commands killed, failures as log lines.
#include "temp_dir.h"

#include "kiosk/platform/display_power.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <chrono>

using kiosk::test::readFile;
using kiosk::test::TempDir;
using kiosk::test::writeFile;
using namespace kiosk::platform;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// An executable script `name` in `dir` that appends "name ARGS" to `log` and then runs `tail`.
fs::path tool(const fs::path& dir, const std::string& name, const fs::path& log, const std::string& tail = "exit 0") {
    const fs::path p = dir / name;
    writeFile(p, "#!/bin/sh\necho \"" + name + " $*\" >> '" + log.string() + "'\n" + tail + "\n");
    ::chmod(p.c_str(), 0755);
    return p;
}

std::string logOf(const fs::path& log) { return fs::exists(log) ? readFile(log) : std::string(); }

} // namespace

TEST_CASE("display power: X11 uses xset dpms and Wayland prefers wlopm over wlr-randr") {
    TempDir t;
    fs::create_directories(t / "bin");
    const fs::path log = t / "log";
    tool(t / "bin", "xset", log);
    tool(t / "bin", "wlr-randr", log);
    tool(t / "bin", "vcgencmd", log);
    DisplayPowerEnvironment env{"x11", "/nonexistent:" + (t / "bin").string(), t / "no-backlight"};
    auto m = chooseDisplayPower(env);
    CHECK(m.kind == DisplayPowerMethod::Kind::Command);
    CHECK(m.offCommand == std::vector<std::string>{(t / "bin" / "xset").string(), "dpms", "force", "off"});
    CHECK(m.onCommand == std::vector<std::string>{(t / "bin" / "xset").string(), "dpms", "force", "on"});

    env.videoDriver = "wayland";
    m = chooseDisplayPower(env);
    CHECK(m.offCommand == std::vector<std::string>{(t / "bin" / "wlr-randr").string(), "--output", "{output}", "--off"});
    tool(t / "bin", "wlopm", log);
    m = chooseDisplayPower(env);
    CHECK(m.offCommand == std::vector<std::string>{(t / "bin" / "wlopm").string(), "--off", "*"});
    CHECK(m.onCommand == std::vector<std::string>{(t / "bin" / "wlopm").string(), "--on", "*"});

    // KMS/DRM (no compositor): the Raspberry Pi firmware's vcgencmd, else nothing.
    env.videoDriver = "kmsdrm";
    m = chooseDisplayPower(env);
    CHECK(m.onCommand == std::vector<std::string>{(t / "bin" / "vcgencmd").string(), "display_power", "1"});
    env.path = "/nonexistent";
    m = chooseDisplayPower(env);
    CHECK(m.kind == DisplayPowerMethod::Kind::None);
    CHECK(m.description == "none (the screen is only drawn black)");
}

TEST_CASE("display power: a writable backlight comes first and is switched with 4 and 0") {
    TempDir t;
    fs::create_directories(t / "backlight" / "b-panel");
    fs::create_directories(t / "backlight" / "a-keyboard"); // no bl_power: not a panel
    writeFile(t / "backlight" / "b-panel" / "bl_power", "0\n");
    fs::create_directories(t / "bin");
    tool(t / "bin", "xset", t / "log");
    auto m = chooseDisplayPower({"x11", (t / "bin").string(), t / "backlight"});
    REQUIRE(m.kind == DisplayPowerMethod::Kind::Backlight);
    CHECK(m.backlight == t / "backlight" / "b-panel" / "bl_power");

    DisplayPower power(m);
    power.request(false);
    REQUIRE(power.waitIdle(5s));
    CHECK(readFile(m.backlight) == "4\n");
    power.request(true);
    REQUIRE(power.waitIdle(5s));
    CHECK(readFile(m.backlight) == "0\n");
    CHECK(power.takeMessages() ==
          std::vector<std::string>{"display off: " + m.backlight.string(), "display on: " + m.backlight.string()});
    CHECK(power.switches() == 2);
}

TEST_CASE("display power: commands run once per change and only the latest request counts") {
    TempDir t;
    const fs::path log = t / "log";
    DisplayPowerMethod m;
    m.kind = DisplayPowerMethod::Kind::Command;
    m.offCommand = {tool(t.path(), "panel", log).string(), "off", "two words"};
    m.onCommand = {m.offCommand[0], "on"};
    DisplayPower power(m);
    CHECK(power.waitIdle(5s)); // nothing asked: nothing runs
    CHECK(power.switches() == 0);
    power.request(true); // the state at start is unknown: switched on
    REQUIRE(power.waitIdle(5s));
    power.request(true); // on already: nothing to do
    REQUIRE(power.waitIdle(5s));
    CHECK(logOf(log) == "panel on\n");
    power.request(false);
    REQUIRE(power.waitIdle(5s));
    power.request(false); // off already
    REQUIRE(power.waitIdle(5s));
    CHECK(logOf(log) == "panel on\npanel off two words\n");
    CHECK(power.switches() == 2);
    power.request(true);
    REQUIRE(power.waitIdle(5s));
    CHECK(logOf(log) == "panel on\npanel off two words\npanel on\n");
    const auto messages = power.takeMessages();
    REQUIRE(messages.size() == 3);
    CHECK(messages[1] == "display off: '" + m.offCommand[0] + " off two words'");
    CHECK(power.takeMessages().empty());
}

TEST_CASE("display power: a failing command leaves a log line with its status and stderr") {
    TempDir t;
    DisplayPowerMethod m;
    m.kind = DisplayPowerMethod::Kind::Command;
    m.offCommand = {tool(t.path(), "xset", t / "log", "echo 'unable to open display \"\"' >&2; exit 1").string(), "dpms",
                    "force", "off"};
    m.onCommand = {(t / "missing-tool").string()};
    DisplayPower power(m);
    power.request(false);
    REQUIRE(power.waitIdle(5s));
    power.request(true);
    REQUIRE(power.waitIdle(5s));
    const auto messages = power.takeMessages();
    REQUIRE(messages.size() == 2);
    CHECK(messages[0] == "display off: '" + m.offCommand[0] + " dpms force off' exited with status 1: unable to open display \"\"");
    CHECK(messages[1] == "display on: cannot start " + (t / "missing-tool").string() + ": No such file or directory");
}

TEST_CASE("display power: a hung command never blocks the caller and is killed after the timeout") {
    TempDir t;
    DisplayPowerMethod m;
    m.kind = DisplayPowerMethod::Kind::Command;
    m.offCommand = {tool(t.path(), "hang", t / "log", "sleep 30").string()};
    m.onCommand = {tool(t.path(), "fine", t / "log").string()};
    DisplayPower power(m, 300ms);
    const auto start = std::chrono::steady_clock::now();
    power.request(false);
    power.request(true); // may or may not be seen before the worker starts "off"
    power.request(false);
    CHECK(std::chrono::steady_clock::now() - start < 50ms);
    REQUIRE(power.waitIdle(5s));
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(took >= 300ms);
    CHECK(took < 3s);
    const auto messages = power.takeMessages();
    REQUIRE(!messages.empty());
    CHECK(messages.back() == "display off: '" + m.offCommand[0] + "' did not finish within 300 ms; killed");
}

TEST_CASE("display power: the destructor kills a running command at once") {
    TempDir t;
    DisplayPowerMethod m;
    m.kind = DisplayPowerMethod::Kind::Command;
    m.offCommand = {tool(t.path(), "hang", t / "log", "sleep 30").string()};
    m.onCommand = m.offCommand;
    const auto start = std::chrono::steady_clock::now();
    {
        DisplayPower power(m, 60s);
        power.request(false);
        std::this_thread::sleep_for(100ms);
    }
    CHECK(std::chrono::steady_clock::now() - start < 2s);
}

TEST_CASE("display power: the output placeholder is the first output wlr-randr lists") {
    TempDir t;
    const fs::path log = t / "log";
    // Without arguments the fake wlr-randr prints a listing as the real one does.
    const fs::path exe = tool(t.path(), "wlr-randr", log,
                              "[ $# -eq 0 ] && printf 'DSI-1 \"Raspberry Pi 7in\"\\n  Enabled: yes\\nHDMI-A-1 \"Dell\"\\n'; exit 0");
    DisplayPowerMethod m;
    m.kind = DisplayPowerMethod::Kind::Command;
    m.offCommand = {exe.string(), "--output", "{output}", "--off"};
    m.onCommand = {exe.string(), "--output", "{output}", "--on"};
    DisplayPower power(m);
    power.request(false);
    REQUIRE(power.waitIdle(5s));
    power.request(true);
    REQUIRE(power.waitIdle(5s));
    // Listed once, then used for both switches.
    CHECK(logOf(log) == "wlr-randr \nwlr-randr --output DSI-1 --off\nwlr-randr --output DSI-1 --on\n");
}

TEST_CASE("display power: runCommand captures output and passes arguments without a shell") {
    const auto r = runCommand({"printf", "%s|", "a b", "$HOME;", "*"}, 5s, true);
    CHECK(r.started);
    CHECK(r.exitStatus == 0);
    CHECK(r.output == "a b|$HOME;|*|");
    const auto missing = runCommand({"no-such-tool-xyz"}, 5s);
    CHECK_FALSE(missing.started);
    CHECK(missing.errorText == "cannot start no-such-tool-xyz: No such file or directory");
}
