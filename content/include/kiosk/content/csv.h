#pragma once
// CSV as offices really save it: reading spreadsheets staff exported from
// Excel or LibreOffice Calc, and writing them back for `kiosk-pack export`.
//
// Reading (parseCsv) accepts
//   - encodings: UTF-8 with or without byte-order mark; UTF-16 LE/BE with
//     byte-order mark (Excel's "Unicode text"); anything else that is not valid
//     UTF-8 is taken as Windows-1252 (Excel's "CSV (Trennzeichen-getrennt)" on
//     a German Windows) and converted. Cells always come out as valid UTF-8.
//   - separators: comma, semicolon or tab, chosen by counting them outside
//     quotes in the header row (ties: semicolon, then tab, then comma). Excel's
//     "sep=;" first line is honoured and not counted as a row.
//   - RFC 4180 quoting: doubled quotes inside quoted cells, line breaks inside
//     quoted cells (kept exactly as written, "\r\n" included). Lenient where
//     spreadsheets and people are: spaces before an opening quote are dropped,
//     text after a closing quote is kept, a quote inside an unquoted cell is
//     literal.
//   - CRLF, LF or CR line ends; blank rows anywhere (skipped, but counted).
//   - records shorter than the header (missing cells are ""); longer ones are
//     cut to the header's width. Extra cells that are blank are dropped
//     silently (Excel writes ";;;" for formatted empty cells); non-blank extra
//     cells make the record a `problem` that names its row (the caller decides:
//     the source reader reports it and skips that row).
//
// Rows are numbered as the spreadsheet shows them: the header is row 1 (unless
// blank lines precede it), each record is one row even when a quoted cell spans
// several lines, and blank rows still take their number.
//
// Cells are not trimmed or otherwise interpreted; that is the caller's job.
//
// Failure: parseCsv returns an Error (with `row` set where it applies) for an
// input that cannot be read as a table at all: over CsvLimits::maxBytes (64 MiB),
// more than maxColumns (1000) cells in a row, a cell over maxCellBytes (1 MiB),
// a quote still open at the end of the file (naming the row it opened in),
// a UTF-16 file of odd length or with broken surrogates, NUL bytes in a file
// without byte-order mark, invalid UTF-8 after a UTF-8 byte-order mark, or a file
// without a header row.
//
// Writing (writeCsv) produces what German Excel opens by double click: UTF-8
// with byte-order mark, ";" separator, CRLF line ends, quotes only around cells
// that need them. parseCsv(writeCsv(h, rows)) gives back exactly h and rows,
// except rows whose cells are all empty (blank rows are skipped on reading)
// and rows longer than the header (reported as problems).
//
// Thread safety: pure functions, no shared state.

#include "kiosk/content/report.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::content {

struct CsvLimits {
    std::size_t maxBytes = std::size_t{64} << 20;     // whole file, before decoding
    std::size_t maxColumns = 1000;                   // cells in any one row
    std::size_t maxCellBytes = std::size_t{1} << 20; // one cell, after decoding
};

struct CsvRecord {
    int row = 0;                    // spreadsheet row number (header = 1)
    std::vector<std::string> cells; // exactly header.size() cells
};

struct CsvTable {
    std::vector<std::string> header; // as written (not trimmed)
    int headerRow = 1;
    std::vector<CsvRecord> records;  // non-blank rows, in file order
    // Rows left out of `records` because they had non-blank cells beyond the
    // header; each Error has `row` set and says which cell.
    std::vector<Error> problems;
    char separator = ';';
    std::string encoding; // "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE" or "Windows-1252"
};

Result<CsvTable> parseCsv(std::string_view bytes, const CsvLimits& limits = {});

// The decoding step of parseCsv on its own: any of the encodings above to UTF-8
// (byte-order mark removed). Same failure modes as parseCsv's encoding checks.
struct DecodedText {
    std::string utf8;
    std::string encoding;
};
Result<DecodedText> decodeText(std::string_view bytes);

// Strict UTF-8 check (no overlong forms, no surrogates, nothing above U+10FFFF).
bool isValidUtf8(std::string_view text);

// Header and rows to CSV bytes (see above). Rows may be shorter than the header.
std::string writeCsv(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);

} // namespace kiosk::content
