#pragma once
// The detail screen's building blocks (private to kiosk/screens/detail_*.cpp):
// the facts card, the opening hours card and the "take it home" QR card. Each
// draws at an absolute position inside the screen's ScrollArea and returns the
// height it used (0 when the entry has nothing for it), so the screen can
// stack them in one column (portrait) or two (landscape).
// Nothing here is tappable: links do not open on a kiosk.
// Thread safety: UI thread only.

#include "ui/context.h"
#include "widgets/basic.h"

#include <string>
#include <string_view>

namespace kiosk::ui::detail {

inline float cardPad(const Context& ctx) { return ctx.m.pad * 1.3f; }

// Draws a card behind content whose height is only known after drawing it:
// the content goes to a second draw channel, the card to the first.
class CardScope {
public:
    CardScope(const Context& ctx, float x0, float y0, float width) : m_ctx(ctx), m_x0(x0), m_y0(y0), m_w(width) {
        drawList()->ChannelsSplit(2);
        drawList()->ChannelsSetCurrent(1);
    }
    ~CardScope() {
        drawList()->ChannelsSetCurrent(0);
        if (m_y1 > m_y0) cardBackground(m_ctx, Rect{m_x0, m_y0, m_x0 + m_w, m_y1}, false);
        drawList()->ChannelsMerge();
    }
    CardScope(const CardScope&) = delete;
    CardScope& operator=(const CardScope&) = delete;
    void setBottom(float y1) { m_y1 = y1; }

private:
    const Context& m_ctx;
    float m_x0, m_y0, m_w, m_y1 = 0;
};

// Wrapped text with a little extra leading for long reading; registered for
// expect-text. Returns the height.
float paragraph(Context& ctx, ImFont* font, ImVec2 pos, ImU32 colour, std::string_view text, float width,
                float leading = 1.25f);
float paragraphHeight(ImFont* font, std::string_view text, float width, float leading = 1.25f);

// Organisation, contact, address, phone, e-mail, website, cost, languages, age, date.
float factsCard(Context& ctx, const content::Entry& e, float x0, float y, float width);
// Week table with today marked and the open/closed state; the text as written when unreadable.
float openingHoursCard(Context& ctx, const content::Entry& e, float x0, float y, float width);
// The QR code with its caption. `wide`: code left, text right (a full-width card in portrait).
float qrCard(Context& ctx, const content::Entry& e, float x0, float y, float width, bool wide);

} // namespace kiosk::ui::detail
