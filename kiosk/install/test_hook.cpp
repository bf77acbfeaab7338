#include "install/test_hook.h"

#include <csignal>
#include <cstdlib>
#include <string>

namespace kiosk::install::detail {

namespace {

struct HookConfig {
    bool enabled = false;
    std::uint64_t crashAt = 0;
    std::size_t chunk = 8u << 20;
    HookConfig() {
        if (const char* v = std::getenv("KIOSK_INSTALL_CRASH_AT"); v && *v) {
            enabled = true;
            crashAt = std::strtoull(v, nullptr, 10);
        }
        if (const char* v = std::getenv("KIOSK_INSTALL_CHUNK_BYTES"); v && *v) {
            const auto b = std::strtoull(v, nullptr, 10);
            if (b >= 512) chunk = static_cast<std::size_t>(b);
        }
    }
};

const HookConfig& config() {
    static const HookConfig c;
    return c;
}

std::uint64_t g_steps = 0;

} // namespace

void step() {
    ++g_steps;
    const auto& c = config();
    if (c.enabled && c.crashAt != 0 && g_steps == c.crashAt) std::raise(SIGKILL);
}

std::uint64_t stepCount() { return g_steps; }

std::size_t copyChunkBytes() { return config().chunk; }

} // namespace kiosk::install::detail
