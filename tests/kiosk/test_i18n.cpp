// UI strings: every language has every key German has, and fallbacks work.
#include "core/i18n.h"

#include <doctest/doctest.h>

using namespace kiosk::core;

TEST_CASE("i18n: built-in languages include German and English") {
    const I18n& i = I18n::builtIn();
    CHECK(i.problems().empty());
    CHECK(i.hasLanguage("de"));
    CHECK(i.hasLanguage("en"));
    CHECK(i.tr("nav.back", "de") == "Zurück");
    CHECK(i.tr("nav.back", "en") == "Back");
    CHECK(i.nativeName("de") == "Deutsch");
}

TEST_CASE("i18n: every language file has every German key") {
    const I18n& i = I18n::builtIn();
    const auto germanKeys = i.keys("de");
    REQUIRE(germanKeys.size() > 50);
    for (const auto& lang : i.languages()) {
        CAPTURE(lang);
        for (const auto& key : germanKeys) {
            CAPTURE(key);
            CHECK(i.hasKey(key, lang));
        }
        // ... and nothing German does not have (a typo in a key would never be shown).
        for (const auto& key : i.keys(lang)) {
            CAPTURE(key);
            CHECK(i.hasKey(key, "de"));
        }
    }
}

TEST_CASE("i18n: fallback order is language then English then German then the key") {
    const I18n i = I18n::fromJson({{"de", R"({"a": "A-de", "b": "B-de"})"}, {"en", R"({"a": "A-en"})"},
                                   {"tr", R"({"c": "C-tr"})"}, {"xx", "not json"}});
    CHECK(i.tr("c", "tr") == "C-tr");
    CHECK(i.tr("a", "tr") == "A-en");
    CHECK(i.tr("b", "tr") == "B-de");
    CHECK(i.tr("zzz", "tr") == "zzz");
    CHECK(i.problems().size() == 1);
    CHECK_FALSE(i.hasLanguage("xx"));
}

TEST_CASE("i18n: right-to-left languages show English UI") {
    const I18n i = I18n::fromJson({{"en", R"({"a": "A-en"})"}, {"ar", R"({"a": "A-ar"})"}});
    CHECK(I18n::isRightToLeft("ar"));
    CHECK_FALSE(I18n::isRightToLeft("tr"));
    CHECK(i.tr("a", "ar") == "A-en");
}

TEST_CASE("i18n: placeholders are replaced") {
    const I18n& i = I18n::builtIn();
    CHECK(i.format("home.entries", "de", {{"n", "15"}}) == "15 Einträge");
    CHECK(i.format("search.no_results", "en", {{"q", "xyz"}}) == "Nothing found for “xyz”");
}
