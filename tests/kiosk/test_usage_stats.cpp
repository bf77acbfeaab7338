// Anonymous usage statistics (core/usage_stats): counting per day and kind,
// search-term normalisation, the exact CSV bytes, broken files, retention.
#include "core/usage_stats.h"

#include "pack_fixture.h"
#include "temp_dir.h"

#include "kiosk/content/pack_writer.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

using namespace kiosk::core;
using kiosk::content::Date;
using kiosk::test::readFile;
using kiosk::test::TempDir;
using kiosk::test::writeFile;

namespace {

const Date kToday{2026, 11, 21};
const std::string kHeader = "\xEF\xBB\xBF"
                            "Tag;Art;Schlüssel;Bezeichnung;Anzahl\r\n";

// The CSV without BOM and header, for compact expectations.
std::string rows(const UsageStats& stats) {
    const std::string all = stats.csv();
    REQUIRE(all.substr(0, kHeader.size()) == kHeader);
    return all.substr(kHeader.size());
}

} // namespace

TEST_CASE("usage stats: events are counted per day and kind and repeats add up") {
    TempDir dir;
    UsageStats stats(dir / "stats.sqlite", kToday);
    CHECK(stats.lastError().empty());
    CHECK(stats.total() == 0);
    const Date yesterday{2026, 11, 20};
    stats.count(UsageStats::Kind::Theme, "familie", "Familie", kToday);
    stats.count(UsageStats::Kind::Theme, "familie", "Familie & Kinder", kToday); // newest title wins
    stats.count(UsageStats::Kind::Theme, "familie", "", kToday);                 // empty title keeps it
    stats.count(UsageStats::Kind::Theme, "familie", "Familie", yesterday);
    stats.count(UsageStats::Kind::Entry, "familie", "Familienzentrum Mitte", kToday); // same id, other kind
    stats.count(UsageStats::Kind::Entry, "kita-sonne", "Kita Sonnenschein", kToday);
    stats.count(UsageStats::Kind::Entry, "kita-sonne", "Kita Sonnenschein", kToday);
    stats.count(UsageStats::Kind::Search, "Kita", "ignored label", kToday);
    stats.count(UsageStats::Kind::Search, "  KITA ", "", kToday);
    stats.count(UsageStats::Kind::Theme, "", "no id", kToday); // ignored
    CHECK(stats.total() == 9);
    CHECK(stats.lastError().empty());
    CHECK(rows(stats) == "2026-11-20;Thema;familie;Familie;1\r\n"
                         "2026-11-21;Thema;familie;Familie & Kinder;3\r\n"
                         "2026-11-21;Eintrag;kita-sonne;Kita Sonnenschein;2\r\n"
                         "2026-11-21;Eintrag;familie;Familienzentrum Mitte;1\r\n"
                         "2026-11-21;Suche;kita;;2\r\n");
}

TEST_CASE("usage stats: search terms are trimmed and folded to lower case") {
    CHECK(normalizeSearchTerm("Kita") == "kita");
    CHECK(normalizeSearchTerm("  \t KiTa \n") == "kita");
    CHECK(normalizeSearchTerm("Kita    Mitte") == "kita mitte");
    CHECK(normalizeSearchTerm("SPIELPLÄTZE") == "spielplätze");
    CHECK(normalizeSearchTerm("ÖFFNUNGSZEITEN ÜBERALL") == "öffnungszeiten überall");
    CHECK(normalizeSearchTerm("Straẞe") == "straße");
    CHECK(normalizeSearchTerm("Straße") == "straße");
    CHECK(normalizeSearchTerm("İSTANBUL") == "istanbul");
    CHECK(normalizeSearchTerm("ÇOCUK ĞŞ") == "çocuk ğş");
    CHECK(normalizeSearchTerm("ŁÓDŹ ŻĆŃĘĄŚ") == "łódź żćńęąś");
    CHECK(normalizeSearchTerm("КИЇВ Ґанок Євген") == "київ ґанок євген");
    CHECK(normalizeSearchTerm("\xC2\xA0"
                              "kita\xC2\xA0"
                              "\xC2\xA0"
                              "nord\xE2\x80\x8B") == "kita nord"); // NBSP, ZWSP
    CHECK(normalizeSearchTerm("ki\xFFta") == "kita");              // invalid byte dropped
}

TEST_CASE("usage stats: empty and one character terms are not counted") {
    CHECK_FALSE(normalizeSearchTerm(""));
    CHECK_FALSE(normalizeSearchTerm("   "));
    CHECK_FALSE(normalizeSearchTerm("a"));
    CHECK_FALSE(normalizeSearchTerm(" Ä "));
    CHECK_FALSE(normalizeSearchTerm("ü"));
    CHECK(normalizeSearchTerm("ab") == "ab");
    CHECK(normalizeSearchTerm("a b") == "a b");
    TempDir dir;
    UsageStats stats(dir / "stats.sqlite", kToday);
    for (const char* t : {"", "  ", "x", "Ä", "\n"}) stats.count(UsageStats::Kind::Search, t, "", kToday);
    CHECK(stats.total() == 0);
    CHECK(rows(stats).empty());
}

TEST_CASE("usage stats: long terms are cut to 40 bytes at a character boundary") {
    // 60 characters, 90 bytes: 30 x "Ä" (2 bytes) and 30 x "b".
    std::string term;
    for (int i = 0; i < 30; ++i) term += "Äb";
    REQUIRE(term.size() == 90);
    std::string want;
    for (int i = 0; i < 13; ++i) want += "äb"; // 39 bytes; the next "ä" would make 41
    CHECK(normalizeSearchTerm(term) == want);
    CHECK(normalizeSearchTerm(std::string(60, 'X')) == std::string(40, 'x'));
    // A cut right after a space leaves no trailing space.
    CHECK(normalizeSearchTerm(std::string(39, 'k') + " mitte") == std::string(39, 'k'));

    TempDir dir;
    UsageStats stats(dir / "stats.sqlite", kToday);
    stats.count(UsageStats::Kind::Search, term, "", kToday);
    CHECK(rows(stats) == "2026-11-21;Suche;" + want + ";;1\r\n");
}

TEST_CASE("usage stats: the CSV has BOM and CRLF and quotes cells and guards formulas") {
    TempDir dir;
    UsageStats stats(dir / "stats.sqlite", kToday);
    stats.count(UsageStats::Kind::Theme, "beratung", "Beratung; Hilfe", kToday);
    stats.count(UsageStats::Kind::Entry, "cafe", "Café \"Treff\"", kToday);
    stats.count(UsageStats::Kind::Entry, "-minus", "+49 30 123", kToday);
    stats.count(UsageStats::Kind::Search, "=HYPERLINK(\"http://x.example\";\"klick\")", "", kToday);
    stats.count(UsageStats::Kind::Search, "@sum(a1)", "", kToday);
    stats.count(UsageStats::Kind::Search, "-2+3", "", kToday);
    const std::string expected = kHeader +
                                 "2026-11-21;Thema;beratung;\"Beratung; Hilfe\";1\r\n"
                                 "2026-11-21;Eintrag;'-minus;'+49 30 123;1\r\n"
                                 "2026-11-21;Eintrag;cafe;\"Café \"\"Treff\"\"\";1\r\n"
                                 "2026-11-21;Suche;'-2+3;;1\r\n"
                                 "2026-11-21;Suche;\"'=hyperlink(\"\"http://x.example\"\";\"\"klick\"\")\";;1\r\n"
                                 "2026-11-21;Suche;'@sum(a1);;1\r\n";
    CHECK(stats.csv() == expected);
    const auto target = dir / "statistik.csv";
    CHECK(stats.exportCsv(target) == "");
    CHECK(readFile(target) == expected);
}

TEST_CASE("usage stats: a file that is not SQLite is moved aside and a new one started") {
    TempDir dir;
    const auto file = dir / "stats.sqlite";
    writeFile(file, "this is not a database, just text that happens to be here\n");
    writeFile(dir / "stats.sqlite.broken", "an older broken file");
    {
        UsageStats stats(file, kToday);
        CHECK(stats.lastError() == file.string() + ": cannot read: file is not a database; moved aside to " +
                                       file.string() + ".broken and started afresh");
        stats.count(UsageStats::Kind::Theme, "familie", "Familie", kToday);
        CHECK(stats.total() == 1);
    }
    CHECK(readFile(dir / "stats.sqlite.broken") == "this is not a database, just text that happens to be here\n");
    UsageStats again(file, kToday);
    CHECK(again.lastError().empty());
    CHECK(again.total() == 1);
}

TEST_CASE("usage stats: a SQLite file with another schema is moved aside") {
    TempDir dir;
    const auto file = dir / "stats.sqlite";
    // A kiosk pack copied to the wrong name: valid SQLite, not our table.
    REQUIRE(kiosk::content::writePack(kiosk::test::makeFixtureContent(), file).ok());
    const std::string packBytes = readFile(file);
    UsageStats stats(file, kToday);
    CHECK(stats.lastError() == file.string() + ": not a statistics file (another SQLite database); moved aside to " +
                                   file.string() + ".broken and started afresh");
    CHECK(readFile(dir / "stats.sqlite.broken") == packBytes);
    stats.count(UsageStats::Kind::Search, "kita", "", kToday);
    CHECK(stats.total() == 1);
    CHECK(rows(stats) == "2026-11-21;Suche;kita;;1\r\n");
}

TEST_CASE("usage stats: a damaged stats file is moved aside") {
    TempDir dir;
    const auto file = dir / "stats.sqlite";
    {
        UsageStats stats(file, kToday);
        for (int i = 0; i < 300; ++i)
            stats.count(UsageStats::Kind::Entry, "entry-" + std::to_string(i), "Eintrag Nummer " + std::to_string(i),
                        kToday);
    }
    REQUIRE_FALSE(std::filesystem::exists(dir / "stats.sqlite-wal")); // checkpointed on close
    std::string bytes = readFile(file);
    REQUIRE(bytes.size() >= 3 * 4096);
    for (std::size_t i = 4096; i < 3 * 4096; ++i) bytes[i] = static_cast<char>(0xA5); // pages 2 and 3
    writeFile(file, bytes);
    UsageStats stats(file, kToday);
    CHECK(stats.lastError().rfind(file.string() + ": damaged: ", 0) == 0);
    CHECK(stats.lastError().find("moved aside to " + file.string() + ".broken and started afresh") !=
          std::string::npos);
    CHECK(readFile(dir / "stats.sqlite.broken") == bytes);
    CHECK(stats.total() == 0);
    stats.count(UsageStats::Kind::Theme, "familie", "Familie", kToday);
    CHECK(rows(stats) == "2026-11-21;Thema;familie;Familie;1\r\n");
}

TEST_CASE("usage stats: days beyond the retention are deleted on open and on a new day") {
    TempDir dir;
    const auto file = dir / "stats.sqlite";
    const Date first{2025, 1, 1};
    {
        UsageStats stats(file, first);
        stats.count(UsageStats::Kind::Theme, "a", "A", first);
        stats.count(UsageStats::Kind::Theme, "b", "B", first.plusDays(1));
        stats.count(UsageStats::Kind::Theme, "c", "C", first.plusDays(2));
        CHECK(stats.total() == 3);
    }
    {
        // 400 days kept: today and the 399 before it; first (day 0) is 400 days before day 400.
        UsageStats stats(file, first.plusDays(400));
        CHECK(stats.lastError().empty());
        CHECK(stats.total() == 2);
        CHECK(rows(stats) == "2025-01-02;Thema;b;B;1\r\n2025-01-03;Thema;c;C;1\r\n");
        // The kiosk runs on: the first event of a later day applies the retention too.
        stats.count(UsageStats::Kind::Theme, "d", "D", first.plusDays(402));
        CHECK(stats.total() == 1);
        CHECK(rows(stats) == "2026-02-07;Thema;d;D;1\r\n");
    }
}

TEST_CASE("usage stats: a clock set back never grows the file beyond the retention") {
    TempDir dir;
    const auto file = dir / "stats.sqlite";
    const Date today{2026, 11, 21};
    {
        UsageStats stats(file, today);
        for (int i = 0; i < UsageStats::kRetentionDays; ++i)
            stats.count(UsageStats::Kind::Search, "kita", "", today.plusDays(-i));
        CHECK(stats.total() == UsageStats::kRetentionDays);
    }
    {
        // A Raspberry Pi without a clock battery starts in the past.
        const Date wrong{2000, 1, 1};
        UsageStats stats(file, wrong);
        CHECK(stats.total() == UsageStats::kRetentionDays);
        stats.count(UsageStats::Kind::Search, "kita", "", wrong);
        CHECK(stats.total() == UsageStats::kRetentionDays); // the oldest of 401 days went: the wrong one
        CHECK(stats.csv().find("2000-01-01") == std::string::npos);
    }
    UsageStats stats(file, today);
    CHECK(stats.total() == UsageStats::kRetentionDays);
    const std::string csv = rows(stats);
    CHECK(csv.rfind(today.plusDays(-(UsageStats::kRetentionDays - 1)).iso() + ";Suche;kita;;1\r\n", 0) == 0);
    CHECK(csv.size() == UsageStats::kRetentionDays * std::string("2026-11-21;Suche;kita;;1\r\n").size());
}

TEST_CASE("usage stats: export to an unwritable place returns an error naming the path") {
    TempDir dir;
    UsageStats stats(dir / "stats.sqlite", kToday);
    stats.count(UsageStats::Kind::Theme, "familie", "Familie", kToday);
    const auto missing = dir / "no-such-stick" / "statistik.csv";
    const std::string error = stats.exportCsv(missing);
    CHECK(error.rfind("cannot export the statistics to " + missing.string() + ": " + missing.string() + ".tmp-", 0) ==
          0);
    CHECK(error.find("No such file or directory") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "no-such-stick"));
    // A regular file where the stick's folder should be (ENOTDIR even for root).
    writeFile(dir / "blocker", "x");
    const auto underFile = dir / "blocker" / "statistik.csv";
    const std::string error2 = stats.exportCsv(underFile);
    CHECK(error2.find(underFile.string()) != std::string::npos);
    CHECK(error2.find("Not a directory") != std::string::npos);
}

TEST_CASE("usage stats: a place that cannot hold the file drops events and says why") {
    TempDir dir;
    writeFile(dir / "blocker", "x");
    const auto file = dir / "blocker" / "stats.sqlite";
    UsageStats stats(file, kToday);
    CHECK(stats.lastError() == file.string() + ": cannot open: unable to open database file");
    stats.count(UsageStats::Kind::Theme, "familie", "Familie", kToday);
    CHECK(stats.total() == 0);
    CHECK(stats.csv().empty());
    const auto target = dir / "out.csv";
    CHECK(stats.exportCsv(target) == "cannot export the statistics to " + target.string() +
                                         ": the statistics file is not available (" + stats.lastError() + ")");
    CHECK_FALSE(std::filesystem::exists(target));
    CHECK(readFile(dir / "blocker") == "x");
}

TEST_CASE("usage stats: reopening keeps the counts") {
    TempDir dir;
    const auto file = dir / "data" / "stats.sqlite"; // the folder is created
    {
        UsageStats stats(file, kToday);
        stats.count(UsageStats::Kind::Theme, "familie", "Familie", kToday);
        stats.count(UsageStats::Kind::Search, "Kita", "", kToday);
    }
    UsageStats stats(file, kToday);
    CHECK(stats.lastError().empty());
    CHECK(stats.total() == 2);
    stats.count(UsageStats::Kind::Theme, "familie", "Familie", kToday);
    CHECK(stats.total() == 3);
    CHECK(rows(stats) == "2026-11-21;Thema;familie;Familie;2\r\n2026-11-21;Suche;kita;;1\r\n");
}

TEST_CASE("usage stats: the export file name holds the site id and the day") {
    CHECK(statsExportFileName(kToday, "fz-mitte") == "statistik-fz-mitte-2026-11-21.csv");
    CHECK(statsExportFileName(Date{2027, 1, 5}, "FZ Süd/2") == "statistik-FZ-S--d-2-2027-01-05.csv");
    CHECK(statsExportFileName(kToday, "") == "statistik-kiosk-2026-11-21.csv");
    CHECK(statsExportFileName(kToday, "..") == "statistik-kiosk-2026-11-21.csv");
}
