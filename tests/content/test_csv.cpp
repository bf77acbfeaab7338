#include "kiosk/content/csv.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace kiosk::content;

namespace {

using Cells = std::vector<std::string>;

CsvTable parsed(std::string_view bytes) {
    auto table = parseCsv(bytes);
    REQUIRE_MESSAGE(table.ok(), (table.ok() ? std::string() : table.error().toString()));
    return std::move(table).value();
}

Error failed(std::string_view bytes, const CsvLimits& limits = {}) {
    auto table = parseCsv(bytes, limits);
    REQUIRE_FALSE(table.ok());
    return table.error();
}

// UTF-16 code units for a string of Latin-1 code points (enough for these tests).
std::string utf16(std::u16string_view text, bool bigEndian) {
    std::string out = bigEndian ? "\xFE\xFF" : "\xFF\xFE";
    for (char16_t u : text) {
        const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
        out += bigEndian ? hi : lo;
        out += bigEndian ? lo : hi;
    }
    return out;
}

} // namespace

TEST_CASE("csv: utf-8 with and without byte-order mark") {
    const std::string body = "id;Titel\r\nkita-1;Kita Grümme\r\n";
    const CsvTable plain = parsed(body);
    CHECK(plain.encoding == "UTF-8");
    CHECK(plain.header == Cells{"id", "Titel"});
    REQUIRE(plain.records.size() == 1);
    CHECK(plain.records[0].cells == Cells{"kita-1", "Kita Grümme"});

    const CsvTable bom = parsed("\xEF\xBB\xBF" + body);
    CHECK(bom.encoding == "UTF-8 with BOM");
    // The mark must not stick to the first column name, or "id" is not found.
    CHECK(bom.header == Cells{"id", "Titel"});
    CHECK(bom.records[0].cells == plain.records[0].cells);
}

TEST_CASE("csv: windows-1252 bytes are converted to utf-8") {
    // As German Excel saves "CSV (Trennzeichen-getrennt)".
    const CsvTable t = parsed("id;Titel;Kosten\r\n"
                              "a;\x84Sp\xe4\xdf am Spielplatz\x93 \x96 mit \x85;5 \x80\r\n"
                              "b;\x8a\x9a\x8e\x9e\x9f \x99 \x91x\x92;\xa0\xff\r\n");
    CHECK(t.encoding == "Windows-1252");
    REQUIRE(t.records.size() == 2);
    CHECK(t.records[0].cells[1] == "„Späß am Spielplatz“ – mit …");
    CHECK(t.records[0].cells[2] == "5 €");
    CHECK(t.records[1].cells[1] == "ŠšŽžŸ ™ ‘x’");
    CHECK(t.records[1].cells[2] == "\xC2\xA0\xC3\xBF");
    // Bytes Windows leaves undefined become the C1 control of the same value.
    CHECK(parsed("a\r\n\x81\x8d\r\n").records[0].cells[0] == "\xC2\x81\xC2\x8D");
}

TEST_CASE("csv: utf-16 with byte-order mark") {
    const std::u16string text = u"id\tTitel\r\nx\tB\u00fcro \u20ac \U0001F600\r\n";
    for (bool big : {false, true}) {
        CAPTURE(big);
        const CsvTable t = parsed(utf16(text, big));
        CHECK(t.encoding == (big ? "UTF-16BE" : "UTF-16LE"));
        CHECK(t.separator == '\t');
        CHECK(t.header == Cells{"id", "Titel"});
        REQUIRE(t.records.size() == 1);
        CHECK(t.records[0].cells[1] == "Büro € 😀");
    }
}

TEST_CASE("csv: broken encodings are errors") {
    CHECK(failed(std::string("\xFF\xFE" "a\0b", 5)).message.find("odd number of bytes") != std::string::npos);
    CHECK(failed(utf16(u"a\xD800z", false)).message.find("unpaired surrogate") != std::string::npos);
    CHECK(failed(std::string("i\0d;x\n", 6)).message.find("NUL bytes") != std::string::npos);
    const Error e = failed("\xEF\xBB\xBFid;x\nok;ok\nbad;\xe4\n");
    CHECK(e.message.find("line 3 is not valid UTF-8") != std::string::npos);
    CHECK(isValidUtf8("Grümme €"));
    CHECK_FALSE(isValidUtf8("\xC0\xAF"));         // overlong '/'
    CHECK_FALSE(isValidUtf8("\xED\xA0\x80"));     // surrogate
    CHECK_FALSE(isValidUtf8("\xF4\x90\x80\x80")); // above U+10FFFF
}

TEST_CASE("csv: separator is detected from the header row") {
    CHECK(parsed("a,b,c\n1,2,3\n").separator == ',');
    CHECK(parsed("a;b;c\n1;2;3\n").separator == ';');
    CHECK(parsed("a\tb\tc\n1\t2\t3\n").separator == '\t');
    // Separators inside quotes do not count: two semicolons beat four quoted commas.
    const CsvTable t = parsed("\"a,b,c\";\"d,e\";f\n1;2;3\n");
    CHECK(t.separator == ';');
    CHECK(t.header == Cells{"a,b,c", "d,e", "f"});
    // A comma in a semicolon file's data rows is just text.
    CHECK(parsed("id;Kosten\nx;2,50 \x80\n").records[0].cells == Cells{"x", "2,50 €"});
    // Excel's "sep=" line decides and is not a row.
    const CsvTable hinted = parsed("sep=,\r\nid;x,Titel\r\n1;2,3\r\n");
    CHECK(hinted.separator == ',');
    CHECK(hinted.header == Cells{"id;x", "Titel"});
    CHECK(hinted.headerRow == 1);
    CHECK(hinted.records[0].row == 2);
}

TEST_CASE("csv: crlf lf and cr line ends") {
    for (std::string eol : {"\r\n", "\n", "\r"}) {
        CAPTURE(eol.size());
        const CsvTable t = parsed("id;t" + eol + "1;a" + eol + "2;b" + eol + eol + eol);
        REQUIRE(t.records.size() == 2);
        CHECK(t.records[0].cells == Cells{"1", "a"});
        CHECK(t.records[1].cells == Cells{"2", "b"});
        CHECK(t.records[1].row == 3);
    }
    // No line end after the last row.
    CHECK(parsed("id;t\n1;a").records.at(0).cells == Cells{"1", "a"});
    // A separator at the very end still closes an empty last cell.
    CHECK(parsed("id;t;u\n1;a;").records.at(0).cells == Cells{"1", "a", ""});
}

TEST_CASE("csv: quoted cells with line breaks and doubled quotes") {
    const CsvTable t = parsed("id;Beschreibung;Titel\r\n"
                              "1;\"Erste Zeile\r\nZweite; mit \"\"Zitat\"\"\";\"Sagt \"\"Hallo\"\"\"\r\n"
                              "2;\"\";\"\"\"\"\r\n"
                              "3; \"vorne Leerzeichen\";\"a\"b\r\n"
                              "4;x\"y;z\r\n");
    REQUIRE(t.records.size() == 4);
    // Line breaks inside quotes are kept exactly as written.
    CHECK(t.records[0].cells[1] == "Erste Zeile\r\nZweite; mit \"Zitat\"");
    CHECK(t.records[0].cells[2] == "Sagt \"Hallo\"");
    CHECK(t.records[1].cells == Cells{"2", "", "\""});
    // Lenient forms: spaces before an opening quote, text after a closing quote, a stray quote.
    CHECK(t.records[2].cells == Cells{"3", "vorne Leerzeichen", "ab"});
    CHECK(t.records[3].cells == Cells{"4", "x\"y", "z"});
}

TEST_CASE("csv: rows are numbered as the spreadsheet shows them") {
    const CsvTable t = parsed("id;Beschreibung\n"                 // row 1
                              "a;\"drei\nZeilen\nlang\"\n"        // row 2
                              "b;x\n"                             // row 3
                              "\n"                                // row 4 (blank, skipped)
                              ";;\n"                              // row 5 (empty cells only, skipped)
                              "c;\"zwei\r\nZeilen\"\r\n"          // row 6
                              "d;y\n");                           // row 7
    REQUIRE(t.records.size() == 4);
    CHECK(t.headerRow == 1);
    CHECK(t.records[0].row == 2);
    CHECK(t.records[1].row == 3);
    CHECK(t.records[2].row == 6);
    CHECK(t.records[3].row == 7);
    CHECK(t.records[3].cells == Cells{"d", "y"});
    // Blank lines before the header are rows too.
    const CsvTable late = parsed("\n\r\nid;x\n1;2\n");
    CHECK(late.headerRow == 3);
    CHECK(late.records.at(0).row == 4);
}

TEST_CASE("csv: records shorter or longer than the header") {
    const CsvTable t = parsed("id;Titel;Ort\n"
                              "short\n"
                              "blank-extra;b;c;;  ;\n"
                              "extra;b;c;d;surplus\n"
                              "last;x;y\n");
    REQUIRE(t.records.size() == 3);
    CHECK(t.records[0].cells == Cells{"short", "", ""});
    CHECK(t.records[1].cells == Cells{"blank-extra", "b", "c"});
    CHECK(t.records[2].row == 5);
    REQUIRE(t.problems.size() == 1);
    CHECK(t.problems[0].row == 4);
    CHECK(t.problems[0].message == "the row has more cells than the header has columns (3): cell 4 holds 'd'");
}

TEST_CASE("csv: defensive limits") {
    SUBCASE("file over 64 MiB") {
        const std::string big((std::size_t{64} << 20) + 1, 'a');
        CHECK(failed(big).message == "the file is too large: 67108865 bytes (at most 64 MiB)");
        // Exactly the limit is still read (in rows of cells below their own limit).
        const std::size_t limit = big.size() - 1;
        std::string atLimit = "id\n";
        while (atLimit.size() < limit) {
            const std::size_t cell = std::min(limit - atLimit.size() - 1, (std::size_t{1} << 20) - 1);
            atLimit.append(cell, 'a');
            atLimit += '\n';
        }
        REQUIRE(atLimit.size() == limit);
        auto table = parseCsv(atLimit);
        REQUIRE(table.ok());
        CHECK(table->records.size() == 64);
    }
    SUBCASE("more than 1000 columns") {
        std::string header = "c0";
        for (int i = 1; i < 1000; ++i) header += ";c" + std::to_string(i);
        CHECK(parsed(header + "\n").header.size() == 1000);
        const Error e = failed("id\n1\n2" + std::string(1000, ';') + "\n");
        CHECK(e.row == 3);
        CHECK(e.message == "too many columns: more than 1000 cells in this row");
    }
    SUBCASE("a cell over 1 MiB") {
        const std::string cell(std::size_t{1} << 20, 'x');
        CHECK(parsed("id;d\n1;" + cell + "\n").records[0].cells[1].size() == cell.size());
        Error e = failed("id;d\n1;" + cell + "x\n");
        CHECK(e.row == 2);
        CHECK(e.message == "cell in column 2 is too large: more than 1024 KiB");
        e = failed("id;d\n1;2\n3;\"" + cell + "\"\"x\"\n");
        CHECK(e.row == 3);
    }
    SUBCASE("unterminated quote names the row it opened in") {
        const Error e = failed("id;d\n1;ok\n2;\"open\nstill open\n3;x\n");
        CHECK(e.row == 3);
        CHECK(e.message == "a quoted cell in column 2 starts in this row but its closing quote is missing");
        CHECK(e.toString() == "row 3: a quoted cell in column 2 starts in this row but its closing quote is missing");
    }
    SUBCASE("smaller limits can be set") {
        CsvLimits limits;
        limits.maxColumns = 2;
        CHECK(failed("a;b;c\n", limits).row == 1);
    }
    SUBCASE("empty file") {
        CHECK(failed("").message == "the file is empty: the first row must name the columns");
        CHECK(failed("\xEF\xBB\xBF\r\n\r\n").message == "the file is empty: the first row must name the columns");
    }
}

TEST_CASE("csv: writer output and round trip") {
    const Cells header = {"id", "Titel", "Beschreibung", "Kosten"};
    const std::vector<Cells> rows = {
        {"a", "Kita \"Sonnenschein\"", "Zeile 1\nZeile 2\r\nZeile 3", "5,50 €"},
        {"b", "Tab\there", "semi;colon", ""},
        {"c", " leading space", "\"quoted\"", "  "},
        {"d", "kurz"},
        {"e", "", "", "sep=;"},
    };
    const std::string bytes = writeCsv(header, rows);
    CHECK(bytes.substr(0, 3) == "\xEF\xBB\xBF");
    // Quotes only where needed.
    CHECK(bytes.substr(3, bytes.find("\r\n") - 3) == "id;Titel;Beschreibung;Kosten");
    CHECK(bytes.find("\r\nd;kurz\r\n") != std::string::npos);
    CHECK(bytes.find("\r\nc; leading space;\"\"\"quoted\"\"\";  \r\n") != std::string::npos);
    CHECK(bytes.ends_with("\r\n"));

    const CsvTable t = parsed(bytes);
    CHECK(t.encoding == "UTF-8 with BOM");
    CHECK(t.separator == ';');
    CHECK(t.header == header);
    REQUIRE(t.records.size() == rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        Cells expected = rows[i];
        expected.resize(header.size());
        CHECK(t.records[i].cells == expected);
        CHECK(t.records[i].row == static_cast<int>(i) + 2);
    }
    // The same bytes again: writing is deterministic.
    CHECK(writeCsv(header, rows) == bytes);
}

TEST_CASE("csv: every corruption of a sample gives a table or an error") {
    const std::string sample = "\xEF\xBB\xBFid;Titel;Beschreibung\r\n"
                               "a;\"Sagt \"\"Hallo\"\"\";\"zwei\r\nZeilen\"\r\n"
                               "b;Grümme;x\r\n";
    const char replacements[] = {'\0', '"', ';', ',', '\t', '\r', '\n', '\x80', '\xFF', '\xFE'};
    int tables = 0, errors = 0;
    const auto check = [&](std::string_view bytes) {
        auto t = parseCsv(bytes);
        if (!t.ok()) {
            ++errors;
            CHECK_FALSE(t.error().message.empty());
            return;
        }
        ++tables;
        for (const auto& r : t->records) {
            CHECK(r.cells.size() == t->header.size());
            CHECK(r.row > t->headerRow);
            for (const auto& c : r.cells) CHECK(isValidUtf8(c));
        }
    };
    for (std::size_t i = 0; i < sample.size(); ++i) {
        check(std::string_view(sample).substr(0, i)); // cut off anywhere
        for (char c : replacements) {
            std::string bytes = sample;
            bytes[i] = c;
            check(bytes);
        }
    }
    // Both outcomes occur, so the loop really exercised the parser.
    CHECK(tables > 0);
    CHECK(errors > 0);
}
