#include "kiosk/content/csv.h"
#include "kiosk/content/utf8.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <utility>

namespace kiosk::content {

namespace {

// An Error without file (the caller knows the file name) and, where it applies, with the row.
Error failure(std::string message, int row = 0) {
    Error e;
    e.message = std::move(message);
    e.row = row;
    return e;
}

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";


// Length of the valid UTF-8 sequence at s[i], 0 when it is invalid.
std::size_t utf8SequenceLength(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    if (c < 0x80) return 1;
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c == 0xE0) n = 3, lo = 0xA0;
    else if (c == 0xED) n = 3, hi = 0x9F; // no UTF-16 surrogates
    else if (c >= 0xE1 && c <= 0xEF) n = 3;
    else if (c == 0xF0) n = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) n = 4;
    else if (c == 0xF4) n = 4, hi = 0x8F;
    else return 0;
    if (i + n > s.size()) return 0;
    if (b(i + 1) < lo || b(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
    return n;
}

std::size_t firstInvalidUtf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8SequenceLength(s, i);
        if (n == 0) return i;
        i += n;
    }
    return std::string_view::npos;
}

int lineOfOffset(std::string_view s, std::size_t offset) {
    int line = 1;
    for (std::size_t i = 0; i < offset && i < s.size(); ++i) {
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= s.size() || s[i + 1] != '\n'))) ++line;
    }
    return line;
}

// Windows-1252 0x80..0x9F. The five bytes Windows leaves undefined map to the
// C1 control of the same value, as Windows' own converter does; the source
// reader then flags them as control characters.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, // 80..87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F, // 88..8F
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, // 90..97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178, // 98..9F
};

std::string fromCp1252(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) out += ch;
        else if (c < 0xA0) appendUtf8(out, kCp1252High[c - 0x80]);
        else appendUtf8(out, c); // 0xA0..0xFF are Latin-1
    }
    return out;
}

Result<std::string> fromUtf16(std::string_view bytes, bool bigEndian) {
    if (bytes.size() % 2 != 0)
        return failure("the UTF-16 file has an odd number of bytes; it seems cut off");
    std::string out;
    out.reserve(bytes.size());
    const auto unit = [&](std::size_t i) -> char32_t {
        const auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
        return bigEndian ? (char32_t{a} << 8 | b) : (char32_t{b} << 8 | a);
    };
    for (std::size_t i = 0; i < bytes.size(); i += 2) {
        char32_t cp = unit(i);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            const char32_t low = i + 2 < bytes.size() ? unit(i + 2) : 0;
            if (low < 0xDC00 || low > 0xDFFF)
                return failure("invalid UTF-16: unpaired surrogate at byte " + std::to_string(i + 2));
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 2;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return failure("invalid UTF-16: unpaired surrogate at byte " + std::to_string(i + 2));
        }
        appendUtf8(out, cp);
    }
    return out;
}

bool isBlank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

bool allBlank(const std::vector<std::string>& cells) {
    return std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return isBlank(c); });
}

std::string quoted(std::string_view s) {
    constexpr std::size_t kMax = 60;
    if (s.size() <= kMax) return "'" + std::string(s) + "'";
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut; // keep UTF-8 whole
    return "'" + std::string(s.substr(0, cut)) + "...'";
}

// Reads records from decoded UTF-8 text, one at a time.
class RecordReader {
public:
    RecordReader(std::string_view text, char separator, const CsvLimits& limits, int firstRow)
        : m_text(text), m_sep(separator), m_limits(limits), m_row(firstRow) {}

    bool atEnd() const { return m_pos >= m_text.size(); }

    // Reads the record starting at the current position; `row` receives its row number.
    Status read(std::vector<std::string>& cells, int& row) {
        cells.clear();
        row = m_row;
        for (;;) {
            std::string cell;
            if (auto st = readCell(cell, row, cells.size() + 1); !st) return st;
            cells.push_back(std::move(cell));
            if (cells.size() > m_limits.maxColumns)
                return failure("too many columns: more than " + std::to_string(m_limits.maxColumns) +
                                   " cells in this row",
                               row);
            if (m_pos >= m_text.size()) break;
            const char c = m_text[m_pos++];
            if (c == m_sep) {
                if (m_pos < m_text.size()) continue;
                cells.emplace_back(); // a separator at the very end of the file still closes an empty cell
                break;
            }
            if (c == '\r' && m_pos < m_text.size() && m_text[m_pos] == '\n') ++m_pos;
            break; // '\r' or '\n': end of record
        }
        ++m_row;
        return Ok{};
    }

private:
    Status tooLarge(int row, std::size_t column) const {
        return failure("cell in column " + std::to_string(column) + " is too large: more than " +
                           std::to_string(m_limits.maxCellBytes >> 10) + " KiB",
                       row);
    }

    Status readCell(std::string& cell, int row, std::size_t column) {
        // Spaces before an opening quote are how people type `a, "b, c"`.
        std::size_t p = m_pos;
        while (p < m_text.size() && (m_text[p] == ' ' || (m_text[p] == '\t' && m_sep != '\t'))) ++p;
        if (p < m_text.size() && m_text[p] == '"') {
            m_pos = p + 1;
            for (;;) {
                const std::size_t q = m_text.find('"', m_pos);
                if (q == std::string_view::npos)
                    return failure("a quoted cell in column " + std::to_string(column) +
                                       " starts in this row but its closing quote is missing",
                                   row);
                cell.append(m_text.substr(m_pos, q - m_pos));
                m_pos = q + 1;
                if (m_pos < m_text.size() && m_text[m_pos] == '"') {
                    cell += '"';
                    ++m_pos;
                } else {
                    break;
                }
                if (cell.size() > m_limits.maxCellBytes) return tooLarge(row, column);
            }
        }
        // Unquoted text, or whatever follows a closing quote, runs to the separator or line end.
        const char stops[] = {m_sep, '\r', '\n'};
        std::size_t end = m_text.find_first_of(std::string_view(stops, sizeof stops), m_pos);
        if (end == std::string_view::npos) end = m_text.size();
        cell.append(m_text.substr(m_pos, end - m_pos));
        m_pos = end;
        if (cell.size() > m_limits.maxCellBytes) return tooLarge(row, column);
        return Ok{};
    }

    std::string_view m_text;
    char m_sep;
    const CsvLimits& m_limits;
    int m_row;
    std::size_t m_pos = 0;
};

// Counts candidate separators outside quotes in the record starting at `text`.
char detectSeparator(std::string_view text) {
    std::size_t comma = 0, semicolon = 0, tab = 0;
    bool inQuotes = false;
    for (char c : text) {
        if (c == '"') inQuotes = !inQuotes; // a doubled quote toggles twice: no net change
        else if (inQuotes) continue;
        else if (c == '\r' || c == '\n') break;
        else if (c == ',') ++comma;
        else if (c == ';') ++semicolon;
        else if (c == '\t') ++tab;
    }
    if (semicolon >= tab && semicolon >= comma) return ';';
    if (tab >= comma) return '\t';
    return ',';
}

} // namespace

bool isValidUtf8(std::string_view text) { return firstInvalidUtf8(text) == std::string_view::npos; }

Result<DecodedText> decodeText(std::string_view bytes) {
    if (bytes.substr(0, 3) == kUtf8Bom) {
        std::string_view body = bytes.substr(3);
        if (auto bad = firstInvalidUtf8(body); bad != std::string_view::npos)
            return failure("the file says it is UTF-8 (it starts with a byte-order mark) but line " +
                         std::to_string(lineOfOffset(body, bad)) + " is not valid UTF-8");
        return DecodedText{std::string(body), "UTF-8 with BOM"};
    }
    if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) {
        const bool big = bytes[0] == '\xFE';
        auto text = fromUtf16(bytes.substr(2), big);
        if (!text) return text.error();
        return DecodedText{std::move(text).value(), big ? "UTF-16BE" : "UTF-16LE"};
    }
    if (bytes.find('\0') != std::string_view::npos)
        return failure("the file contains NUL bytes: it is probably UTF-16 without byte-order mark; "
                     "save it as \"CSV UTF-8\"");
    if (isValidUtf8(bytes)) return DecodedText{std::string(bytes), "UTF-8"};
    return DecodedText{fromCp1252(bytes), "Windows-1252"};
}

Result<CsvTable> parseCsv(std::string_view bytes, const CsvLimits& limits) {
    if (bytes.size() > limits.maxBytes)
        return failure("the file is too large: " + std::to_string(bytes.size()) + " bytes (at most " +
                     std::to_string(limits.maxBytes >> 20) + " MiB)");
    auto decoded = decodeText(bytes);
    if (!decoded) return decoded.error();

    CsvTable table;
    table.encoding = decoded->encoding;
    std::string_view text = decoded->utf8;

    // Excel's separator hint line, "sep=;". Excel hides it, so it is not a row.
    std::optional<char> hinted;
    if (text.size() >= 5 && text.substr(0, 4) == "sep=" && (text[4] == ',' || text[4] == ';' || text[4] == '\t') &&
        (text.size() == 5 || text[5] == '\r' || text[5] == '\n')) {
        hinted = text[4];
        text.remove_prefix(5);
        if (text.substr(0, 2) == "\r\n") text.remove_prefix(2);
        else if (!text.empty()) text.remove_prefix(1);
    }

    // Blank lines before the header still count as rows.
    int row = 1;
    while (!text.empty() && (text.front() == '\r' || text.front() == '\n')) {
        if (text.substr(0, 2) == "\r\n") text.remove_prefix(1);
        text.remove_prefix(1);
        ++row;
    }
    if (text.empty()) return failure("the file is empty: the first row must name the columns");

    table.separator = hinted ? *hinted : detectSeparator(text);
    RecordReader reader(text, table.separator, limits, row);

    std::vector<std::string> cells;
    int recordRow = 0;
    if (auto st = reader.read(cells, recordRow); !st) return st.error();
    table.header = std::move(cells);
    table.headerRow = recordRow;
    const std::size_t width = table.header.size();

    while (!reader.atEnd()) {
        if (auto st = reader.read(cells, recordRow); !st) return st.error();
        if (allBlank(cells)) continue;
        if (cells.size() > width) {
            auto extra = std::find_if(cells.begin() + static_cast<std::ptrdiff_t>(width), cells.end(),
                                      [](const std::string& c) { return !isBlank(c); });
            if (extra != cells.end()) {
                const auto column = static_cast<std::size_t>(extra - cells.begin()) + 1;
                table.problems.push_back(failure("the row has more cells than the header has columns (" +
                                                   std::to_string(width) + "): cell " + std::to_string(column) +
                                                   " holds " + quoted(*extra), recordRow));
                continue;
            }
        }
        cells.resize(width); // pads short rows, drops blank extra cells
        table.records.push_back(CsvRecord{recordRow, cells});
    }
    return table;
}

std::string writeCsv(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
    std::string out(kUtf8Bom);
    const auto writeRow = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const std::string& c = cells[i];
            if (i > 0) out += ';';
            // Quote whatever a reader could take for structure, whichever separator it
            // guesses. (A first cell like Excel's "sep=;" hint contains a separator, so
            // it is quoted too.)
            const bool quote = c.find_first_of(",;\t\"\r\n") != std::string::npos;
            if (!quote) {
                out += c;
                continue;
            }
            out += '"';
            for (char ch : c) {
                if (ch == '"') out += '"';
                out += ch;
            }
            out += '"';
        }
        out += "\r\n";
    };
    writeRow(header);
    for (const auto& r : rows) writeRow(r);
    return out;
}

} // namespace kiosk::content
