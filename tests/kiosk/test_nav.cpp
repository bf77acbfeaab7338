// Navigation is a pure function: every transition without SDL.
#include "core/nav.h"

#include <doctest/doctest.h>

using namespace kiosk::core;

namespace {
NavState apply(NavState s, std::initializer_list<Action> actions, std::int64_t t = 1000) {
    for (const auto& a : actions) s = reduce(std::move(s), a, t++);
    return s;
}
} // namespace

TEST_CASE("nav: starts at home with one page") {
    NavState s;
    CHECK(s.screen() == Screen::Home);
    CHECK(s.stack.size() == 1);
    CHECK(std::string(screenName(s.screen())) == "home");
}

TEST_CASE("nav: home to theme to entry and back step by step") {
    NavState s = apply({}, {act::OpenTheme{"paten"}, act::OpenEntry{"e1"}});
    CHECK(s.screen() == Screen::Detail);
    CHECK(s.current().entryId == "e1");
    CHECK(s.stack.size() == 3);
    CHECK(s.transitionDirection == 1);
    s = reduce(s, act::Back{}, 2000);
    CHECK(s.screen() == Screen::ThemeList);
    CHECK(s.current().themeId == "paten");
    CHECK(s.transitionDirection == -1);
    CHECK(s.transitionStartMs == 2000);
    s = reduce(s, act::Back{}, 2001);
    CHECK(s.screen() == Screen::Home);
    s = reduce(s, act::Back{}, 2002); // back on home stays home
    CHECK(s.screen() == Screen::Home);
    CHECK(s.stack.size() == 1);
}

TEST_CASE("nav: home button clears the stack and the language menu") {
    NavState s = apply({}, {act::OpenSearch{}, act::OpenEntry{"x"}, act::OpenLanguageMenu{}});
    CHECK(s.languageMenu);
    s = reduce(s, act::GoHome{}, 5);
    CHECK(s.screen() == Screen::Home);
    CHECK(s.stack.size() == 1);
    CHECK_FALSE(s.languageMenu);
}

TEST_CASE("nav: opening a page already on the stack returns to it") {
    NavState s = apply({}, {act::OpenTheme{"a"}, act::OpenEntry{"e"}, act::OpenTheme{"a"}});
    CHECK(s.stack.size() == 2);
    CHECK(s.screen() == Screen::ThemeList);
    s = apply(s, {act::OpenEntry{"e"}, act::OpenEntry{"e"}});
    CHECK(s.stack.size() == 3);
}

TEST_CASE("nav: the stack is bounded") {
    NavState s;
    for (int i = 0; i < 100; ++i) s = reduce(s, act::OpenEntry{"e" + std::to_string(i)}, i);
    CHECK(s.stack.size() == kMaxStackDepth);
    CHECK(s.stack.front().screen == Screen::Home);
    CHECK(s.current().entryId == "e99");
}

TEST_CASE("nav: search text grows by UTF-8 characters and shrinks by them") {
    NavState s = apply({}, {act::OpenSearch{}, act::TypeText{"sp"}, act::TypeText{"\xc3\xa4"}, act::TypeText{"t"}});
    CHECK(s.searchText == "sp\xc3\xa4t");
    s = apply(s, {act::Backspace{}, act::Backspace{}});
    CHECK(s.searchText == "sp"); // the two-byte ä went in one step
    s = apply(s, {act::ClearSearch{}, act::Backspace{}});
    CHECK(s.searchText.empty());
    for (int i = 0; i < 100; ++i) s = reduce(s, act::TypeText{"a"}, i);
    CHECK(s.searchText.size() == kMaxSearchBytes);
}

TEST_CASE("nav: filters toggle and reset") {
    NavState s = apply({}, {act::SetAgeGroup{1}, act::ToggleFree{}, act::ToggleOpenNow{},
                            act::SetKind{kiosk::content::EntryKind::Kita}});
    CHECK(s.filters.ageGroup == 1);
    CHECK(s.filters.freeOnly);
    CHECK(s.filters.openNow);
    CHECK(s.filters.kind == kiosk::content::EntryKind::Kita);
    CHECK(s.filters.active());
    s = apply(s, {act::ToggleFree{}, act::SetAgeGroup{99}});
    CHECK_FALSE(s.filters.freeOnly);
    CHECK(s.filters.ageGroup == -1);
    s = reduce(s, act::ResetFilters{}, 0);
    CHECK_FALSE(s.filters.active());
}

TEST_CASE("nav: idle reset returns home in the default language with nothing left over") {
    NavState s;
    s.defaultLanguage = "de";
    s = apply(s, {act::SetLanguage{"tr"}, act::OpenSearch{}, act::TypeText{"kita"}, act::ToggleFree{},
                  act::OpenLanguageMenu{}});
    CHECK(s.language == "tr");
    s = reduce(s, act::IdleReset{}, 10);
    CHECK(s.screen() == Screen::Home);
    CHECK(s.language == "de");
    CHECK(s.searchText.empty());
    CHECK_FALSE(s.filters.active());
    CHECK_FALSE(s.languageMenu);
    CHECK(s.defaultLanguage == "de");
}

TEST_CASE("nav: language choice closes the menu") {
    NavState s = apply({}, {act::OpenLanguageMenu{}, act::SetLanguage{"uk"}});
    CHECK(s.language == "uk");
    CHECK_FALSE(s.languageMenu);
    s = apply(s, {act::SetLanguage{""}});
    CHECK(s.language == "uk");
}

TEST_CASE("nav: attract and night modes") {
    NavState s = apply({}, {act::EnterAttract{}, act::NextSlide{}, act::NextSlide{}});
    CHECK(s.mode == Mode::Attract);
    CHECK(s.attractSlide == 2);
    s = apply(s, {act::ExitAttract{}});
    CHECK(s.mode == Mode::Normal);
    s = apply(s, {act::EnterNight{}, act::EnterAttract{}});
    CHECK(s.mode == Mode::Night); // no slideshow in the dark
    s = apply(s, {act::IdleReset{}});
    CHECK(s.mode == Mode::Night);
    s = apply(s, {act::ExitNight{}});
    CHECK(s.mode == Mode::Normal);
}

TEST_CASE("nav: PIN digits, acceptance and rejection") {
    NavState s = apply({}, {act::OpenPin{}, act::PinDigit{'1'}, act::PinDigit{'x'}, act::PinDigit{'2'}});
    CHECK(s.screen() == Screen::Pin);
    CHECK(s.pinDigits == "12");
    s = apply(s, {act::PinBackspace{}});
    CHECK(s.pinDigits == "1");
    s = apply(s, {act::PinRejected{}});
    CHECK(s.pinDigits.empty());
    CHECK(s.screen() == Screen::Pin);
    for (int i = 0; i < 20; ++i) s = reduce(s, act::PinDigit{'9'}, i);
    CHECK(s.pinDigits.size() == kMaxPinDigits);
    s = apply(s, {act::PinAccepted{}});
    CHECK(s.screen() == Screen::Staff);
    CHECK(s.pinDigits.empty());
    CHECK(s.stack.size() == 2);
    s = apply(s, {act::CloseStaff{}});
    CHECK(s.screen() == Screen::Home);
}

TEST_CASE("nav: page keys are stable and distinct") {
    CHECK(pageKey(Page{Screen::ThemeList, "paten", {}}) == "theme:paten");
    CHECK(pageKey(Page{Screen::Detail, {}, "e1"}) == "detail:e1");
    CHECK(pageKey(Page{}) == "home");
}
