// ContentStore::add(): several packs (channels) shown as one.
#include "pack_fixture.h"
#include "temp_dir.h"

#include "kiosk/content/pack_writer.h"
#include "kiosk/content/store.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace kiosk::content;
using kiosk::test::fixtureNow;
using kiosk::test::makeFixtureContent;
using kiosk::test::TempDir;

namespace {

std::unique_ptr<ContentStore> openWritten(const PackContent& c, const std::filesystem::path& path) {
    auto s = writePack(c, path);
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().toString()));
    auto opened = ContentStore::open(path);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().toString()));
    return std::move(*opened);
}

// A second channel: the shop's own pack. One entry id clashes with the city pack,
// one theme is shared ("kitas"), one is new ("laden").
PackContent shopPack() {
    PackContent c = makeFixtureContent();
    c.info.channel = "laden";
    c.info.title = Text("Ladenpaket");
    c.themes = {{"kitas", c.themes[0].title, "school", "#000000", 1}, {"laden", c.themes[1].title, "store", "#111111", 2}};
    c.themes[1].title = Text("Im Laden");
    std::vector<Entry> entries;
    Entry clash = c.entries[0]; // same id as the city pack's KiTa
    clash.title = Text("KiTa Regenbogen");
    clash.images = {"kita.png"};
    entries.push_back(clash);
    Entry own = c.entries[1];
    own.id = "laden-cafe";
    own.themes = {"laden"};
    own.title = Text("Elterncafé im Laden");
    own.images = {};
    entries.push_back(own);
    c.entries = entries;
    return c;
}

std::vector<std::string> ids(const std::vector<const Entry*>& entries) {
    std::vector<std::string> out;
    for (const auto* e : entries) out.push_back(e->id);
    return out;
}

} // namespace

TEST_CASE("store merge: a second channel's themes and entries join the first") {
    TempDir dir;
    const PackContent city = makeFixtureContent();
    auto store = openWritten(city, dir / "city.kpack");
    const std::size_t cityEntries = store->content().entries.size();
    store->add(openWritten(shopPack(), dir / "shop.kpack"));

    CHECK(store->packCount() == 2);
    CHECK(store->info().channel == "test-channel"); // the primary pack speaks for the site
    CHECK(store->site().name.get("de") == "StadtTeilLaden Test");
    // A shared theme keeps the primary's look; a new one is appended.
    REQUIRE(store->themes().size() == city.themes.size() + 1);
    CHECK(store->theme("kitas")->colour == city.themes[0].colour);
    CHECK(store->themes().back().id == "laden");
    // The clashing entry id gets the channel in front; every entry is found by its id here.
    CHECK(store->content().entries.size() == cityEntries + 2);
    REQUIRE(store->entry("laden~kita-sonnenschein") != nullptr);
    CHECK(store->entry("laden~kita-sonnenschein")->title.get("de") == "KiTa Regenbogen");
    CHECK(store->entry("kita-sonnenschein")->title.get("de") == "KiTa Sonnenschein");
    REQUIRE(store->entry("laden-cafe") != nullptr);
    // Lists and counts span both packs.
    EntryFilter inKitas;
    inKitas.theme = "kitas";
    const auto kitas = ids(store->entries(inKitas, fixtureNow()));
    CHECK(std::find(kitas.begin(), kitas.end(), "kita-sonnenschein") != kitas.end());
    CHECK(std::find(kitas.begin(), kitas.end(), "laden~kita-sonnenschein") != kitas.end());
    CHECK(store->countInTheme("laden", fixtureNow()) == 1);
}

TEST_CASE("store merge: images of the added pack are reached through its prefix") {
    TempDir dir;
    auto store = openWritten(makeFixtureContent(), dir / "city.kpack");
    store->add(openWritten(shopPack(), dir / "shop.kpack"));
    const Entry* e = store->entry("laden~kita-sonnenschein");
    REQUIRE(e != nullptr);
    REQUIRE(e->images.size() == 1);
    CHECK(e->images[0] == "@1/kita.png");
    auto img = store->image(e->images[0]);
    REQUIRE_MESSAGE(img.ok(), (img.ok() ? "" : img.error().toString()));
    CHECK(img->id == "@1/kita.png");
    CHECK_FALSE(img->data.empty());
    CHECK(store->image("kita.png").ok());        // the primary's own
    CHECK_FALSE(store->image("@2/kita.png").ok()); // no second added pack
    CHECK_FALSE(store->image("@x/kita.png").ok());
}

TEST_CASE("store merge: search asks every pack and ranks title matches first") {
    TempDir dir;
    auto store = openWritten(makeFixtureContent(), dir / "city.kpack");
    store->add(openWritten(shopPack(), dir / "shop.kpack"));
    const auto hits = store->search("kita", "de", 50, fixtureNow());
    std::vector<std::string> got;
    for (const auto& h : hits) got.push_back(h.entryId);
    CHECK(std::find(got.begin(), got.end(), "kita-sonnenschein") != got.end());
    CHECK(std::find(got.begin(), got.end(), "laden~kita-sonnenschein") != got.end());
    // Title matches come before any other hit, whichever pack they are from.
    const auto firstOther = std::find_if(hits.begin(), hits.end(), [](const SearchHit& h) { return !h.titleMatch; });
    CHECK(std::none_of(firstOther, hits.end(), [](const SearchHit& h) { return h.titleMatch; }));
    const auto cafe = store->search("elterncafe", "de", 50, fixtureNow());
    REQUIRE(cafe.size() == 1);
    CHECK(cafe[0].entryId == "laden-cafe");
    // The limit holds across packs.
    CHECK(store->search("kita", "de", 1, fixtureNow()).size() == 1);
}
