// ContentStore over a pack written by writePack(): round trip, filters,
// visibility and the kiosk's search.
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

struct FixturePack {
    TempDir dir;
    PackContent content = makeFixtureContent();
    std::unique_ptr<ContentStore> store;

    FixturePack() {
        const auto path = dir / "test.kpack";
        auto s = writePack(content, path);
        REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().toString()));
        auto opened = ContentStore::open(path);
        REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().toString()));
        store = std::move(*opened);
    }
};

std::vector<std::string> ids(const std::vector<const Entry*>& entries) {
    std::vector<std::string> out;
    for (const auto* e : entries) out.push_back(e->id);
    return out;
}

std::vector<std::string> ids(const std::vector<SearchHit>& hits) {
    std::vector<std::string> out;
    for (const auto& h : hits) out.push_back(h.entryId);
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

} // namespace

TEST_CASE("store: a written pack reads back the same content") {
    FixturePack p;
    const PackContent& in = p.content;
    const PackContent& out = p.store->content();
    CHECK(out.info.channel == "test-channel");
    CHECK(out.info.version == 7);
    CHECK(out.info.title == in.info.title);
    CHECK(out.info.entryCount == 7);
    CHECK(out.site == in.site);
    CHECK(out.themes == in.themes);
    REQUIRE(out.entries.size() == in.entries.size());
    for (std::size_t i = 0; i < in.entries.size(); ++i) CHECK(out.entries[i] == in.entries[i]);
    auto img = p.store->image("kita.png");
    REQUIRE(img.ok());
    CHECK(img->data == in.images[0].data);
    CHECK(img->width == 4);
    CHECK_FALSE(p.store->image("nope.png").ok());
}

TEST_CASE("store: texts fall back to German per field") {
    FixturePack p;
    const Entry* e = p.store->entry("kita-sonnenschein");
    REQUIRE(e);
    CHECK(e->title.get("en") == "Sunshine day care");
    CHECK(e->summary.get("en") == "Eine Kindertagesstätte mit viel Platz im Garten.");
    CHECK(e->title.get("uk") == "KiTa Sonnenschein");
}

TEST_CASE("store: expired entries and past events disappear by themselves") {
    FixturePack p;
    const auto visible = ids(p.store->entries({}, fixtureNow()));
    CHECK_FALSE(contains(visible, "alt"));          // valid_until yesterday
    CHECK_FALSE(contains(visible, "fest-vorbei"));  // event in April
    CHECK(contains(visible, "treffen-heute"));      // all-day event today
    CHECK(contains(visible, "sommerfest"));
    // The day after, the all-day event is gone too.
    DateTime tomorrow = fixtureNow();
    tomorrow.date = tomorrow.date.plusDays(1);
    CHECK_FALSE(contains(ids(p.store->entries({}, tomorrow)), "treffen-heute"));
    // An event with an end time is gone right at its end.
    const DateTime atEnd{Date{2026, 8, 22}, 18 * 60, true};
    const DateTime beforeEnd{Date{2026, 8, 22}, 18 * 60 - 1, true};
    CHECK(contains(ids(p.store->entries({}, beforeEnd)), "sommerfest"));
    CHECK_FALSE(contains(ids(p.store->entries({}, atEnd)), "sommerfest"));
    // entry(id) still finds hidden entries (e.g. for a deep link).
    CHECK(p.store->entry("alt") != nullptr);
}

TEST_CASE("store: filters by theme kind age cost and opening hours") {
    FixturePack p;
    const DateTime now = fixtureNow(); // Wednesday 10:00
    EntryFilter byTheme;
    byTheme.theme = "kitas";
    CHECK(ids(p.store->entries(byTheme, now)) == std::vector<std::string>{"kita-sonnenschein", "beratung-istanbul"});

    EntryFilter byKind;
    byKind.kind = EntryKind::Playground;
    CHECK(ids(p.store->entries(byKind, now)) == std::vector<std::string>{"spielplatz-park"});

    EntryFilter age;
    age.age = 9; // kita (1-6) is out; playground (to 12) and entries without range are in
    const auto forNine = ids(p.store->entries(age, now));
    CHECK_FALSE(contains(forNine, "kita-sonnenschein"));
    CHECK(contains(forNine, "spielplatz-park"));
    CHECK(contains(forNine, "beratung-istanbul"));

    EntryFilter free;
    free.freeOnly = true;
    CHECK(ids(p.store->entries(free, now)) == std::vector<std::string>{"kita-sonnenschein"});

    EntryFilter open;
    open.openNow = true;
    CHECK(ids(p.store->entries(open, now)) == std::vector<std::string>{"kita-sonnenschein", "beratung-istanbul"});
    const DateTime tuesday{Date{2026, 8, 18}, 10 * 60, true};
    CHECK(ids(p.store->entries(open, tuesday)) == std::vector<std::string>{"kita-sonnenschein"});
    const DateTime evening{Date{2026, 8, 19}, 17 * 60, true};
    CHECK(p.store->entries(open, evening).empty());

    CHECK(ContentStore::openAt(*p.store->entry("kita-sonnenschein"), now) == std::optional<bool>(true));
    CHECK_FALSE(ContentStore::openAt(*p.store->entry("spielplatz-park"), now).has_value());
}

TEST_CASE("store: an age group matches entries whose age range overlaps it") {
    FixturePack p;
    const DateTime now = fixtureNow();
    auto forGroup = [&](int min, int max) {
        EntryFilter f;
        f.ageRange = std::make_pair(min, max);
        return ids(p.store->entries(f, now));
    };
    // kita is 1-6, the playground up to 12 (open start), counselling has no range (for everyone).
    const auto toddlers = forGroup(0, 3);
    CHECK(contains(toddlers, "kita-sonnenschein"));
    CHECK(contains(toddlers, "spielplatz-park"));
    CHECK(contains(toddlers, "beratung-istanbul"));

    const auto schoolKids = forGroup(6, 10); // touches the kita's upper end: still overlaps
    CHECK(contains(schoolKids, "kita-sonnenschein"));
    CHECK(contains(schoolKids, "spielplatz-park"));

    const auto olderKids = forGroup(7, 10);
    CHECK_FALSE(contains(olderKids, "kita-sonnenschein"));
    CHECK(contains(olderKids, "spielplatz-park"));

    const auto teens = forGroup(14, 18);
    CHECK_FALSE(contains(teens, "kita-sonnenschein"));
    CHECK_FALSE(contains(teens, "spielplatz-park"));
    CHECK(contains(teens, "beratung-istanbul"));
    CHECK(contains(teens, "sommerfest"));

    // Combines with the other filters.
    EntryFilter both;
    both.ageRange = std::make_pair(14, 18);
    both.theme = "kitas";
    CHECK(ids(p.store->entries(both, now)) == std::vector<std::string>{"beratung-istanbul"});
}

TEST_CASE("store: upcoming events are sorted by start and bounded") {
    FixturePack p;
    CHECK(ids(p.store->upcomingEvents(fixtureNow(), 7, 10)) == std::vector<std::string>{"treffen-heute", "sommerfest"});
    CHECK(ids(p.store->upcomingEvents(fixtureNow(), 1, 10)) == std::vector<std::string>{"treffen-heute"});
    CHECK(p.store->upcomingEvents(fixtureNow(), 7, 1).size() == 1);
    EntryFilter events;
    events.upcomingEventsOnly = true;
    CHECK(ids(p.store->entries(events, fixtureNow())) == std::vector<std::string>{"treffen-heute", "sommerfest"});
    CHECK(p.store->countInTheme("termine", fixtureNow()) == 2);
    CHECK(p.store->countInTheme("kitas", fixtureNow()) == 2);
}

TEST_CASE("store: search folds case and diacritics and matches prefixes") {
    FixturePack p;
    CHECK(ids(p.store->search("kita", "de")).front() == "kita-sonnenschein");
    CHECK(ids(p.store->search("KITA", "de")).front() == "kita-sonnenschein");
    CHECK(ids(p.store->search("spielplatze", "de")).front() == "spielplatz-park");
    CHECK(ids(p.store->search("spielpl", "de")).front() == "spielplatz-park");
    CHECK(ids(p.store->search("Spielplätze", "de")).front() == "spielplatz-park");
    CHECK(contains(ids(p.store->search("istanbul", "de")), "beratung-istanbul"));
    CHECK(contains(ids(p.store->search("turkisch", "de")), "beratung-istanbul"));
    // Translations are searchable whatever the UI language.
    CHECK(ids(p.store->search("sunshine", "de")) == std::vector<std::string>{"kita-sonnenschein"});
    CHECK(contains(ids(p.store->search("danisma", "tr")), "beratung-istanbul")); // dotless ı
    CHECK(ids(p.store->search("musterstrasse", "de")) == std::vector<std::string>{"kita-sonnenschein"}); // ß
    CHECK(ids(p.store->search("musterstraße", "de")) == std::vector<std::string>{"kita-sonnenschein"});
    // Tags and every word must match.
    CHECK(ids(p.store->search("rutsche", "de")) == std::vector<std::string>{"spielplatz-park"});
    CHECK(ids(p.store->search("kita garten", "de")) == std::vector<std::string>{"kita-sonnenschein"});
    CHECK(p.store->search("kita zebra", "de").empty());
}

TEST_CASE("store: search ranks title matches first and reports the title in the asked language") {
    FixturePack p;
    // "kita" is in the kita's title and only in the counselling entry's description.
    auto hits = p.store->search("kita", "en");
    REQUIRE(hits.size() >= 2);
    CHECK(hits[0].entryId == "kita-sonnenschein");
    CHECK(hits[0].titleMatch);
    CHECK(hits[0].title == "Sunshine day care");
    auto later = std::find_if(hits.begin(), hits.end(), [](const SearchHit& h) { return h.entryId == "beratung-istanbul"; });
    REQUIRE(later != hits.end());
    CHECK_FALSE(later->titleMatch);
    // "Spielplatz" is in the title of the playground and the party; in the summary of nothing else.
    auto sp = ids(p.store->search("spielplatz", "de"));
    CHECK(sp.size() == 2);
}

TEST_CASE("store: search hides expired entries when given a time and honours the limit") {
    FixturePack p;
    CHECK(contains(ids(p.store->search("kita", "de")), "alt"));
    CHECK_FALSE(contains(ids(p.store->search("kita", "de", 50, fixtureNow())), "alt"));
    CHECK(p.store->search("kita", "de", 1).size() == 1);
}

TEST_CASE("store: search input cannot inject FTS5 syntax") {
    FixturePack p;
    CHECK(buildSearchQuery("kita") == "\"kita\"*");
    CHECK(buildSearchQuery("  Spiel-Platz ") == "\"Spiel\"* \"Platz\"*");
    CHECK(buildSearchQuery("\"a\" OR b*) NEAR(") == "\"a\"* \"OR\"* \"b\"* \"NEAR\"*");
    CHECK(buildSearchQuery("***").empty());
    CHECK(buildSearchQuery("").empty());
    for (const char* evil : {"\"", "*", "(", ")", "title:", "NOT", "AND OR", "^x", "{title}: x", "a\"b"}) {
        CHECK_NOTHROW((void)p.store->search(evil, "de"));
    }
    CHECK(p.store->search("", "de").empty());
}

TEST_CASE("store: opening a file that is not a pack fails with a reason") {
    TempDir dir;
    kiosk::test::writeFile(dir / "junk.kpack", std::string(4096, 'x'));
    auto s = ContentStore::open(dir / "junk.kpack");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("not a") != std::string::npos);
    auto missing = ContentStore::open(dir / "missing.kpack");
    CHECK_FALSE(missing.ok());
}

TEST_CASE("store: a prefix matching more than a thousand entries lists them in pack order") {
    TempDir dir;
    PackContent c = makeFixtureContent();
    c.entries.clear();
    for (int i = 0; i < 1200; ++i) {
        Entry e;
        e.id = "e" + std::to_string(i);
        e.themes = {"kitas"};
        e.title = Text("Angebot " + std::to_string(i));
        c.entries.push_back(std::move(e));
    }
    c.entries[700].title = Text("Angebot Angebot Angebot"); // would rank first under BM25
    c.info.entryCount = static_cast<int>(c.entries.size());
    REQUIRE(writePack(c, dir / "big.kpack").ok());
    auto store = ContentStore::open(dir / "big.kpack");
    REQUIRE(store.ok());
    const auto hits = (*store)->search("ang", "de", 5);
    CHECK(ids(hits) == std::vector<std::string>{"e0", "e1", "e2", "e3", "e4"});
    CHECK(hits[0].titleMatch);
    // A narrower query is ranked again: the entry that says it three times comes first.
    const auto ranked = (*store)->search("angebot 7", "de", 3);
    REQUIRE_FALSE(ranked.empty());
    CHECK(ranked[0].entryId == "e7");
}
