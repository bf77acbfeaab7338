#include "app.h"

#include "app/updates.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/idle.h"
#include "core/nav.h"
#include "core/pin_guard.h"
#include "core/screen_schedule.h"
#include "core/script.h"
#include "core/touch_map.h"
#include "screens/attract_screen.h"
#include "screens/detail_screen.h"
#include "screens/events_screen.h"
#include "screens/filters_screen.h"
#include "screens/home_screen.h"
#include "screens/pin_screen.h"
#include "screens/search_screen.h"
#include "screens/staff_screen.h"
#include "screens/theme_list_screen.h"
#include "ui/context.h"
#include "ui/icons.h"
#include "ui/soft_render.h"
#include "ui/style.h"
#include "widgets/basic.h"
#include "widgets/install_banner.h"

#include "kiosk/content/minisign.h"
#include "kiosk/content/opening_hours.h"
#include "kiosk/content/store.h"
#include "kiosk/content/verify.h"
#include "kiosk/platform/display_power.h"
#include "kiosk/platform/file_safety.h"
#include "kiosk/platform/stop_signals.h"
#include "kiosk/platform/systemd_notify.h"

#include <SDL.h>
#include <malloc.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>
#include <unordered_map>

namespace kiosk::app {

namespace {

using core::Action;
using core::NavState;

void logLine(const std::string& s) {
    std::cerr << "kiosk: " << s << '\n';
}

// ---------------------------------------------------------------- KIOSK_BENCH=1

bool benchEnabled() {
    const char* v = std::getenv("KIOSK_BENCH");
    return v && *v && std::string(v) != "0";
}

// CPU time of this thread: on a shared machine wall time per frame also counts the time other
// processes held the core, CPU time only what the frame itself cost.
double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// "NAME median X p99 Y max Z frames N"; nearest-rank p99 as in tools/bench (one outlier in 100 does not move it).
void printFrameStats(const char* name, std::vector<double> ms) {
    if (ms.empty()) return;
    std::sort(ms.begin(), ms.end());
    const std::size_t n = ms.size();
    const double median = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
    const auto rank = static_cast<std::size_t>(std::ceil(0.99 * static_cast<double>(n)));
    std::printf("%s median %.2f p99 %.2f max %.2f frames %zu\n", name, median, ms[std::max<std::size_t>(rank, 1) - 1],
                ms.back(), n);
    std::fflush(stdout);
}

struct Clock {
    bool virtualTime = false;
    std::int64_t virtualMs = 0;
    std::int64_t wallOffsetMin = 0; // added to the real/virtual wall clock
    std::optional<content::DateTime> wallBase; // headless: wall clock at virtual 0

    std::int64_t nowMs() const { return virtualTime ? virtualMs : static_cast<std::int64_t>(SDL_GetTicks64()); }
    content::DateTime wall() const {
        if (wallBase) return content::DateTime::fromMinutes(wallBase->toMinutes() + nowMs() / 60000 + wallOffsetMin);
        content::DateTime n = content::nowLocal();
        return content::DateTime::fromMinutes(n.toMinutes() + wallOffsetMin);
    }
};

class Kiosk : public SoakHost {
public:
    explicit Kiosk(AppOptions options) : m_opt(std::move(options)) {}
    ~Kiosk() { shutdown(); }

    int run();

private:
    bool init();
    void shutdown();
    void loadConfig();
    void loadContent();
    void resize(int w, int h);
    void handleEvent(const SDL_Event& e);
    void pointerActivity();
    bool runTimers();
    void frame();
    void drawCurrent(ui::Context& ctx);
    void apply(const Action& a);
    void handlePin(const std::string& pin);
    bool screenScheduledOn();
    // Issue 7 (docs/display-power.md): the schedule with the site's closing days, the display
    // switched off at night, the UI drawn rotated, touches mapped to it.
    core::ScreenSchedule m_schedule;
    std::optional<std::string> m_scheduleSiteHours; // the site hours m_schedule was made from
    std::unique_ptr<platform::DisplayPower> m_power;
    bool m_displayOn = true;
    bool m_nightDrawn = false;   // the black frame of the night is up: no more frames until it ends
    SDL_Texture* m_rotated = nullptr; // the UI drawn upright, turned onto the panel (screen.rotation)
    std::string m_texturePage;   // the page whose photos the texture cache holds (release on leaving)
    void setUpDisplayPower();
    void updateDisplayPower();
    core::TouchPoint toUi(float panelU, float panelV) const;
    bool saveScreenshot(const std::string& path);
    int runScript();
    int runInteractive();
    int runMode();
    // The soak test (app/soak.h): the random visitor's events on this loop.
    void view(core::SoakView& out) const override;
    std::string screenName() const override;
    void perform(const core::SoakEvent& e) override;
    bool swapPack(const std::filesystem::path& pack) override { return showPacks({{m_shownChannel, pack}}); }
    std::filesystem::path shownPack() const override { return m_opt.pack; }
    std::vector<std::string> trustedKeys() const override { return m_config.trustedKeys; }
    bool soakSkipsRender();
    long long m_soakFrames = 0;
    bool showPacks(const std::vector<std::pair<std::string, std::filesystem::path>>& packs);
    // Script helpers
    void scriptFrame(int n = 1);
    void settle();
    bool scriptTarget(const core::ScriptStep& st, float& x, float& y, std::string& error) const;
    void scriptPress(float x, float y);
    bool scriptTap(const core::ScriptStep& st, std::string& error);
    bool scriptHold(const core::ScriptStep& st, std::string& error);

    AppOptions m_opt;
    core::Config m_config;
    const core::I18n& m_i18n = core::I18n::builtIn();
    std::unique_ptr<content::ContentStore> m_store;
    ui::StaffInfo m_staff;
    // Installs, log and statistics (issue 4): see app/updates.h.
    std::unique_ptr<Updates> m_updates;
    std::string m_shownChannel;      // channel of the primary pack on screen
    // The packs shown together (a kiosk may subscribe to several channels): channel -> file,
    // the first is the primary one (site, title). Empty with --pack.
    std::vector<std::pair<std::string, std::filesystem::path>> m_shown;
    bool openShown();
    Uint32 m_wakeEvent = 0;          // SDL user event the installer worker pushes
    std::string m_countedSearch;     // the search term last counted (counted once per term)
    bool openPack(const std::filesystem::path& pack, const std::vector<content::minisign::PublicKey>& keys, bool verified);
    void pumpUpdates();
    void keepValidPages();
    void countUsage(const Action& a, core::Screen before, const std::string& searchBefore);
    bool waitForInstaller(long long maxMs);
    // systemd (Type=notify, WatchdogSec=): READY=1 after the first frame, WATCHDOG=1 from the loop.
    platform::SystemdNotifier m_notifier;
    // SIGTERM/SIGINT/SIGHUP end the kiosk even in kiosk mode (systemctl stop); SDL_QUIT alone is
    // Alt+F4 or a close request, which kiosk mode ignores. Installed first in run(), before any thread.
    // Ended in shutdown() before SDL_Quit, so the signal thread never pushes into a closed SDL.
    std::unique_ptr<platform::StopSignals> m_stopSignals = std::make_unique<platform::StopSignals>();
    int m_stoppedBy = 0; // the signal, kept when m_stopSignals is gone
    int stopSignal() const { return m_stopSignals ? m_stopSignals->requested() : m_stoppedBy; }
    bool stopRequested() const override { return stopSignal() != 0; }
    std::chrono::steady_clock::time_point m_lastWatchdog{};
    bool m_readySent = false;
    void watchdogPing();

    SDL_Window* m_window = nullptr;
    SDL_Renderer* m_renderer = nullptr;
    bool m_imgui = false;
    bool m_softwareRenderer = false; // SDL's software renderer: frames drawn by ui::renderSoftware
    std::unique_ptr<ui::TextureCache> m_textures;
    ui::Metrics m_metrics;
    ui::Palette m_palette;
    ui::Fonts m_fonts;
    ui::TouchInput m_touch;
    ui::Registry m_registry;
    std::unordered_map<std::string, ui::ScrollState> m_scrolls;

    NavState m_nav;
    Clock m_clock;
    std::int64_t m_lastInputMs = 0;
    std::int64_t m_lastSlideMs = 0;
    int m_framesWanted = 2;
    bool m_animating = false;
    bool m_quit = false;
    int m_lastMinute = -1;
    std::int64_t m_lastPinSeconds = 0; // the PIN keypad's countdown as last drawn
    core::PinGuard m_pinGuard;
    std::string m_pendingScreenshot;
    // KIOSK_LOG_SCREENS=1: print "screen KEY" whenever what is shown changes (tests
    // that drive the real windowed binary, e.g. under Xvfb, read it).
    const bool m_logScreens = [] {
        const char* v = std::getenv("KIOSK_LOG_SCREENS");
        return v && *v == '1';
    }();
    std::string m_loggedScreen;
    // KIOSK_LOG_ITEMS=1 (with KIOSK_LOG_SCREENS=1): once a newly shown screen has settled, also print
    // "item ID X0 Y0 X1 Y1" for each tappable element, so X11 tests click keys they cannot compute.
    const bool m_logItems = [] {
        const char* v = std::getenv("KIOSK_LOG_ITEMS");
        return v && *v == '1';
    }();
    std::string m_itemsLoggedFor;

    // KIOSK_BENCH=1 (see app.h): read once, so a frame pays one branch when it is off.
    const bool m_bench = benchEnabled();
    bool m_firstFrameShown = false;
    std::string m_startupStages; // " renderer 4.1 content 9.0 ...": ms since main() as each start-up stage ended
    void benchStage(const char* stage);
    bool m_recordFrames = false; // which frames count: script drags, or all in interactive mode
    std::vector<double> m_frameCpuMs, m_frameUiCpuMs;
    // Installs: wall time of every frame drawn while the installer works, and of the frame that swaps packs.
    std::vector<double> m_installFrameMs;
    double m_swapFrameMs = -1;
    bool m_swappedThisFrame = false;
};

// ---------------------------------------------------------------- setup

void Kiosk::benchStage(const char* stage) {
    if (!m_bench) return;
    const std::chrono::duration<double, std::milli> sinceMain = std::chrono::steady_clock::now() - m_opt.started;
    char buf[64];
    std::snprintf(buf, sizeof buf, " %s %.1f", stage, sinceMain.count());
    m_startupStages += buf;
}

void Kiosk::loadConfig() {
    if (!m_opt.config.empty()) {
        auto c = core::loadConfig(m_opt.config);
        if (c) {
            m_config = std::move(*c);
        } else {
            // A broken configuration must not leave a blank kiosk: defaults, and say why.
            const std::string msg = "configuration not used: " + c.error().toString();
            logLine(msg);
            m_staff.notes.push_back(msg);
        }
    }
    for (const auto& w : m_config.warnings) m_staff.notes.push_back(w);
    for (const auto& k : m_opt.trustedKeys) m_config.trustedKeys.push_back(k);
    if (!m_opt.pack.empty()) m_config.pack = m_opt.pack;
    if (!m_opt.kioskMode) m_config.kioskMode = false;
    m_nav.defaultLanguage = m_config.defaultLanguage;
    m_nav.language = m_config.defaultLanguage;
}

void Kiosk::loadContent() {
    m_store.reset();
    std::vector<content::minisign::PublicKey> keys;
    for (const auto& k : m_config.trustedKeys) {
        std::error_code ec;
        auto key = std::filesystem::is_regular_file(k, ec) ? content::minisign::PublicKey::load(k)
                                                             : content::minisign::PublicKey::parse(k);
        if (key) keys.push_back(*key);
        else m_staff.notes.push_back("trusted key not usable: " + key.error().toString());
    }
    if (keys.empty()) {
        const std::string msg = "no trusted key configured: content packs cannot be checked and are not shown";
        logLine(msg);
        m_staff.notes.push_back(msg);
    }
    // Installs, the log and statistics write to the data directory: not for a headless run
    // without a configuration (tests, screenshots), which must leave no trace on the machine.
    if (!m_updates) {
        m_wakeEvent = SDL_RegisterEvents(1);
        const Uint32 wakeType = m_wakeEvent;
        const bool enabled = !keys.empty() && !(m_opt.headless && m_opt.config.empty());
        m_updates = std::make_unique<Updates>(m_config, enabled, keys, [wakeType] {
            if (wakeType == static_cast<Uint32>(-1)) return;
            SDL_Event e{};
            e.type = wakeType;
            SDL_PushEvent(&e);
        });
    }
    if (keys.empty()) return;

    // 1. --pack on the command line (development, tests): exactly that pack.
    if (!m_opt.pack.empty()) {
        openPack(m_opt.pack, keys, false);
        return;
    }
    // 2. The installed packs of the data directory, one per channel, shown together (recovered:
    //    a channel whose current pack fails verification shows its previous one).
    for (const auto& a : m_updates->startUp(m_staff.notes)) {
        if (a.fromPrevious)
            m_staff.notes.push_back("channel " + a.channel + ": the current pack failed verification; showing the previous version");
        m_shown.emplace_back(a.channel, a.packPath);
    }
    if (!m_shown.empty() && openShown()) return;
    // 3. The configured "pack" (e.g. the one shipped with the package), then the old single-file location.
    std::filesystem::path pack = m_config.pack;
    if (pack.empty()) pack = m_config.dataDir / "active.kpack";
    openPack(pack, keys, false);
}

bool Kiosk::openPack(const std::filesystem::path& pack, const std::vector<content::minisign::PublicKey>& keys, bool verified) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(pack, ec)) {
        const std::string msg = "no content pack at " + pack.string();
        logLine(msg);
        m_staff.notes.push_back(msg);
        return false;
    }
    if (!verified) {
        content::VerifyOptions vo;
        vo.trustedKeys = keys;
        vo.acceptedChannels = m_config.channels;
        const auto vr = content::verifyPack(pack, vo);
        if (!vr.ok()) {
            const std::string msg = "content pack refused: " + vr.report.toString();
            logLine(msg);
            m_staff.notes.push_back(msg);
            return false;
        }
    }
    auto store = content::ContentStore::open(pack);
    if (!store) {
        logLine(store.error().toString());
        m_staff.notes.push_back(store.error().toString());
        return false;
    }
    m_store = std::move(*store);
    m_staff.packPath = pack.string();
    m_shownChannel = m_store->info().channel;
    if (m_updates) m_updates->setSiteId(m_shownChannel);
    if (m_textures) m_textures->clear();
    return true;
}

// Opens every pack in m_shown as one store (ContentStore::add); packs that cannot be opened are
// left out and named on the staff screen. The installer verified each before it became current.
bool Kiosk::openShown() {
    std::unique_ptr<content::ContentStore> merged;
    std::string paths;
    std::vector<std::string> opened;
    for (const auto& [channel, path] : m_shown) {
        auto store = content::ContentStore::open(path);
        if (!store) {
            m_staff.notes.push_back("channel " + channel + ": " + store.error().toString());
            continue;
        }
        if (!merged) merged = std::move(*store);
        else merged->add(std::move(*store));
        paths += (paths.empty() ? "" : "\n") + path.string();
        opened.push_back(channel);
    }
    if (!merged) return false;
    m_store = std::move(merged);
    m_staff.packPath = paths;
    m_staff.shownChannels = std::move(opened);
    m_shownChannel = m_store->info().channel;
    if (m_updates) m_updates->setSiteId(m_shownChannel);
    if (m_textures) m_textures->clear();
    return true;
}

// WATCHDOG=1 at half the interval systemd asked for, from the UI thread only: a hung frame loop
// stops the pings and systemd restarts the kiosk (docs/watchdog.md).
void Kiosk::watchdogPing() {
    const auto interval = m_notifier.watchdogInterval();
    if (interval.count() <= 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - m_lastWatchdog < interval) return;
    m_lastWatchdog = now;
    m_notifier.send("WATCHDOG=1");
}

// A new pack while the kiosk runs: open it first, then swap, so no frame is drawn without content.
void Kiosk::pumpUpdates() {
    if (!m_updates || !m_updates->enabled()) return;
    bool changed = false;
    const auto before = m_staff.install.stage;
    const auto installed = m_updates->pump(m_clock.nowMs(), m_clock.wall().date, m_staff,
                                           m_nav.screen() == core::Screen::Staff, changed);
    if (!installed.empty() && !showPacks(installed)) m_updates->log("install", "installed pack cannot be opened");
    // A stick wakes the screen: staff plugging it in want to see what happens.
    if (before != m_staff.install.stage && m_staff.install.stage == ui::InstallStatus::Stage::Detected &&
        m_nav.mode != core::Mode::Normal) {
        apply(core::act::ExitNight{});
        apply(core::act::ExitAttract{});
        m_lastInputMs = m_clock.nowMs();
    }
    if (changed) m_framesWanted = std::max(m_framesWanted, 2);
}

// The content swap (an install finished, a roll-back, the soak test): channel -> new pack file.
bool Kiosk::showPacks(const std::vector<std::pair<std::string, std::filesystem::path>>& packs) {
    std::vector<unsigned> oldIcons, newIcons;
    if (m_store)
        for (const auto& t : m_store->themes()) oldIcons.push_back(ui::icon::codepointByName(t.icon));
    for (const auto& [channel, path] : packs) {
        auto it = std::find_if(m_shown.begin(), m_shown.end(), [&](const auto& s) { return s.first == channel; });
        // A channel shown already gets its new pack; a new channel joins after the others
        // (the install path only accepts the configured channels).
        if (it != m_shown.end()) it->second = path;
        else m_shown.emplace_back(channel, path);
    }
    if (!openShown()) return false;
    m_swappedThisFrame = true;
    keepValidPages();
    for (const auto& t : m_store->themes()) newIcons.push_back(ui::icon::codepointByName(t.icon));
    // Theme icons live in the font atlas: rebuild it only when the new packs need other icons.
    if (oldIcons != newIcons) {
        int ow = 0, oh = 0;
        SDL_GetRendererOutputSize(m_renderer, &ow, &oh);
        resize(ow, oh);
    }
    return true;
}

// After a content swap, pages whose theme or entry is gone are dropped (the visitor lands one step up).
void Kiosk::keepValidPages() {
    std::vector<core::Page> kept;
    for (const auto& p : m_nav.stack) {
        if (!p.themeId.empty() && !m_store->theme(p.themeId)) continue;
        if (!p.entryId.empty() && !m_store->entry(p.entryId)) continue;
        kept.push_back(p);
    }
    if (kept.empty() || kept.front().screen != core::Screen::Home) kept.insert(kept.begin(), core::Page{});
    m_nav.stack = std::move(kept);
}

bool Kiosk::init() {
    // Decoding a photo takes a few MB for a moment; glibc would raise its mmap threshold to that size
    // after the first one and then keep such blocks in the heap, where they stay resident. Fixed at
    // 256 KiB, big blocks go back to the kernel when freed (peak RSS target, tools/bench/README.md).
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    if (m_opt.headless) {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        m_clock.virtualTime = true;
        m_clock.virtualMs = 1'000'000;
        m_clock.wallBase = m_opt.startTime ? *m_opt.startTime : content::nowLocal();
        m_clock.wallBase = content::DateTime::fromMinutes(m_clock.wallBase->toMinutes() - m_clock.virtualMs / 60000);
    } else if (m_opt.startTime) {
        m_clock.wallOffsetMin = m_opt.startTime->toMinutes() - content::nowLocal().toMinutes();
    }
    // Touch screens report fingers; we read them ourselves, so SDL must not fake mouse events from them.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "1");
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1"); // platform::StopSignals takes them
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) {
        logLine(std::string("cannot start SDL: ") + SDL_GetError());
        return false;
    }
    int w = m_opt.width ? m_opt.width : m_config.screen.width;
    int h = m_opt.height ? m_opt.height : m_config.screen.height;
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    if (m_opt.headless) {
        if (!w || !h) w = 1280, h = 800;
    } else if (m_opt.windowed) {
        if (!w || !h) w = 1280, h = 800;
        flags |= SDL_WINDOW_RESIZABLE;
    } else {
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
        // FULLSCREEN_DESKTOP on X11 asks the window manager to resize the window; a kiosk session
        // started with xinit has none, so the window must already have the display's size
        // (tests/xvfb/escape_test.sh found a centred 1280x800 window on a 1024x600 screen).
        SDL_Rect display{};
        if ((!w || !h) && SDL_GetDisplayBounds(0, &display) == 0) w = display.w, h = display.h;
        if (!w || !h) w = 1280, h = 800;
    }
    m_window = SDL_CreateWindow("Stadtteilkompass", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!m_window) {
        logLine(std::string("cannot open a window: ") + SDL_GetError());
        return false;
    }
    m_renderer = SDL_CreateRenderer(m_window, -1, m_opt.headless ? SDL_RENDERER_SOFTWARE : SDL_RENDERER_PRESENTVSYNC);
    if (!m_renderer) m_renderer = SDL_CreateRenderer(m_window, -1, SDL_RENDERER_SOFTWARE);
    if (!m_renderer) {
        logLine(std::string("cannot create a renderer: ") + SDL_GetError());
        return false;
    }
    if (m_config.kioskMode && !m_opt.headless) SDL_ShowCursor(SDL_DISABLE);
    benchStage("renderer");
    {
        SDL_RendererInfo info{};
        SDL_GetRendererInfo(m_renderer, &info);
        // KIOSK_STOCK_RENDERER=1 draws with ImGui's own backend there too (to compare).
        m_softwareRenderer = (info.flags & SDL_RENDERER_SOFTWARE) != 0 && !std::getenv("KIOSK_STOCK_RENDERER");
        // Which renderer the figures are for: software and GL frames cost the CPU very differently.
        if (m_bench) std::printf("renderer %s\n", info.name ? info.name : "?");
    }

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    m_imgui = true;
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    ImGui_ImplSDL2_InitForSDLRenderer(m_window);
    ImGui_ImplSDLRenderer_Init(m_renderer);
    ui::icon::loadIconNames("/usr/share/fonts-material-design-icons-iconfont/css/material-design-icons.css");
    // Software renderer: textures live in RAM next to everything else (peak RSS target 64 MB).
    // texture_cache_mb (0 = automatic: 64 MB; 3 MB on the software renderer, whose textures are the
    // kiosk's own RAM and count against the 64 MB peak RSS of tools/bench/README.md).
    const std::size_t textureMb = m_config.textureCacheMb > 0 ? static_cast<std::size_t>(m_config.textureCacheMb)
                                  : m_softwareRenderer        ? 3u
                                                              : 64u;
    // Capped so the byte count fits a 32-bit size_t (Raspberry Pi OS 32-bit) too.
    m_textures = std::make_unique<ui::TextureCache>(m_renderer, std::min<std::size_t>(textureMb, 2047) << 20);
    if (!m_opt.headless) setUpDisplayPower();

    loadContent();
    benchStage("content");
    int ow = 0, oh = 0;
    SDL_GetRendererOutputSize(m_renderer, &ow, &oh);
    resize(ow, oh);
    benchStage("fonts");
    m_lastInputMs = m_clock.nowMs();
    return true;
}

void Kiosk::resize(int w, int h) {
    // screen.rotation: the UI is drawn upright into a texture of the turned size (w and h swapped
    // at 90 and 270) and turned onto the panel in frame(). Without that texture it is drawn unturned.
    if (m_config.screen.rotation != 0) {
        int uw = 0, uh = 0, tw = 0, th = 0;
        core::rotatedSize(w, h, m_config.screen.rotation, uw, uh);
        if (m_rotated) SDL_QueryTexture(m_rotated, nullptr, nullptr, &tw, &th);
        if (!m_rotated || tw != uw || th != uh) {
            if (m_rotated) SDL_DestroyTexture(m_rotated);
            m_rotated = SDL_CreateTexture(m_renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, uw, uh);
            if (!m_rotated) logLine(std::string("screen.rotation not applied: no render target: ") + SDL_GetError());
        }
        if (m_rotated) w = uw, h = uh;
    }
    float ddpi = 0;
    SDL_GetDisplayDPI(0, &ddpi, nullptr, nullptr);
    m_metrics = ui::Metrics::forScreen(static_cast<float>(w), static_cast<float>(h), m_config.screen.diagonalInch, ddpi);
    std::vector<unsigned> icons;
    if (m_store)
        for (const auto& t : m_store->themes()) icons.push_back(ui::icon::codepointByName(t.icon));
    if (!ui::loadFonts(m_fonts, m_metrics, icons)) m_staff.notes.push_back("no text font found; using a fallback");
    // The atlas texture is made from ImGui's 8-bit pixels (see TextureCache::uploadFontAtlas),
    // the backend's RGBA path only if that fails.
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* alpha = nullptr;
    int aw = 0, ah = 0;
    io.Fonts->GetTexDataAsAlpha8(&alpha, &aw, &ah);
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    if (SDL_Texture* atlas = m_textures->uploadFontAtlas(alpha, aw, ah)) io.Fonts->SetTexID(atlas);
    else ImGui_ImplSDLRenderer_CreateFontsTexture();
    if (m_bench) std::printf("font-atlas %dx%d\n", aw, ah);
    // The renderer holds its own copy now: ImGui's pixels are waste, and so are the TTF files it
    // loaded once per font (~4.5 MB: five text fonts and five icon merges); the next resize() loads
    // them again. The fonts themselves (glyph tables) stay.
    io.Fonts->ClearTexData();
    io.Fonts->ClearInputData();
    ui::applyStyle(m_metrics, m_palette);
    m_touch.setSlop(std::max(10.f, 2.5f * m_metrics.pxPerMm));
    m_framesWanted = 2;
}

void Kiosk::shutdown() {
    // The installer worker first: it pushes SDL events, which must not outlive SDL.
    m_updates.reset();
    m_power.reset(); // kills a display command still running
    if (m_textures) m_textures.reset();
    if (m_rotated) SDL_DestroyTexture(m_rotated);
    m_rotated = nullptr;
    if (m_imgui) {
        ImGui_ImplSDLRenderer_Shutdown();
        ImGui_ImplSDL2_Shutdown();
        ImGui::DestroyContext();
        m_imgui = false;
    }
    if (m_renderer) SDL_DestroyRenderer(m_renderer);
    if (m_window) SDL_DestroyWindow(m_window);
    m_renderer = nullptr;
    m_window = nullptr;
    if (m_stopSignals) {
        m_stoppedBy = m_stopSignals->requested();
        m_stopSignals.reset(); // joins the signal thread: no SDL_PushEvent after this
    }
    SDL_Quit();
}

// ---------------------------------------------------------------- input and timers

void Kiosk::pointerActivity() {
    m_lastInputMs = m_clock.nowMs();
    m_framesWanted = std::max(m_framesWanted, 3);
}

void Kiosk::handleEvent(const SDL_Event& e) {
    const std::int64_t now = m_clock.nowMs();
    auto pointerDown = [&](float x, float y) {
        // The touch that wakes the screen or ends the slideshow does nothing else.
        const bool wake = m_nav.mode != core::Mode::Normal;
        m_touch.press(x, y, now);
        if (wake) {
            m_touch.swallowCurrent();
            apply(core::act::ExitNight{});
            apply(core::act::ExitAttract{});
        }
        pointerActivity();
    };
    // Mouse positions are window points: through the same calibration and rotation as fingers.
    auto mouse = [&](int x, int y) {
        int ww = 0, wh = 0;
        SDL_GetWindowSize(m_window, &ww, &wh);
        return toUi(ww > 0 ? static_cast<float>(x) / static_cast<float>(ww) : 0.f,
                    wh > 0 ? static_cast<float>(y) / static_cast<float>(wh) : 0.f);
    };
    if (m_wakeEvent != 0 && m_wakeEvent != static_cast<Uint32>(-1) && e.type == m_wakeEvent) {
        m_framesWanted = std::max(m_framesWanted, 1); // the installer has news: frame() drains them
        return;
    }
    switch (e.type) {
    case SDL_QUIT:
        // Alt+F4 and window-manager close requests end up here: a kiosk stays.
        if (!m_config.kioskMode) m_quit = true;
        break;
    case SDL_WINDOWEVENT:
        if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
            int ow = 0, oh = 0;
            SDL_GetRendererOutputSize(m_renderer, &ow, &oh);
            resize(ow, oh);
        }
        m_framesWanted = std::max(m_framesWanted, 2);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e.button.button == SDL_BUTTON_LEFT) {
            const auto p = mouse(e.button.x, e.button.y);
            pointerDown(p.x, p.y);
        }
        break;
    case SDL_MOUSEBUTTONUP:
        if (e.button.button == SDL_BUTTON_LEFT) {
            const auto p = mouse(e.button.x, e.button.y);
            m_touch.release(p.x, p.y, now);
            pointerActivity();
        }
        break;
    case SDL_MOUSEMOTION:
        if (m_touch.down() || (e.motion.state & SDL_BUTTON_LMASK)) {
            const auto p = mouse(e.motion.x, e.motion.y);
            m_touch.move(p.x, p.y, now);
            pointerActivity();
        }
        break;
    case SDL_FINGERDOWN: {
        const auto p = toUi(e.tfinger.x, e.tfinger.y);
        pointerDown(p.x, p.y);
        break;
    }
    case SDL_FINGERMOTION: {
        const auto p = toUi(e.tfinger.x, e.tfinger.y);
        m_touch.move(p.x, p.y, now);
        pointerActivity();
        break;
    }
    case SDL_FINGERUP: {
        const auto p = toUi(e.tfinger.x, e.tfinger.y);
        m_touch.release(p.x, p.y, now);
        pointerActivity();
        break;
    }
    case SDL_KEYDOWN:
        // Any key wakes a dark screen (and does nothing else).
        if (m_nav.mode == core::Mode::Night) {
            apply(core::act::ExitNight{});
            pointerActivity();
        }
        // In kiosk mode no key does anything: no Escape, no Ctrl+Q, no Alt+F4.
        if (!m_config.kioskMode && (e.key.keysym.sym == SDLK_ESCAPE ||
                                    (e.key.keysym.sym == SDLK_q && (e.key.keysym.mod & KMOD_CTRL))))
            m_quit = true;
        break;
    default:
        break;
    }
}

bool Kiosk::screenScheduledOn() {
    // Made again when the shown site's hours change (a content swap), not parsed every loop.
    const std::string siteHours = m_store ? m_store->site().openingHours : std::string();
    if (m_scheduleSiteHours != siteHours) {
        m_scheduleSiteHours = siteHours;
        std::vector<std::string> notes;
        m_schedule = core::ScreenSchedule::make(m_config.screenOnHours, siteHours, m_config.screenFollowsSiteHours,
                                                core::makeHolidayCalendar(m_config.publicHolidays, notes), notes);
        for (const auto& n : notes) {
            logLine(n);
            if (std::find(m_staff.notes.begin(), m_staff.notes.end(), n) == m_staff.notes.end()) m_staff.notes.push_back(n);
        }
    }
    return m_schedule.on(m_clock.wall());
}

// The display follows the night: off when the kiosk goes dark, on at the first frame after it.
void Kiosk::setUpDisplayPower() {
    platform::DisplayPowerMethod method;
    if (m_config.displayPower == "command") {
        method.kind = platform::DisplayPowerMethod::Kind::Command;
        method.offCommand = m_config.displayOffCommand;
        method.onCommand = m_config.displayOnCommand;
        method.description = "configured commands";
    } else if (m_config.displayPower == "backlight") {
        auto bl = m_config.displayBacklight.empty() ? platform::findBacklight("/sys/class/backlight")
                                                    : std::optional<std::filesystem::path>(m_config.displayBacklight);
        if (bl) {
            method.kind = platform::DisplayPowerMethod::Kind::Backlight;
            method.backlight = *bl;
            method.description = "backlight " + bl->string();
        } else {
            method.description = "none (no writable backlight found)";
        }
    } else if (m_config.displayPower == "auto") {
        const char* driver = SDL_GetCurrentVideoDriver();
        const char* path = std::getenv("PATH");
        method = platform::chooseDisplayPower({driver ? driver : "", path ? path : "/usr/bin:/bin", "/sys/class/backlight"});
    } else {
        method.description = "none (display_power is \"none\")";
    }
    logLine("display power: " + method.description);
    m_power = std::make_unique<platform::DisplayPower>(std::move(method));
    // Switched on at start: a kiosk restarted at night (watchdog, update) may find the display off.
    m_power->request(true);
}

void Kiosk::updateDisplayPower() {
    if (!m_power) return;
    const bool on = m_nav.mode != core::Mode::Night;
    if (on != m_displayOn) {
        m_displayOn = on;
        m_power->request(on);
    }
    for (const auto& line : m_power->takeMessages()) {
        if (m_updates && m_updates->enabled()) m_updates->log("display", line);
        else logLine(line);
    }
}

// A point on the panel (0..1 across the window) to UI pixels: touch calibration, then rotation.
core::TouchPoint Kiosk::toUi(float panelU, float panelV) const {
    return core::mapTouch({panelU, panelV}, m_config.touch, m_rotated ? m_config.screen.rotation : 0, m_metrics.width,
                          m_metrics.height);
}

bool Kiosk::runTimers() {
    const std::int64_t now = m_clock.nowMs();
    bool changed = false;
    core::IdleTimes times{m_config.idleSeconds * 1000LL, m_config.attractSeconds * 1000LL,
                          m_config.attractSlideSeconds * 1000LL};
    core::IdleInput in{now, m_lastInputMs, m_lastSlideMs, screenScheduledOn()};
    for (const auto& a : core::idleActions(m_nav, times, in)) {
        apply(a);
        changed = true;
    }
    // The clock on the home screen changes every minute.
    const int minute = m_clock.wall().minuteOfDay;
    if (minute != m_lastMinute) {
        m_lastMinute = minute;
        changed = true;
    }
    // The locked PIN keypad counts down every second, and unlocks when it reaches zero.
    const std::int64_t pinLeft = m_pinGuard.lockedUntil() - now;
    const std::int64_t pinSeconds = pinLeft > 0 ? (pinLeft + 999) / 1000 : 0;
    if (pinSeconds != m_lastPinSeconds) {
        m_lastPinSeconds = pinSeconds;
        changed = true;
    }
    // The install banner goes away by itself.
    if (m_staff.install.stage != ui::InstallStatus::Stage::Hidden && m_staff.install.hideAtMs &&
        now >= m_staff.install.hideAtMs) {
        m_staff.install.stage = ui::InstallStatus::Stage::Hidden;
        changed = true;
    }
    if (changed) m_framesWanted = std::max(m_framesWanted, 2);
    return changed;
}

void Kiosk::apply(const Action& a) {
    const std::int64_t now = m_clock.nowMs();
    const core::Screen before = m_nav.screen();
    const std::size_t depthBefore = m_nav.stack.size();
    if (std::holds_alternative<core::act::EnterAttract>(a) || std::holds_alternative<core::act::NextSlide>(a))
        m_lastSlideMs = now;
    if (std::holds_alternative<core::act::IdleReset>(a)) m_scrolls.clear();
    const std::string searchBefore = m_nav.searchText;
    m_nav = core::reduce(std::move(m_nav), a, now);
    countUsage(a, before, searchBefore);
    // A newly opened page starts at the top; going back keeps the position the visitor left.
    if (m_nav.stack.size() > depthBefore) m_scrolls.erase(core::pageKey(m_nav.current()));
    if (m_nav.stack.size() != depthBefore || m_nav.screen() != before) m_framesWanted = std::max(m_framesWanted, 3);
}

// Anonymous statistics (docs/usage-stats.md): themes and entries opened, and search terms,
// counted once when the visitor leaves the search screen or opens a result, not per keystroke.
void Kiosk::countUsage(const Action& a, core::Screen before, const std::string& searchBefore) {
    if (!m_updates || !m_store) return;
    const content::Date today = m_clock.wall().date;
    if (const auto* t = std::get_if<core::act::OpenTheme>(&a)) {
        if (const auto* theme = m_store->theme(t->themeId)) m_updates->countTheme(theme->id, theme->title.get("de"), today);
    } else if (const auto* e = std::get_if<core::act::OpenEntry>(&a)) {
        if (const auto* entry = m_store->entry(e->entryId)) m_updates->countEntry(entry->id, entry->title.get("de"), today);
    }
    if (m_nav.searchText != searchBefore) m_countedSearch.clear(); // a new term may be counted again
    if (before == core::Screen::Search && m_nav.screen() != core::Screen::Search && searchBefore != m_countedSearch) {
        m_updates->countSearch(searchBefore, today);
        m_countedSearch = searchBefore;
    }
    if (before != core::Screen::Staff && m_nav.screen() == core::Screen::Staff) m_updates->refreshStaff(m_staff);
}

void Kiosk::handlePin(const std::string& pin) {
    const std::int64_t now = m_clock.nowMs();
    if (m_pinGuard.locked(now)) return;
    if (core::checkPin(m_config.staffPinHash, pin)) {
        m_pinGuard.success();
        apply(core::act::PinAccepted{});
        return;
    }
    // 1 s, 2 s, 4 s ... up to 5 minutes: guessing a PIN at the kiosk takes days.
    m_pinGuard.failure(now);
    logLine("wrong staff PIN (" + std::to_string(m_pinGuard.failures()) + " in a row), locked for " +
            std::to_string((m_pinGuard.lockedUntil() - now) / 1000) + " s");
    apply(core::act::PinRejected{});
}

// ---------------------------------------------------------------- drawing

void Kiosk::drawCurrent(ui::Context& ctx) {
    using core::Screen;
    if (m_nav.mode == core::Mode::Night) {
        ImGui::GetBackgroundDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(m_metrics.width, m_metrics.height),
                                                      IM_COL32(0, 0, 0, 255));
        return;
    }
    ui::beginScreenWindow("screen", m_metrics, m_palette.background);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int vtxStart = dl->VtxBuffer.Size;
    if (m_nav.mode == core::Mode::Attract) {
        ui::drawAttractScreen(ctx);
    } else if (!m_store && m_nav.screen() != Screen::Pin && m_nav.screen() != Screen::Staff) {
        // Staff must reach their screen exactly when there is no content: it says why.
        ui::drawNoContentScreen(ctx);
    } else {
        // A touch that starts on the install banner belongs to the banner, not to the screen below.
        const ui::Rect banner = ui::installBannerRect(ctx);
        const bool onBanner = m_touch.active() && banner.contains(m_touch.pressPos().x, m_touch.pressPos().y);
        ctx.inputBlocked = m_nav.languageMenu || onBanner;
        switch (m_nav.screen()) {
        case Screen::Home: ui::drawHomeScreen(ctx); break;
        case Screen::ThemeList: ui::drawThemeListScreen(ctx); break;
        case Screen::Detail: ui::drawDetailScreen(ctx); break;
        case Screen::Events: ui::drawEventsScreen(ctx); break;
        case Screen::Search: ui::drawSearchScreen(ctx); break;
        case Screen::Filters: ui::drawFiltersScreen(ctx); break;
        case Screen::Pin: ui::drawPinScreen(ctx); break;
        case Screen::Staff: ui::drawStaffScreen(ctx); break;
        }
    }
    // Screen transition: the new screen slides in a little and fades up (180 ms).
    const std::int64_t age = ctx.nowMs - m_nav.transitionStartMs;
    if (m_nav.transitionStartMs >= 0 && age < 180) {
        const float t = static_cast<float>(age) / 180.f;
        const float ease = 1.f - (1.f - t) * (1.f - t);
        const float dx = static_cast<float>(m_nav.transitionDirection) * (1.f - ease) * 40.f * m_metrics.u;
        for (int i = vtxStart; i < dl->VtxBuffer.Size; ++i) dl->VtxBuffer[i].pos.x += dx;
        dl->AddRectFilled(ImVec2(0, 0), ImVec2(m_metrics.width, m_metrics.height),
                          (m_palette.background & 0x00FFFFFF) | (static_cast<ImU32>((1.f - ease) * 200.f) << 24));
        ctx.animating = true;
    }
    if (m_nav.mode == core::Mode::Normal && m_store) ui::languageMenu(ctx);
    ctx.inputBlocked = m_nav.languageMenu;
    if (ui::drawInstallBanner(ctx)) m_staff.install.stage = ui::InstallStatus::Stage::Hidden;
    ui::endScreenWindow();
}

void Kiosk::frame() {
    const double cpuStart = m_bench ? threadCpuMs() : 0;
    const auto wallStart = std::chrono::steady_clock::now();
    pumpUpdates(); // the installer's news, at the start of a frame (GUIDE: data flow)
    // Photos the worker has decoded since the last frame; a screenshot waits for all of them.
    m_textures->collect();
    // A new page (or the slideshow, or the night): the photos of the page before the last one go.
    if (std::string page = m_nav.mode == core::Mode::Attract ? std::string("attract")
                           : m_nav.mode == core::Mode::Night ? std::string("night")
                                                             : core::pageKey(m_nav.current());
        page != m_texturePage) {
        m_texturePage = std::move(page);
        m_textures->screenChanged();
        // Dark: there is nothing to go back to, so the screen before goes too.
        if (m_texturePage == "night") m_textures->screenChanged();
    }
    if (!m_pendingScreenshot.empty()) m_textures->waitIdle();
    m_touch.beginFrame();
    // No ImGui_ImplSDLRenderer_NewFrame(): all it does is make the backend's font texture when it
    // has none, and the atlas is ours (resize()).
    ImGui_ImplSDL2_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    // Our input, not SDL's mouse state: works for touch, scripts and offscreen windows alike.
    io.DisplaySize = ImVec2(m_metrics.width, m_metrics.height);
    io.DisplayFramebufferScale = ImVec2(1, 1);
    io.MousePos = m_touch.active() ? ImVec2(m_touch.pos().x, m_touch.pos().y) : ImVec2(-FLT_MAX, -FLT_MAX);
    io.MouseDown[0] = m_touch.down();
    io.DeltaTime = 1.f / 60.f;
    ImGui::NewFrame();
    m_registry.clear();

    m_staff.pinFailures = m_pinGuard.failures();
    m_staff.pinLockedUntilMs = m_pinGuard.lockedUntil();
    // statvfs only where it is shown: nothing per frame that the visitor screens do not need.
    if (m_nav.screen() == core::Screen::Staff)
        if (auto free = platform::freeSpace(m_config.dataDir)) m_staff.freeBytes = *free;
    ui::Context ctx{m_store.get(), m_nav, m_config, m_i18n, m_clock.wall(), m_clock.nowMs(), m_metrics, m_palette,
                    m_fonts, m_touch, *m_textures, m_registry, m_staff, m_scrolls, false, {}, std::nullopt, {}, false};
    drawCurrent(ctx);

    ImGui::Render();
    const double cpuUi = m_bench ? threadCpuMs() : 0;
    const bool render = !soakSkipsRender();
    // screen.rotation: drawn upright into m_rotated, turned onto the panel below.
    if (render && m_rotated) SDL_SetRenderTarget(m_renderer, m_rotated);
    SDL_SetRenderDrawColor(m_renderer, 247, 243, 236, 255);
    // SDL's software renderer is fast only for what it can fill or copy as rectangles: see soft_render.h
    // (which also skips the clear when the frame starts with an opaque full-screen fill, as they all do).
    if (!render) {
    } else if (m_softwareRenderer) {
        ui::renderSoftware(m_renderer, ImGui::GetDrawData(), SDL_Color{247, 243, 236, 255});
    } else {
        SDL_RenderClear(m_renderer);
        ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    }
    // A screenshot is what the visitor sees: the UI upright (KIOSK_SCREENSHOT_PANEL=1: as the panel shows it).
    static const bool panelShot = [] {
        const char* v = std::getenv("KIOSK_SCREENSHOT_PANEL");
        return v && *v == '1';
    }();
    if (!m_pendingScreenshot.empty() && !(panelShot && m_rotated)) {
        saveScreenshot(m_pendingScreenshot);
        m_pendingScreenshot.clear();
    }
    if (render && m_rotated) {
        SDL_SetRenderTarget(m_renderer, nullptr);
        int pw = 0, ph = 0;
        SDL_GetRendererOutputSize(m_renderer, &pw, &ph);
        // Turned about its centre, the upright UI (ph x pw at 90/270) covers the panel exactly.
        const int uw = static_cast<int>(m_metrics.width), uh = static_cast<int>(m_metrics.height);
        const SDL_Rect dst{(pw - uw) / 2, (ph - uh) / 2, uw, uh};
        SDL_RenderCopyEx(m_renderer, m_rotated, nullptr, &dst, m_config.screen.rotation, nullptr, SDL_FLIP_NONE);
    }
    if (!m_pendingScreenshot.empty()) {
        saveScreenshot(m_pendingScreenshot);
        m_pendingScreenshot.clear();
    }
    if (render) SDL_RenderPresent(m_renderer);
    if (!m_readySent) {
        m_readySent = true;
        m_notifier.send("READY=1");
    }
    watchdogPing();
    if (m_bench && !m_firstFrameShown) {
        m_firstFrameShown = true;
        const std::chrono::duration<double, std::milli> sinceMain = std::chrono::steady_clock::now() - m_opt.started;
        std::printf("first-frame-ms %.1f\nstartup-ms%s frame %.1f\n", sinceMain.count(), m_startupStages.c_str(),
                    sinceMain.count());
        std::fflush(stdout);
    }

    // Photos still being decoded count as animation: another frame shows them when they arrive.
    m_animating = ctx.animating || m_textures->pending() > 0;
    if (ctx.pinSubmitted) handlePin(*ctx.pinSubmitted);
    for (const auto& a : ctx.actions) apply(a);
    for (const auto& [cmd, channel] : ctx.staffCommands)
        if (m_updates)
            m_updates->command(cmd, channel, m_shownChannel, m_clock.nowMs(), m_clock.wall().date, m_shownChannel, m_staff);
    if (!ctx.staffCommands.empty()) m_framesWanted = std::max(m_framesWanted, 2);
    if (!ctx.actions.empty()) m_framesWanted = std::max(m_framesWanted, 2);
    if (m_logScreens) {
        std::string shown = m_nav.mode == core::Mode::Attract ? "attract"
                            : m_nav.mode == core::Mode::Night ? "night"
                                                               : core::pageKey(m_nav.current());
        if (shown != m_loggedScreen) {
            m_loggedScreen = shown;
            std::printf("screen %s\n", shown.c_str());
            std::fflush(stdout);
        }
        // The registry holds the frame just drawn: it shows `shown` once nothing is pending or moving.
        if (m_logItems && shown != m_itemsLoggedFor && ctx.actions.empty() && !ctx.pinSubmitted && !m_animating) {
            m_itemsLoggedFor = shown;
            for (const auto& i : m_registry.items())
                std::printf("item %s %.0f %.0f %.0f %.0f\n", i.id.c_str(), i.rect.x0, i.rect.y0, i.rect.x1, i.rect.y1);
            std::printf("items %s\n", shown.c_str());
            std::fflush(stdout);
        }
    }
    if (m_bench && m_updates && (m_swappedThisFrame || m_updates->busy())) {
        const std::chrono::duration<double, std::milli> wall = std::chrono::steady_clock::now() - wallStart;
        m_installFrameMs.push_back(wall.count());
        if (m_swappedThisFrame) m_swapFrameMs = wall.count();
    }
    m_swappedThisFrame = false;
    if (m_bench && m_recordFrames) {
        m_frameCpuMs.push_back(threadCpuMs() - cpuStart);
        m_frameUiCpuMs.push_back(cpuUi - cpuStart);
    }
}

bool Kiosk::saveScreenshot(const std::string& path) {
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(m_renderer, &w, &h);
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    if (SDL_RenderReadPixels(m_renderer, nullptr, SDL_PIXELFORMAT_ABGR8888, px.data(), w * 4) != 0) {
        logLine(std::string("screenshot failed: ") + SDL_GetError());
        return false;
    }
    if (!stbi_write_png(path.c_str(), w, h, 4, px.data(), w * 4)) {
        logLine("cannot write screenshot " + path);
        return false;
    }
    return true;
}

// ---------------------------------------------------------------- interactive loop

int Kiosk::runInteractive() {
    m_recordFrames = true; // every frame here answers input or a timer
    while (!m_quit && !stopRequested()) {
        const std::int64_t now = m_clock.nowMs();
        int timeout = 0;
        if (m_framesWanted <= 0 && !m_animating) {
            core::IdleTimes times{m_config.idleSeconds * 1000LL, m_config.attractSeconds * 1000LL,
                                  m_config.attractSlideSeconds * 1000LL};
            core::IdleInput in{now, m_lastInputMs, m_lastSlideMs, screenScheduledOn()};
            std::int64_t wake = core::nextWakeMs(m_nav, times, in) - now;
            // Wake at the next full minute for the clock and the screen schedule.
            const auto msIntoMinute = static_cast<std::int64_t>(std::time(nullptr) % 60) * 1000;
            wake = std::min<std::int64_t>(wake, 60'000 - msIntoMinute + 50);
            // The PIN countdown's next second.
            if (m_pinGuard.locked(now)) wake = std::min<std::int64_t>(wake, (m_pinGuard.lockedUntil() - now - 1) % 1000 + 1);
            // The install banner's end.
            if (m_staff.install.stage != ui::InstallStatus::Stage::Hidden && m_staff.install.hideAtMs > now)
                wake = std::min<std::int64_t>(wake, m_staff.install.hideAtMs - now);
            timeout = static_cast<int>(std::clamp<std::int64_t>(wake, 1, 60'000));
        } else if (m_animating && m_framesWanted <= 0) {
            timeout = 16;
        }
        // The watchdog's ping is due even when nothing is drawn.
        if (const auto wd = m_notifier.watchdogInterval().count(); wd > 0 && timeout > 0)
            timeout = std::min<int>(timeout, static_cast<int>(std::max<long long>(1, wd)));
        watchdogPing();
        SDL_Event e;
        if (timeout > 0 ? SDL_WaitEventTimeout(&e, timeout) : SDL_PollEvent(&e)) {
            handleEvent(e);
            while (SDL_PollEvent(&e)) handleEvent(e);
        }
        runTimers();
        updateDisplayPower();
        const bool night = m_nav.mode == core::Mode::Night;
        if (!night) m_nightDrawn = false;
        if (night && m_nightDrawn) {
            // Dark (and the display off): no frames until a touch, a key or the morning; the
            // installer's news are still taken in (a stick plugged in wakes the screen).
            // Zeroed first: a stick plugged in at night wakes the screen inside pumpUpdates() and
            // asks for frames, which must not be thrown away here.
            m_framesWanted = 0;
            m_animating = false;
            pumpUpdates();
        } else if (m_framesWanted > 0 || m_animating) {
            frame();
            if (m_framesWanted > 0) --m_framesWanted;
            if (night && m_nav.mode == core::Mode::Night) m_nightDrawn = true; // the black frame is up
        }
    }
    return 0;
}

// ---------------------------------------------------------------- headless scripts

void Kiosk::scriptFrame(int n) {
    for (int i = 0; i < n; ++i) {
        m_clock.virtualMs += 16;
        runTimers();
        frame();
    }
}

void Kiosk::settle() {
    // Let animations (transitions, flings, bounces) finish, like a person waiting a moment.
    for (int i = 0; i < 240; ++i) {
        // Like a person who waits until the photos are in: screenshots and checks are deterministic.
        if (m_textures->pending()) m_textures->waitIdle();
        scriptFrame();
        if (!m_animating && i >= 2) break;
    }
}

bool Kiosk::scriptTarget(const core::ScriptStep& st, float& x, float& y, std::string& error) const {
    x = st.x1;
    y = st.y1;
    if (!st.point) {
        const std::string what = st.text.size() > 1 && st.text[0] == '#' ? st.text.substr(1) : st.text;
        const ui::RegisteredItem* item = m_registry.find(what);
        if (!item) {
            std::string visible;
            for (const auto& i : m_registry.items()) {
                if (visible.size() > 600) {
                    visible += ", ...";
                    break;
                }
                visible += (visible.empty() ? "" : ", ") + i.id + (i.label.empty() ? "" : " \"" + i.label + "\"");
            }
            error = "no visible element '" + what + "' (visible: " + visible + ")";
            return false;
        }
        x = item->rect.cx();
        y = item->rect.cy();
    }
    return true;
}

void Kiosk::scriptPress(float x, float y) {
    // Like a real touch (handleEvent): the one that wakes the screen or ends the slideshow does nothing else.
    const bool wake = m_nav.mode != core::Mode::Normal;
    m_touch.press(x, y, m_clock.nowMs());
    if (wake) {
        m_touch.swallowCurrent();
        apply(core::act::ExitNight{});
        apply(core::act::ExitAttract{});
    }
    pointerActivity();
}

bool Kiosk::scriptTap(const core::ScriptStep& st, std::string& error) {
    float x = 0, y = 0;
    if (!scriptTarget(st, x, y, error)) return false;
    scriptPress(x, y);
    scriptFrame(2);
    m_clock.virtualMs += 60;
    m_touch.release(x, y, m_clock.nowMs());
    pointerActivity();
    scriptFrame();
    settle();
    return true;
}

bool Kiosk::scriptHold(const core::ScriptStep& st, std::string& error) {
    float x = 0, y = 0;
    if (!scriptTarget(st, x, y, error)) return false;
    scriptPress(x, y);
    // Frames all the way through, as on a real screen: a long press counts the time between frames,
    // from the first frame that saw the finger. 50 ms apart rather than 16: nothing moves while a
    // finger rests, and full-size frames are slow headless.
    scriptFrame();
    const std::int64_t firstFrameMs = m_clock.nowMs();
    while (m_clock.nowMs() - firstFrameMs < st.ms) {
        // scriptFrame() adds 16 ms: steps of up to 50 ms that end exactly at the hold time.
        m_clock.virtualMs += std::clamp<std::int64_t>(st.ms - (m_clock.nowMs() - firstFrameMs) - 16, 0, 34);
        scriptFrame();
    }
    m_touch.release(x, y, m_clock.nowMs());
    pointerActivity();
    scriptFrame();
    settle();
    return true;
}

// Scripts run on a virtual clock, but the installer works in real time: wait for it for real,
// drawing frames so its events are drained as they would be on screen.
bool Kiosk::waitForInstaller(long long maxMs) {
    const auto start = std::chrono::steady_clock::now();
    while (m_updates && m_updates->busy()) {
        if (std::chrono::steady_clock::now() - start > std::chrono::milliseconds(maxMs)) return false;
        SDL_Delay(20);
        SDL_FlushEvent(m_wakeEvent);
        scriptFrame();
    }
    scriptFrame();
    settle();
    return true;
}

int Kiosk::runScript() {
    std::ifstream in(m_opt.script, std::ios::binary);
    if (!in) {
        std::cerr << "kiosk: cannot read script " << m_opt.script.string() << '\n';
        return 2;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    auto steps = core::parseScript(ss.str(), m_opt.script.string());
    if (!steps) {
        std::cerr << "kiosk: " << steps.error().toString() << '\n';
        return 2;
    }
    settle();
    int index = 0;
    for (const auto& st : *steps) {
        ++index;
        if (stopRequested()) {
            std::cerr << "kiosk: stopped by signal " << stopSignal() << " before step " << index << '\n';
            return 1;
        }
        std::string error;
        using K = core::ScriptStep::Kind;
        switch (st.kind) {
        case K::Tap: scriptTap(st, error); break;
        case K::Hold: scriptHold(st, error); break;
        case K::Drag: {
            // A drag is scrolling: its frames, and the fling's after it, are the ones KIOSK_BENCH times.
            m_recordFrames = true;
            scriptPress(st.x1, st.y1);
            scriptFrame();
            const int steps16 = std::max<int>(1, static_cast<int>(st.ms / 16));
            for (int i = 1; i <= steps16; ++i) {
                const float t = static_cast<float>(i) / static_cast<float>(steps16);
                m_clock.virtualMs += 16;
                m_touch.move(st.x1 + (st.x2 - st.x1) * t, st.y1 + (st.y2 - st.y1) * t, m_clock.nowMs());
                pointerActivity();
                runTimers();
                frame();
            }
            m_touch.release(st.x2, st.y2, m_clock.nowMs());
            pointerActivity();
            scriptFrame();
            settle();
            m_recordFrames = false;
            break;
        }
        case K::Type: {
            // One key at a time on the on-screen keyboard, as a visitor would.
            const std::string& t = st.text;
            for (std::size_t i = 0; i < t.size() && error.empty();) {
                std::size_t len = 1;
                const auto c = static_cast<unsigned char>(t[i]);
                if (c >= 0xF0) len = 4;
                else if (c >= 0xE0) len = 3;
                else if (c >= 0xC0) len = 2;
                std::string ch = t.substr(i, len);
                i += len;
                if (ch == " ") ch = "space";
                if (ch.size() == 1) ch[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(ch[0])));
                core::ScriptStep key;
                key.kind = K::Tap;
                key.text = "#key:" + ch;
                scriptTap(key, error);
            }
            break;
        }
        case K::Wait: {
            const long long frames = std::max<long long>(1, st.ms / 16);
            for (long long i = 0; i < frames; ++i) scriptFrame();
            break;
        }
        case K::Advance:
            m_clock.virtualMs += st.ms;
            runTimers();
            settle();
            break;
        case K::SetTime: {
            auto t = content::parseDateTime(st.text);
            if (!t) {
                error = "not a date and time: '" + st.text + "'";
                break;
            }
            m_clock.wallOffsetMin = t->toMinutes() - (m_clock.wall().toMinutes() - m_clock.wallOffsetMin);
            m_framesWanted = 2;
            settle();
            break;
        }
        case K::Screenshot:
            m_pendingScreenshot = st.text;
            scriptFrame();
            if (!std::filesystem::exists(st.text)) error = "screenshot '" + st.text + "' was not written";
            break;
        case K::ExpectText:
            if (!m_registry.hasText(st.text)) error = "text \"" + st.text + "\" is not on screen";
            break;
        case K::ExpectNoText:
            if (m_registry.hasText(st.text)) error = "text \"" + st.text + "\" is on screen";
            break;
        case K::ExpectScreen: {
            std::string actual = core::screenName(m_nav.screen());
            if (m_nav.mode == core::Mode::Attract) actual = "attract";
            if (m_nav.mode == core::Mode::Night) actual = "night";
            if (actual != st.text) error = "expected screen " + st.text + ", but it is " + actual;
            break;
        }
        case K::Hang:
            // A hung UI thread (for the watchdog test): no frames, no pings, for st.ms of real time.
            std::this_thread::sleep_for(std::chrono::milliseconds(st.ms));
            break;
        case K::WaitInstall:
            if (!waitForInstaller(st.ms)) error = "the installer was still busy after " + std::to_string(st.ms) + " ms";
            break;
        case K::Key: {
            SDL_Event e{};
            e.type = SDL_KEYDOWN;
            e.key.keysym.sym = SDL_GetKeyFromName(st.text.c_str());
            for (const auto& mod : st.modifiers) {
                if (mod == "alt") e.key.keysym.mod |= KMOD_ALT;
                if (mod == "ctrl") e.key.keysym.mod |= KMOD_CTRL;
                if (mod == "shift") e.key.keysym.mod |= KMOD_SHIFT;
                if (mod == "gui") e.key.keysym.mod |= KMOD_GUI;
            }
            handleEvent(e);
            scriptFrame();
            if (m_quit) error = "key " + st.text + " ended the kiosk";
            break;
        }
        }
        if (!error.empty()) {
            std::cerr << "kiosk: script " << m_opt.script.string() << ":" << st.line << ": step " << index << " ("
                      << st.source << ") failed: " << error << '\n';
            return 1;
        }
    }
    std::cout << "script passed: " << index << " steps\n";
    return 0;
}

// ---------------------------------------------------------------- soak test (app/soak.h)

bool Kiosk::soakSkipsRender() {
    // ImGui builds every frame (it must see each press and release); the pixels only every few.
    if (m_opt.soak.events == 0 || !m_pendingScreenshot.empty()) return false;
    return ++m_soakFrames % std::max(1, m_opt.soak.renderEvery) != 0;
}

void Kiosk::view(core::SoakView& out) const {
    out.width = m_metrics.width;
    out.height = m_metrics.height;
    const auto& items = m_registry.items();
    out.items.resize(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        out.items[i].id = items[i].id;
        out.items[i].x0 = items[i].rect.x0, out.items[i].y0 = items[i].rect.y0;
        out.items[i].x1 = items[i].rect.x1, out.items[i].y1 = items[i].rect.y1;
    }
}

std::string Kiosk::screenName() const {
    if (m_nav.mode == core::Mode::Attract) return "attract";
    if (m_nav.mode == core::Mode::Night) return "night";
    return core::screenName(m_nav.screen());
}

// Like the script steps, but without settle(): frames only as many as the input needs, so a
// million events take minutes, and animations run on during the next events.
void Kiosk::perform(const core::SoakEvent& e) {
    using K = core::SoakEvent::Kind;
    const std::string pageBefore = core::pageKey(m_nav.current());
    const core::Mode modeBefore = m_nav.mode;
    switch (e.kind) {
    case K::TapItem:
    case K::TapPoint:
    case K::Hold: {
        scriptPress(e.x1, e.y1);
        scriptFrame();
        // A long press counts the time between frames: a frame every 250 ms while the finger rests.
        for (long long held = 16; held < e.ms; held += 250) {
            m_clock.virtualMs += std::min<long long>(234, e.ms - held);
            scriptFrame();
        }
        m_clock.virtualMs += 60;
        m_touch.release(e.x1, e.y1, m_clock.nowMs());
        pointerActivity();
        scriptFrame();
        break;
    }
    case K::Drag: {
        scriptPress(e.x1, e.y1);
        scriptFrame();
        const int steps = std::clamp<int>(static_cast<int>(e.ms / 32), 2, 24);
        for (int i = 1; i <= steps; ++i) {
            const float t = static_cast<float>(i) / static_cast<float>(steps);
            m_clock.virtualMs += e.ms / steps - 16;
            m_touch.move(e.x1 + (e.x2 - e.x1) * t, e.y1 + (e.y2 - e.y1) * t, m_clock.nowMs() + 16);
            pointerActivity();
            scriptFrame();
        }
        m_touch.release(e.x2, e.y2, m_clock.nowMs());
        pointerActivity();
        scriptFrame();
        break;
    }
    case K::Key: {
        SDL_Event ev{};
        ev.type = SDL_KEYDOWN;
        ev.key.keysym.sym = SDL_GetKeyFromName(e.text.c_str());
        for (const auto& mod : e.modifiers) {
            if (mod == "alt") ev.key.keysym.mod |= KMOD_ALT;
            if (mod == "ctrl") ev.key.keysym.mod |= KMOD_CTRL;
            if (mod == "shift") ev.key.keysym.mod |= KMOD_SHIFT;
            if (mod == "gui") ev.key.keysym.mod |= KMOD_GUI;
        }
        handleEvent(ev);
        scriptFrame();
        break;
    }
    case K::Advance:
        m_clock.virtualMs += e.ms;
        runTimers();
        scriptFrame();
        break;
    case K::Wait:
        for (long long t = 0; t < e.ms; t += 32) {
            m_clock.virtualMs += 16;
            scriptFrame();
        }
        break;
    case K::SwapPack: break; // runSoak calls swapPack()
    }
    // A new screen: one more frame, so the next event sees its elements rather than the old screen's.
    if (m_nav.mode != modeBefore || core::pageKey(m_nav.current()) != pageBefore) scriptFrame();
}

int Kiosk::run() {
    // The wake-up: SDL_PushEvent is thread-safe; the loops check stopRequested() after each event.
    if (const auto err = m_stopSignals->install([](int) {
            SDL_Event quit{};
            quit.type = SDL_QUIT;
            SDL_PushEvent(&quit);
        });
        !err.empty())
        std::cerr << "kiosk: " << err << '\n';
    loadConfig();
    if (!init()) return 1;
    if (m_updates) m_updates->startWorker();
    const int rc = runMode();
    if (const int sig = stopSignal()) logLine(std::string("stopped by signal: ") + strsignal(sig));
    if (m_bench) {
        printFrameStats("frame-cpu-ms", std::move(m_frameCpuMs));
        printFrameStats("frame-ui-cpu-ms", std::move(m_frameUiCpuMs));
        printFrameStats("install-frame-wall-ms", std::move(m_installFrameMs));
        if (m_swapFrameMs >= 0) std::printf("swap-frame-wall-ms %.2f\n", m_swapFrameMs);
    }
    return rc;
}

int Kiosk::runMode() {
    if (m_opt.headless) {
        if (!m_opt.script.empty()) return runScript();
        if (m_opt.soak.events > 0) {
            settle();
            return runSoak(*this, m_opt.soak, std::cout);
        }
        // Benchmark: start, first frame, exit, so the process's wall time is the time to the first frame.
        if (m_bench && m_opt.screenshot.empty()) {
            scriptFrame();
            return 0;
        }
        settle();
        if (!m_opt.screenshot.empty()) {
            m_pendingScreenshot = m_opt.screenshot.string();
            scriptFrame();
            return std::filesystem::exists(m_opt.screenshot) ? 0 : 1;
        }
        return 0;
    }
    return runInteractive();
}

} // namespace

int runKiosk(const AppOptions& options) {
    Kiosk k(options);
    return k.run();
}

} // namespace kiosk::app
