#include "nav.h"

namespace kiosk::core {

const char* screenName(Screen s) {
    switch (s) {
    case Screen::Home: return "home";
    case Screen::ThemeList: return "theme";
    case Screen::Detail: return "detail";
    case Screen::Events: return "events";
    case Screen::Search: return "search";
    case Screen::Filters: return "filters";
    case Screen::Pin: return "pin";
    case Screen::Staff: return "staff";
    }
    return "home";
}

std::string pageKey(const Page& page) {
    std::string key = screenName(page.screen);
    if (!page.themeId.empty()) key += ":" + page.themeId;
    if (!page.entryId.empty()) key += ":" + page.entryId;
    return key;
}

namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

void push(NavState& s, Page page, std::int64_t nowMs) {
    s.languageMenu = false;
    if (s.current() == page) return;
    // Opening a screen that is already on the stack returns to it instead of growing the stack.
    for (std::size_t i = 0; i < s.stack.size(); ++i) {
        if (s.stack[i] == page) {
            s.stack.resize(i + 1);
            s.transitionStartMs = nowMs;
            s.transitionDirection = -1;
            return;
        }
    }
    if (s.stack.size() >= kMaxStackDepth) s.stack.erase(s.stack.begin() + 1);
    s.stack.push_back(std::move(page));
    s.transitionStartMs = nowMs;
    s.transitionDirection = 1;
}

void home(NavState& s, std::int64_t nowMs) {
    s.languageMenu = false;
    if (s.stack.size() == 1 && s.screen() == Screen::Home) return;
    s.stack.assign(1, Page{});
    s.transitionStartMs = nowMs;
    s.transitionDirection = -1;
}

void popUtf8(std::string& text) {
    if (text.empty()) return;
    std::size_t i = text.size() - 1;
    while (i > 0 && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
    text.erase(i);
}

} // namespace

NavState reduce(NavState s, const Action& action, std::int64_t nowMs) {
    std::visit(
        Overloaded{
            [&](const act::GoHome&) { home(s, nowMs); },
            [&](const act::Back&) {
                if (s.stack.size() > 1) {
                    s.stack.pop_back();
                    s.transitionStartMs = nowMs;
                    s.transitionDirection = -1;
                }
                if (s.screen() == Screen::Pin) s.pinDigits.clear();
            },
            [&](const act::OpenTheme& a) { push(s, Page{Screen::ThemeList, a.themeId, {}}, nowMs); },
            [&](const act::OpenEntry& a) { push(s, Page{Screen::Detail, {}, a.entryId}, nowMs); },
            [&](const act::OpenEvents&) { push(s, Page{Screen::Events, {}, {}}, nowMs); },
            [&](const act::OpenSearch&) { push(s, Page{Screen::Search, {}, {}}, nowMs); },
            [&](const act::OpenFilters&) { push(s, Page{Screen::Filters, {}, {}}, nowMs); },
            [&](const act::SetLanguage& a) {
                if (!a.code.empty()) s.language = a.code;
                s.languageMenu = false;
            },
            [&](const act::OpenLanguageMenu&) { s.languageMenu = true; },
            [&](const act::CloseLanguageMenu&) { s.languageMenu = false; },
            [&](const act::TypeText& a) {
                if (s.searchText.size() + a.text.size() <= kMaxSearchBytes) s.searchText += a.text;
            },
            [&](const act::Backspace&) { popUtf8(s.searchText); },
            [&](const act::ClearSearch&) { s.searchText.clear(); },
            [&](const act::SetAgeGroup& a) { s.filters.ageGroup = a.index >= 0 && a.index < kAgeGroupCount ? a.index : -1; },
            [&](const act::SetKind& a) { s.filters.kind = a.kind; },
            [&](const act::ToggleFree&) { s.filters.freeOnly = !s.filters.freeOnly; },
            [&](const act::ToggleOpenNow&) { s.filters.openNow = !s.filters.openNow; },
            [&](const act::ResetFilters&) { s.filters = Filters{}; },
            [&](const act::IdleReset&) {
                const Mode mode = s.mode;
                const std::string def = s.defaultLanguage;
                s = NavState{};
                s.defaultLanguage = def;
                s.language = def;
                s.mode = mode == Mode::Night ? Mode::Night : Mode::Normal;
                s.transitionStartMs = nowMs;
            },
            [&](const act::EnterAttract&) {
                if (s.mode == Mode::Normal) {
                    s.mode = Mode::Attract;
                    s.attractSlide = 0;
                    s.transitionStartMs = nowMs;
                    s.transitionDirection = 0;
                }
            },
            [&](const act::NextSlide&) {
                if (s.mode == Mode::Attract) {
                    ++s.attractSlide;
                    s.transitionStartMs = nowMs;
                    s.transitionDirection = 0;
                }
            },
            [&](const act::ExitAttract&) {
                if (s.mode == Mode::Attract) {
                    s.mode = Mode::Normal;
                    s.transitionStartMs = nowMs;
                    s.transitionDirection = 0;
                }
            },
            [&](const act::EnterNight&) { s.mode = Mode::Night; },
            [&](const act::ExitNight&) {
                if (s.mode == Mode::Night) s.mode = Mode::Normal;
            },
            [&](const act::OpenPin&) {
                s.pinDigits.clear();
                push(s, Page{Screen::Pin, {}, {}}, nowMs);
            },
            [&](const act::PinDigit& a) {
                if (a.digit >= '0' && a.digit <= '9' && s.pinDigits.size() < kMaxPinDigits) s.pinDigits += a.digit;
            },
            [&](const act::PinBackspace&) {
                if (!s.pinDigits.empty()) s.pinDigits.pop_back();
            },
            [&](const act::PinAccepted&) {
                s.pinDigits.clear();
                if (s.screen() == Screen::Pin) s.stack.back() = Page{Screen::Staff, {}, {}};
                s.transitionStartMs = nowMs;
                s.transitionDirection = 1;
            },
            [&](const act::PinRejected&) { s.pinDigits.clear(); },
            [&](const act::CloseStaff&) { home(s, nowMs); },
        },
        action);
    return s;
}

} // namespace kiosk::core
