// diffContent(): what changed between two packs.
#include "pack_fixture.h"

#include "kiosk/content/pack_diff.h"

#include <doctest/doctest.h>

using namespace kiosk::content;

TEST_CASE("pack_diff: identical content has no differences") {
    const PackContent a = kiosk::test::makeFixtureContent();
    CHECK(diffContent(a, a).empty());
}

TEST_CASE("pack_diff: added removed and changed entries with their fields") {
    const PackContent a = kiosk::test::makeFixtureContent();
    PackContent b = a;
    b.entries.erase(b.entries.begin() + 1);          // spielplatz-park removed
    b.entries[0].email = "kita@example.org";         // kita changed
    b.entries[0].title.set("en", "Sunshine nursery");
    Entry added;
    added.id = "neu";
    added.title = Text("Neues Angebot");
    added.themes = {"kitas"};
    b.entries.push_back(added);
    b.themes[0].colour = "#000000";
    b.site.phone = "0234 999";

    const PackDiff d = diffContent(a, b);
    CHECK(d.added == std::vector<std::string>{"neu"});
    CHECK(d.removed == std::vector<std::string>{"spielplatz-park"});
    REQUIRE(d.changed.size() == 1);
    CHECK(d.changed[0].id == "kita-sonnenschein");
    CHECK(d.changed[0].fields == std::vector<std::string>{"title", "email"});
    CHECK(d.themesChanged == std::vector<std::string>{"kitas"});
    CHECK(d.siteChanged);
    CHECK_FALSE(d.empty());
}

TEST_CASE("pack_diff: every field counts") {
    const Entry a = kiosk::test::makeFixtureContent().entries[0];
    Entry b = a;
    b.ageMax = 7;
    b.checked = Date{2026, 8, 1};
    b.images.clear();
    CHECK(changedFields(a, b) == std::vector<std::string>{"age_max", "image", "checked"});
}
