// The "take it home" card: vCard 3.0 text and what the QR code carries.
#include "core/vcard.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace kiosk::core;
using kiosk::content::Entry;

namespace {

Entry sampleEntry() {
    Entry e;
    e.id = "hamm-familienbildung-migration";
    e.title = kiosk::content::Text("Familienbildung, Migration; Beratung");
    e.title.set("en", "Family education and migration");
    e.organisation = kiosk::content::Text("Diakonisches Werk Altenkirchen");
    e.contactName = kiosk::content::Text("Jasmin Steiner");
    e.address = kiosk::content::Text("Stadthallenweg 16");
    e.postcode = "57610";
    e.city = kiosk::content::Text("Altenkirchen");
    e.phone = "02681-800833";
    e.email = "jasmin.steiner@diakonie-altenkirchen.de";
    e.website = "www.diakonie-altenkirchen.de";
    return e;
}

// Physical lines without their CRLF; fails the test on a bare LF or CR.
std::vector<std::string> physicalLines(const std::string& card) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < card.size()) {
        const std::size_t crlf = card.find("\r\n", pos);
        REQUIRE(crlf != std::string::npos);
        const std::string line = card.substr(pos, crlf - pos);
        CHECK(line.find('\n') == std::string::npos);
        CHECK(line.find('\r') == std::string::npos);
        lines.push_back(line);
        pos = crlf + 2;
    }
    return lines;
}

// Content lines after unfolding (RFC 2425 5.8.1: CRLF followed by one space is removed).
std::vector<std::string> logicalLines(const std::string& card) {
    std::vector<std::string> out;
    for (const auto& l : physicalLines(card)) {
        if (!l.empty() && l[0] == ' ' && !out.empty()) out.back() += l.substr(1);
        else out.push_back(l);
    }
    return out;
}

bool hasLine(const std::string& card, const std::string& line) {
    for (const auto& l : logicalLines(card))
        if (l == line) return true;
    return false;
}

bool validUtf8(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        const int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) return false;
        for (int k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0xC0) != 0x80) return false;
        i += static_cast<std::size_t>(len);
    }
    return true;
}

} // namespace

TEST_CASE("vcard: text values escape backslash semicolon comma and line breaks") {
    CHECK(escapeVCardText("a\\b") == "a\\\\b");
    CHECK(escapeVCardText("Kita; Hort, Schule") == "Kita\\; Hort\\, Schule");
    CHECK(escapeVCardText("eins\r\nzwei\ndrei\rvier") == "eins\\nzwei\\ndrei\\nvier");
    CHECK(escapeVCardText("Tab\there") == "Tab here");
    CHECK(escapeVCardText(std::string("bell\x07!")) == "bell!");
    CHECK(escapeVCardText("Spielplätze – für alle") == "Spielplätze – für alle");
}

TEST_CASE("vcard: short lines are not folded") {
    CHECK(foldVCardLine("FN:Anna") == "FN:Anna\r\n");
    const std::string exactly75(75, 'x');
    CHECK(foldVCardLine(exactly75) == exactly75 + "\r\n");
    CHECK(foldVCardLine("") == "\r\n");
}

TEST_CASE("vcard: long lines fold at 75 octets and unfold to the original") {
    std::string line = "NOTE:";
    for (int i = 0; i < 40; ++i) line += "abcdefghij";
    const std::string folded = foldVCardLine(line);
    const auto lines = physicalLines(folded);
    REQUIRE(lines.size() > 1);
    CHECK(lines[0].size() == 75);
    for (std::size_t i = 1; i < lines.size(); ++i) {
        CHECK(lines[i][0] == ' ');
        CHECK(lines[i].size() <= 75);
    }
    CHECK(lines[1].size() == 75);
    const auto logical = logicalLines(folded);
    REQUIRE(logical.size() == 1);
    CHECK(logical[0] == line);
}

TEST_CASE("vcard: folding never splits a UTF-8 character") {
    // Two- and three-byte characters at every offset relative to the fold.
    for (int shift = 0; shift < 3; ++shift) {
        std::string line = "NOTE:" + std::string(static_cast<std::size_t>(shift), 'x');
        for (int i = 0; i < 60; ++i) line += (i % 2) ? "ü" : "–";
        const std::string folded = foldVCardLine(line);
        for (const auto& l : physicalLines(folded)) {
            CHECK(l.size() <= 75);
            CHECK(validUtf8(l));
        }
        CHECK(logicalLines(folded).front() == line);
    }
}

TEST_CASE("vcard: full card for a person with organisation and address") {
    const std::string card = buildVCard(sampleEntry());
    CHECK(card.rfind("BEGIN:VCARD\r\nVERSION:3.0\r\n", 0) == 0);
    CHECK(card.size() >= 11);
    CHECK(card.substr(card.size() - 11) == "END:VCARD\r\n");
    CHECK(hasLine(card, "FN:Jasmin Steiner"));
    CHECK(hasLine(card, "N:Steiner;Jasmin;;;"));
    CHECK(hasLine(card, "ORG:Diakonisches Werk Altenkirchen"));
    CHECK(hasLine(card, "TEL;TYPE=WORK,VOICE:02681-800833"));
    CHECK(hasLine(card, "EMAIL;TYPE=INTERNET:jasmin.steiner@diakonie-altenkirchen.de"));
    CHECK(hasLine(card, "URL:https://www.diakonie-altenkirchen.de"));
    CHECK(hasLine(card, "ADR;TYPE=WORK:;;Stadthallenweg 16;Altenkirchen;;57610;"));
    CHECK(hasLine(card, "NOTE:Familienbildung\\, Migration\\; Beratung"));
    for (const auto& l : physicalLines(card)) CHECK(l.size() <= 75);
    CHECK(validUtf8(card));
}

TEST_CASE("vcard: the content language is used with German fallback") {
    const std::string card = buildVCard(sampleEntry(), "en");
    CHECK(hasLine(card, "NOTE:Family education and migration"));
    CHECK(hasLine(card, "ORG:Diakonisches Werk Altenkirchen")); // no English value: German
}

TEST_CASE("vcard: FN falls back to the organisation and then the title") {
    Entry e = sampleEntry();
    e.contactName = {};
    std::string card = buildVCard(e);
    CHECK(hasLine(card, "FN:Diakonisches Werk Altenkirchen"));
    CHECK(hasLine(card, "N:;;;;"));
    e.organisation = {};
    card = buildVCard(e);
    CHECK(hasLine(card, "FN:Familienbildung\\, Migration\\; Beratung"));
    CHECK(card.find("ORG:") == std::string::npos);
    CHECK(card.find("NOTE:") == std::string::npos); // would repeat FN
}

TEST_CASE("vcard: names with salutations and several people") {
    Entry e = sampleEntry();
    e.contactName = kiosk::content::Text("Frau Dr. Anna Maria Meier");
    CHECK(hasLine(buildVCard(e), "N:Meier;Anna Maria;;Frau Dr.;"));
    e.contactName = kiosk::content::Text("Meier, Anna");
    CHECK(hasLine(buildVCard(e), "N:Meier;Anna;;;"));
    CHECK(hasLine(buildVCard(e), "FN:Meier\\, Anna"));
    e.contactName = kiosk::content::Text("Ilka Genser (Seniorenbüro Mitte)");
    CHECK(hasLine(buildVCard(e), "N:Genser;Ilka;;;"));
    CHECK(hasLine(buildVCard(e), "FN:Ilka Genser (Seniorenbüro Mitte)"));
    e.contactName = kiosk::content::Text("Anna Meier und Ben Schulz");
    CHECK(hasLine(buildVCard(e), "N:;;;;"));
    CHECK(hasLine(buildVCard(e), "FN:Anna Meier und Ben Schulz"));
}

TEST_CASE("vcard: empty fields are left out and line breaks cannot break the card") {
    Entry e;
    e.id = "x";
    e.title = kiosk::content::Text("Treff");
    e.phone = "0234 1\n2";
    const std::string card = buildVCard(e);
    CHECK(card.find("ORG") == std::string::npos);
    CHECK(card.find("ADR") == std::string::npos);
    CHECK(card.find("EMAIL") == std::string::npos);
    CHECK(card.find("URL") == std::string::npos);
    CHECK(hasLine(card, "TEL;TYPE=WORK,VOICE:0234 12"));
    physicalLines(card); // every line ends in CRLF
}

TEST_CASE("vcard: compact cards keep only name organisation phone and e-mail") {
    const std::string card = buildVCard(sampleEntry(), "de", VCardDetail::Compact);
    CHECK(hasLine(card, "FN:Jasmin Steiner"));
    CHECK(hasLine(card, "TEL;TYPE=WORK,VOICE:02681-800833"));
    CHECK(card.find("ADR") == std::string::npos);
    CHECK(card.find("URL") == std::string::npos);
    CHECK(card.find("NOTE") == std::string::npos);
    CHECK(card.size() < buildVCard(sampleEntry()).size());
}

TEST_CASE("vcard: the QR code carries the card when there is a phone or e-mail") {
    Entry e = sampleEntry();
    QrPayload p = chooseQrPayload(e);
    CHECK(p.kind == QrPayloadKind::VCard);
    CHECK(p.text == buildVCard(e));
    e.phone.clear();
    CHECK(chooseQrPayload(e).kind == QrPayloadKind::VCard);
    e.email.clear();
    p = chooseQrPayload(e);
    CHECK(p.kind == QrPayloadKind::Url);
    CHECK(p.text == "https://www.diakonie-altenkirchen.de");
    e.website = "  ";
    CHECK(chooseQrPayload(e).kind == QrPayloadKind::None);
    CHECK(qrPayloadCandidates(e).empty());
}

TEST_CASE("vcard: fallback payloads get shorter") {
    const auto c = qrPayloadCandidates(sampleEntry());
    REQUIRE(c.size() == 5);
    CHECK(c[0].kind == QrPayloadKind::VCard);
    CHECK(c[1].kind == QrPayloadKind::VCard);
    CHECK(c[1].text.size() < c[0].text.size());
    CHECK(c[2] == QrPayload{QrPayloadKind::Url, "https://www.diakonie-altenkirchen.de"});
    CHECK(c[3] == QrPayload{QrPayloadKind::Phone, "tel:02681800833"});
    CHECK(c[4] == QrPayload{QrPayloadKind::Email, "mailto:jasmin.steiner@diakonie-altenkirchen.de"});
    Entry web;
    web.id = "w";
    web.website = "http://example.org/a,b";
    const auto w = qrPayloadCandidates(web);
    REQUIRE(w.size() == 1);
    CHECK(w[0].text == "http://example.org/a,b"); // a URI is not escaped like text
}

TEST_CASE("vcard: tel URIs keep a leading plus and the digits") {
    CHECK(telUri("0234/927 863-90") == "tel:023492786390");
    CHECK(telUri("+49 (0)234 12") == "tel:+4923412");
    CHECK(telUri("auf Anfrage").empty());
    CHECK(telUri("+").empty());
}
