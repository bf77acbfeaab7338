#include "basic.h"

#include "ui/icons.h"
#include "widgets/long_press.h"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

ImDrawList* drawList() { return ImGui::GetWindowDrawList(); }

ImVec2 measureText(ImFont* font, std::string_view text, float wrapWidth) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, wrapWidth, text.data(), text.data() + text.size());
}

float drawText(Context& ctx, ImFont* font, ImVec2 pos, ImU32 colour, std::string_view text, float wrapWidth) {
    if (text.empty()) return 0;
    drawList()->AddText(font, font->FontSize, pos, colour, text.data(), text.data() + text.size(), wrapWidth);
    ctx.registry.addText(std::string(text));
    return measureText(font, text, wrapWidth).y;
}

std::string ellipsize(ImFont* font, std::string_view text, float maxWidth) {
    if (measureText(font, text).x <= maxWidth) return std::string(text);
    const std::string dots = "\xe2\x80\xa6";
    std::string out(text);
    while (!out.empty()) {
        // Drop one UTF-8 character.
        std::size_t i = out.size() - 1;
        while (i > 0 && (static_cast<unsigned char>(out[i]) & 0xC0) == 0x80) --i;
        out.erase(i);
        while (!out.empty() && out.back() == ' ') out.pop_back();
        if (measureText(font, out + dots).x <= maxWidth) return out + dots;
    }
    return dots;
}

float drawTextLines(Context& ctx, ImFont* font, ImVec2 pos, ImU32 colour, std::string_view text, float wrapWidth,
                    int maxLines) {
    if (text.empty() || maxLines <= 0) return 0;
    const float lineH = font->FontSize;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    float y = pos.y;
    for (int line = 0; line < maxLines && begin < end; ++line) {
        const char* nl = std::find(begin, end, '\n');
        const char* wrap = font->CalcWordWrapPositionA(1.f, begin, nl, wrapWidth);
        if (wrap == begin) wrap = begin + 1;
        std::string_view piece(begin, static_cast<std::size_t>(wrap - begin));
        const char* next = wrap;
        while (next < end && (*next == ' ' || *next == '\n')) {
            if (*next == '\n') {
                ++next;
                break;
            }
            ++next;
        }
        std::string shown(piece);
        // Last line with more to come: cut the rest of the paragraph to fit, ending in "…".
        if (line == maxLines - 1 && next < end) {
            std::string rest(begin, nl);
            if (nl < end) rest += " \xe2\x80\xa6"; // more paragraphs follow
            shown = ellipsize(font, rest, wrapWidth);
        }
        while (!shown.empty() && shown.back() == ' ') shown.pop_back();
        drawList()->AddText(font, font->FontSize, ImVec2(pos.x, y), colour, shown.c_str());
        y += lineH;
        begin = next;
    }
    ctx.registry.addText(std::string(text));
    return y - pos.y;
}

namespace {
Rect clipped(const Rect& r) {
    const ImVec2 cmin = drawList()->GetClipRectMin(), cmax = drawList()->GetClipRectMax();
    return Rect{std::max(r.x0, cmin.x), std::max(r.y0, cmin.y), std::min(r.x1, cmax.x), std::min(r.y1, cmax.y)};
}
} // namespace

bool tap(Context& ctx, const std::string& id, const std::string& label, const Rect& r) {
    if (ctx.inputBlocked) return false;
    const Rect c = clipped(r);
    if (c.w() <= 0 || c.h() <= 0) return false;
    ctx.registry.addItem(RegisteredItem{id, label, c});
    return ctx.touch.tapped(c.x0, c.y0, c.x1, c.y1);
}

bool pressing(Context& ctx, const Rect& r) {
    if (ctx.inputBlocked) return false;
    const Rect c = clipped(r);
    return c.w() > 0 && c.h() > 0 && ctx.touch.pressing(c.x0, c.y0, c.x1, c.y1);
}

ButtonLook primaryLook(const Context& ctx) { return ButtonLook{ctx.p.accent, ctx.p.onAccent, ctx.fonts.bold, false}; }
ButtonLook quietLook(const Context& ctx) { return ButtonLook{ctx.p.surface, ctx.p.text, ctx.fonts.bold, true}; }

bool button(Context& ctx, const std::string& id, const std::string& label, const char* icon, const Rect& r,
            const ButtonLook& look) {
    const bool tapped = tap(ctx, id, label, r);
    const bool down = pressing(ctx, r);
    ImDrawList* dl = drawList();
    const float rounding = std::min(ctx.m.radius, r.h() / 2);
    dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), down ? shade(look.background, 0.85f) : look.background,
                      rounding);
    if (look.outline) dl->AddRect(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), ctx.p.divider, rounding, 0, 2.f * ctx.m.u);
    ImFont* font = look.font ? look.font : ctx.fonts.bold;
    std::string text = icon ? std::string(icon) : std::string();
    if (icon && !label.empty()) text += "  ";
    text += label;
    text = ellipsize(font, text, r.w() - 2 * ctx.m.pad * 0.6f);
    const ImVec2 size = measureText(font, text);
    dl->AddText(font, font->FontSize, ImVec2(std::round(r.cx() - size.x / 2), std::round(r.cy() - size.y / 2)),
                look.foreground, text.c_str());
    if (!label.empty()) ctx.registry.addText(label);
    return tapped;
}

float badge(Context& ctx, ImVec2 pos, std::string_view text, ImU32 background, ImU32 foreground) {
    ImFont* f = ctx.fonts.small;
    const ImVec2 size = measureText(f, text);
    const float padX = 8 * ctx.m.u, padY = 3 * ctx.m.u;
    drawList()->AddRectFilled(pos, ImVec2(pos.x + size.x + 2 * padX, pos.y + size.y + 2 * padY), background,
                              (size.y + 2 * padY) / 2);
    drawList()->AddText(f, f->FontSize, ImVec2(pos.x + padX, pos.y + padY), foreground, text.data(),
                        text.data() + text.size());
    ctx.registry.addText(std::string(text));
    return size.x + 2 * padX;
}

bool drawCoverImage(Context& ctx, const std::string& imageId, const Rect& r, float rounding, ImDrawFlags corners,
                    ImU32 tint, float verticalBias) {
    if (!ctx.store || imageId.empty()) return false;
    // Pending (decoded on the cache's worker) looks like missing: the caller's colour, for a frame or two.
    const Texture tex = ctx.textures.get(*ctx.store, imageId, static_cast<int>(std::ceil(r.w())),
                                         static_cast<int>(std::ceil(r.h())), verticalBias);
    if (!tex) return false;
    const UvRect uv = coverUv(tex, r.w(), r.h(), verticalBias);
    drawList()->AddImageRounded(reinterpret_cast<ImTextureID>(tex.texture), ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1),
                                ImVec2(uv.u0, uv.v0), ImVec2(uv.u1, uv.v1), tint, rounding, corners);
    return true;
}

void cardBackground(const Context& ctx, const Rect& r, bool pressed) {
    ImDrawList* dl = drawList();
    const float s = 3 * ctx.m.u;
    // The shadow shows only below the card and beside its rounded bottom corners: draw just
    // that strip (radius + offset high). A whole rectangle under the opaque card looked the
    // same and cost a quarter of a software-rendered frame in blending (docs/kiosk-performance.md).
    const float stripTop = std::max(r.y0 + s, r.y1 - ctx.m.radius);
    dl->AddRectFilled(ImVec2(r.x0, stripTop), ImVec2(r.x1, r.y1 + s), ctx.p.shadow, ctx.m.radius,
                      ImDrawFlags_RoundCornersBottom);
    dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), pressed ? ctx.p.surfacePressed : ctx.p.surface,
                      ctx.m.radius);
}

namespace {

// Long enough that no visitor does it by chance, short enough that staff do not give up.
constexpr std::int64_t kStaffHoldMs = 3000;

std::vector<std::string> offeredLanguages(const Context& ctx) {
    std::vector<std::string> langs = ctx.config.languages;
    if (langs.empty() && ctx.store) langs = ctx.store->site().languages;
    if (langs.empty()) langs = {"de", "en"};
    if (std::find(langs.begin(), langs.end(), "de") == langs.end()) langs.insert(langs.begin(), "de");
    return langs;
}

std::string languageLabel(const Context& ctx, const std::string& code) {
    // Right-to-left scripts cannot be shaped by this renderer: name them in Latin letters.
    if (code == "ar") return "Arabic / Arabisch";
    if (ctx.i18n.hasLanguage(code)) return ctx.i18n.nativeName(code);
    return code;
}

} // namespace

Rect navigationBar(Context& ctx, std::string_view title) {
    const Metrics& m = ctx.m;
    ImDrawList* dl = drawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(m.width, m.topBar), ctx.p.surface);
    // A filled rectangle on whole pixels: AddLine at a fractional y renders with a step.
    const float lineY = std::round(m.topBar), lineH = std::max(1.f, std::round(2 * m.u));
    dl->AddRectFilled(ImVec2(0, lineY), ImVec2(m.width, lineY + lineH), ctx.p.divider);

    const float y0 = (m.topBar - m.touch) / 2, y1 = y0 + m.touch;
    const float side = m.pad * 0.6f;
    const bool portraitNarrow = m.width < 900 * m.u / 1.0f && m.width < m.height;
    const bool showLabels = !portraitNarrow && m.width / m.u >= 760;
    float left = side;

    if (ctx.nav.stack.size() > 1) {
        const float w = showLabels ? std::max(m.touch, measureText(ctx.fonts.bold, ctx.tr("nav.back")).x + m.touch) : m.touch;
        if (button(ctx, "nav:back", showLabels ? ctx.tr("nav.back") : "", icon::kBack, Rect{left, y0, left + w, y1},
                   quietLook(ctx)))
            ctx.emit(core::act::Back{});
        left += w + m.gap;
    }

    // Right side, from the right edge: home, language, search.
    float right = m.width - side;
    auto rightButton = [&](const char* id, const std::string& label, const char* ic, bool primary) {
        const float w = label.empty() ? m.touch : std::max(m.touch, measureText(ctx.fonts.bold, label).x + m.touch * 0.9f);
        const Rect r{right - w, y0, right, y1};
        right -= w + m.gap;
        return button(ctx, id, label, ic, r, primary ? primaryLook(ctx) : quietLook(ctx));
    };
    if (rightButton("nav:home", showLabels ? ctx.tr("nav.home") : "", icon::kHome, false)) ctx.emit(core::act::GoHome{});
    std::string langCode = ctx.nav.language;
    for (auto& ch : langCode) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (rightButton("nav:language", langCode, icon::kLanguage, false)) ctx.emit(core::act::OpenLanguageMenu{});
    if (ctx.nav.screen() != core::Screen::Search &&
        rightButton("nav:search", showLabels ? ctx.tr("nav.search") : "", icon::kSearch, true))
        ctx.emit(core::act::OpenSearch{});

    // Long titles step down to the bold body font before they are cut.
    const float avail = std::max(0.f, right - left - m.gap);
    ImFont* tf = measureText(ctx.fonts.title, title).x <= avail ? ctx.fonts.title : ctx.fonts.bold;
    const std::string t = ellipsize(tf, title, avail);
    const ImVec2 ts = measureText(tf, t);
    drawText(ctx, tf, ImVec2(left + m.gap * 0.5f, std::round((m.topBar - ts.y) / 2)), ctx.p.text, t);
    // The hidden staff gesture: hold the site name on the home screen for 3 seconds.
    if (ctx.nav.screen() == core::Screen::Home && ctx.nav.stack.size() == 1) {
        const Rect titleRect{left, y0, left + m.gap * 0.5f + std::max(ts.x, m.touch), y1};
        if (longPress(ctx, "nav:title", titleRect, kStaffHoldMs)) ctx.emit(core::act::OpenPin{});
    }
    return Rect{0, m.topBar, m.width, m.height};
}

void languageMenu(Context& ctx) {
    if (!ctx.nav.languageMenu) return;
    ctx.inputBlocked = false; // the menu itself is on top
    const Metrics& m = ctx.m;
    ImDrawList* w = drawList();
    // Dim everything; a tap outside closes the menu.
    w->AddRectFilled(ImVec2(0, 0), ImVec2(m.width, m.height), IM_COL32(20, 24, 30, 140));
    const auto langs = offeredLanguages(ctx);
    const float bw = std::min(m.width - 2 * m.pad, 420 * m.u);
    const float bh = m.touch;
    const float total = static_cast<float>(langs.size()) * (bh + m.gap) + m.pad * 2 + ctx.fonts.title->FontSize + m.gap;
    const float x0 = (m.width - bw) / 2;
    float y = std::max(m.pad, (m.height - total) / 2);
    const Rect panel{x0 - m.pad, y, x0 + bw + m.pad, y + total};
    w->AddRectFilled(ImVec2(panel.x0, panel.y0), ImVec2(panel.x1, panel.y1), ctx.p.background, m.radius);
    y += m.pad;
    drawText(ctx, ctx.fonts.title, ImVec2(x0, y), ctx.p.text, std::string(icon::kLanguage) + "  " + ctx.tr("nav.language"));
    y += ctx.fonts.title->FontSize + m.gap;
    bool chosen = false;
    for (const auto& code : langs) {
        const bool current = code == ctx.nav.language;
        if (button(ctx, "lang:" + code, languageLabel(ctx, code), current ? icon::kCheck : nullptr,
                   Rect{x0, y, x0 + bw, y + bh}, current ? primaryLook(ctx) : quietLook(ctx))) {
            ctx.emit(core::act::SetLanguage{code});
            chosen = true;
        }
        y += bh + m.gap;
    }
    if (!chosen && ctx.touch.releasedThisFrame() && !ctx.touch.dragging() &&
        !panel.contains(ctx.touch.pressPos().x, ctx.touch.pressPos().y))
        ctx.emit(core::act::CloseLanguageMenu{});
}

void beginScreenWindow(const char* name, const Metrics& m, ImU32 background) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(m.width, m.height));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, background);
    ImGui::Begin(name, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse |
                     ImGuiWindowFlags_NoFocusOnAppearing);
    ImGui::PopStyleColor();
}

void endScreenWindow() { ImGui::End(); }

} // namespace kiosk::ui
