#include "qr_code.h"

#include "basic.h"

#include <algorithm>
#include <cmath>
#include <list>

namespace kiosk::ui {

namespace {

constexpr float kMinSideMm = 35.f;    // "scan from 50 cm": about a tenth of the distance
constexpr float kMinSideU = 180.f;    // and never a postage stamp on a big panel
constexpr float kMinModuleMm = 0.6f;  // what phone cameras resolve at that distance

struct CacheSlot {
    std::vector<std::string> texts;
    int maxVersion = 0;
    std::optional<core::QrEncoded> encoded;
};

// A handful of recent results: the detail screen asks every frame while it
// scrolls, and at most a few sizes are in play (a resize, a transition).
const std::optional<core::QrEncoded>& encodeCached(const std::vector<std::string>& texts, int maxVersion) {
    static std::list<CacheSlot> cache;
    for (auto it = cache.begin(); it != cache.end(); ++it)
        if (it->maxVersion == maxVersion && it->texts == texts) {
            cache.splice(cache.begin(), cache, it);
            return cache.front().encoded;
        }
    cache.push_front(CacheSlot{texts, maxVersion, core::encodeFirstFitting(texts, maxVersion)});
    while (cache.size() > 4) cache.pop_back();
    return cache.front().encoded;
}

} // namespace

std::optional<QrCodeLayout> layoutQrCode(const Context& ctx, const std::vector<std::string>& texts, float maxWidth) {
    if (texts.empty() || maxWidth <= 0) return std::nullopt;
    const Metrics& m = ctx.m;
    // Whole pixels per module keep the edges crisp; two at the very least.
    const int minModulePx = std::max(2, static_cast<int>(std::ceil(kMinModuleMm * m.pxPerMm)));
    const int maxVersion = core::maxQrVersionForWidth(std::floor(maxWidth), static_cast<float>(minModulePx));
    if (maxVersion < 1) return std::nullopt;
    const auto& encoded = encodeCached(texts, maxVersion);
    if (!encoded) return std::nullopt;

    QrCodeLayout out;
    out.matrix = encoded->matrix;
    out.textIndex = encoded->index;
    const int total = out.matrix.size + 2 * core::kQrQuietZone;
    const float wanted = std::max(kMinSideMm * m.pxPerMm, kMinSideU * m.u);
    const int fitPx = static_cast<int>(std::floor(maxWidth / static_cast<float>(total)));
    const int wantPx = static_cast<int>(std::ceil(wanted / static_cast<float>(total)));
    out.modulePx = std::max(1, std::min(fitPx, std::max(wantPx, minModulePx)));
    out.side = static_cast<float>(out.modulePx * total);
    return out;
}

void drawQrCode(const Context& ctx, const QrCodeLayout& code, ImVec2 pos) {
    ImDrawList* dl = drawList();
    const float x0 = std::round(pos.x), y0 = std::round(pos.y);
    const float mp = static_cast<float>(code.modulePx);
    const float quiet = mp * static_cast<float>(core::kQrQuietZone);
    // White even on a white card: the quiet zone is part of the code; a thin
    // border shows where it ends so nobody covers it with a thumb.
    dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + code.side, y0 + code.side), IM_COL32(255, 255, 255, 255),
                      std::min(quiet * 0.5f, ctx.m.radius * 0.5f));
    dl->AddRect(ImVec2(x0, y0), ImVec2(x0 + code.side, y0 + code.side), ctx.p.divider,
                std::min(quiet * 0.5f, ctx.m.radius * 0.5f), 0, std::max(1.f, ctx.m.u));
    const ImU32 dark = IM_COL32(0, 0, 0, 255);
    const core::QrMatrix& m = code.matrix;
    // One rectangle per horizontal run of dark modules: fewer vertices than
    // one per module, and no seams between neighbours.
    for (int y = 0; y < m.size; ++y) {
        int x = 0;
        while (x < m.size) {
            if (!m.dark(x, y)) {
                ++x;
                continue;
            }
            const int start = x;
            while (x < m.size && m.dark(x, y)) ++x;
            const float rx0 = x0 + quiet + mp * static_cast<float>(start);
            const float ry0 = y0 + quiet + mp * static_cast<float>(y);
            dl->AddRectFilled(ImVec2(rx0, ry0), ImVec2(rx0 + mp * static_cast<float>(x - start), ry0 + mp), dark);
        }
    }
}

float drawCentredText(Context& ctx, ImFont* font, float x0, float y, float width, ImU32 colour, std::string_view text) {
    if (text.empty()) return 0;
    ImDrawList* dl = drawList();
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    float h = 0;
    while (begin < end) {
        const char* nl = std::find(begin, end, '\n');
        if (nl == begin) { // an empty line
            h += font->FontSize;
            ++begin;
            continue;
        }
        const char* wrap = font->CalcWordWrapPositionA(1.f, begin, nl, width);
        if (wrap == begin) { // narrower than one character: one UTF-8 character per line
            wrap = begin + 1;
            while (wrap < nl && (static_cast<unsigned char>(*wrap) & 0xC0) == 0x80) ++wrap;
        }
        std::string_view piece(begin, static_cast<std::size_t>(wrap - begin));
        while (!piece.empty() && piece.back() == ' ') piece.remove_suffix(1);
        const float w = measureText(font, piece).x;
        dl->AddText(font, font->FontSize, ImVec2(std::round(x0 + (width - w) / 2), y + h), colour, piece.data(),
                    piece.data() + piece.size());
        h += font->FontSize;
        begin = wrap;
        while (begin < end && *begin == ' ') ++begin;
        if (begin < end && *begin == '\n') ++begin;
    }
    ctx.registry.addText(std::string(text));
    return h;
}

} // namespace kiosk::ui
