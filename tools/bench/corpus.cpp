#include "corpus.h"

#include <nlohmann/json.hpp>
#include <stb_image_write.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

namespace kiosk::bench {

using namespace kiosk::content;

namespace {

// splitmix64: tiny, fast and identical everywhere (std::uniform_int_distribution is not).
class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    int range(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::size_t>(hi - lo + 1))); }
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    bool chance(double p) { return unit() < p; }
    template <typename T, std::size_t N> const T& pick(const T (&items)[N]) { return items[below(N)]; }

private:
    std::uint64_t m_state;
};

// ---------------------------------------------------------------------------
// Word banks. Real Bochum districts and street names, invented institutions.

const char* const kNames[] = {"Sonnenschein",    "Regenbogen",  "Pusteblume",  "Löwenzahn",    "Kleine Strolche",
                              "Sternschnuppe",   "Wirbelwind",  "Märchenland", "Bärenhöhle",   "Grashüpfer",
                              "Zwergenstübchen", "Schatzkiste", "Kunterbunt",  "Glühwürmchen", "Rappelkiste",
                              "Spatzennest",     "Möwennest",   "Überflieger"};
const char* const kDistricts[] = {"Grumme",       "Hofstede",    "Riemke",       "Hamme",   "Gerthe", "Altenbochum",
                                  "Wiemelhausen", "Langendreer", "Wattenscheid", "Weitmar", "Laer",   "Querenburg",
                                  "Harpen",       "Höntrop",     "Günnigfeld",   "Stiepel"};
const char* const kStreets[] = {"Grümerbaumstraße", "Josephinenstraße", "Am Kortländer",    "Dorstener Straße",
                                "Herner Straße",    "Bergstraße",       "Hofsteder Straße", "Glücksburger Straße",
                                "Zeppelinstraße",   "Am Grümmerbach",   "Rütlistraße",      "Görlitzer Straße",
                                "Mühlenstraße",     "Königsallee",      "Castroper Straße", "Wittener Straße",
                                "Brückstraße",      "Kreuzstraße",      "Große Weischede",  "Am Bröckerhof"};
struct Org {
    const char* name;
    const char* domain;
};
const Org kOrgs[] = {{"Caritasverband Bochum", "caritas-bochum"},
                     {"Diakonie Ruhr", "diakonie-ruhr"},
                     {"AWO Unterbezirk Ruhr-Mitte", "awo-ruhr-mitte"},
                     {"DRK Kreisverband Bochum", "drk-bochum"},
                     {"Stadt Bochum, Jugendamt", "bochum"},
                     {"IFAK e. V.", "ifak"},
                     {"Evangelische Kirchengemeinde Grumme", "ev-grumme"},
                     {"Türkisch-Deutscher Elternverein", "tdev"},
                     {"Deutscher Kinderschutzbund", "dksb-bochum"},
                     {"Volkshochschule Bochum", "vhs-bochum"},
                     {"SV Grün-Weiß Grumme", "svgw-grumme"},
                     {"Malteser Hilfsdienst", "malteser-bochum"},
                     {"Katholische Gemeinde St. Marien", "st-marien"},
                     {"Verein für Nachbarschaftshilfe", "nachbarn-helfen"},
                     {"Mütterzentrum e. V.", "muetterzentrum"}};
const char* const kPlaces[] = {
    "Gemeindehaus St. Marien",           "Stadtteilladen",         "Bürgerhaus",
    "Familienzentrum Regenbogen",        "Jugendfreizeithaus",     "Nachbarschaftstreff",
    "Kulturzentrum Bahnhof Langendreer", "Pfarrheim St. Johannes", "Begegnungsstätte Alte Schmiede"};
const char* const kSchools[] = {
    "Grundschule Grümerbaum",  "Gesamtschule Hofstede",    "Gemeinschaftsgrundschule Am Hagen",
    "Feldsieper Schule",       "Realschule Höntrop",       "Gymnasium am Ostring",
    "Förderschule Kortenbach", "Grundschule Friedenstraße"};
const char* const kPeople[] = {"Frau Yılmaz", "Herr Schäfer",  "Frau Müller",   "Herr Öztürk", "Frau Kowalczyk",
                               "Herr Bäcker", "Frau Schröder", "Frau Petrenko", "Herr Demir",  "Frau Krüger",
                               "Herr Weiß",   "Frau Nowak",    "Frau Şahin",    "Herr Große"};

struct Sentence {
    const char* de;
    const char* en;
};
const Sentence kSentences[] = {
    {"Anmeldung ist nicht nötig, kommen Sie einfach vorbei.", "No need to register, just drop in."},
    {"Die Räume sind barrierefrei und mit dem Kinderwagen gut erreichbar.",
     "The rooms are step-free and easy to reach with a pram."},
    {"Geschwisterkinder sind herzlich willkommen.", "Brothers and sisters are welcome too."},
    {"Wir sprechen Deutsch, Türkisch, Arabisch und Ukrainisch.", "We speak German, Turkish, Arabic and Ukrainian."},
    {"Das Angebot wird von der Stadt Bochum und dem Land NRW gefördert.",
     "The offer is funded by the city of Bochum and the state of NRW."},
    {"Gespräche sind vertraulich und auf Wunsch anonym.", "Conversations are confidential and anonymous if you wish."},
    {"In den Schulferien gelten geänderte Öffnungszeiten.", "Opening hours change during the school holidays."},
    {"Bitte bringen Sie Hausschuhe und etwas zu trinken mit.", "Please bring slippers and something to drink."},
    {"Im Sommer treffen wir uns draußen im Stadtpark.", "In summer we meet outside in the park."},
    {"Für Kinder unter drei Jahren gibt es eine eigene Spielecke.", "There is a play corner for children under three."},
    {"Die Haltestelle der Straßenbahn ist nur wenige Schritte entfernt.", "The tram stop is only a few steps away."},
    {"Ehrenamtliche Helferinnen und Helfer sind jederzeit willkommen.", "Volunteers are always welcome."},
    {"Kaffee, Tee und Obst stehen kostenlos bereit.", "Coffee, tea and fruit are free."},
    {"Für größere Gruppen bitten wir um eine kurze Anmeldung per Telefon oder E-Mail.",
     "Larger groups please register briefly by phone or e-mail."},
    {"Übersetzungshilfe ist nach Absprache möglich.", "Help with translation can be arranged."},
    {"Die Termine hängen auch im Schaukasten neben dem Eingang.",
     "Dates are also posted in the display case by the entrance."},
    {"Wir helfen beim Ausfüllen von Anträgen, zum Beispiel für Kindergeld oder Wohngeld.",
     "We help with filling in forms, for example for child benefit or housing benefit."},
    {"Väter sind ausdrücklich eingeladen.", "Fathers are expressly invited."},
    {"Bei schlechtem Wetter fällt das Treffen draußen aus.", "In bad weather the outdoor meeting is cancelled."},
    {"Ein Fahrradständer und Parkplätze sind vorhanden.", "There is a bike rack and parking."},
    {"Wer mag, bringt eine Kleinigkeit für das gemeinsame Büfett mit.",
     "Feel free to bring something for the shared buffet."},
    {"Unsere Mitarbeiterinnen beraten Sie gern auch zu Hause.", "Our staff are happy to advise you at home as well."},
};

struct Template {
    const char* key; // id part
    EntryKind kind;
    const char* themes;  // comma-separated theme ids
    const char* titleDe; // placeholders: {name} {district} {street} {org} {place} {school}
    const char* titleEn;
    const char* titleTr; // nullptr: no Turkish title
    const char* titleUk; // nullptr: no Ukrainian title
    const char* summaryDe;
    const char* summaryEn;
    const char* tagsDe;
    const char* tagsEn;
    int ageMin; // -1: none
    int ageMax;
    int weight; // how often it appears relative to the others
};

const Template kTemplates[] = {
    {"kita", EntryKind::Kita, "kitas,familie", "KiTa {name}", "Day care centre {name}", "{name} Kreşi",
     "Дитячий садок {name}",
     "Kindertagesstätte für Kinder von 1 bis 6 Jahren mit großem Garten und frisch gekochtem Mittagessen.",
     "Day care for children aged 1 to 6 with a large garden and freshly cooked lunch.",
     "Kita, Kindergarten, Betreuung, U3", "day care, nursery, childcare", 1, 6, 8},
    {"spielplatz", EntryKind::Playground, "spielplaetze", "Spielplatz {street}", "Playground {street}", nullptr,
     nullptr, "Spielplatz mit Rutsche, Schaukel, Klettergerüst und Sandkasten, teilweise schattig.",
     "Playground with slide, swings, climbing frame and sandpit, partly shaded.",
     "Spielplatz, Rutsche, Schaukel, Sandkasten, draußen", "playground, slide, swing, outdoors", 1, 12, 8},
    {"erziehungsberatung", EntryKind::Counselling, "beratung,familie", "Erziehungsberatung {district}",
     "Parenting advice {district}", "{district} Aile Danışma Merkezi", "Консультація для батьків {district}",
     "Vertrauliche Beratung für Eltern, Kinder und Jugendliche bei Fragen zu Erziehung, Schule und Familie.",
     "Confidential advice for parents, children and teenagers on upbringing, school and family.",
     "Beratung, Erziehung, Familie, Hilfe", "counselling, parenting, family, help", -1, -1, 5},
    {"tuerkisch-beratung", EntryKind::Counselling, "beratung,sprache", "Türkischsprachige Elternberatung",
     "Parent counselling in Turkish", "Türkçe Veli Danışmanlığı", nullptr,
     "Beratung auf Türkisch und Deutsch rund um Kita, Schule und Ausbildung.",
     "Advice in Turkish and German about day care, school and vocational training.",
     "Beratung, Türkisch, Eltern, Schule", "counselling, Turkish, parents", -1, -1, 3},
    {"schuldnerberatung", EntryKind::Counselling, "beratung", "Schuldnerberatung {org}", "Debt counselling {org}",
     "Borç Danışmanlığı", nullptr, "Hilfe bei Schulden, Mahnungen und Stromsperren, kostenlos und vertraulich.",
     "Help with debts, reminders and power cut-offs, free and confidential.", "Schulden, Geld, Beratung, Hilfe",
     "debt, money, counselling", -1, -1, 3},
    {"sprachcafe", EntryKind::Offer, "sprache", "Sprachcafé im {place}", "Language café at {place}",
     "{place} Dil Kafesi", "Мовне кафе {place}", "Deutsch sprechen üben bei Kaffee und Kuchen, für alle Niveaus.",
     "Practise speaking German over coffee and cake, all levels welcome.", "Deutsch lernen, Sprache, Integration, Café",
     "learn German, language, integration", -1, -1, 5},
    {"deutschkurs", EntryKind::Offer, "sprache,familie", "Deutschkurs für Mütter mit Kinderbetreuung",
     "German course for mothers with childcare", "Çocuk bakımlı annelere Almanca kursu", "Курс німецької для матерів",
     "Deutschkurs am Vormittag, während die Kleinen nebenan betreut werden.",
     "Morning German course while the little ones are looked after next door.", "Sprachkurs, Deutsch, Frauen, Mütter",
     "language course, German, women", -1, -1, 4},
    {"krabbelgruppe", EntryKind::Offer, "familie", "Krabbelgruppe {name}", "Toddler group {name}", nullptr, nullptr,
     "Offener Treff für Eltern mit Babys und Kleinkindern bis drei Jahre.",
     "Drop-in group for parents with babies and toddlers up to three.", "Krabbeln, Babys, Eltern, Treffpunkt",
     "toddlers, babies, parents", 0, 3, 5},
    {"familienfruehstueck", EntryKind::Offer, "familie", "Familienfrühstück im {place}", "Family breakfast at {place}",
     "{place} Aile Kahvaltısı", nullptr, "Gemeinsames Frühstück für Familien aus dem Viertel, jede Woche.",
     "A shared breakfast for families from the neighbourhood, every week.", "Frühstück, Familie, Treffpunkt",
     "breakfast, family", -1, -1, 4},
    {"hausaufgabenhilfe", EntryKind::Offer, "kitas", "Hausaufgabenhilfe an der {school}", "Homework help at {school}",
     "{school} Ödev Yardımı", nullptr, "Ehrenamtliche helfen bei Hausaufgaben und beim Lernen für Klassenarbeiten.",
     "Volunteers help with homework and revising for tests.", "Hausaufgaben, Nachhilfe, Schule, Lernen",
     "homework, tutoring, school", 6, 14, 4},
    {"schule", EntryKind::School, "kitas", "{school}", "{school}", nullptr, nullptr,
     "Offene Ganztagsschule mit Mensa, Schulsozialarbeit und Förderunterricht.",
     "All-day school with canteen, school social work and extra tuition.", "Schule, Ganztag, OGS",
     "school, all-day school", 6, 10, 3},
    {"fussball", EntryKind::Offer, "sport", "Fußball-AG für Mädchen", "Girls' football club", "Kızlar için futbol",
     nullptr, "Training zweimal pro Woche auf dem Kunstrasenplatz, Schuhe können geliehen werden.",
     "Training twice a week on the artificial pitch, boots can be borrowed.", "Fußball, Sport, Mädchen, Verein",
     "football, sport, girls", 8, 14, 3},
    {"schwimmkurs", EntryKind::Offer, "sport", "Schwimmkurs für Anfänger im Hallenbad {district}",
     "Beginners' swimming course in {district}", nullptr, nullptr,
     "Seepferdchen-Kurs in kleinen Gruppen, zehn Termine.",
     "Beginners' swimming badge course in small groups, ten sessions.", "Schwimmen, Seepferdchen, Sport, Kurs",
     "swimming, sport, course", 5, 10, 3},
    {"seniorentreff", EntryKind::Offer, "senioren", "Seniorentreff {name}", "Senior citizens' meeting {name}",
     "{name} Yaşlılar Buluşması", nullptr, "Kaffee, Gespräche, Gedächtnistraining und Ausflüge für Ältere.",
     "Coffee, conversation, memory training and outings for older people.", "Senioren, Treffpunkt, Kaffee, Ausflug",
     "older people, meeting point", -1, -1, 3},
    {"mittagstisch", EntryKind::Offer, "senioren,beratung", "Mittagstisch im {place}", "Lunch at {place}", nullptr,
     nullptr, "Warmes Mittagessen für Ältere und Alleinstehende, montags bis freitags.",
     "Hot lunch for older and single people, Monday to Friday.", "Mittagessen, Senioren, günstig, Essen",
     "lunch, older people, cheap", -1, -1, 2},
    {"lesepaten", EntryKind::Sponsorship, "patenschaften,kitas", "Lesepaten an der {school}",
     "Reading mentors at {school}", nullptr, nullptr, "Ehrenamtliche lesen einmal pro Woche mit Grundschulkindern.",
     "Volunteers read with primary school children once a week.", "Lesen, Patenschaft, Ehrenamt, Bücher",
     "reading, mentoring, volunteering", 6, 10, 3},
    {"familienpaten", EntryKind::Sponsorship, "patenschaften,familie", "Familienpatenschaften {district}",
     "Family mentoring {district}", "{district} Aile Sponsorluğu", "Сімейне наставництво {district}",
     "Patinnen und Paten begleiten Familien ein Jahr lang im Alltag.",
     "Mentors accompany families in everyday life for a year.", "Patenschaft, Ehrenamt, Familie, Begleitung",
     "mentoring, volunteering, family", -1, -1, 2},
    {"buecherei", EntryKind::Place, "familie,kitas", "Stadtteilbücherei {district}", "Neighbourhood library {district}",
     "{district} Mahalle Kütüphanesi", "Бібліотека {district}",
     "Bücher, Hörbücher, Spiele und Zeitschriften in vielen Sprachen.",
     "Books, audiobooks, games and magazines in many languages.", "Bücher, Lesen, Bücherei, Medien",
     "books, library, media", -1, -1, 2},
    {"jugendtreff", EntryKind::Place, "sport", "Jugendtreff {name}", "Youth club {name}", "{name} Gençlik Kulübü",
     nullptr, "Kickern, Billard, Musik machen und Hausaufgaben, betreut von Fachkräften.",
     "Table football, pool, making music and homework, with youth workers.", "Jugend, Treff, Billard, Musik",
     "youth club, music", 12, 18, 3},
    {"quartiersbuero", EntryKind::Contact, "beratung", "Quartiersbüro {district}", "Neighbourhood office {district}",
     "{district} Mahalle Bürosu", nullptr, "Ansprechpartner für alle Fragen rund ums Wohnen im Quartier.",
     "Your contact for all questions about living in the neighbourhood.", "Quartier, Ansprechpartner, Wohnen, Hilfe",
     "neighbourhood, contact, housing", -1, -1, 2},
    {"kleiderkammer", EntryKind::Offer, "beratung,familie", "Kleiderkammer {org}", "Clothing store {org}", nullptr,
     "Пункт видачі одягу", "Gut erhaltene Kleidung für Kinder und Erwachsene gegen eine kleine Spende.",
     "Clothing in good condition for children and adults for a small donation.", "Kleidung, Spenden, günstig",
     "clothes, donations, cheap", -1, -1, 2},
    // Events.
    {"sommerfest", EntryKind::Event, "termine,familie", "Sommerfest im {place}", "Summer party at {place}",
     "{place} Yaz Şenliği", nullptr, "Hüpfburg, Kinderschminken, Grillstand und Musik für die ganze Familie.",
     "Bouncy castle, face painting, barbecue and music for the whole family.", "Fest, Familie, Kinder, Musik",
     "party, family, children", -1, -1, 2},
    {"flohmarkt", EntryKind::Event, "termine,familie", "Kinderflohmarkt {district}",
     "Children's flea market {district}", "Çocuk bit pazarı", nullptr,
     "Kinderkleidung, Spielzeug und Bücher aus zweiter Hand; Standgebühr 5 €.",
     "Second-hand children's clothes, toys and books; pitch fee €5.", "Flohmarkt, Kinderkleidung, Spielzeug",
     "flea market, toys", -1, -1, 2},
    {"laternenumzug", EntryKind::Event, "termine,kitas", "Laternenumzug {district}", "Lantern parade {district}",
     nullptr, nullptr, "Gemeinsamer Umzug mit Laternen, Liedern und Martinsbrezeln.",
     "A lantern parade with songs and St Martin's pretzels.", "Laterne, Sankt Martin, Umzug",
     "lantern, St Martin, parade", 2, 10, 1},
    {"elternabend", EntryKind::Event, "termine,beratung", "Elternabend: Medien in der Familie",
     "Parents' evening: media in the family", "Veli akşamı: Ailede medya", nullptr,
     "Wie viel Bildschirmzeit ist gut? Eine Medienpädagogin beantwortet Fragen.",
     "How much screen time is good? A media educator answers questions.", "Medien, Eltern, Handy, Vortrag",
     "media, parents, phones", -1, -1, 1},
    {"vorlesestunde", EntryKind::Event, "termine,kitas", "Vorlesestunde in der Stadtteilbücherei {district}",
     "Story time at the {district} library", nullptr, nullptr, "Bilderbuchkino und Vorlesen für Kinder ab drei Jahren.",
     "Picture book cinema and reading aloud for children from three.", "Vorlesen, Bücher, Kinder",
     "story time, books, children", 3, 8, 1},
};

const char* const kOpeningHours[] = {"Mo-Fr 07:00-16:30",
                                     "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
                                     "Tu,Th 15:00-18:00",
                                     "Mo 10:00-12:00",
                                     "Mo-Su 08:00-20:00",
                                     "We 09:30-11:30; PH off",
                                     "Mo-Th 08:00-16:00; Fr 08:00-13:00",
                                     "Sa 10:00-14:00",
                                     "Mo-Fr 14:00-19:00; Sa 11:00-16:00",
                                     "Di,Do 09:00-12:00"};

struct Cost {
    const char* de;
    const char* en;
};
const Cost kCosts[] = {{"kostenlos", "free"},
                       {"gratis", ""},
                       {"5 € pro Termin", "€5 per session"},
                       {"2,50 € Kaffeekasse", "€2.50 for coffee"},
                       {"nach Einkommen gestaffelt", "depends on income"},
                       {"30 € im Halbjahr", "€30 per half-year"},
                       {"0 €", ""},
                       {"Spende erbeten", "donation welcome"}};

const char* const kLanguages[] = {"de", "de,tr", "de,ar", "de,tr,ar,uk", "de,en", "de,uk,ru", "de,pl", "de,tr,ku"};

const char* const kTurkishSummary = "Ayrıntılı bilgi için lütfen bize ulaşın; danışma ücretsizdir.";
const char* const kUkrainianSummary = "Докладніше — за телефоном або електронною поштою.";

std::string replaceAll(std::string s, std::string_view from, std::string_view to) {
    for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
    return s;
}

std::vector<std::string> splitComma(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto comma = s.find(',', start);
        out.emplace_back(s.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}

Text text(std::string de, std::string en = {}) {
    Text t(std::move(de));
    if (!en.empty()) t.set("en", std::move(en));
    return t;
}

const Template& pickTemplate(Rng& rng) {
    static const int total = [] {
        int sum = 0;
        for (const auto& t : kTemplates) sum += t.weight;
        return sum;
    }();
    int r = static_cast<int>(rng.below(static_cast<std::size_t>(total)));
    for (const auto& t : kTemplates) {
        if (r < t.weight) return t;
        r -= t.weight;
    }
    return kTemplates[0];
}

Entry makeEntry(std::size_t index, Rng& rng, const Date& today) {
    const Template& t = pickTemplate(rng);
    const Org& org = rng.pick(kOrgs);
    const std::string district = rng.pick(kDistricts);
    auto fill = [&](const char* pattern) {
        std::string s = pattern;
        s = replaceAll(s, "{name}", rng.pick(kNames));
        s = replaceAll(s, "{district}", district);
        s = replaceAll(s, "{street}", rng.pick(kStreets));
        s = replaceAll(s, "{org}", org.name);
        s = replaceAll(s, "{place}", rng.pick(kPlaces));
        s = replaceAll(s, "{school}", rng.pick(kSchools));
        return s;
    };

    Entry e;
    char id[64];
    std::snprintf(id, sizeof id, "e%05zu-%s", index + 1, t.key);
    e.id = id;
    e.kind = t.kind;
    e.themes = splitComma(t.themes);
    // Placeholders are drawn per language on purpose: titles differ between
    // entries of one template, as real ones do.
    const std::string titleDe = fill(t.titleDe);
    const bool english = rng.chance(0.75);
    e.title = text(titleDe, english ? fill(t.titleEn) : std::string());
    if (t.titleTr && rng.chance(0.3)) e.title.set("tr", fill(t.titleTr));
    if (t.titleUk && rng.chance(0.2)) e.title.set("uk", fill(t.titleUk));

    e.summary = text(t.summaryDe, english ? t.summaryEn : "");
    if (e.title.find("tr")) e.summary.set("tr", kTurkishSummary);
    if (e.title.find("uk")) e.summary.set("uk", kUkrainianSummary);

    // Two paragraphs of 2-4 sentences each.
    std::string de, en;
    for (int para = 0; para < 2; ++para) {
        if (para) {
            de += "\n\n";
            en += "\n\n";
        }
        const int n = rng.range(2, 4);
        for (int i = 0; i < n; ++i) {
            const Sentence& s = rng.pick(kSentences);
            if (i) {
                de += ' ';
                en += ' ';
            }
            de += s.de;
            en += s.en;
        }
    }
    e.description = text(de, english && rng.chance(0.8) ? en : std::string());
    e.organisation = text(org.name);
    e.contactName = text(rng.pick(kPeople));
    e.address = text(std::string(rng.pick(kStreets)) + " " + std::to_string(rng.range(1, 180)));
    e.postcode = std::to_string(44787 + rng.range(0, 80));
    e.city = text("Bochum");
    e.lat = 51.48 + (rng.unit() - 0.5) * 0.08;
    e.lon = 7.22 + (rng.unit() - 0.5) * 0.14;
    e.phone = "0234 " + std::to_string(rng.range(100000, 9999999));
    e.email = std::string(rng.chance(0.5) ? "info" : "kontakt") + "@" + org.domain + ".example.org";
    e.website = "https://www." + std::string(org.domain) + ".example.org/angebote/" + std::to_string(index + 1);
    if (t.ageMin >= 0) e.ageMin = t.ageMin;
    if (t.ageMax >= 0) e.ageMax = t.ageMax;
    const Cost& cost = rng.pick(kCosts);
    e.cost = text(cost.de, english ? cost.en : "");
    e.free = costMeansFree(cost.de);
    e.languages = splitComma(rng.pick(kLanguages));
    e.tags = text(t.tagsDe, english ? t.tagsEn : "");

    if (t.kind == EntryKind::Event) {
        // Mostly upcoming; some already over, as in a pack built a few weeks ago.
        const int day = rng.chance(0.12) ? rng.range(-30, -1) : rng.range(1, 150);
        const int start = rng.range(9, 18) * 60 + (rng.chance(0.5) ? 30 : 0);
        e.starts = DateTime{today.plusDays(day), start, true};
        if (rng.chance(0.7))
            e.ends = DateTime{today.plusDays(day), std::min(start + rng.range(2, 4) * 60, 23 * 60), true};
    } else if (rng.chance(0.85)) {
        e.openingHours = rng.pick(kOpeningHours);
    }
    if (rng.chance(0.08)) e.validUntil = today.plusDays(rng.chance(0.25) ? rng.range(-60, -1) : rng.range(30, 400));
    e.checked = today.plusDays(-rng.range(0, 420));
    return e;
}

} // namespace

// ---------------------------------------------------------------------------
// Content

PackContent generateContent(const CorpusSpec& spec) {
    Rng rng(spec.seed);
    PackContent c;
    c.info.channel = "bench-bochum";
    c.info.version = 1;
    c.info.createdAt = "2026-01-01T00:00:00Z";
    c.info.generator = "kiosk-bench";
    c.info.schemaVersion = 1;
    c.info.title = text("Stadtteilkompass Bochum (Benchmark)", "Neighbourhood compass Bochum (benchmark)");

    c.site.name = text("Stadtteilladen Grumme", "Grumme neighbourhood shop");
    c.site.address = text("Grümerbaumstraße 12, 44807 Bochum");
    c.site.about = text("Hier finden Sie Angebote für Familien, Kinder und Ältere in Ihrem Stadtteil.",
                        "Offers for families, children and older people in your neighbourhood.");
    c.site.phone = "0234 1234567";
    c.site.email = "info@stadtteilladen.example.org";
    c.site.website = "https://stadtteilladen.example.org";
    c.site.openingHours = "Mo-Fr 09:00-17:00; PH off";
    c.site.languages = {"de", "en", "tr", "uk", "ar"};

    c.themes = {
        {"kitas", text("Kitas & Schulen", "Day care & schools"), "school", "#3D5A80", 1},
        {"spielplaetze", text("Spielplätze", "Playgrounds"), "park", "#81B29A", 2},
        {"familie", text("Familie", "Family"), "family_restroom", "#F2CC8F", 3},
        {"beratung", text("Beratung & Hilfe", "Advice & help"), "support_agent", "#E07A5F", 4},
        {"sprache", text("Sprache & Integration", "Language & integration"), "translate", "#98C1D9", 5},
        {"sport", text("Sport & Freizeit", "Sport & leisure"), "sports_soccer", "#6D597A", 6},
        {"senioren", text("Seniorinnen & Senioren", "Older people"), "elderly", "#B56576", 7},
        {"patenschaften", text("Patenschaften & Ehrenamt", "Mentoring & volunteering"), "volunteer_activism", "#355070",
         8},
        {"termine", text("Termine", "Events"), "event", "#EAAC8B", 9},
    };

    c.entries.reserve(spec.entries);
    for (std::size_t i = 0; i < spec.entries; ++i) c.entries.push_back(makeEntry(i, rng, spec.today));
    if (!c.entries.empty()) {
        for (std::size_t p = 0; p < spec.photos; ++p) {
            char name[32];
            std::snprintf(name, sizeof name, "foto-%05zu.jpg", p + 1);
            c.entries[p % c.entries.size()].images.emplace_back(name);
        }
    }
    c.info.entryCount = static_cast<int>(c.entries.size());
    c.info.themeCount = static_cast<int>(c.themes.size());
    return c;
}

// ---------------------------------------------------------------------------
// Source folder

namespace {

std::string germanDate(const Date& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", d.day, d.month, d.year);
    return buf;
}

std::string germanDateTime(const DateTime& dt) {
    if (!dt.hasTime) return germanDate(dt.date);
    char buf[32];
    std::snprintf(buf, sizeof buf, " %02d:%02d", dt.minuteOfDay / 60, dt.minuteOfDay % 60);
    return germanDate(dt.date) + buf;
}

std::string decimalComma(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.5f", v);
    std::string s = buf;
    std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

std::string csvCell(const std::string& v) {
    if (v.find_first_of(";\"\r\n") == std::string::npos) return v;
    return '"' + replaceAll(v, "\"", "\"\"") + '"';
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += ", ";
        out += s;
    }
    return out;
}

std::string germanKind(EntryKind k) {
    switch (k) {
    case EntryKind::Offer:
        return "Angebot";
    case EntryKind::Place:
        return "Ort";
    case EntryKind::Kita:
        return "Kita";
    case EntryKind::Playground:
        return "Spielplatz";
    case EntryKind::School:
        return "Schule";
    case EntryKind::Counselling:
        return "Beratung";
    case EntryKind::Sponsorship:
        return "Patenschaft";
    case EntryKind::Event:
        return "Veranstaltung";
    case EntryKind::Contact:
        return "Kontakt";
    }
    return "Angebot";
}

struct Column {
    const char* header;
    std::string (*get)(const Entry&);
};

std::string lang(const Text& t, std::string_view code) {
    const std::string* v = t.find(code);
    return v ? *v : std::string();
}

// German headers, as staff name their columns; translations as "Titel:en".
const Column kColumns[] = {
    {"ID", [](const Entry& e) { return e.id; }},
    {"Thema", [](const Entry& e) { return join(e.themes); }},
    {"Art", [](const Entry& e) { return germanKind(e.kind); }},
    {"Titel", [](const Entry& e) { return lang(e.title, "de"); }},
    {"Titel:en", [](const Entry& e) { return lang(e.title, "en"); }},
    {"Titel:tr", [](const Entry& e) { return lang(e.title, "tr"); }},
    {"Titel:uk", [](const Entry& e) { return lang(e.title, "uk"); }},
    {"Kurzbeschreibung", [](const Entry& e) { return lang(e.summary, "de"); }},
    {"Kurzbeschreibung:en", [](const Entry& e) { return lang(e.summary, "en"); }},
    {"Kurzbeschreibung:tr", [](const Entry& e) { return lang(e.summary, "tr"); }},
    {"Kurzbeschreibung:uk", [](const Entry& e) { return lang(e.summary, "uk"); }},
    {"Beschreibung", [](const Entry& e) { return lang(e.description, "de"); }},
    {"Beschreibung:en", [](const Entry& e) { return lang(e.description, "en"); }},
    {"Träger", [](const Entry& e) { return lang(e.organisation, "de"); }},
    {"Ansprechperson", [](const Entry& e) { return lang(e.contactName, "de"); }},
    {"Adresse", [](const Entry& e) { return lang(e.address, "de"); }},
    {"PLZ", [](const Entry& e) { return e.postcode; }},
    {"Ort", [](const Entry& e) { return lang(e.city, "de"); }},
    {"Breite", [](const Entry& e) { return e.lat ? decimalComma(*e.lat) : std::string(); }},
    {"Länge", [](const Entry& e) { return e.lon ? decimalComma(*e.lon) : std::string(); }},
    {"Telefon", [](const Entry& e) { return e.phone; }},
    {"E-Mail", [](const Entry& e) { return e.email; }},
    {"Webseite", [](const Entry& e) { return e.website; }},
    {"Öffnungszeiten", [](const Entry& e) { return e.openingHours; }},
    {"Alter von", [](const Entry& e) { return e.ageMin ? std::to_string(*e.ageMin) : std::string(); }},
    {"Alter bis", [](const Entry& e) { return e.ageMax ? std::to_string(*e.ageMax) : std::string(); }},
    {"Kosten", [](const Entry& e) { return lang(e.cost, "de"); }},
    {"Kosten:en", [](const Entry& e) { return lang(e.cost, "en"); }},
    {"Sprachen", [](const Entry& e) { return join(e.languages); }},
    {"Stichworte", [](const Entry& e) { return lang(e.tags, "de"); }},
    {"Stichworte:en", [](const Entry& e) { return lang(e.tags, "en"); }},
    {"Bild", [](const Entry& e) { return join(e.images); }},
    {"Beginn", [](const Entry& e) { return e.starts ? germanDateTime(*e.starts) : std::string(); }},
    {"Ende", [](const Entry& e) { return e.ends ? germanDateTime(*e.ends) : std::string(); }},
    {"Gültig bis", [](const Entry& e) { return e.validUntil ? germanDate(*e.validUntil) : std::string(); }},
    {"Geprüft am", [](const Entry& e) { return e.checked ? germanDate(*e.checked) : std::string(); }},
};

Status writeText(const std::filesystem::path& file, const std::string& data) {
    std::ofstream out(file, std::ios::binary);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out.flush()) {
        Error e;
        e.file = file.string();
        e.message = "cannot write file";
        return e;
    }
    return Ok{};
}

std::string csvFor(const std::vector<const Entry*>& entries) {
    std::string out = "\xEF\xBB\xBF"; // Excel's "CSV UTF-8" writes a byte-order mark
    auto row = [&out](auto&& cell) {
        for (std::size_t i = 0; i < std::size(kColumns); ++i) {
            if (i) out += ';';
            out += csvCell(cell(kColumns[i]));
        }
        out += "\r\n";
    };
    row([](const Column& c) { return std::string(c.header); });
    for (const Entry* e : entries) row([e](const Column& c) { return c.get(*e); });
    return out;
}

nlohmann::ordered_json textJson(const Text& t) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& [code, value] : t.values()) j[code] = value;
    return j;
}

} // namespace

Result<std::uint64_t> writeSourceFolder(const PackContent& content, const std::filesystem::path& dir,
                                        const PhotoSpec& photo, const ImageSettings& settings, std::uint64_t seed,
                                        unsigned threads) {
    std::error_code ec;
    std::filesystem::create_directories(dir / "images", ec);
    if (ec) {
        Error e;
        e.file = dir.string();
        e.message = "cannot create source folder: " + ec.message();
        return e;
    }

    nlohmann::ordered_json pack;
    pack["format"] = 1;
    pack["channel"] = content.info.channel;
    pack["title"] = textJson(content.info.title);
    pack["version"] = content.info.version;
    pack["languages"] = content.site.languages;
    const Site& s = content.site;
    pack["site"] = {
        {"name", textJson(s.name)}, {"about", textJson(s.about)}, {"address", textJson(s.address)}, {"phone", s.phone},
        {"email", s.email},         {"website", s.website},       {"opening_hours", s.openingHours}};
    pack["themes"] = nlohmann::ordered_json::array();
    for (const auto& t : content.themes)
        pack["themes"].push_back(
            {{"id", t.id}, {"title", textJson(t.title)}, {"icon", t.icon}, {"colour", t.colour}, {"order", t.order}});
    pack["images"] = {
        {"max_width", settings.maxWidth}, {"max_height", settings.maxHeight}, {"jpeg_quality", settings.jpegQuality}};
    if (auto st = writeText(dir / "pack.json", pack.dump(2) + "\n"); !st) return st.error();

    // Offers in one spreadsheet, events in another, as staff tend to keep them.
    std::vector<const Entry*> offers, events;
    for (const auto& e : content.entries) (e.kind == EntryKind::Event ? events : offers).push_back(&e);
    if (auto st = writeText(dir / "angebote.csv", csvFor(offers)); !st) return st.error();
    if (auto st = writeText(dir / "termine.csv", csvFor(events)); !st) return st.error();

    std::vector<std::string> photos;
    for (const auto& e : content.entries)
        for (const auto& id : e.images) photos.push_back(id);

    std::atomic<std::size_t> next{0};
    std::atomic<std::uint64_t> bytes{0};
    std::mutex failMutex;
    std::optional<Error> failure;
    auto work = [&] {
        for (std::size_t i = next++; i < photos.size(); i = next++) {
            const std::string jpeg = generatePhotoJpeg(i, seed, photo);
            const auto st = writeText(dir / "images" / photos[i], jpeg);
            if (!st) {
                std::lock_guard lock(failMutex);
                failure = st.error();
                return;
            }
            bytes += jpeg.size();
        }
    };
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < std::max(1u, threads); ++t) workers.emplace_back(work);
    for (auto& w : workers) w.join();
    if (failure) return *failure;
    return bytes.load();
}

// ---------------------------------------------------------------------------
// Photos

std::string generatePhotoJpeg(std::size_t index, std::uint64_t seed, const PhotoSpec& spec) {
    Rng rng(seed * 0x100000001B3ull + index);
    const int w = spec.width, h = spec.height;
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
    auto colour = [&](int lo, int hi) {
        return std::array<int, 3>{rng.range(lo, hi), rng.range(lo, hi), rng.range(lo, hi)};
    };

    // Sky above a horizon, ground below: smooth gradients, as most of a photo is.
    const auto skyTop = colour(60, 200), skyBottom = colour(150, 255);
    const auto groundTop = colour(40, 160), groundBottom = colour(10, 110);
    const int horizon = h * rng.range(30, 70) / 100;
    for (int y = 0; y < h; ++y) {
        const bool sky = y < horizon;
        const double f = sky ? static_cast<double>(y) / horizon : static_cast<double>(y - horizon) / (h - horizon);
        const auto& a = sky ? skyTop : groundTop;
        const auto& b = sky ? skyBottom : groundBottom;
        unsigned char row[3];
        for (int c = 0; c < 3; ++c) row[c] = static_cast<unsigned char>(a[c] + (b[c] - a[c]) * f);
        unsigned char* p = &px[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) * 3];
        for (int x = 0; x < w; ++x, p += 3) std::copy(row, row + 3, p);
    }

    // Houses, trees, people: rectangles, ellipses and striped facades with edges for the encoder.
    const int shapes = rng.range(8, 28);
    for (int s = 0; s < shapes; ++s) {
        const int sw = rng.range(w / 20, w / 3), sh = rng.range(h / 20, h / 2);
        const int x0 = rng.range(-sw / 2, w - sw / 2), y0 = rng.range(h / 5, h - sh / 3);
        const auto c = colour(0, 255);
        const int type = static_cast<int>(rng.below(3));
        const int stripe = rng.range(4, 24);
        for (int y = std::max(0, y0); y < std::min(h, y0 + sh); ++y) {
            for (int x = std::max(0, x0); x < std::min(w, x0 + sw); ++x) {
                if (type == 1) {
                    const double dx = (x - x0 - sw / 2.0) / (sw / 2.0), dy = (y - y0 - sh / 2.0) / (sh / 2.0);
                    if (dx * dx + dy * dy > 1.0) continue;
                }
                const int shade = type == 2 && (y - y0) / stripe % 2 ? 40 : 0;
                unsigned char* p =
                    &px[(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)) * 3];
                for (int k = 0; k < 3; ++k) p[k] = static_cast<unsigned char>(std::clamp(c[k] - shade, 0, 255));
            }
        }
    }

    // Sensor noise: without it a synthetic image compresses far better than a photo.
    const int amp = rng.range(3, 7);
    std::uint32_t state = static_cast<std::uint32_t>(rng.next()) | 1u;
    for (auto& v : px) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        const int n = static_cast<int>(state % static_cast<std::uint32_t>(2 * amp + 1)) - amp;
        v = static_cast<unsigned char>(std::clamp(static_cast<int>(v) + n, 0, 255));
    }

    std::string out;
    stbi_write_jpg_to_func(
        [](void* ctx, void* data, int size) {
            static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
        },
        &out, w, h, 3, px.data(), spec.quality);
    return out;
}

// ---------------------------------------------------------------------------
// Typed queries

std::size_t queryLength(const std::string& query) {
    const auto first = query.find_first_not_of(' ');
    if (first == std::string::npos) return 0;
    const auto last = query.find_last_not_of(' ');
    std::size_t n = 0;
    for (std::size_t i = first; i <= last; ++i)
        if ((static_cast<unsigned char>(query[i]) & 0xC0) != 0x80) ++n;
    return n;
}

std::vector<std::string> typedQueries(std::size_t count, std::uint64_t seed) {
    // What visitors look for; popular words appear more than once. Umlauts as
    // typed on the kiosk's German keyboard, some without (the search folds them).
    static const char* const kTerms[] = {
        "kita",
        "kita",
        "kita",
        "kindergarten",
        "spielplatz",
        "spielplatz",
        "spielplätze",
        "beratung",
        "beratung",
        "türkisch",
        "türk",
        "sprachkurs",
        "deutschkurs",
        "deutsch lernen",
        "hausaufgaben",
        "familienzentrum",
        "krabbelgruppe",
        "schwimmen",
        "fußball",
        "fussball",
        "senioren",
        "erziehungsberatung",
        "schuldnerberatung",
        "flohmarkt",
        "sommerfest",
        "bücherei",
        "jugendtreff",
        "mittagstisch",
        "kleiderkammer",
        "frühstück",
        "grumme",
        "hofstede",
        "höntrop",
        "caritas",
        "diakonie",
        "awo",
        "sprachcafé",
        "nachhilfe",
        "lesepaten",
        "patenschaft",
        "kita sonne",
        "beratung türk",
        "spielplatz berg",
        "hilfe",
        "playground",
        "day care",
        "laterne",
        "vorlesen",
        "babys",
        "kostenlos",
        "danışma",
        "yılmaz",
        "müller",
        "u3",
        "ogs",
        "mädchen",
    };
    Rng rng(seed ^ 0x5EA2C4ull);
    std::vector<std::string> out;
    out.reserve(count);
    while (out.size() < count) {
        std::string term = rng.pick(kTerms);
        // Some visitors start with the shift key on.
        if (rng.chance(0.1) && term[0] >= 'a' && term[0] <= 'z') term[0] = static_cast<char>(term[0] - 'a' + 'A');
        // Code point boundaries: one keystroke types one character, umlauts included.
        std::vector<std::size_t> ends;
        for (std::size_t i = 1; i <= term.size(); ++i)
            if (i == term.size() || (static_cast<unsigned char>(term[i]) & 0xC0) != 0x80) ends.push_back(i);
        // A third of the visitors find what they want before finishing the word.
        const std::size_t stop = rng.chance(0.33) ? 1 + rng.below(ends.size()) : ends.size();
        for (std::size_t k = 0; k < stop && out.size() < count; ++k) out.push_back(term.substr(0, ends[k]));
    }
    return out;
}

} // namespace kiosk::bench
