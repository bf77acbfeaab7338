#pragma once
// "Take it home": what the detail screen's QR code carries.
//
// A visitor scans the code with a phone and gets the entry as a contact card
// (vCard 3.0, RFC 2426) or, when there is nobody to call or write to, the
// website. Everything here is pure text work so doctest covers it without a
// screen; kiosk/core/qr.h turns the chosen text into modules.
//
// Section index: escaping and folding · vCard · QR payloads.
//
// vCard rules followed: CRLF line ends; lines longer than 75 octets are folded
// (CRLF + one space) without splitting a UTF-8 character; text values escape
// backslash, semicolon, comma and line breaks; UTF-8 throughout (phones
// read 3.0 cards as UTF-8). Empty fields are left out, never written empty
// (except N, which 3.0 requires).
//
// Thread safety: pure functions.

#include "kiosk/content/model.h"

#include <string>
#include <string_view>
#include <vector>

namespace kiosk::core {

// ---- escaping and folding -------------------------------------------------

// A vCard text value: "\" -> "\\", ";" -> "\;", "," -> "\,", line breaks
// (CRLF, CR or LF) -> "\n"; other control characters are dropped.
std::string escapeVCardText(std::string_view text);
// One content line ("NOTE:...") folded at 75 octets, ending in CRLF.
std::string foldVCardLine(std::string_view line);

// ---- vCard ----------------------------------------------------------------

enum class VCardDetail {
    Full,    // FN, N, ORG, TEL, EMAIL, URL, ADR, NOTE
    Compact, // FN, N, ORG, TEL, EMAIL: for when the full card does not fit a scannable code
};

// The entry as a vCard 3.0 in the content language `lang` (German fallback per
// field). FN is the contact person, else the organisation, else the title;
// NOTE is the entry's title (unless FN already is), so the card says what it
// was about.
std::string buildVCard(const content::Entry& entry, std::string_view lang = content::kBaseLanguage,
                       VCardDetail detail = VCardDetail::Full);

// ---- QR payloads ----------------------------------------------------------

enum class QrPayloadKind { None, VCard, Url, Phone, Email };

struct QrPayload {
    QrPayloadKind kind = QrPayloadKind::None;
    std::string text;
    friend bool operator==(const QrPayload&, const QrPayload&) = default;
};

// What the code should carry: the vCard when the entry has a phone or e-mail,
// else the website, else nothing (kind None: the screen shows no code).
QrPayload chooseQrPayload(const content::Entry& entry, std::string_view lang = content::kBaseLanguage);

// The choice above followed by ever shorter fallbacks for when it does not
// fit a scannable code: compact vCard, website, "tel:" number, "mailto:".
// Best first; empty when the entry has nothing to take home.
std::vector<QrPayload> qrPayloadCandidates(const content::Entry& entry,
                                           std::string_view lang = content::kBaseLanguage);

// A "tel:" URI phones dial: a leading "+" and the digits only
// ("0234/927 863-90" -> "tel:023492786390", "+49 (0)234 12" -> "tel:+4923412");
// "" when there are no digits.
std::string telUri(std::string_view phone);

} // namespace kiosk::core
