#include "pack_fixture.h"

#include <stb_image_write.h>

namespace kiosk::test {

using namespace kiosk::content;

namespace {

Text text(std::string de, std::string en = {}) {
    Text t(std::move(de));
    if (!en.empty()) t.set("en", std::move(en));
    return t;
}

std::string tinyPng(int w, int h, unsigned char r, unsigned char g, unsigned char b) {
    std::string rgba;
    for (int i = 0; i < w * h; ++i) rgba += {static_cast<char>(r), static_cast<char>(g), static_cast<char>(b), '\xff'};
    std::string out;
    stbi_write_png_to_func([](void* ctx, void* data, int size) {
        static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
    }, &out, w, h, 4, rgba.data(), w * 4);
    return out;
}

} // namespace

PackContent makeFixtureContent() {
    PackContent c;
    c.info.channel = "test-channel";
    c.info.version = 7;
    c.info.createdAt = "2026-08-01T12:00:00Z";
    c.info.generator = "tests";
    c.info.title = text("Testpaket", "Test pack");

    c.site.name = text("StadtTeilLaden Test", "Test neighbourhood shop");
    c.site.about = text("Beispiel");
    c.site.phone = "0234 123";
    c.site.languages = {"de", "en", "tr"};
    c.site.logo = "logo.png";

    c.themes = {
        {"kitas", text("Kitas & Schulen", "Day care & schools"), "school", "#3D5A80", 1},
        {"spiel", text("Spielplätze", "Playgrounds"), "park", "#81B29A", 2},
        {"termine", text("Termine", "Events"), "event", "#E07A5F", 3},
    };

    Entry kita;
    kita.id = "kita-sonnenschein";
    kita.themes = {"kitas"};
    kita.kind = EntryKind::Kita;
    kita.title = text("KiTa Sonnenschein", "Sunshine day care");
    kita.summary = text("Eine Kindertagesstätte mit viel Platz im Garten.");
    kita.description = text("Betreuung für Kinder von 1 bis 6 Jahren.\n\nMit Mittagessen.");
    kita.organisation = text("Diakonie");
    kita.city = text("Bochum");
    kita.address = text("Musterstraße 1");
    kita.ageMin = 1;
    kita.ageMax = 6;
    kita.openingHours = "Mo-Fr 07:00-16:30";
    kita.cost = text("kostenlos");
    kita.free = true;
    kita.lat = 51.48;
    kita.lon = 7.21;
    kita.languages = {"de", "tr"};
    kita.images = {"kita.png"};
    kita.checked = Date{2026, 7, 1};

    Entry spiel;
    spiel.id = "spielplatz-park";
    spiel.themes = {"spiel"};
    spiel.kind = EntryKind::Playground;
    spiel.title = text("Spielplätze im Stadtpark", "Playgrounds in the park");
    spiel.summary = text("Rutsche, Schaukel und Sandkasten.");
    spiel.ageMax = 12;
    spiel.tags = text("Rutsche, Schaukel", "slide, swing");

    Entry beratung;
    beratung.id = "beratung-istanbul";
    beratung.themes = {"kitas", "spiel"};
    beratung.kind = EntryKind::Counselling;
    beratung.title = text("Elternberatung");
    beratung.title.set("tr", "Aile danışmanlığı");
    beratung.summary = text("Beratung auf Deutsch und Türkisch, für Familien aus İstanbul und überall.");
    beratung.description = text("Wir helfen bei Fragen rund um die Kita-Anmeldung.");
    beratung.openingHours = "Mo,We 09:00-12:00; PH off";
    beratung.cost = text("5 € pro Termin");

    Entry fest;
    fest.id = "sommerfest";
    fest.themes = {"termine"};
    fest.kind = EntryKind::Event;
    fest.title = text("Sommerfest am Spielplatz", "Summer party");
    fest.starts = DateTime{Date{2026, 8, 22}, 15 * 60, true};
    fest.ends = DateTime{Date{2026, 8, 22}, 18 * 60, true};

    Entry vorbei;
    vorbei.id = "fest-vorbei";
    vorbei.themes = {"termine"};
    vorbei.kind = EntryKind::Event;
    vorbei.title = text("Frühlingsfest");
    vorbei.starts = DateTime{Date{2026, 4, 1}, 0, false};

    Entry heute;
    heute.id = "treffen-heute";
    heute.themes = {"termine"};
    heute.kind = EntryKind::Event;
    heute.title = text("Kooperations-Treffen");
    heute.starts = DateTime{Date{2026, 8, 19}, 0, false};

    Entry abgelaufen;
    abgelaufen.id = "alt";
    abgelaufen.themes = {"kitas"};
    abgelaufen.title = text("Altes Angebot Kita");
    abgelaufen.validUntil = Date{2026, 8, 18};

    c.entries = {kita, spiel, beratung, fest, vorbei, heute, abgelaufen};
    c.images = {
        Image{"kita.png", "image/png", 4, 3, tinyPng(4, 3, 200, 100, 50)},
        Image{"logo.png", "image/png", 2, 2, tinyPng(2, 2, 10, 20, 30)},
    };
    c.info.entryCount = static_cast<int>(c.entries.size());
    c.info.themeCount = static_cast<int>(c.themes.size());
    c.info.imageCount = static_cast<int>(c.images.size());
    return c;
}

} // namespace kiosk::test
