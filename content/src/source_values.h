#pragma once
// Value checks and text clean-up for the source reader (internal to content/).
//
// Kept apart from source_reader.cpp so the reader reads as "which field, which
// finding" while the rules for what an e-mail address or a web address is live
// here. Pure functions on UTF-8 text; thread-safe.

#include "kiosk/content/report.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::content::detail {

// ---- text ----

// Trims spaces, tabs, line breaks and no-break spaces (which office software inserts).
std::string_view trim(std::string_view s);
// Lower case for ASCII and the Latin-1 capitals (Ä Ö Ü É ...): enough for
// German column names and theme titles ("ÖFFNUNGSZEITEN", "Familie").
std::string foldCase(std::string_view s);
// Column names compare without case, spaces, '_', '-' and '.': "E-Mail",
// "e_mail" and "EMail" are the same column, as are "contact_name" and "Contact Name".
std::string headerKey(std::string_view s);
// Two or three lower-case ASCII letters ("de", "tr", "ckb").
bool isLanguageCode(std::string_view s);
// A value quoted for a message: '...' on one line, cut after 80 bytes.
std::string quote(std::string_view s);
std::string joinNames(const std::vector<std::string>& names);
// "U+202E"
std::string codePointName(char32_t cp);
// Items separated by ',' or ';', trimmed, empty ones dropped.
std::vector<std::string> splitList(std::string_view s);

struct CleanText {
    std::string text;
    std::vector<char32_t> removed; // distinct, in order of appearance
    bool invalidUtf8 = false;      // bytes that were not UTF-8 became U+FFFD
};
// Trims, normalises line breaks to "\n" and removes characters that have no
// business in a kiosk text: C0/C1 controls and the invisible Unicode
// formatting characters that can make a text display as something else than
// it is (U+202E turns "gpj.exe" around). Single-line fields get line breaks
// and tabs as spaces; multi-line ones (the description) keep them.
CleanText sanitize(std::string_view in, bool multiline);

// ---- values ----

bool validEntryId(std::string_view id);   // [A-Za-z0-9._-]+
bool validThemeId(std::string_view id);   // [A-Za-z0-9-]+
bool validChannel(std::string_view s);    // [a-z0-9-]+
bool validPhone(std::string_view s);      // digits, spaces, + / - ( ); at least three digits
bool validHost(std::string_view host);    // labels of letters, digits, '-'; a TLD of two or more
bool validEmail(std::string_view s);
// "www.example.org" -> "https://www.example.org"; an Error (message only) when it is no web address.
Result<std::string> checkWebsite(std::string_view s);
// Accepts a decimal comma ("51,48") as German spreadsheets write it.
std::optional<double> parseDecimal(std::string_view s);
std::optional<std::int64_t> parseWhole(std::string_view s);
// A plain file name: no '/', '\\' or "..", so it cannot leave images/.
bool isImageName(std::string_view name);

} // namespace kiosk::content::detail
