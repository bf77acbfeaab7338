#include "kiosk/content/source_reader.h"

#include "temp_dir.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace kiosk::content;
using kiosk::test::readFile;
using kiosk::test::TempDir;
using kiosk::test::testData;
using kiosk::test::writeFile;

namespace {

// All corpus expectations are written against this "today".
const Date kToday{2026, 6, 1};

SourceResult readCorpus(const std::string& name) {
    SourceOptions options;
    options.today = kToday;
    return readSource(testData() / "sources" / name, options);
}

SourceResult readFolder(const std::filesystem::path& folder) {
    SourceOptions options;
    options.today = kToday;
    return readSource(folder, options);
}

const Entry* findEntry(const SourceResult& r, std::string_view id) {
    auto it = std::find_if(r.content.entries.begin(), r.content.entries.end(),
                           [&](const Entry& e) { return e.id == id; });
    return it == r.content.entries.end() ? nullptr : &*it;
}

std::vector<std::string> entryIds(const SourceResult& r) {
    std::vector<std::string> ids;
    for (const auto& e : r.content.entries) ids.push_back(e.id);
    return ids;
}

constexpr std::string_view kMinimalPack = R"({
  "format": 1, "channel": "t", "title": "T", "site": {"name": "S"},
  "themes": [{"id": "familie", "title": "Familie"}]
})";

// A folder with a valid pack.json and one spreadsheet.
void writeSource(const TempDir& dir, std::string_view csv) {
    writeFile(dir / "pack.json", kMinimalPack);
    writeFile(dir / "angebote.csv", csv);
}

} // namespace

TEST_CASE("source_reader: field table lists canonical names and German aliases") {
    const auto& fields = sourceFields();
    REQUIRE(fields.size() == 27);
    CHECK(fields.front().name == "id");
    CHECK(fields.back().name == "checked");
    CHECK(fields[7].name == "contact_name");
    CHECK(fields[7].germanAlias == "Ansprechperson");
    CHECK(fields[7].translatable);
    const auto opening =
        std::find_if(fields.begin(), fields.end(), [](const SourceField &f) { return f.name == "opening_hours"; });
    REQUIRE(opening != fields.end());
    CHECK(opening->germanAlias == "Öffnungszeiten");
    CHECK_FALSE(opening->translatable);
}

TEST_CASE("source_reader: minimal folder") {
    const SourceResult r = readCorpus("good-minimal");
    CHECK(r.report.toString() == "");
    CHECK(r.content.info.channel == "test-minimal");
    CHECK(r.content.info.title.get() == "Minimal");
    CHECK(r.content.info.version == 0);
    CHECK(r.content.site.name.get() == "Familienzentrum Test");
    CHECK(r.content.site.languages == std::vector<std::string>{"de", "en"});
    REQUIRE(r.content.themes.size() == 1);
    CHECK(r.content.themes[0].id == "familie");
    CHECK(r.content.themes[0].icon == "family_restroom");
    CHECK(r.content.themes[0].colour == "#3D5A80");
    CHECK(r.content.themes[0].order == 1);
    REQUIRE(r.content.entries.size() == 1);
    const Entry& e = r.content.entries[0];
    CHECK(e.id == "eltern-cafe");
    CHECK(e.themes == std::vector<std::string>{"familie"});
    CHECK(e.kind == EntryKind::Offer);
    CHECK(e.title.get() == "Elterncafé");
    CHECK(r.imageIds.empty());
    CHECK(r.imageSettings.maxWidth == 1920);
    CHECK(r.imageSettings.maxHeight == 1080);
    CHECK(r.imageSettings.jpegQuality == 85);
}

TEST_CASE("source_reader: full folder reads every field") {
    const SourceResult r = readCorpus("good-full");
    CHECK(r.report.toString() == "");

    const PackContent& c = r.content;
    CHECK(c.info.channel == "bochum-grumme");
    CHECK(c.info.version == 42);
    CHECK(*c.info.title.find("en") == "Neighbourhood compass Grumme");
    CHECK(c.site.languages == std::vector<std::string>{"de", "en", "tr"});
    CHECK(c.site.website == "https://www.example.org");
    CHECK(c.site.phone == "0234 1234567");
    CHECK(c.site.email == "info@example.org");
    CHECK(c.site.openingHours == "Mo-Fr 09:00-17:00; PH off");
    CHECK(c.site.address.get() == "Musterstraße 1, 44807 Bochum");
    CHECK(*c.site.about.find("en") == "Offers for families.");
    CHECK(c.site.logo == "logo.png");
    CHECK(r.imageSettings.maxWidth == 1280);
    CHECK(r.imageSettings.maxHeight == 720);
    CHECK(r.imageSettings.jpegQuality == 80);

    // Sorted by order, then id; "color" is accepted beside "colour".
    REQUIRE(c.themes.size() == 3);
    CHECK(c.themes[0].id == "familie");
    CHECK(c.themes[1].id == "kinder");
    CHECK(c.themes[1].colour == "#F2CC8F");
    CHECK(c.themes[2].id == "termine");
    CHECK(*c.themes[0].title.find("en") == "Family");

    // Spreadsheets in name order, then entries/*.json in name order.
    CHECK(entryIds(r) ==
          std::vector<std::string>{"paten-grumme", "sommerfest", "kita-sonne", "lesung", "beratung-1", "spielplatz"});
    // The logo first, then in first use; "Paten.JPG" finds paten.jpg; unused.png is not listed.
    CHECK(r.imageIds == std::vector<std::string>{"logo.png", "paten.jpg", "foto.png"});

    const Entry* p = findEntry(r, "paten-grumme");
    REQUIRE(p);
    // By id and by German title, without regard to case.
    CHECK(p->themes == std::vector<std::string>{"familie", "kinder"});
    CHECK(p->kind == EntryKind::Sponsorship);
    CHECK(p->title.get("de") == "Lesepaten");
    CHECK(p->title.get("en") == "Reading mentors");
    CHECK(*p->summary.find("tr") == "Çocuklar okuyor.");
    CHECK(p->description.get() == "Absatz eins.\n\nAbsatz zwei mit \"Zitat\".");
    CHECK(p->organisation.get() == "Caritas");
    CHECK(p->contactName.get() == "Frau Muster");
    CHECK(p->address.get() == "Musterstraße 1");
    CHECK(p->postcode == "44807");
    CHECK(p->city.get() == "Bochum");
    REQUIRE(p->lat);
    CHECK(*p->lat == doctest::Approx(51.4912));
    REQUIRE(p->lon);
    CHECK(*p->lon == doctest::Approx(7.2301));
    CHECK(p->phone == "0234 123456");
    CHECK(p->email == "paten@example.org");
    CHECK(p->website == "https://www.example.org/paten");
    CHECK(p->openingHours == "Mo-Fr 09:00-12:00");
    CHECK(p->ageMin == 6);
    CHECK(p->ageMax == 10);
    CHECK(p->cost.get() == "kostenlos");
    CHECK(p->cost.get("en") == "free");
    CHECK(p->free);
    CHECK(p->languages == std::vector<std::string>{"de", "tr"});
    CHECK(p->tags.get() == "Lesen, Bücher");
    CHECK(p->images == std::vector<std::string>{"paten.jpg", "foto.png"});
    CHECK_FALSE(p->starts);
    CHECK(p->validUntil == Date{2026, 12, 31});
    CHECK(p->checked == Date{2026, 3, 1});

    const Entry* fest = findEntry(r, "sommerfest");
    REQUIRE(fest);
    CHECK(fest->kind == EntryKind::Event);
    REQUIRE(fest->starts);
    CHECK(fest->starts->iso() == "2026-08-19T15:00");
    REQUIRE(fest->ends);
    CHECK(fest->ends->iso() == "2026-08-19T18:00");
    CHECK(fest->free); // "0 €"
    CHECK(fest->website == "https://example.org/fest");
    CHECK(fest->title.find("en") == nullptr);

    const Entry* kita = findEntry(r, "kita-sonne");
    REQUIRE(kita);
    CHECK(kita->kind == EntryKind::Kita);
    CHECK(kita->title.get("uk") == "Дитсадок Сонечко");
    CHECK(kita->ageMin == 1);
    CHECK(*kita->lat == doctest::Approx(51.5));

    const Entry* lesung = findEntry(r, "lesung");
    REQUIRE(lesung);
    CHECK(lesung->title.get("en") == "Reading");
    CHECK(lesung->summary.get("en") == "Reading aloud");
    REQUIRE(lesung->starts);
    CHECK_FALSE(lesung->starts->hasTime);
    CHECK(lesung->ageMin == 4);
    CHECK(*lesung->lat == doctest::Approx(51.48));
    CHECK(*lesung->lon == doctest::Approx(7.21));
    CHECK(lesung->tags.get() == "Bücher, Lesen");
    CHECK(lesung->tags.get("en") == "books, reading");
    CHECK(lesung->images == std::vector<std::string>{"foto.png"});

    const Entry* beratung = findEntry(r, "beratung-1");
    REQUIRE(beratung);
    CHECK(beratung->kind == EntryKind::Counselling);
    CHECK(beratung->languages == std::vector<std::string>{"de", "ar"});
    CHECK_FALSE(beratung->free);
    CHECK(findEntry(r, "spielplatz")->openingHours == "24/7");
}

TEST_CASE("source_reader: windows-1252 semicolon spreadsheet") {
    const SourceResult r = readCorpus("dialect-win1252-semicolon");
    // Row 3 follows a cell with a line break: it is still row 3, as Calc shows it.
    REQUIRE(r.report.findings().size() == 1);
    const Finding& f = r.report.findings()[0];
    CHECK(f.severity == Severity::Warning);
    CHECK(f.file == "angebote.csv");
    CHECK(f.row == 3);
    CHECK(f.field == "Öffnungszeiten");
    CHECK(f.message.starts_with("cannot read the opening hours 'nach Vereinbarung': "));
    CHECK(f.message.ends_with("; the kiosk shows them as written, without \"open now\""));

    REQUIRE(r.content.entries.size() == 2);
    const Entry& e = r.content.entries[0];
    CHECK(e.id == "muetter");
    CHECK(e.themes == std::vector<std::string>{"beratung"});
    CHECK(e.title.get() == "„Mütterberatung“");
    CHECK(e.organisation.get() == "Caritasverband für Bochum");
    CHECK(e.description.get() == "Beratung – offen für alle.\nBitte „Mutterpass“ mitbringen…");
    CHECK(e.cost.get() == "5 €");
    CHECK_FALSE(e.free);
    CHECK(e.openingHours == "Di 09:00-11:00");
    CHECK(*e.lat == doctest::Approx(51.4812));
    CHECK(*e.lon == doctest::Approx(7.2195));
    CHECK(e.starts->iso() == "2026-08-19T09:30");
    CHECK(e.validUntil == Date{2026, 12, 31});
    CHECK(r.content.entries[1].id == "sprechstunde");
    CHECK(r.content.entries[1].free);
    CHECK(r.content.entries[1].openingHours == "nach Vereinbarung");
}

TEST_CASE("source_reader: utf-16 tab separated spreadsheet") {
    const SourceResult r = readCorpus("dialect-utf16-tab");
    CHECK(r.report.toString() == "");
    REQUIRE(r.content.entries.size() == 1);
    const Entry& e = r.content.entries[0];
    CHECK(e.id == "kurs-1");
    CHECK(e.title.get() == "Deutschkurs");
    CHECK(e.title.get("tr") == "Almanca kursu (ışık)");
    CHECK(e.free);
}

TEST_CASE("source_reader: bad rows give exactly the expected findings") {
    const std::filesystem::path folder = testData() / "sources" / "bad-rows";
    const SourceResult r = readCorpus("bad-rows");
    CHECK(r.report.toString() == readFile(folder / "expected-findings.txt"));

    // Rows with errors are left out; rows with warnings stay.
    CHECK(entryIds(r) == std::vector<std::string>{
                             "good-1", "warn-missing-image", "warn-broken-image", "warn-over", "warn-expired",
                             "warn-unchecked", "warn-hours", "warn-control", "multi-line", "good-2", "json-good",
                             "json-unknown-key"});
    // A missing or broken image is dropped from the entry, the rest stays.
    CHECK(findEntry(r, "warn-missing-image")->images == std::vector<std::string>{"ok.png"});
    CHECK(findEntry(r, "warn-broken-image")->images.empty());
    CHECK(r.imageIds == std::vector<std::string>{"ok.png"});
    // The right-to-left override and the bell are gone.
    CHECK(findEntry(r, "warn-control")->title.get() == "Elterncafé");
    CHECK(findEntry(r, "multi-line")->description.get() == "Zeile eins\nZeile zwei\nZeile drei");
    CHECK(findEntry(r, "good-2")->themes == std::vector<std::string>{"termine"});
}

TEST_CASE("source_reader: bad pack.json gives exactly the expected findings") {
    const std::filesystem::path folder = testData() / "sources" / "bad-pack";
    const SourceResult r = readCorpus("bad-pack");
    CHECK(r.report.toString() == readFile(folder / "expected-findings.txt"));
    // Only the good theme survives.
    REQUIRE(r.content.themes.size() == 1);
    CHECK(r.content.themes[0].id == "gut");
}

TEST_CASE("source_reader: missing folder and missing pack.json") {
    TempDir dir;
    SourceResult r = readFolder(dir / "nicht-da");
    REQUIRE(r.report.findings().size() == 1);
    CHECK(r.report.findings()[0].message.find("does not exist") != std::string::npos);

    writeFile(dir / "angebote.csv", "id;Thema;Titel\nx;familie;X\n");
    r = readFolder(dir.path());
    // Without pack.json themes cannot be checked, but everything else still is.
    CHECK(r.report.toString() ==
          "error: pack.json: missing: every source folder needs a pack.json with channel, title, site and themes\n");
    CHECK(entryIds(r) == std::vector<std::string>{"x"});
}

TEST_CASE("source_reader: pack.json that is not JSON") {
    TempDir dir;
    writeFile(dir / "pack.json", "{\"format\": 1,\n \"channel\": }");
    const SourceResult r = readFolder(dir.path());
    REQUIRE(r.report.findings().size() == 1);
    const Finding& f = r.report.findings()[0];
    CHECK(f.file == "pack.json");
    CHECK(f.severity == Severity::Error);
    CHECK(f.message.starts_with("not valid JSON: parse error at line 2"));
}

TEST_CASE("source_reader: spreadsheet errors name file and row") {
    TempDir dir;
    writeSource(dir, "id;Thema;Titel\nok;familie;OK\nbad;familie;\"offen\n\nx;y;z\n");
    const SourceResult r = readFolder(dir.path());
    CHECK(r.report.toString() ==
          "error: angebote.csv:3: a quoted cell in column 3 starts in this row but its closing quote is missing\n");
    // A file that cannot be read as a table adds nothing.
    CHECK(r.content.entries.empty());
}

TEST_CASE("source_reader: missing required columns and duplicate columns") {
    TempDir dir;
    writeSource(dir, "Titel;Titel:en;title;Art\nX;Y;Z;offer\n");
    const SourceResult r = readFolder(dir.path());
    CHECK(r.report.toString() ==
          "error: angebote.csv:1: field 'title': column 'title' repeats column 'Titel'; only one may be given\n"
          "error: angebote.csv:1: missing column 'id' (German: 'ID')\n"
          "error: angebote.csv:1: missing column 'theme' (German: 'Thema')\n");
    CHECK(r.content.entries.empty());
}

TEST_CASE("source_reader: header names ignore case spaces and punctuation") {
    TempDir dir;
    writeSource(dir, " iD ;THEMA;titel:EN;Titel;e_mail;Contact Name;ALTER VON;Gültig Bis\n"
                     "a;Familie;Hello;Hallo;a@b.de;Frau X;3;2026-12-31\n");
    const SourceResult r = readFolder(dir.path());
    CHECK(r.report.toString() == "");
    REQUIRE(r.content.entries.size() == 1);
    const Entry& e = r.content.entries[0];
    CHECK(e.title.get("en") == "Hello");
    CHECK(e.email == "a@b.de");
    CHECK(e.contactName.get() == "Frau X");
    CHECK(e.ageMin == 3);
    CHECK(e.validUntil == Date{2026, 12, 31});
}

TEST_CASE("source_reader: dates are judged against the given today") {
    TempDir dir;
    writeSource(dir, "id;Thema;Titel;Beginn;Ende;Gültig bis;Geprüft am\n"
                     "today-ends;familie;A;2026-05-01;2026-06-01;2026-06-01;2025-06-01\n"
                     "yesterday;familie;B;2026-05-01;31.05.2026;31.05.2026;2025-05-31\n"
                     "starts-only;familie;C;2026-06-01;;;\n");
    const SourceResult r = readFolder(dir.path());
    // Ending today, valid until today and confirmed exactly 365 days ago are all still fine.
    CHECK(r.report.toString() ==
          "warning: angebote.csv:3: field 'Ende': the event is already over: it ended '31.05.2026'\n"
          "warning: angebote.csv:3: field 'Gültig bis': valid until '31.05.2026', which has passed: the kiosk does "
          "not show this entry\n"
          "warning: angebote.csv:3: field 'Geprüft am': last confirmed '2025-05-31', over a year ago: please check "
          "the entry is still correct\n");
    CHECK(r.content.entries.size() == 3);

    // The same folder a day earlier has nothing to warn about.
    SourceOptions earlier;
    earlier.today = Date{2026, 5, 31};
    CHECK(readSource(dir.path(), earlier).report.empty());
}

TEST_CASE("source_reader: texts over 64 KiB are errors") {
    TempDir dir;
    const std::string longText(64 * 1024 + 1, 'x');
    writeSource(dir, "id;Thema;Titel;Beschreibung\nlong;familie;T;" + longText + "\nfits;familie;T;" +
                         longText.substr(1) + "\n");
    const SourceResult r = readFolder(dir.path());
    CHECK(r.report.toString() ==
          "error: angebote.csv:2: field 'Beschreibung': text is too long: 65537 bytes (at most 65536), starting "
          "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'\n");
    CHECK(entryIds(r) == std::vector<std::string>{"fits"});
}

TEST_CASE("source_reader: control characters are removed with a warning") {
    TempDir dir;
    writeSource(dir, "id;Thema;Titel;Beschreibung\n"
                     "a;familie;\"Kaffee\x01\xE2\x80\xAE\";\"Absatz\x1B eins\n\n\tzwei\"\n");
    const SourceResult r = readFolder(dir.path());
    CHECK(r.report.toString() ==
          "warning: angebote.csv:2: field 'Titel': removed invisible control characters U+0001, U+202E; the text "
          "is now 'Kaffee'\n"
          "warning: angebote.csv:2: field 'Beschreibung': removed invisible control character U+001B; the text is "
          "now 'Absatz eins\\n\\n\\tzwei'\n");
    REQUIRE(r.content.entries.size() == 1);
    CHECK(r.content.entries[0].title.get() == "Kaffee");
    // Line breaks and tabs are the description's structure and stay.
    CHECK(r.content.entries[0].description.get() == "Absatz eins\n\n\tzwei");
}

TEST_CASE("source_reader: json entries accept numbers and lists") {
    TempDir dir;
    writeFile(dir / "pack.json", kMinimalPack);
    writeFile(dir / "entries" / "a.json", R"({"id": 7, "theme": ["familie"], "title": "Sieben",
        "age_min": 3.0, "age_max": "12", "lat": 51, "lon": 7.5, "languages": "de, tr",
        "title:en": "Seven", "website": "http://example.org:8080/x?y=1"})");
    writeFile(dir / "entries" / "notes.txt", "not read");
    const SourceResult r = readFolder(dir.path());
    CHECK(r.report.toString() == "");
    REQUIRE(r.content.entries.size() == 1);
    const Entry& e = r.content.entries[0];
    CHECK(e.id == "7");
    CHECK(e.title.get("en") == "Seven");
    CHECK(e.ageMin == 3);
    CHECK(e.ageMax == 12);
    CHECK(*e.lat == doctest::Approx(51.0));
    CHECK(e.languages == std::vector<std::string>{"de", "tr"});
    CHECK(e.website == "http://example.org:8080/x?y=1");
}

TEST_CASE("source_reader: json files with invalid utf-8 or the wrong shape") {
    TempDir dir;
    writeFile(dir / "pack.json", kMinimalPack);
    writeFile(dir / "entries" / "a.json", "{\"id\": \"a\", \"theme\": \"familie\", \"title\": \"Gr\xFCmme\"}");
    writeFile(dir / "entries" / "b.json", "42");
    writeFile(dir / "entries" / "c.json", R"({"id": "c", "theme": "Familie", "title": "C", "kind": {"de": "Kita"}})");
    const SourceResult r = readFolder(dir.path());
    REQUIRE(r.report.findings().size() == 3);
    CHECK(r.report.findings()[0].file == "entries/a.json");
    CHECK(r.report.findings()[0].message.starts_with("not valid JSON: "));
    CHECK(r.report.findings()[0].message.find("UTF-8") != std::string::npos);
    CHECK(r.report.findings()[1].toString() ==
          "entries/b.json: expected an entry object { ... } or a list of them [ {...}, ... ], not number");
    CHECK(r.report.findings()[2].toString() == "entries/c.json:1: field 'kind': expected text, not an object");
    CHECK(r.content.entries.empty());
}

TEST_CASE("source_reader: spreadsheet quirks of office software") {
    TempDir dir;
    writeFile(dir / "pack.json", kMinimalPack);
    // Office's lock file, a hidden file and a file of another type are no content.
    writeFile(dir / "~$angebote.csv", "garbage");
    writeFile(dir / ".versteckt.csv", "garbage");
    writeFile(dir / "notizen.txt", "garbage");
    // Upper-case extension, a column without a name but with data, Excel's empty trailing columns.
    writeFile(dir / "B.CSV", "id;Thema;Titel;;\r\nb;familie;B;x;\r\n;;;;\r\n");
    writeFile(dir / "a.csv", "id,Thema,Titel\na,familie,A\n");
    const SourceResult r = readFolder(dir.path());
    CHECK(r.report.toString() == "warning: B.CSV:1: column 4 has no name in the header; its cells are ignored\n");
    CHECK(entryIds(r) == std::vector<std::string>{"a", "b"});
}
