#include "style.h"

#include "icons.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace kiosk::ui {

Metrics Metrics::forScreen(float width, float height, double diagonalInch, float sdlDpi) {
    Metrics m;
    m.width = width;
    m.height = height;
    m.portrait = height > width;
    m.u = std::max(0.75f, std::min(width, height) / 480.f);
    if (diagonalInch > 0) {
        m.pxPerMm = static_cast<float>(std::hypot(width, height) / (diagonalInch * 25.4));
    } else if (sdlDpi > 20) {
        m.pxPerMm = sdlDpi / 25.4f;
    } else {
        // Unknown: assume the common 7" 800x480 panel scaled to this resolution.
        m.pxPerMm = static_cast<float>(std::hypot(width, height) / (7.0 * 25.4));
    }
    m.touch = std::max(56.f * m.u, 9.f * m.pxPerMm);
    m.pad = 14.f * m.u;
    m.gap = 10.f * m.u;
    m.radius = 16.f * m.u;
    m.topBar = m.touch + 12.f * m.u;
    return m;
}

namespace {

std::string findFont(const std::vector<std::string>& candidates) {
    for (const auto& c : candidates)
        if (std::filesystem::exists(c)) return c;
    return {};
}

const ImWchar* textRanges() {
    // The letters of the kiosk's languages and of the staff's content, not whole Unicode blocks:
    // every glyph costs atlas space in every font size (RAM with the software renderer) and
    // rasterising time at start. Latin-1; Latin Extended-A (Turkish ğ ı ş, Polish ł ż, Czech ř,
    // Hungarian ő); Romanian ș ț; Cyrillic as Ukrainian and Russian use it (А–я, Ё Є І Ї, Ґ) and
    // the Ukrainian apostrophe ʼ; dashes, quotes, bullet, ellipsis (‐ – — ‘ ’ ‚ “ ” „ † • …),
    // ‰ ′ ″ ‹ ›; € and ™. 500 glyphs instead of 900 (Latin Extended-B, the rest of Cyrillic and
    // of General Punctuation were never shown). Checked against the UI strings and the sample.
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x0218, 0x021B, 0x02BC, 0x02BC,
                                     0x0400, 0x045F, 0x0490, 0x0491, 0x2010, 0x2027, 0x2030, 0x203A,
                                     0x20AC, 0x20AC, 0x2122, 0x2122, 0};
    return ranges;
}

} // namespace

bool loadFonts(Fonts& fonts, const Metrics& m, const std::vector<unsigned>& extraIcons) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    io.Fonts->TexDesiredWidth = 2048;
    // SDL_Renderer takes any texture height; rounding it up to a power of two wastes up to half the
    // atlas (2048x3363 at 1920x1080 would take 2048x4096), in RAM with the software renderer.
    io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;

    const std::string regular = findFont({"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
                                          "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"});
    const std::string bold = findFont({"/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
                                       "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"});
    const std::string icons = findFont({"/usr/share/fonts/truetype/material-design-icons-iconfont/MaterialIcons-Regular.ttf"});
    fonts.textFontPath = regular;

    // The icon glyph list must outlive the atlas build.
    static ImVector<ImWchar> iconRanges;
    {
        ImFontGlyphRangesBuilder b;
        for (unsigned c : icon::uiCodepoints()) b.AddChar(static_cast<ImWchar>(c));
        for (unsigned c : extraIcons)
            if (c <= 0xFFFF) b.AddChar(static_cast<ImWchar>(c));
        iconRanges.clear();
        b.BuildRanges(&iconRanges);
    }

    auto add = [&](const std::string& file, float size, bool withIcons = true) -> ImFont* {
        if (file.empty()) return nullptr;
        ImFontConfig cfg;
        // PixelSnapH puts every glyph on a whole pixel, and horizontal oversampling only serves sub-pixel
        // positions: at 2 it doubled the atlas for nothing (at 1920x1080 2048x8192 RGBA, 67 MB, ~40 ms to
        // build, and taller than the 4096 rows a Raspberry Pi 4's GPU accepts for one texture).
        cfg.OversampleH = 1;
        cfg.OversampleV = 1;
        cfg.PixelSnapH = true;
        ImFont* f = io.Fonts->AddFontFromFileTTF(file.c_str(), size, &cfg, textRanges());
        if (f && withIcons && !icons.empty()) {
            ImFontConfig ic;
            ic.MergeMode = true;
            ic.PixelSnapH = true;
            ic.GlyphOffset = ImVec2(0, size * 0.18f);
            ic.GlyphMinAdvanceX = size;
            io.Fonts->AddFontFromFileTTF(icons.c_str(), size * 1.05f, &ic, iconRanges.Data);
        }
        return f;
    };

    const float u = m.u;
    fonts.small = add(regular, std::round(16.f * u));
    fonts.body = add(regular, std::round(20.f * u));
    fonts.bold = add(bold.empty() ? regular : bold, std::round(20.f * u));
    fonts.title = add(bold.empty() ? regular : bold, std::round(28.f * u));
    // The attract screen's titles: never an icon (those come from iconLarge), and at 90 px a set of
    // icons is 1.5 MB of atlas.
    fonts.huge = add(bold.empty() ? regular : bold, std::round(40.f * u), false);
    if (!icons.empty()) {
        ImFontConfig ic;
        ic.PixelSnapH = true;
        fonts.iconLarge = io.Fonts->AddFontFromFileTTF(icons.c_str(), std::round(52.f * u), &ic, iconRanges.Data);
    }
    if (!fonts.body) {
        ImFont* def = io.Fonts->AddFontDefault();
        fonts.small = fonts.body = fonts.bold = fonts.title = fonts.huge = def;
    }
    if (!fonts.iconLarge) fonts.iconLarge = fonts.title;
    io.FontDefault = fonts.body;
    return !regular.empty();
}

void applyStyle(const Metrics& m, const Palette& p) {
    ImGuiStyle& s = ImGui::GetStyle();
    s = ImGuiStyle();
    s.WindowPadding = ImVec2(0, 0);
    s.WindowRounding = 0;
    s.WindowBorderSize = 0;
    s.ChildBorderSize = 0;
    s.FramePadding = ImVec2(m.pad, m.pad * 0.6f);
    s.FrameRounding = m.radius;
    s.ItemSpacing = ImVec2(m.gap, m.gap);
    s.ScrollbarSize = 0;
    s.TouchExtraPadding = ImVec2(0, 0);
    s.AntiAliasedFill = true;
    s.AntiAliasedLines = true;
    ImVec4* c = s.Colors;
    c[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(p.background);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(p.text);
    c[ImGuiCol_PopupBg] = ImGui::ColorConvertU32ToFloat4(p.surface);
}

ImU32 parseColour(const std::string& hex, ImU32 fallback) {
    if (hex.size() != 7 || hex[0] != '#') return fallback;
    unsigned v = 0;
    for (std::size_t i = 1; i < 7; ++i) {
        const char ch = hex[i];
        v <<= 4;
        if (ch >= '0' && ch <= '9') v |= static_cast<unsigned>(ch - '0');
        else if (ch >= 'a' && ch <= 'f') v |= static_cast<unsigned>(ch - 'a' + 10);
        else if (ch >= 'A' && ch <= 'F') v |= static_cast<unsigned>(ch - 'A' + 10);
        else return fallback;
    }
    return IM_COL32((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF, 255);
}

ImU32 shade(ImU32 colour, float factor) {
    ImVec4 c = ImGui::ColorConvertU32ToFloat4(colour);
    auto f = [&](float x) { return factor <= 1 ? x * factor : x + (1 - x) * (factor - 1); };
    return ImGui::ColorConvertFloat4ToU32(ImVec4(std::clamp(f(c.x), 0.f, 1.f), std::clamp(f(c.y), 0.f, 1.f),
                                                 std::clamp(f(c.z), 0.f, 1.f), c.w));
}

} // namespace kiosk::ui
