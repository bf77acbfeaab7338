// QR codes as module matrices: read back what a scanner reads first (finder
// patterns, timing, format and version information) to check the structure,
// and check that texts too long for a scannable code fall back.
#include "core/qr.h"
#include "core/vcard.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

using namespace kiosk::core;

namespace {

QrMatrix encodeOk(const std::string& text, int maxVersion = kQrMaxVersion) {
    auto r = encodeQr(text, maxVersion);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().message));
    return std::move(r).value();
}

// A finder pattern: 7x7 dark ring, light ring, dark 3x3 centre, light separator.
void checkFinder(const QrMatrix& m, int x0, int y0) {
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 7; ++x) {
            const int ring = std::max(std::abs(x - 3), std::abs(y - 3));
            INFO("finder at ", x0, ",", y0, " module ", x, ",", y);
            CHECK(m.dark(x0 + x, y0 + y) == (ring != 2));
        }
}

// The 15 format bits from the first copy around the top-left finder
// (ISO 18004 7.9; the layout qrcodegen draws), unmasked.
int readFormat(const QrMatrix& m) {
    long bits = 0;
    auto put = [&](int i, bool on) { bits |= static_cast<long>(on) << i; };
    for (int i = 0; i <= 5; ++i) put(i, m.dark(8, i));
    put(6, m.dark(8, 7));
    put(7, m.dark(8, 8));
    put(8, m.dark(7, 8));
    for (int i = 9; i < 15; ++i) put(i, m.dark(14 - i, 8));
    return static_cast<int>(bits ^ 0x5412);
}

int readFormatSecondCopy(const QrMatrix& m) {
    long bits = 0;
    auto put = [&](int i, bool on) { bits |= static_cast<long>(on) << i; };
    for (int i = 0; i < 8; ++i) put(i, m.dark(m.size - 1 - i, 8));
    for (int i = 8; i < 15; ++i) put(i, m.dark(8, m.size - 15 + i));
    return static_cast<int>(bits ^ 0x5412);
}

// BCH(15,5) remainder of the 5 data bits, as the standard computes it.
int formatRemainder(int data) {
    int rem = data;
    for (int i = 0; i < 10; ++i) rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    return rem & 0x3FF;
}

// The version from the version information block (versions 7 and up).
int readVersion(const QrMatrix& m) {
    long bits = 0;
    for (int i = 0; i < 18; ++i) bits |= static_cast<long>(m.dark(m.size - 11 + i % 3, i / 3)) << i;
    long other = 0;
    for (int i = 0; i < 18; ++i) other |= static_cast<long>(m.dark(i / 3, m.size - 11 + i % 3)) << i;
    CHECK(bits == other);
    const int version = static_cast<int>(bits >> 12);
    int rem = version;
    for (int i = 0; i < 12; ++i) rem = (rem << 1) ^ ((rem >> 11) * 0x1F25);
    CHECK((bits & 0xFFF) == (rem & 0xFFF));
    return version;
}

void checkStructure(const QrMatrix& m) {
    REQUIRE(m.version >= kQrMinVersion);
    REQUIRE(m.version <= kQrMaxVersion);
    REQUIRE(m.size == 4 * m.version + 17);
    REQUIRE(m.modules.size() == static_cast<std::size_t>(m.size * m.size));
    checkFinder(m, 0, 0);
    checkFinder(m, m.size - 7, 0);
    checkFinder(m, 0, m.size - 7);
    // Timing patterns between the finders alternate, starting dark.
    for (int i = 8; i < m.size - 8; ++i) {
        CHECK(m.dark(i, 6) == (i % 2 == 0));
        CHECK(m.dark(6, i) == (i % 2 == 0));
    }
    CHECK(m.dark(8, m.size - 8)); // the dark module
    const int format = readFormat(m);
    CHECK(format == readFormatSecondCopy(m));
    const int data = format >> 10;
    CHECK((format & 0x3FF) == formatRemainder(data));
    // Error correction bits: 00 = MEDIUM, 11 = QUARTILE, 10 = HIGH; never 01 = LOW.
    CHECK((data >> 3) != 1);
    if (m.version >= 7) CHECK(readVersion(m) == m.version);
    // Outside the matrix is the light quiet zone.
    CHECK_FALSE(m.dark(-1, 0));
    CHECK_FALSE(m.dark(m.size, m.size));
}

kiosk::content::Entry contactEntry() {
    kiosk::content::Entry e;
    e.id = "hamm-familienbildung-migration";
    e.title = kiosk::content::Text("Familienbildung und Migration – Beratung für Familien aus aller Welt");
    e.organisation = kiosk::content::Text("Diakonisches Werk des Evangelischen Kirchenkreises Altenkirchen");
    e.contactName = kiosk::content::Text("Jasmin Steiner");
    e.address = kiosk::content::Text("Stadthallenweg 16");
    e.postcode = "57610";
    e.city = kiosk::content::Text("Altenkirchen (Westerwald)");
    e.phone = "02681-800833";
    e.email = "jasmin.steiner@diakonie-altenkirchen.de";
    e.website = "https://www.diakonie-altenkirchen.de/beratung/familienbildung-und-migration";
    return e;
}

} // namespace

TEST_CASE("qr: a short text makes a version 1 code") {
    const QrMatrix m = encodeOk("https://a.de");
    CHECK(m.version == 1);
    CHECK(m.size == 21);
    checkStructure(m);
}

TEST_CASE("qr: versions grow with the text and keep their structure") {
    int last = 0;
    for (std::size_t n : {10u, 60u, 150u, 300u, 600u, 1200u}) {
        std::string text;
        for (std::size_t i = 0; i < n; ++i) text += static_cast<char>('a' + static_cast<char>(i % 26));
        const QrMatrix m = encodeOk(text);
        INFO("length ", n);
        CHECK(m.version >= last);
        last = m.version;
        checkStructure(m);
    }
    CHECK(last >= 7); // the version information block was checked too
}

TEST_CASE("qr: a vCard with umlauts encodes") {
    const std::string card = buildVCard(contactEntry());
    const QrMatrix m = encodeOk(card);
    checkStructure(m);
    CHECK(m.version <= 20); // about 400 bytes: a big code, which is why the widget may fall back
}

TEST_CASE("qr: empty and overlong texts are errors not exceptions") {
    CHECK_FALSE(encodeQr("").ok());
    CHECK_FALSE(encodeQr(std::string("a\0b", 3)).ok());
    const std::string huge(4000, 'x');
    auto r = encodeQr(huge);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("4000 bytes") != std::string::npos);
    auto capped = encodeQr(std::string(200, 'x'), 3);
    REQUIRE_FALSE(capped.ok());
    CHECK(capped.error().message.find("version 3") != std::string::npos);
}

TEST_CASE("qr: a version cap is honoured") {
    const std::string text(100, 'x');
    const QrMatrix free = encodeOk(text);
    const QrMatrix capped = encodeOk(text, free.version);
    CHECK(capped.version == free.version);
    CHECK_FALSE(encodeQr(text, free.version - 1).ok());
    CHECK(encodeOk("x", 0).version == 1); // caps are clamped to 1..40
    CHECK(encodeOk(std::string(2000, 'x'), 99).version <= kQrMaxVersion);
}

TEST_CASE("qr: an overlong card falls back to a shorter payload") {
    const auto candidates = qrPayloadCandidates(contactEntry());
    REQUIRE(candidates.size() >= 3);
    std::vector<std::string> texts;
    for (const auto& c : candidates) texts.push_back(c.text);

    // Plenty of room: the full card.
    auto big = encodeFirstFitting(texts, kQrMaxVersion);
    REQUIRE(big);
    CHECK(big->index == 0);
    CHECK(candidates[big->index].kind == QrPayloadKind::VCard);

    // A small code: the full card does not fit, something shorter does.
    const int fullVersion = big->matrix.version;
    auto small = encodeFirstFitting(texts, fullVersion - 1);
    REQUIRE(small);
    CHECK(small->index > 0);
    CHECK(small->matrix.version <= fullVersion - 1);
    checkStructure(small->matrix);

    // Tiny: only the phone number fits version 2.
    auto tiny = encodeFirstFitting(texts, 2);
    REQUIRE(tiny);
    CHECK(candidates[tiny->index].kind == QrPayloadKind::Phone);
    CHECK(tiny->matrix.version <= 2);

    // When nothing fits there is no code at all.
    CHECK_FALSE(encodeFirstFitting({std::string(500, 'x')}, 5));
    CHECK_FALSE(encodeFirstFitting({}, 40));
}

TEST_CASE("qr: the largest version for a width") {
    // 200 px at 2 px per module: 100 modules, 92 without the quiet zone -> version 18 (89 modules).
    CHECK(maxQrVersionForWidth(200, 2) == 18);
    CHECK(maxQrVersionForWidth(58, 2) == 1);  // 29 modules: 21 + quiet zone
    CHECK(maxQrVersionForWidth(57, 2) == 0);
    CHECK(maxQrVersionForWidth(100000, 1) == kQrMaxVersion);
    CHECK(maxQrVersionForWidth(0, 2) == 0);
    CHECK(maxQrVersionForWidth(100, 0) == 0);
}
