// verifyPack(): the one gate every pack passes before a kiosk shows it.
// Real packs, real signatures, real damage: flipped bytes, swapped and
// foreign signatures, truncation, relabelled metadata, hostile schemas.
#include "pack_fixture.h"
#include "temp_dir.h"

#include "kiosk/content/minisign.h"
#include "kiosk/content/pack_writer.h"
#include "kiosk/content/verify.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>

using namespace kiosk::content;
using kiosk::test::readFile;
using kiosk::test::TempDir;
using kiosk::test::writeFile;

namespace {

struct SignedPack {
    TempDir dir;
    minisign::KeyPair keys = *minisign::generateKeyPair();
    std::filesystem::path pack = dir / "test.kpack";
    PackContent content = kiosk::test::makeFixtureContent();

    SignedPack() {
        REQUIRE(writePack(content, pack).ok());
        sign(formatTrustedComment(content.info, "test.kpack"));
    }
    void sign(const std::string& comment, const minisign::SecretKey* with = nullptr) {
        auto sig = minisign::signFile(pack, with ? *with : keys.secretKey, comment);
        REQUIRE(sig.ok());
        writeFile(signaturePathFor(pack), sig->fileText());
    }
    VerifyResult verify(std::vector<std::string> channels = {}) const {
        VerifyOptions o;
        o.trustedKeys = {keys.publicKey};
        o.acceptedChannels = std::move(channels);
        return verifyPack(pack, o);
    }
    // Runs SQL on the (unsigned) pack file, as an attacker with a writable copy would.
    void tamperSql(const char* sql) const {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(pack.c_str(), &db) == SQLITE_OK);
        char* err = nullptr;
        const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
        const std::string msg = err ? err : "";
        sqlite3_free(err);
        sqlite3_close(db);
        REQUIRE_MESSAGE(rc == SQLITE_OK, msg);
    }
};

// The single finding's step and message.
std::pair<std::string, std::string> only(const VerifyResult& r) {
    REQUIRE(r.report.findings().size() == 1);
    return {r.report.findings()[0].field, r.report.findings()[0].message};
}

bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

} // namespace

TEST_CASE("verify: a correctly signed pack passes and reports what it is") {
    SignedPack p;
    const VerifyResult r = p.verify();
    CHECK_MESSAGE(r.ok(), r.report.toString());
    REQUIRE(r.info.has_value());
    CHECK(r.info->channel == "test-channel");
    CHECK(r.info->version == 7);
    CHECK(r.keyId == minisign::keyIdHex(p.keys.publicKey.id));
    CHECK(r.trustedComment == "channel:test-channel version:7 file:test.kpack");
}

TEST_CASE("verify: trusted comments are parsed strictly") {
    auto tc = parseTrustedComment("channel:beispiel\tversion:42 file:x.kpack");
    REQUIRE(tc.ok());
    CHECK(tc->channel == "beispiel");
    CHECK(tc->version == 42);
    CHECK(tc->file == "x.kpack");
    CHECK_FALSE(parseTrustedComment("timestamp:1700000000\tfile:x.kpack\thashed").ok());
    CHECK_FALSE(parseTrustedComment("channel:beispiel version:abc").ok());
    CHECK_FALSE(parseTrustedComment("channel:beispiel version:-3").ok());
    CHECK_FALSE(parseTrustedComment("version:3").ok());
}

TEST_CASE("verify: a flipped byte anywhere in the file is refused by the signature") {
    SignedPack p;
    const std::string original = readFile(p.pack);
    // Every byte of the SQLite header and first page, then a sample through the rest.
    std::vector<std::size_t> positions;
    for (std::size_t i = 0; i < 4096 && i < original.size(); ++i) positions.push_back(i);
    for (std::size_t i = 4096; i < original.size(); i += 997) positions.push_back(i);
    positions.push_back(original.size() - 1);
    for (std::size_t pos : positions) {
        std::string bad = original;
        bad[pos] = static_cast<char>(bad[pos] ^ 0x01);
        writeFile(p.pack, bad);
        const VerifyResult r = p.verify();
        REQUIRE_FALSE_MESSAGE(r.ok(), "flipped byte at " << pos << " was accepted");
        CHECK(only(r).first == "signature");
    }
    writeFile(p.pack, original);
    CHECK(p.verify().ok());
}

TEST_CASE("verify: the signature of another pack is refused") {
    SignedPack a;
    // Another pack with different content, signed by the same trusted key with
    // a trusted comment that would fit a: only the file hash differs.
    PackContent other = kiosk::test::makeFixtureContent();
    other.entries.pop_back();
    const auto otherPath = a.dir / "other.kpack";
    REQUIRE(writePack(other, otherPath).ok());
    auto sig = minisign::signFile(otherPath, a.keys.secretKey, formatTrustedComment(a.content.info, ""));
    REQUIRE(sig.ok());
    writeFile(signaturePathFor(a.pack), sig->fileText());
    const auto [step, message] = only(a.verify());
    CHECK(step == "signature");
    CHECK(has(message, "does not match"));
}

TEST_CASE("verify: a pack signed by an unknown key is refused naming the key") {
    SignedPack p;
    auto stranger = minisign::generateKeyPair();
    REQUIRE(stranger.ok());
    p.sign(formatTrustedComment(p.content.info, "test.kpack"), &stranger->secretKey);
    const auto [step, message] = only(p.verify());
    CHECK(step == "signature");
    CHECK(has(message, minisign::keyIdHex(stranger->publicKey.id)));
}

TEST_CASE("verify: a truncated pack is refused") {
    SignedPack p;
    const std::string original = readFile(p.pack);
    for (std::size_t keep : {std::size_t{0}, std::size_t{100}, original.size() / 2, original.size() - 1}) {
        writeFile(p.pack, original.substr(0, keep));
        const VerifyResult r = p.verify();
        CHECK_FALSE(r.ok());
        const std::string step = r.report.findings().at(0).field;
        CHECK((step == "signature" || step == "integrity"));
    }
}

TEST_CASE("verify: a missing or garbled signature file is refused") {
    SignedPack p;
    std::filesystem::remove(signaturePathFor(p.pack));
    CHECK(only(p.verify()).first == "signature");
    writeFile(signaturePathFor(p.pack), "untrusted comment: x\nnot base64 at all\n");
    CHECK(only(p.verify()).first == "signature");
    VerifyOptions noKeys;
    CHECK(has(only(verifyPack(p.pack, noKeys)).second, "no trusted public key"));
}

TEST_CASE("verify: metadata that disagrees with the signed trusted comment is refused") {
    SignedPack p;
    p.sign("channel:test-channel version:8");
    auto [step, message] = only(p.verify());
    CHECK(step == "metadata");
    CHECK(message == "signature is for version 8 but the pack says version 7");

    p.sign("channel:other version:7");
    std::tie(step, message) = only(p.verify());
    CHECK(step == "metadata");
    CHECK(message == "signature is for channel 'other' but the pack says channel 'test-channel'");

    p.sign("timestamp:1 file:test.kpack");
    std::tie(step, message) = only(p.verify());
    CHECK(step == "signature");
    CHECK(has(message, "trusted comment does not name"));
}

TEST_CASE("verify: a pack of a channel the kiosk does not take is refused") {
    SignedPack p;
    CHECK(p.verify({"test-channel", "x"}).ok());
    auto [step, message] = only(p.verify({"bochum"}));
    CHECK(step == "channel");
    CHECK(has(message, "does not subscribe"));
}

TEST_CASE("verify: signed packs with hostile schemas are refused before any query") {
    struct Case {
        const char* name;
        const char* sql;
        const char* expected;
    };
    const Case cases[] = {
        {"trigger", "CREATE TRIGGER t AFTER INSERT ON meta BEGIN DELETE FROM entries; END;",
         "unexpected trigger 't' in pack (packs hold no triggers, views or extra tables)"},
        {"view", "CREATE VIEW v AS SELECT * FROM entries;",
         "unexpected view 'v' in pack (packs hold no triggers, views or extra tables)"},
        {"extra table", "CREATE TABLE extra(x);",
         "unexpected table 'extra' in pack (packs hold no triggers, views or extra tables)"},
        {"wrong column types",
         "DROP TABLE entry_images; CREATE TABLE entry_images(entry_id BLOB, seq TEXT, image_id INTEGER);",
         "table 'entry_images' does not have the expected columns and types"},
        {"missing table", "DROP TABLE entry_images;", "pack has no table 'entry_images'"},
        {"wrong application id", "PRAGMA application_id=1;", "not a Stadtteilkompass pack (wrong application id)"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        SignedPack p;
        p.tamperSql(c.sql);
        p.sign(formatTrustedComment(p.content.info, "")); // a valid signature: only the schema is wrong
        const auto [step, message] = only(p.verify());
        CHECK(step == "schema");
        CHECK(message == c.expected);
    }
}

TEST_CASE("verify: signed packs with inconsistent metadata are refused") {
    struct Case {
        const char* sql;
        const char* expected;
    };
    const Case cases[] = {
        {"UPDATE meta SET value='5' WHERE key='entry_count';",
         "counts in metadata (5 entries, 3 themes, 2 images) do not match the content (7, 3, 2)"},
        {"UPDATE meta SET value='2' WHERE key='schema_version';",
         "pack schema version 2 is not supported (this kiosk reads version 1)"},
        {"DELETE FROM meta WHERE key='channel';", "metadata has no valid channel"},
        {"UPDATE meta SET value='BAD CHANNEL' WHERE key='channel';", "metadata has no valid channel"},
        {"UPDATE entries SET kind='rocket' WHERE id='alt';", "entry 'alt' has unknown kind 'rocket'"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.sql);
        SignedPack p;
        p.tamperSql(c.sql);
        p.sign(formatTrustedComment(p.content.info, ""));
        const auto [step, message] = only(p.verify());
        CHECK(step == "metadata");
        CHECK(message == c.expected);
    }
}

TEST_CASE("verify: a signed file that is not a database is refused as damaged") {
    SignedPack p;
    writeFile(p.pack, std::string(8192, 'A'));
    p.sign("channel:test-channel version:7");
    const auto [step, message] = only(p.verify());
    CHECK(step == "integrity");
}
