// The malicious-inputs corpus (tests/data/evil/, docs/evil-inputs.md): files a
// stranger could hand the kiosk or staff could be tricked into building from.
// Each input is checked for its exact refusal, and for ending quickly: nothing
// here may crash, hang or allocate what the input merely declares.
// Big inputs (a million columns, 2 GiB files) are made at run time, never
// checked in; the 2 GiB files are sparse, so they cost no disk.
// Related cases that already live elsewhere: test_images.cpp (bombs made from
// a real PNG), test_verify.cpp ("hostile schemas"), test_source_reader.cpp
// (control characters, JSON with invalid UTF-8), tests/platform/test_evil_stick.cpp
// (symlinks on a stick), tests/install/test_refresh_manifest.cpp ("../" in a manifest).
#include "pack_fixture.h"
#include "temp_dir.h"

#include "kiosk/content/csv.h"
#include "kiosk/content/images.h"
#include "kiosk/content/minisign.h"
#include "kiosk/content/pack_writer.h"
#include "kiosk/content/source_reader.h"
#include "kiosk/content/store.h"
#include "kiosk/content/verify.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

using namespace kiosk::content;
using kiosk::test::readFile;
using kiosk::test::TempDir;
using kiosk::test::testData;
using kiosk::test::writeFile;
namespace fs = std::filesystem;

namespace {

const fs::path kEvil = testData() / "evil";
const ImageSettings kSettings{64, 48, 85};
const Date kToday{2026, 6, 1};

SourceResult readEvilSource(const fs::path& folder) {
    SourceOptions options;
    options.today = kToday;
    return readSource(folder, options);
}

std::vector<std::string> entryIds(const SourceResult& r) {
    std::vector<std::string> ids;
    for (const auto& e : r.content.entries) ids.push_back(e.id);
    return ids;
}

const Entry& entry(const SourceResult& r, std::string_view id) {
    auto it = std::find_if(r.content.entries.begin(), r.content.entries.end(),
                           [&](const Entry& e) { return e.id == id; });
    REQUIRE(it != r.content.entries.end());
    return *it;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A file of `size` bytes that takes no disk: the size is only declared.
void writeSparse(const fs::path& file, std::uintmax_t size) {
    fs::create_directories(file.parent_path());
    writeFile(file, "");
    fs::resize_file(file, size);
}

constexpr std::uintmax_t k2GiB = std::uintmax_t{2} << 30;

// A real, signed pack made hostile with SQL and signed again, as an attacker
// holding a staff key could (the signature then holds; only the schema is wrong).
struct HostilePack {
    TempDir dir;
    minisign::KeyPair keys = *minisign::generateKeyPair();
    fs::path pack = dir / "evil.kpack";
    PackContent content = kiosk::test::makeFixtureContent();

    explicit HostilePack(const char* sql) {
        REQUIRE(writePack(content, pack).ok());
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(pack.c_str(), &db) == SQLITE_OK);
        char* err = nullptr;
        const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
        const std::string msg = err ? err : "";
        sqlite3_free(err);
        sqlite3_close(db);
        REQUIRE_MESSAGE(rc == SQLITE_OK, msg);
        auto sig = minisign::signFile(pack, keys.secretKey, formatTrustedComment(content.info, ""));
        REQUIRE(sig.ok());
        writeFile(signaturePathFor(pack), sig->fileText());
    }
    VerifyResult verify() const {
        VerifyOptions o;
        o.trustedKeys = {keys.publicKey};
        return verifyPack(pack, o);
    }
};

} // namespace

// ---- images ------------------------------------------------------------------

TEST_CASE("evil: a 50000 x 50000 PNG and JPEG are refused from the header alone") {
    // 69 and 23 bytes: the header declares 2.5 gigapixels (10 GB of RGBA); decoding was never tried.
    for (const char* name : {"bomb-50000x50000.png", "bomb-50000x50000.jpg"}) {
        CAPTURE(name);
        const std::string bytes = readFile(kEvil / name);
        CHECK(bytes.size() < 100);
        const std::string shown = std::string("images/") + name;
        const auto start = std::chrono::steady_clock::now();
        auto img = processImage(bytes, name, kSettings, shown);
        REQUIRE_FALSE(img.ok());
        CHECK(img.error().file == shown);
        CHECK(img.error().message ==
              "image is 50000 x 50000 pixels; at most 40 megapixels and 16384 pixels per side are accepted");
        // The kiosk's own decoder applies the same header check.
        auto px = decodeImage(bytes, shown);
        REQUIRE_FALSE(px.ok());
        CHECK(px.error().message == img.error().message);
        CHECK(secondsSince(start) < 0.5);
    }
}

TEST_CASE("evil: a PNG whose header lies about its size or whose data is cut off is refused") {
    // IHDR says 1000 x 1000 (fits the limits), the compressed data holds 10 x 10.
    const std::string liar = readFile(kEvil / "liar-ihdr-1000x1000.png");
    auto img = processImage(liar, "liar.png", kSettings, "images/liar.png");
    REQUIRE_FALSE(img.ok());
    CHECK(img.error().file == "images/liar.png");
    CHECK(img.error().message == "cannot decode image: not enough pixels");
    CHECK(decodeImage(liar, "liar.png").error().message == "cannot decode image: not enough pixels");

    // A 32 x 32 PNG cut in the middle of its IDAT chunk, no IEND. It fits the
    // settings, so the pipeline would keep its bytes unchanged: it must still decode first.
    const std::string cut = readFile(kEvil / "truncated-idat.png");
    auto t = processImage(cut, "cut.png", kSettings, "images/cut.png");
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().message == "cannot decode image: outofdata");
    CHECK(decodeImage(cut, "cut.png").error().message == "cannot decode image: outofdata");
}

TEST_CASE("evil: a 2 GiB image file is refused by its size without being read") {
    TempDir dir;
    writeSparse(dir / "huge.jpg", k2GiB);
    const auto start = std::chrono::steady_clock::now();
    auto img = processImageFile(dir / "huge.jpg", "huge.jpg", kSettings, "images/huge.jpg");
    REQUIRE_FALSE(img.ok());
    CHECK(img.error().message == "image file is 2048 MiB; at most 50 MiB are accepted");
    CHECK(secondsSince(start) < 0.5);
}

// ---- packs -------------------------------------------------------------------

TEST_CASE("evil: signed packs with triggers views and look-alike tables are refused by the schema check") {
    // test_verify.cpp covers a trigger on meta, a view, an extra table and
    // entry_images with wrong types. These are the sneakier forms: objects that
    // would fire on read or hide under a real table's name.
    struct Case {
        const char* name;
        const char* sql;
        const char* expected;
    };
    const Case cases[] = {
        {"trigger on entries", "CREATE TRIGGER t BEFORE DELETE ON entries BEGIN SELECT 1; END;",
         "unexpected trigger 't' in pack (packs hold no triggers, views or extra tables)"},
        {"trigger named like a search index sync", "CREATE TRIGGER search_ai AFTER UPDATE ON meta BEGIN SELECT 1; END;",
         "unexpected trigger 'search_ai' in pack (packs hold no triggers, views or extra tables)"},
        {"search index with other options",
         "DROP TABLE search; CREATE VIRTUAL TABLE search USING fts5(entry_id UNINDEXED, title, body);",
         "table 'search' does not have the expected columns and types"},
        {"view under a real table name",
         "DROP TABLE entry_images; CREATE VIEW entry_images AS SELECT id AS entry_id, 0 AS seq, '' AS image_id FROM "
         "entries;",
         "table 'entry_images' does not have the expected columns and types"},
        {"meta with untyped values and no STRICT",
         "ALTER TABLE meta RENAME TO meta_old; CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value BLOB); "
         "INSERT INTO meta SELECT * FROM meta_old; DROP TABLE meta_old;",
         "table 'meta' does not have the expected columns and types"},
        {"right columns in another order",
         "DROP TABLE entry_images; CREATE TABLE entry_images(image_id TEXT, seq INTEGER, entry_id TEXT);",
         "table 'entry_images' does not have the expected columns and types"},
        {"index on an expression", "CREATE INDEX evil_idx ON entries(length(id));",
         "unexpected index 'evil_idx' in pack (packs hold no triggers, views or extra tables)"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        HostilePack p(c.sql);
        const VerifyResult r = p.verify();
        REQUIRE(r.report.findings().size() == 1);
        CHECK(r.report.findings()[0].field == "schema");
        CHECK(r.report.findings()[0].message == c.expected);
        // Opening without verification (the store's own defence) refuses too.
        CHECK_FALSE(ContentStore::open(p.pack).ok());
    }
}

TEST_CASE("evil: a pack file declaring more than 4 GiB is refused before it is hashed") {
    // A sparse file: the size is declared by the file system, nothing is read.
    TempDir dir;
    writeSparse(dir / "huge.kpack", (std::uintmax_t{4} << 30) + 1);
    writeFile(dir / "huge.kpack.minisig", "untrusted comment: x\nnot a signature\n");
    VerifyOptions o;
    o.trustedKeys = {minisign::generateKeyPair()->publicKey};
    const auto start = std::chrono::steady_clock::now();
    const VerifyResult r = verifyPack(dir / "huge.kpack", o);
    REQUIRE(r.report.findings().size() == 1);
    CHECK(r.report.findings()[0].field == "integrity");
    CHECK(r.report.findings()[0].message == "file is larger than 4 GiB");
    CHECK(secondsSince(start) < 1.0);
}

// ---- 2 GB text fields ----------------------------------------------------------
// Our text readers never trust a declared size: spreadsheets and JSON are read
// whole after a size check against the file system (64 MiB), CSV cells are
// capped at 1 MiB while they are read, and texts at 64 KiB when interpreted.
// In a pack, a record header claiming a 2 GB blob can only arrive inside a
// correctly signed file; SQLite's length limit is set to 64 MiB on every pack
// connection (sqlite_util.cpp), so such a value fails as "too big" instead of
// being allocated. The meaningful "declared 2 GB" inputs for us are therefore
// a 2 GiB file (sparse: declared by the file system) and a quoted cell that
// never closes and runs to the end of a large file.

TEST_CASE("evil: 2 GiB spreadsheets and JSON files are refused by their size without being read") {
    TempDir dir;
    writeFile(dir / "pack.json", R"({"format": 1, "channel": "t", "title": "T", "site": {"name": "S"},
                                    "themes": [{"id": "familie", "title": "Familie"}]})");
    writeSparse(dir / "angebote.csv", k2GiB);
    writeSparse(dir / "entries" / "gross.json", k2GiB);
    const auto start = std::chrono::steady_clock::now();
    const SourceResult r = readEvilSource(dir.path());
    CHECK(r.report.toString() ==
          "error: angebote.csv: the file is too large: 2147483648 bytes (at most 64 MiB)\n"
          "error: entries/gross.json: the file is too large: 2147483648 bytes (at most 64 MiB)\n");
    CHECK(secondsSince(start) < 1.0);
}

TEST_CASE("evil: a quoted cell that never closes and a cell over 1 MiB are refused naming the row") {
    // 16 MiB of text after an opening quote: one linear search for the closing quote, no copy per byte.
    std::string open = "id;Thema;Titel\nok;familie;OK\nx;familie;\"";
    open.append(std::size_t{16} << 20, 'a');
    auto start = std::chrono::steady_clock::now();
    auto t = parseCsv(open);
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().row == 3);
    CHECK(t.error().message == "a quoted cell in column 3 starts in this row but its closing quote is missing");
    CHECK(secondsSince(start) < 3.0);

    // The same, closed, is a single 16 MiB cell: refused by the cell limit.
    open += "\"\n";
    start = std::chrono::steady_clock::now();
    t = parseCsv(open);
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().row == 3);
    CHECK(t.error().message == "cell in column 3 is too large: more than 1024 KiB");
    CHECK(secondsSince(start) < 3.0);

    // An unquoted cell one byte over 1 MiB.
    std::string big = "id;Thema;Titel\nx;familie;" + std::string((std::size_t{1} << 20) + 1, 'b') + "\n";
    t = parseCsv(big);
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().row == 2);
    CHECK(t.error().message == "cell in column 3 is too large: more than 1024 KiB");
}

// ---- a million columns -----------------------------------------------------------

TEST_CASE("evil: a CSV with a million columns is refused fast") {
    struct Case {
        const char* name;
        std::string csv;
        int row;
    };
    std::string wide;
    wide.reserve(std::size_t{3} << 20);
    for (int i = 0; i < 1'000'000; ++i) wide += i == 0 ? "c" : ";c";
    std::string quotedWide;
    quotedWide.reserve(std::size_t{5} << 20);
    for (int i = 0; i < 1'000'000; ++i) quotedWide += i == 0 ? "\"\"" : ";\"\"";
    const Case cases[] = {
        {"header", wide + "\n", 1},
        {"record", "id;Thema;Titel\n" + wide + "\n", 2},
        {"quoted empty cells", "id;Thema;Titel\n" + quotedWide + "\n", 2},
        {"only separators", "id;Thema;Titel\n" + std::string(1'000'000, ';') + "\n", 2},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        const auto start = std::chrono::steady_clock::now();
        auto t = parseCsv(c.csv);
        const double seconds = secondsSince(start);
        REQUIRE_FALSE(t.ok());
        CHECK(t.error().row == c.row);
        CHECK(t.error().message == "too many columns: more than 1000 cells in this row");
        CHECK(seconds < 2.0);
    }

    // Through the source reader: the finding names the file and the row.
    TempDir dir;
    writeFile(dir / "pack.json", R"({"format": 1, "channel": "t", "title": "T", "site": {"name": "S"},
                                    "themes": [{"id": "familie", "title": "Familie"}]})");
    writeFile(dir / "breit.csv", "id;Thema;Titel\n" + wide + "\n");
    const auto start = std::chrono::steady_clock::now();
    const SourceResult r = readEvilSource(dir.path());
    CHECK(r.report.toString() == "error: breit.csv:2: too many columns: more than 1000 cells in this row\n");
    CHECK(secondsSince(start) < 2.0);
}

// ---- texts: invalid UTF-8, control and bidi characters ---------------------------------

TEST_CASE("evil: invalid UTF-8 in every text field gives findings naming file row and field") {
    const fs::path folder = kEvil / "source-bad-utf8";
    const SourceResult r = readEvilSource(folder);
    CHECK(r.report.toString() == readFile(folder / "expected-findings.txt"));
    // Parse errors quote what they read: the bytes are replaced, every finding is valid UTF-8.
    for (const Finding& f : r.report.findings()) CHECK(isValidUtf8(f.toString()));
    // The spreadsheet without byte-order mark is read (as Excel's Windows-1252); the rest is refused whole.
    CHECK(entryIds(r) == std::vector<std::string>{"ansi"});
    CHECK(entry(r, "ansi").title.get() == "0");
    CHECK(entry(r, "ansi").description.get() == "2");
    CHECK(entry(r, "ansi").openingHours == "Mo-Fr 08:00-12:00");
}

TEST_CASE("evil: control and right-to-left override characters in titles are removed with a warning") {
    const fs::path folder = kEvil / "source-bidi";
    const SourceResult r = readEvilSource(folder);
    CHECK(r.report.toString() == readFile(folder / "expected-findings.txt"));
    // What the kiosk will show: a tab or line break in a one-line text became a space; no override, embedding, isolate, control or separator character is left.
    CHECK(entry(r, "rlo").title.get() == "gpj.exe");
    CHECK(entry(r, "embed").title.get() == "abcd");
    CHECK(entry(r, "isolate").title.get() == "abcd");
    CHECK(entry(r, "c0").title.get() == "Bell Esc[2J Tab CR End");
    CHECK(entry(r, "c1").title.get() == "NextLine31m");
    CHECK(entry(r, "sep").title.get() == "ZeileAbsatzEnde");
    // Right-to-left marks (not overrides) are how Hebrew and Arabic are written: they stay.
    CHECK(entry(r, "marks").title.get() == "\u200F\u05e9\u05dc\u05d5\u05dd\u200E ok");
    CHECK(entry(r, "json-rlo").title.get() == "abc");
    CHECK(entry(r, "json-rlo").title.get("en") == "xy");
    CHECK(entry(r, "json-nul").title.get() == "ab");
    for (const Entry& e : r.content.entries) {
        for (const auto& [lang, text] : e.title.values()) {
            CAPTURE(e.id);
            for (char32_t bad : {U'\u202E', U'\u202D', U'\u2066', U'\u2067', U'\u2068', U'\u2069'}) {
                std::string utf8;
                if (bad < 0x10000) {
                    utf8 += static_cast<char>(0xE0 | (bad >> 12));
                    utf8 += static_cast<char>(0x80 | ((bad >> 6) & 0x3F));
                    utf8 += static_cast<char>(0x80 | (bad & 0x3F));
                }
                CHECK(text.find(utf8) == std::string::npos);
            }
            CHECK(std::none_of(text.begin(), text.end(), [](char c) {
                return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
            }));
        }
    }
}

// ---- ../ in image names --------------------------------------------------------------

TEST_CASE("evil: image references that leave images are refused and the target never opened") {
    // The corpus folder is copied beside real images named like the targets,
    // so a reader that followed "../" would find a usable file there.
    TempDir dir;
    fs::copy(kEvil / "source-dotdot", dir / "src", fs::copy_options::recursive);
    const std::string png = readFile(testData() / "sources" / "good-full" / "images" / "foto.png");
    writeFile(dir / "geheim.jpg", png);
    writeFile(dir / "src" / "x.png", png);
    writeFile(dir / "src" / "images" / "ok.png", png);
    const SourceResult r = readEvilSource(dir / "src");
    CHECK(r.report.toString() == readFile(kEvil / "source-dotdot" / "expected-findings.txt"));
    CHECK(r.imageIds.empty());
    CHECK(r.content.entries.empty());
}
