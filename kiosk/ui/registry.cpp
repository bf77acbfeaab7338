#include "registry.h"

namespace kiosk::ui {

const RegisteredItem* Registry::find(const std::string& what) const {
    auto visible = [](const RegisteredItem& i) { return i.rect.w() > 1 && i.rect.h() > 1; };
    for (const auto& i : m_items)
        if (visible(i) && i.id == what) return &i;
    for (const auto& i : m_items)
        if (visible(i) && i.label == what) return &i;
    for (const auto& i : m_items)
        if (visible(i) && !what.empty() && i.label.find(what) != std::string::npos) return &i;
    return nullptr;
}

bool Registry::hasText(const std::string& needle) const {
    for (const auto& t : m_texts)
        if (t.find(needle) != std::string::npos) return true;
    for (const auto& i : m_items)
        if (i.label.find(needle) != std::string::npos) return true;
    return false;
}

} // namespace kiosk::ui
