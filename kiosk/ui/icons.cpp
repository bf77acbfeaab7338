#include "icons.h"

#include <fstream>
#include <sstream>
#include <unordered_map>

namespace kiosk::ui::icon {

namespace {
std::unordered_map<std::string, unsigned>& table() {
    // The themes the sample and typical packs use, so they work without the CSS.
    static std::unordered_map<std::string, unsigned> t = {
        {"child_care", 0xeb41}, {"family_restroom", 0xf1a2}, {"school", 0xe80c}, {"park", 0xea63},
        {"sports_soccer", 0xea2f}, {"groups", 0xf233}, {"elderly", 0xf21a}, {"volunteer_activism", 0xea70},
        {"event", 0xe878}, {"home", 0xe88a}, {"info", 0xe88e}, {"favorite", 0xe87d}, {"star", 0xe838},
        {"location_on", 0xe0c8}, {"phone", 0xe0cd}, {"euro", 0xea15}, {"person", 0xe7fd}, {"business", 0xe0af},
    };
    return t;
}
} // namespace

bool loadIconNames(const std::string& cssPath) {
    std::ifstream in(cssPath);
    if (!in) return false;
    // Lines look like:  .material-icons.child_care:before {\n    content: "\eb41"; }
    std::string line, pending;
    auto& t = table();
    while (std::getline(in, line)) {
        if (auto p = line.find(".material-icons."); p != std::string::npos) {
            const auto start = p + 16;
            const auto end = line.find(":before", start);
            if (end != std::string::npos) pending = line.substr(start, end - start);
            continue;
        }
        if (pending.empty()) continue;
        if (auto p = line.find("content: \"\\"); p != std::string::npos) {
            try {
                t.emplace(pending, static_cast<unsigned>(std::stoul(line.substr(p + 11, 4), nullptr, 16)));
            } catch (...) {
            }
            pending.clear();
        }
    }
    return true;
}

unsigned codepointByName(std::string_view name) {
    auto& t = table();
    auto it = t.find(std::string(name));
    // 16-bit ImWchar: code points above the BMP cannot be shown.
    return it == t.end() || it->second > 0xFFFF ? kFallback : it->second;
}

std::string utf8(unsigned c) {
    std::string out;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
}

std::vector<unsigned> uiCodepoints() {
    return {0xe5c4, 0xe88a, 0xe8b6, 0xe894, 0xe429, 0xe878, 0xe0cd, 0xe0be, 0xe80b, 0xe55f, 0xe8b5, 0xe5ca,
            0xe5cd, 0xe14a, 0xe00a, 0xe897, 0xe88e, 0xe7fd, 0xe0af, 0xe913, 0xe935, 0xe1db, 0xe5cc, 0xea15,
            0xe838, 0xe318, 0xe256, 0xf053, 0xe1e0, 0xe000, 0xe26b, 0xe889};
}

} // namespace kiosk::ui::icon
