#pragma once
// What was on screen in the last frame, for scripts and tests: every
// tappable element (id, label, rectangle) and every text drawn. The headless
// script mode taps elements by label or id and checks texts with this.
// Thread safety: UI thread only.

#include <string>
#include <vector>

namespace kiosk::ui {

struct Rect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    float w() const { return x1 - x0; }
    float h() const { return y1 - y0; }
    float cx() const { return (x0 + x1) / 2; }
    float cy() const { return (y0 + y1) / 2; }
    bool contains(float x, float y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
};

struct RegisteredItem {
    std::string id;    // stable element id, e.g. "theme:patenschaften", "nav:back", "key:ä"
    std::string label; // visible text (may be empty for icon buttons)
    Rect rect;         // on screen, clipped to what is visible
};

class Registry {
public:
    void clear() {
        m_items.clear();
        m_texts.clear();
    }
    void addItem(RegisteredItem item) { m_items.push_back(std::move(item)); }
    void addText(std::string text) { m_texts.push_back(std::move(text)); }
    const std::vector<RegisteredItem>& items() const { return m_items; }
    const std::vector<std::string>& texts() const { return m_texts; }

    // Exact id, else exact label, else a label containing `what`; only items at least partly visible.
    const RegisteredItem* find(const std::string& what) const;
    bool hasText(const std::string& needle) const;

private:
    std::vector<RegisteredItem> m_items;
    std::vector<std::string> m_texts;
};

} // namespace kiosk::ui
