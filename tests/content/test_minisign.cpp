// Tests for content/src/minisign.cpp: key and signature formats, signing,
// verification, hostile inputs, and interoperability with the real minisign
// binary (which must judge our files the way we do, and vice versa).
#include "kiosk/content/minisign.h"

#include "temp_dir.h"

#include <doctest/doctest.h>
#include <sodium.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace ms = kiosk::content::minisign;
using kiosk::content::Result;
using kiosk::test::readFile;
using kiosk::test::TempDir;
using kiosk::test::writeFile;

namespace {

constexpr const char* kMinisign = "/usr/bin/minisign";
constexpr const char* kComment = "channel:demo version:7";

template <typename T>
std::string errorOf(const Result<T>& r) {
    return r.ok() ? std::string("<no error>") : r.error().message;
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

ms::KeyPair freshKeys() {
    auto pair = ms::generateKeyPair();
    REQUIRE_MESSAGE(pair.ok(), errorOf(pair));
    return std::move(pair).value();
}

// Deterministic, non-repeating content so that a hash over the wrong range differs.
std::string sampleData(std::size_t size) {
    std::string data(size, '\0');
    std::uint32_t x = 0x12345678;
    for (char& c : data) {
        x = x * 1664525u + 1013904223u;
        c = static_cast<char>(x >> 24);
    }
    return data;
}

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t nl = text.find('\n', start);
        lines.push_back(text.substr(start, nl - start));
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    return lines;
}

std::string joinLines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

std::vector<std::uint8_t> decode64(const std::string& b64) {
    std::vector<std::uint8_t> out(b64.size());
    std::size_t len = 0;
    REQUIRE(sodium_base642bin(out.data(), out.size(), b64.data(), b64.size(), nullptr, &len, nullptr,
                              sodium_base64_VARIANT_ORIGINAL) == 0);
    out.resize(len);
    return out;
}

std::string encode64(const std::vector<std::uint8_t>& bin) {
    std::string out(sodium_base64_ENCODED_LEN(bin.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), bin.data(), bin.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);
    return out;
}

std::uint64_t le64(const std::uint8_t* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

// Replaces line `index` (0-based) of a key or signature text.
std::string withLine(const std::string& text, std::size_t index, const std::string& line) {
    auto lines = splitLines(text);
    REQUIRE(index < lines.size());
    lines[index] = line;
    return joinLines(lines);
}

// Re-encodes the base64 line `index` after `edit` changed its decoded bytes.
template <typename Edit>
std::string withDecodedLine(const std::string& text, std::size_t index, Edit edit) {
    auto lines = splitLines(text);
    auto bytes = decode64(lines.at(index));
    edit(bytes);
    lines[index] = encode64(bytes);
    return joinLines(lines);
}

// --- running the real minisign -------------------------------------------------

bool haveMinisign() { return std::filesystem::exists(kMinisign); }

std::string quote(const std::filesystem::path& p) {
    std::string out = "'";
    for (char c : p.string()) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

// Runs a shell command with stdout+stderr captured into `log` (shown when a check fails).
int run(const std::string& command, const TempDir& dir, std::string* log = nullptr) {
    const auto logFile = dir / "command.log";
    const int status = std::system((command + " >" + quote(logFile) + " 2>&1").c_str());
    if (log) *log = std::filesystem::exists(logFile) ? readFile(logFile) : std::string();
    if (status == -1 || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

} // namespace

// ---------------------------------------------------------------------------
// Key ids and keys

TEST_CASE("minisign: key id is printed like minisign") {
    // A key made by `minisign -G -W`; its .pub comment reads "minisign public key 16E2266F0709A4F0".
    auto key = ms::PublicKey::parse("RWTwpAkHbybiFjbc9cbOD8FCdVo01dXOpMYkmKqvV0Q1zxlnkjUzOELm");
    REQUIRE_MESSAGE(key.ok(), errorOf(key));
    CHECK(ms::keyIdHex(key->id) == "16E2266F0709A4F0");
    CHECK(key->id == ms::KeyId{0xF0, 0xA4, 0x09, 0x07, 0x6F, 0x26, 0xE2, 0x16});
    CHECK(ms::keyIdHex(ms::KeyId{0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF}) == "EFCDAB8967452301");
    CHECK(key->fileText() ==
          "untrusted comment: minisign public key 16E2266F0709A4F0\n"
          "RWTwpAkHbybiFjbc9cbOD8FCdVo01dXOpMYkmKqvV0Q1zxlnkjUzOELm\n");
}

TEST_CASE("minisign: a key id with a leading zero is written without it as minisign does") {
    // CI found it: one key in sixteen starts with a zero nibble, and minisign prints "%" PRIX64.
    ms::PublicKey pk = freshKeys().publicKey;
    pk.id = {0x60, 0x6D, 0xD1, 0x1A, 0x28, 0x23, 0xDC, 0x04}; // little-endian 0x04DC23281AD16D60
    CHECK(ms::keyIdHex(pk.id) == "04DC23281AD16D60");
    CHECK(pk.fileText().rfind("untrusted comment: minisign public key 4DC23281AD16D60\n", 0) == 0);
    auto back = ms::PublicKey::parse(pk.fileText());
    REQUIRE_MESSAGE(back.ok(), errorOf(back));
    CHECK(*back == pk);
}

TEST_CASE("minisign: public key round trip") {
    const auto pair = freshKeys();
    const ms::PublicKey& pk = pair.publicKey;
    CHECK(pair.secretKey.id() == pk.id);
    CHECK(pair.secretKey.publicKey() == pk);

    const std::string text = pk.fileText();
    std::string id = ms::keyIdHex(pk.id);
    id.erase(0, std::min(id.find_first_not_of('0'), id.size() - 1));
    CHECK(text == "untrusted comment: minisign public key " + id + "\n" + pk.base64() + "\n");
    CHECK(pk.base64().size() == 56);

    auto fromFile = ms::PublicKey::parse(text);
    REQUIRE_MESSAGE(fromFile.ok(), errorOf(fromFile));
    CHECK(*fromFile == pk);

    auto fromLine = ms::PublicKey::parse(pk.base64());
    REQUIRE_MESSAGE(fromLine.ok(), errorOf(fromLine));
    CHECK(*fromLine == pk);

    // Pasted into a configuration with surrounding blanks and a newline.
    auto pasted = ms::PublicKey::parse("  " + pk.base64() + "\t\n");
    REQUIRE_MESSAGE(pasted.ok(), errorOf(pasted));
    CHECK(*pasted == pk);

    TempDir dir;
    writeFile(dir / "k.pub", text);
    auto loaded = ms::PublicKey::load(dir / "k.pub");
    REQUIRE_MESSAGE(loaded.ok(), errorOf(loaded));
    CHECK(*loaded == pk);

    // Two fresh pairs never share a key or an id.
    const auto other = freshKeys();
    CHECK_FALSE(other.publicKey == pk);
    CHECK(other.publicKey.id != pk.id);
}

TEST_CASE("minisign: unencrypted secret key round trip") {
    const auto pair = freshKeys();
    auto text = pair.secretKey.fileText(std::nullopt);
    REQUIRE_MESSAGE(text.ok(), errorOf(text));
    CHECK(text->rfind("untrusted comment: ", 0) == 0);

    auto encrypted = ms::SecretKey::isEncrypted(*text);
    REQUIRE_MESSAGE(encrypted.ok(), errorOf(encrypted));
    CHECK_FALSE(*encrypted);

    // Layout: "Ed", kdf none, "B2", zero salt and limits, then the key in clear.
    const auto raw = decode64(splitLines(*text).at(1));
    REQUIRE(raw.size() == 158);
    CHECK(raw[0] == 'E');
    CHECK(raw[1] == 'd');
    CHECK(raw[2] == 0);
    CHECK(raw[3] == 0);
    CHECK(raw[4] == 'B');
    CHECK(raw[5] == '2');
    CHECK(le64(raw.data() + 38) == 0);
    CHECK(le64(raw.data() + 46) == 0);
    CHECK(std::equal(pair.secretKey.id().begin(), pair.secretKey.id().end(), raw.begin() + 54));
    CHECK(std::equal(pair.secretKey.raw().begin(), pair.secretKey.raw().end(), raw.begin() + 62));

    auto parsed = ms::SecretKey::parse(*text, std::nullopt);
    REQUIRE_MESSAGE(parsed.ok(), errorOf(parsed));
    CHECK(parsed->id() == pair.secretKey.id());
    CHECK(parsed->raw() == pair.secretKey.raw());
    CHECK(parsed->publicKey() == pair.publicKey);

    // A passphrase given for an unencrypted key is ignored, as minisign does.
    auto withPass = ms::SecretKey::parse(*text, "unused");
    REQUIRE_MESSAGE(withPass.ok(), errorOf(withPass));
    CHECK(withPass->raw() == pair.secretKey.raw());

    TempDir dir;
    writeFile(dir / "k.key", *text);
    auto loaded = ms::SecretKey::load(dir / "k.key", std::nullopt);
    REQUIRE_MESSAGE(loaded.ok(), errorOf(loaded));
    CHECK(loaded->raw() == pair.secretKey.raw());

    // Copies carry the key; assignment too.
    ms::SecretKey copy(*loaded);
    CHECK(copy.raw() == pair.secretKey.raw());
    ms::SecretKey assigned;
    CHECK(assigned.raw() != pair.secretKey.raw());
    assigned = copy;
    CHECK(assigned.id() == pair.secretKey.id());
    CHECK(assigned.raw() == pair.secretKey.raw());
}

TEST_CASE("minisign: encrypted secret key round trip") {
    const auto pair = freshKeys();
    auto text = pair.secretKey.fileText("correct horse", ms::SecretKey::KdfCost::Interactive);
    REQUIRE_MESSAGE(text.ok(), errorOf(text));

    auto encrypted = ms::SecretKey::isEncrypted(*text);
    REQUIRE_MESSAGE(encrypted.ok(), errorOf(encrypted));
    CHECK(*encrypted);

    const auto raw = decode64(splitLines(*text).at(1));
    REQUIRE(raw.size() == 158);
    CHECK(raw[2] == 'S');
    CHECK(raw[3] == 'c');
    CHECK(le64(raw.data() + 38) == crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_INTERACTIVE);
    CHECK(le64(raw.data() + 46) == crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_INTERACTIVE);
    // The secret key must not appear in clear.
    CHECK_FALSE(std::equal(pair.secretKey.raw().begin(), pair.secretKey.raw().end(), raw.begin() + 62));

    auto parsed = ms::SecretKey::parse(*text, "correct horse");
    REQUIRE_MESSAGE(parsed.ok(), errorOf(parsed));
    CHECK(parsed->id() == pair.secretKey.id());
    CHECK(parsed->raw() == pair.secretKey.raw());

    // A fresh salt each time: two encryptions of one key differ.
    auto again = pair.secretKey.fileText("correct horse", ms::SecretKey::KdfCost::Interactive);
    REQUIRE(again.ok());
    CHECK(*again != *text);

    // An empty passphrase is still a passphrase (minisign accepts it).
    auto empty = pair.secretKey.fileText("", ms::SecretKey::KdfCost::Interactive);
    REQUIRE_MESSAGE(empty.ok(), errorOf(empty));
    auto parsedEmpty = ms::SecretKey::parse(*empty, "");
    REQUIRE_MESSAGE(parsedEmpty.ok(), errorOf(parsedEmpty));
    CHECK(parsedEmpty->raw() == pair.secretKey.raw());
}

TEST_CASE("minisign: wrong or missing passphrase is reported") {
    const auto pair = freshKeys();
    auto text = pair.secretKey.fileText("correct horse", ms::SecretKey::KdfCost::Interactive);
    REQUIRE(text.ok());

    auto wrong = ms::SecretKey::parse(*text, "correct hors");
    CHECK(errorOf(wrong) == "wrong passphrase for secret key (checksum mismatch)");
    auto missing = ms::SecretKey::parse(*text, std::nullopt);
    CHECK(errorOf(missing) == "secret key is encrypted; a passphrase is required");

    TempDir dir;
    writeFile(dir / "k.key", *text);
    auto loaded = ms::SecretKey::load(dir / "k.key", "nope");
    CHECK(errorOf(loaded) == "wrong passphrase for secret key (checksum mismatch)");
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().file == (dir / "k.key").string());
}

TEST_CASE("minisign: passphrases minisign cannot type are refused") {
    const auto pair = freshKeys();
    using Cost = ms::SecretKey::KdfCost;
    CHECK(contains(errorOf(pair.secretKey.fileText("two\nlines", Cost::Interactive)), "line breaks"));
    CHECK(contains(errorOf(pair.secretKey.fileText(std::string_view("nul\0byte", 8), Cost::Interactive)), "NUL"));
    CHECK(contains(errorOf(pair.secretKey.fileText(std::string(1023, 'p'), Cost::Interactive)), "too long"));
    CHECK(pair.secretKey.fileText(std::string(1022, 'p'), Cost::Interactive).ok());
}

TEST_CASE("minisign: corrupted secret keys are rejected") {
    const auto pair = freshKeys();
    auto plainText = pair.secretKey.fileText(std::nullopt);
    auto encText = pair.secretKey.fileText("pw", ms::SecretKey::KdfCost::Interactive);
    REQUIRE(plainText.ok());
    REQUIRE(encText.ok());
    const std::string plain = *plainText;
    const std::string enc = *encText;

    SUBCASE("a byte of the secret key changed") {
        auto bad = withDecodedLine(plain, 1, [](auto& b) { b[62 + 5] ^= 0x01; });
        CHECK(errorOf(ms::SecretKey::parse(bad, std::nullopt)) ==
              "secret key: checksum mismatch (key file is corrupted)");
    }
    SUBCASE("a zero checksum as minisign -G -W writes still catches a damaged key") {
        auto zeroChk = withDecodedLine(plain, 1, [](auto& b) { std::fill(b.begin() + 126, b.end(), 0); });
        auto ok = ms::SecretKey::parse(zeroChk, std::nullopt);
        REQUIRE_MESSAGE(ok.ok(), errorOf(ok));
        CHECK(ok->raw() == pair.secretKey.raw());
        auto bad = withDecodedLine(zeroChk, 1, [](auto& b) { b[62 + 40] ^= 0x10; });
        CHECK(errorOf(ms::SecretKey::parse(bad, std::nullopt)) ==
              "secret key: public half does not match the private seed (key file is corrupted)");
    }
    SUBCASE("unknown algorithms") {
        auto badAlg = withDecodedLine(plain, 1, [](auto& b) { b[1] = 'X'; });
        CHECK(errorOf(ms::SecretKey::parse(badAlg, std::nullopt)) ==
              "secret key: unknown signature algorithm \"EX\" (expected \"Ed\")");
        auto badKdf = withDecodedLine(plain, 1, [](auto& b) { b[2] = 'X'; b[3] = 'x'; });
        CHECK(errorOf(ms::SecretKey::parse(badKdf, std::nullopt)) ==
              "secret key: unknown key derivation algorithm \"Xx\" (expected \"Sc\" or none)");
        CHECK(errorOf(ms::SecretKey::isEncrypted(badKdf)) == errorOf(ms::SecretKey::parse(badKdf, std::nullopt)));
        auto badChk = withDecodedLine(plain, 1, [](auto& b) { b[4] = 0x01; b[5] = 0x02; });
        CHECK(errorOf(ms::SecretKey::parse(badChk, std::nullopt)) ==
              "secret key: unknown checksum algorithm 0x0102 (expected \"B2\")");
    }
    SUBCASE("absurd scrypt limits are refused before scrypt runs") {
        auto hugeMem = withDecodedLine(enc, 1, [](auto& b) { b[46 + 7] = 0x40; });
        CHECK(contains(errorOf(ms::SecretKey::parse(hugeMem, "pw")), "scrypt memory limit of 4611686018444"));
        auto hugeOps = withDecodedLine(enc, 1, [](auto& b) { b[38 + 6] = 0x01; });
        CHECK(contains(errorOf(ms::SecretKey::parse(hugeOps, "pw")), "scrypt operations limit of"));
    }
    SUBCASE("changed salt reads as a wrong passphrase") {
        auto bad = withDecodedLine(enc, 1, [](auto& b) { b[6] ^= 0x01; });
        CHECK(errorOf(ms::SecretKey::parse(bad, "pw")) == "wrong passphrase for secret key (checksum mismatch)");
    }
    SUBCASE("broken file structure") {
        CHECK(errorOf(ms::SecretKey::parse("", std::nullopt)) == "secret key: file is empty");
        CHECK(errorOf(ms::SecretKey::parse(splitLines(plain)[1], std::nullopt)) ==
              "secret key: expected 2 lines (untrusted comment, key), found 1");
        CHECK(errorOf(ms::SecretKey::parse(withLine(plain, 0, "comment: x"), std::nullopt)) ==
              "secret key: line 1 does not start with \"untrusted comment: \"");
        CHECK(errorOf(ms::SecretKey::parse(withLine(plain, 1, "RWQ!"), std::nullopt)) ==
              "secret key: line 2 is not valid base64");
        CHECK(errorOf(ms::SecretKey::parse(withLine(plain, 1, "RWQAAEIy"), std::nullopt)) ==
              "secret key: line 2 decodes to 6 bytes, expected 158");
        CHECK(errorOf(ms::SecretKey::parse(plain + "extra\n", std::nullopt)) ==
              "secret key: expected 2 lines (untrusted comment, key), found 3");
    }
}

// ---------------------------------------------------------------------------
// Signing and verification

TEST_CASE("minisign: sign and verify bytes") {
    const auto pair = freshKeys();
    const std::string data = sampleData(10000);
    auto sig = ms::signBytes(data, pair.secretKey, kComment, "for the tests");
    REQUIRE_MESSAGE(sig.ok(), errorOf(sig));
    CHECK(sig->prehashed);
    CHECK(sig->keyId == pair.publicKey.id);
    CHECK(sig->trustedComment == kComment);
    CHECK(sig->untrustedComment == "for the tests");

    auto verified = ms::verifyBytes(data, *sig, {pair.publicKey});
    REQUIRE_MESSAGE(verified.ok(), errorOf(verified));
    CHECK(*verified == pair.publicKey);

    // Through the file format and back.
    const std::string text = sig->fileText();
    const auto lines = splitLines(text);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "untrusted comment: for the tests");
    CHECK(lines[2] == std::string("trusted comment: ") + kComment);
    CHECK(text.back() == '\n');
    auto parsed = ms::Signature::parse(text);
    REQUIRE_MESSAGE(parsed.ok(), errorOf(parsed));
    CHECK(parsed->prehashed);
    CHECK(parsed->keyId == sig->keyId);
    CHECK(parsed->signature == sig->signature);
    CHECK(parsed->globalSignature == sig->globalSignature);
    CHECK(parsed->trustedComment == kComment);
    CHECK(parsed->untrustedComment == "for the tests");
    CHECK(parsed->fileText() == text);
    CHECK(ms::verifyBytes(data, *parsed, {pair.publicKey}).ok());

    // Empty data and empty comments are legitimate.
    auto emptySig = ms::signBytes("", pair.secretKey, "", "");
    REQUIRE_MESSAGE(emptySig.ok(), errorOf(emptySig));
    auto emptyParsed = ms::Signature::parse(emptySig->fileText());
    REQUIRE_MESSAGE(emptyParsed.ok(), errorOf(emptyParsed));
    CHECK(ms::verifyBytes("", *emptyParsed, {pair.publicKey}).ok());
    CHECK_FALSE(ms::verifyBytes("x", *emptyParsed, {pair.publicKey}).ok());
}

TEST_CASE("minisign: sign and verify a large file in chunks") {
    TempDir dir;
    const auto pair = freshKeys();
    // Bigger than the 1 MiB read chunk and not a multiple of it.
    const std::string data = sampleData(3 * 1024 * 1024 + 17);
    writeFile(dir / "pack.sqlite", data);

    auto hash = ms::blake2b512File(dir / "pack.sqlite");
    REQUIRE_MESSAGE(hash.ok(), errorOf(hash));
    std::array<std::uint8_t, 64> expected{};
    crypto_generichash(expected.data(), expected.size(), reinterpret_cast<const unsigned char*>(data.data()),
                       data.size(), nullptr, 0);
    CHECK(*hash == expected);

    auto sig = ms::signFile(dir / "pack.sqlite", pair.secretKey, kComment);
    REQUIRE_MESSAGE(sig.ok(), errorOf(sig));
    CHECK(sig->untrustedComment == "signature from kiosk-pack secret key");
    writeFile(dir / "pack.sqlite.minisig", sig->fileText());

    auto loaded = ms::Signature::load(dir / "pack.sqlite.minisig");
    REQUIRE_MESSAGE(loaded.ok(), errorOf(loaded));
    auto verified = ms::verifyFile(dir / "pack.sqlite", *loaded, {pair.publicKey});
    REQUIRE_MESSAGE(verified.ok(), errorOf(verified));
    CHECK(*verified == pair.publicKey);

    // File and memory agree, and so does the caller-supplied hash.
    CHECK(ms::verifyBytes(data, *loaded, {pair.publicKey}).ok());
    CHECK(ms::verifyPrehashed(*hash, *loaded, {pair.publicKey}).ok());
    auto otherHash = *hash;
    otherHash[0] ^= 1;
    CHECK(errorOf(ms::verifyPrehashed(otherHash, *loaded, {pair.publicKey})) ==
          "signature does not match the file (file modified or signature for another file)");
}

TEST_CASE("minisign: flipped byte in the file is rejected") {
    TempDir dir;
    const auto pair = freshKeys();
    const std::string data = sampleData(2 * 1024 * 1024 + 5);
    writeFile(dir / "pack.sqlite", data);
    auto sig = ms::signFile(dir / "pack.sqlite", pair.secretKey, kComment);
    REQUIRE(sig.ok());
    REQUIRE(ms::verifyFile(dir / "pack.sqlite", *sig, {pair.publicKey}).ok());

    const std::string expected = "signature does not match the file (file modified or signature for another file)";
    for (std::size_t pos : {std::size_t{0}, std::size_t{1024 * 1024 - 1}, std::size_t{1024 * 1024}, data.size() / 2,
                            data.size() - 1}) {
        CAPTURE(pos);
        std::string changed = data;
        changed[pos] = static_cast<char>(changed[pos] ^ 0x01);
        writeFile(dir / "pack.sqlite", changed);
        auto result = ms::verifyFile(dir / "pack.sqlite", *sig, {pair.publicKey});
        CHECK(errorOf(result) == expected);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().file == (dir / "pack.sqlite").string());
    }
    writeFile(dir / "pack.sqlite", data + "x");
    CHECK(errorOf(ms::verifyFile(dir / "pack.sqlite", *sig, {pair.publicKey})) == expected);
    writeFile(dir / "pack.sqlite", data.substr(0, data.size() - 1));
    CHECK(errorOf(ms::verifyFile(dir / "pack.sqlite", *sig, {pair.publicKey})) == expected);
    writeFile(dir / "pack.sqlite", data);
    CHECK(ms::verifyFile(dir / "pack.sqlite", *sig, {pair.publicKey}).ok());
}

TEST_CASE("minisign: modified trusted comment is rejected") {
    const auto pair = freshKeys();
    const std::string data = sampleData(1000);
    auto sig = ms::signBytes(data, pair.secretKey, kComment);
    REQUIRE(sig.ok());
    const std::string expected = "trusted comment signature is invalid (trusted comment was modified)";

    ms::Signature edited = *sig;
    edited.trustedComment = "channel:demo version:8";
    CHECK(errorOf(ms::verifyBytes(data, edited, {pair.publicKey})) == expected);

    // Edited in the file, as someone with a text editor would.
    auto parsed = ms::Signature::parse(withLine(sig->fileText(), 2, "trusted comment: channel:live version:7"));
    REQUIRE_MESSAGE(parsed.ok(), errorOf(parsed));
    CHECK(errorOf(ms::verifyBytes(data, *parsed, {pair.publicKey})) == expected);

    // Trailing text and removal count too.
    edited.trustedComment = std::string(kComment) + " ";
    CHECK(errorOf(ms::verifyBytes(data, edited, {pair.publicKey})) == expected);
    edited.trustedComment.clear();
    CHECK(errorOf(ms::verifyBytes(data, edited, {pair.publicKey})) == expected);

    // The comment and global signature of another file's signature do not fit this one.
    auto other = ms::signBytes(data + "x", pair.secretKey, "channel:demo version:8");
    REQUIRE(other.ok());
    ms::Signature mixed = *sig;
    mixed.trustedComment = other->trustedComment;
    mixed.globalSignature = other->globalSignature;
    CHECK(errorOf(ms::verifyBytes(data, mixed, {pair.publicKey})) == expected);
}

TEST_CASE("minisign: untrusted comment is not covered by the signature") {
    // Documents minisign's design: the first line may change without notice,
    // so nothing may ever be decided on it.
    const auto pair = freshKeys();
    auto sig = ms::signBytes("data", pair.secretKey, kComment);
    REQUIRE(sig.ok());
    auto parsed = ms::Signature::parse(withLine(sig->fileText(), 0, "untrusted comment: anything at all"));
    REQUIRE_MESSAGE(parsed.ok(), errorOf(parsed));
    CHECK(parsed->untrustedComment == "anything at all");
    CHECK(ms::verifyBytes("data", *parsed, {pair.publicKey}).ok());
}

TEST_CASE("minisign: signature of another file is rejected") {
    TempDir dir;
    const auto pair = freshKeys();
    writeFile(dir / "a.sqlite", sampleData(5000));
    writeFile(dir / "b.sqlite", sampleData(5001));
    auto sigA = ms::signFile(dir / "a.sqlite", pair.secretKey, kComment);
    auto sigB = ms::signFile(dir / "b.sqlite", pair.secretKey, kComment);
    REQUIRE(sigA.ok());
    REQUIRE(sigB.ok());
    CHECK(ms::verifyFile(dir / "a.sqlite", *sigA, {pair.publicKey}).ok());
    CHECK(ms::verifyFile(dir / "b.sqlite", *sigB, {pair.publicKey}).ok());
    CHECK(errorOf(ms::verifyFile(dir / "a.sqlite", *sigB, {pair.publicKey})) ==
          "signature does not match the file (file modified or signature for another file)");
    CHECK(errorOf(ms::verifyFile(dir / "b.sqlite", *sigA, {pair.publicKey})) ==
          "signature does not match the file (file modified or signature for another file)");

    // Same key id, another key: an impostor who copied the id.
    auto impostor = freshKeys();
    ms::PublicKey fake = impostor.publicKey;
    fake.id = pair.publicKey.id;
    CHECK(errorOf(ms::verifyFile(dir / "a.sqlite", *sigA, {fake})) ==
          "signature does not match the file (file modified or signature for another file)");
}

TEST_CASE("minisign: unknown key is rejected with its key id") {
    const auto signer = freshKeys();
    const auto trustedA = freshKeys();
    const auto trustedB = freshKeys();
    auto sig = ms::signBytes("data", signer.secretKey, kComment);
    REQUIRE(sig.ok());

    const std::string id = ms::keyIdHex(signer.publicKey.id);
    CHECK(errorOf(ms::verifyBytes("data", *sig, {trustedA.publicKey, trustedB.publicKey})) ==
          "signature was made with key " + id + ", which is not among the trusted keys (trusted: " +
              ms::keyIdHex(trustedA.publicKey.id) + ", " + ms::keyIdHex(trustedB.publicKey.id) + ")");
    CHECK(errorOf(ms::verifyBytes("data", *sig, {})) ==
          "signature was made with key " + id + ", which is not among the trusted keys (no keys are trusted)");

    // The id check comes before touching the file: a missing file still says "not trusted".
    TempDir dir;
    CHECK(contains(errorOf(ms::verifyFile(dir / "missing", *sig, {trustedA.publicKey})), id));

    // Among several keys the right one is found and returned.
    auto verified = ms::verifyBytes("data", *sig, {trustedA.publicKey, signer.publicKey, trustedB.publicKey});
    REQUIRE_MESSAGE(verified.ok(), errorOf(verified));
    CHECK(*verified == signer.publicKey);
}

TEST_CASE("minisign: comments that would break the file are refused when signing") {
    const auto pair = freshKeys();
    TempDir dir;
    writeFile(dir / "f", "x");
    CHECK(errorOf(ms::signBytes("x", pair.secretKey, "a\nb")) ==
          "trusted comment must not contain line breaks or NUL bytes");
    CHECK(errorOf(ms::signBytes("x", pair.secretKey, "a\rb")) ==
          "trusted comment must not contain line breaks or NUL bytes");
    CHECK(errorOf(ms::signBytes("x", pair.secretKey, std::string_view("a\0b", 3))) ==
          "trusted comment must not contain line breaks or NUL bytes");
    CHECK(errorOf(ms::signBytes("x", pair.secretKey, "ok", "a\nb")) ==
          "untrusted comment must not contain line breaks or NUL bytes");
    CHECK(errorOf(ms::signFile(dir / "f", pair.secretKey, "a\nb")) ==
          "trusted comment must not contain line breaks or NUL bytes");
    CHECK(errorOf(ms::signBytes("x", pair.secretKey, std::string(8174, 'c'))) ==
          "trusted comment is too long (8174 bytes, minisign reads at most 8173)");
    CHECK(ms::signBytes("x", pair.secretKey, std::string(8173, 'c')).ok());
    CHECK(errorOf(ms::signBytes("x", pair.secretKey, "ok", std::string(1004, 'c'))) ==
          "untrusted comment is too long (1004 bytes, minisign reads at most 1003)");
    CHECK(errorOf(ms::signBytes("x", ms::SecretKey{}, "ok")) == "cannot sign with an empty secret key");
}

TEST_CASE("minisign: missing files are reported with their path") {
    TempDir dir;
    const auto pair = freshKeys();
    auto sig = ms::signBytes("x", pair.secretKey, kComment);
    REQUIRE(sig.ok());

    auto verify = ms::verifyFile(dir / "nope.sqlite", *sig, {pair.publicKey});
    CHECK(errorOf(verify) == "cannot open: No such file or directory");
    REQUIRE_FALSE(verify.ok());
    CHECK(verify.error().file == (dir / "nope.sqlite").string());

    auto sigLoad = ms::Signature::load(dir / "nope.minisig");
    CHECK(errorOf(sigLoad) == "signature file: cannot open: No such file or directory");
    REQUIRE_FALSE(sigLoad.ok());
    CHECK(sigLoad.error().file == (dir / "nope.minisig").string());
    CHECK(errorOf(ms::PublicKey::load(dir / "nope.pub")) == "public key: cannot open: No such file or directory");
    CHECK(errorOf(ms::SecretKey::load(dir / "nope.key", std::nullopt)) ==
          "secret key: cannot open: No such file or directory");
    CHECK(errorOf(ms::blake2b512File(dir / "nope")) == "cannot open: No such file or directory");
    CHECK(errorOf(ms::signFile(dir / "nope", pair.secretKey, kComment)) == "cannot open: No such file or directory");

    // A directory where a file is expected.
    CHECK(contains(errorOf(ms::blake2b512File(dir.path())), "cannot read"));
    CHECK(contains(errorOf(ms::Signature::load(dir.path())), "signature file: cannot read"));

    // Parse errors from load() carry the path as well.
    writeFile(dir / "bad.minisig", "hello\n");
    auto bad = ms::Signature::load(dir / "bad.minisig");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().file == (dir / "bad.minisig").string());
    CHECK(bad.error().toString() == (dir / "bad.minisig").string() + ": " + bad.error().message);
}

// ---------------------------------------------------------------------------
// Hostile and sloppy files

TEST_CASE("minisign: malformed signature files give clear messages") {
    const auto pair = freshKeys();
    auto sig = ms::signBytes("data", pair.secretKey, kComment, "c");
    REQUIRE(sig.ok());
    const std::string good = sig->fileText();
    const auto lines = splitLines(good);
    REQUIRE(lines.size() == 4);

    struct Case {
        const char* name;
        std::string text;
        std::string message;
    };
    const std::string wrongAlg = withDecodedLine(good, 1, [](auto& b) { b[0] = 'X'; b[1] = 'Y'; });
    const std::string controlAlg = withDecodedLine(good, 1, [](auto& b) { b[0] = 0x1b; b[1] = '['; });
    const std::vector<Case> cases = {
        {"empty", "", "signature file: file is empty"},
        {"only blank lines", "\n\r\n  \n", "signature file: file is empty"},
        {"three lines", joinLines({lines[0], lines[1], lines[2]}),
         "signature file: expected 4 lines (untrusted comment, signature, trusted comment, comment signature), "
         "found 3"},
        {"five lines", good + "one more\n",
         "signature file: expected 4 lines (untrusted comment, signature, trusted comment, comment signature), "
         "found 5"},
        {"blank line inside", joinLines({lines[0], "", lines[1], lines[2], lines[3]}),
         "signature file: expected 4 lines (untrusted comment, signature, trusted comment, comment signature), "
         "found 5"},
        {"no untrusted prefix", withLine(good, 0, "signature from x"),
         "signature file: line 1 does not start with \"untrusted comment: \""},
        {"prefix without space", withLine(good, 0, "untrusted comment:x"),
         "signature file: line 1 does not start with \"untrusted comment: \""},
        {"no trusted prefix", withLine(good, 2, kComment),
         "signature file: line 3 does not start with \"trusted comment: \""},
        {"untrusted prefix on line 3", withLine(good, 2, std::string("untrusted comment: ") + kComment),
         "signature file: line 3 does not start with \"trusted comment: \""},
        {"bad base64 line 2", withLine(good, 1, lines[1].substr(0, 20) + "*" + lines[1].substr(21)),
         "signature file: line 2 is not valid base64"},
        // libsodium alone would read 'A' | 0x80 as 'A'.
        {"high bit set in line 2", withLine(good, 1, lines[1].substr(0, 15) + static_cast<char>(lines[1][15] | 0x80) +
                                                         lines[1].substr(16)),
         "signature file: line 2 is not valid base64"},
        {"missing padding line 2", withLine(good, 1, lines[1].substr(0, lines[1].size() - 1)),
         "signature file: line 2 is not valid base64"},
        {"empty line 2", withLine(good, 1, ""), "signature file: line 2 is empty"},
        {"short line 2", withLine(good, 1, lines[1].substr(0, 96)),
         "signature file: line 2 decodes to 72 bytes, expected 74"},
        {"long line 2", withLine(good, 1, lines[3]), "signature file: line 2 decodes to 64 bytes, expected 74"},
        {"bad base64 line 4", withLine(good, 3, "!" + lines[3].substr(1)),
         "signature file: line 4 is not valid base64"},
        {"short line 4", withLine(good, 3, lines[3].substr(0, 84)),
         "signature file: line 4 decodes to 63 bytes, expected 64"},
        {"long line 4", withLine(good, 3, lines[1]), "signature file: line 4 decodes to 74 bytes, expected 64"},
        {"unknown algorithm", wrongAlg,
         "signature file: unknown signature algorithm \"XY\" (expected \"ED\" or legacy \"Ed\")"},
        {"control bytes as algorithm", controlAlg,
         "signature file: unknown signature algorithm 0x1B5B (expected \"ED\" or legacy \"Ed\")"},
        {"NUL in trusted comment", withLine(good, 2, std::string("trusted comment: a\0b", 20)),
         "signature file: line 3 contains a NUL byte"},
        {"NUL in untrusted comment", withLine(good, 0, std::string("untrusted comment: \0", 20)),
         "signature file: line 1 contains a NUL byte"},
        {"CR inside trusted comment", withLine(good, 2, "trusted comment: a\rb"),
         "signature file: line 3 contains a stray carriage return"},
        {"too long trusted comment", withLine(good, 2, "trusted comment: " + std::string(8174, 'x')),
         "signature file: line 3: comment is too long (8174 bytes, minisign reads at most 8173)"},
        {"too long untrusted comment", withLine(good, 0, "untrusted comment: " + std::string(1004, 'x')),
         "signature file: line 1: comment is too long (1004 bytes, minisign reads at most 1003)"},
        {"too large", good + std::string(70000, '\n'),
         "signature file: file is too large (" + std::to_string(good.size() + 70000) +
             " bytes, at most 65536 expected)"},
        {"a public key instead", pair.publicKey.fileText(),
         "signature file: expected 4 lines (untrusted comment, signature, trusted comment, comment signature), "
         "found 2"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CHECK(errorOf(ms::Signature::parse(c.text)) == c.message);
    }
}

TEST_CASE("minisign: CRLF and a missing final newline are accepted") {
    const auto pair = freshKeys();
    auto sig = ms::signBytes("data", pair.secretKey, kComment);
    REQUIRE(sig.ok());
    const std::string lf = sig->fileText();
    std::string crlf;
    for (char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);

    for (const std::string& text : {crlf, lf.substr(0, lf.size() - 1), crlf.substr(0, crlf.size() - 2), lf + "\n\n",
                                    crlf + "\r\n"}) {
        auto parsed = ms::Signature::parse(text);
        REQUIRE_MESSAGE(parsed.ok(), errorOf(parsed));
        CHECK(parsed->trustedComment == kComment);
        CHECK(ms::verifyBytes("data", *parsed, {pair.publicKey}).ok());
    }

    std::string pubCrlf = pair.publicKey.fileText();
    pubCrlf.insert(pubCrlf.find('\n'), "\r");
    pubCrlf.pop_back();
    auto pk = ms::PublicKey::parse(pubCrlf);
    REQUIRE_MESSAGE(pk.ok(), errorOf(pk));
    CHECK(*pk == pair.publicKey);

    auto keyText = pair.secretKey.fileText(std::nullopt);
    REQUIRE(keyText.ok());
    std::string keyCrlf = *keyText;
    keyCrlf.insert(keyCrlf.find('\n'), "\r");
    keyCrlf.back() = '\r';
    keyCrlf += '\n';
    auto sk = ms::SecretKey::parse(keyCrlf, std::nullopt);
    REQUIRE_MESSAGE(sk.ok(), errorOf(sk));
    CHECK(sk->raw() == pair.secretKey.raw());
}

TEST_CASE("minisign: malformed public keys give clear messages") {
    const auto pair = freshKeys();
    const std::string good = pair.publicKey.fileText();
    const std::string line = pair.publicKey.base64();
    CHECK(errorOf(ms::PublicKey::parse("")) == "public key: file is empty");
    CHECK(errorOf(ms::PublicKey::parse("untrusted comment: minisign public key 0\n")) ==
          "public key: expected 2 lines (untrusted comment, key) or the key line alone, found 1");
    CHECK(errorOf(ms::PublicKey::parse(good + "x\n")) ==
          "public key: expected 2 lines (untrusted comment, key) or the key line alone, found 3");
    CHECK(errorOf(ms::PublicKey::parse("minisign public key\n" + line + "\n")) ==
          "public key: line 1 does not start with \"untrusted comment: \"");
    CHECK(errorOf(ms::PublicKey::parse(line.substr(0, 55))) == "public key is not valid base64");
    CHECK(errorOf(ms::PublicKey::parse(line.substr(0, 52))) == "public key decodes to 39 bytes, expected 42");
    CHECK(errorOf(ms::PublicKey::parse(withLine(good, 1, line + "AAAA"))) ==
          "public key: line 2 decodes to 45 bytes, expected 42");
    CHECK(errorOf(ms::PublicKey::parse(withLine(good, 1, "RW:" + line.substr(3)))) ==
          "public key: line 2 is not valid base64");
    CHECK(errorOf(ms::PublicKey::parse(withDecodedLine(good, 1, [](auto& b) { b[1] = 'D'; }))) ==
          "public key: unknown signature algorithm \"ED\" (expected \"Ed\")");
    CHECK(errorOf(ms::PublicKey::parse(std::string("untrusted comment: \0\n", 21) + line)) ==
          "public key: line 1 contains a NUL byte");
    CHECK(errorOf(ms::PublicKey::parse(good + std::string(65536, ' '))) ==
          "public key: file is too large (" + std::to_string(good.size() + 65536) + " bytes, at most 65536 expected)");

    // A signature line is valid base64 but not a key.
    auto sig = ms::signBytes("x", pair.secretKey, kComment);
    REQUIRE(sig.ok());
    CHECK(errorOf(ms::PublicKey::parse(splitLines(sig->fileText())[1])) ==
          "public key decodes to 74 bytes, expected 42");

    TempDir dir;
    writeFile(dir / "big.pub", std::string(100000, 'A'));
    auto big = ms::PublicKey::load(dir / "big.pub");
    CHECK(errorOf(big) == "public key: file is too large (more than 65536 bytes)");
}

TEST_CASE("minisign: every flipped byte of a signature file is rejected") {
    const auto pair = freshKeys();
    const std::string data = sampleData(4096);
    auto sig = ms::signBytes(data, pair.secretKey, kComment);
    REQUIRE(sig.ok());
    const std::string good = sig->fileText();
    const auto lines = splitLines(good);
    REQUIRE(ms::verifyBytes(data, *ms::Signature::parse(good), {pair.publicKey}).ok());

    int tried = 0;
    int parseErrors = 0;
    std::vector<std::string> accepted;
    // Lines 2 and 4 are the base64 ones, line 3 is the signed trusted comment.
    for (std::size_t lineIndex : {std::size_t{1}, std::size_t{2}, std::size_t{3}}) {
        const std::size_t first = lineIndex == 2 ? std::string("trusted comment: ").size() : 0;
        for (std::size_t pos = first; pos < lines[lineIndex].size(); ++pos) {
            for (std::uint8_t mask : {std::uint8_t{0x01}, std::uint8_t{0x02}, std::uint8_t{0x20}, std::uint8_t{0x80}}) {
                std::string changed = lines[lineIndex];
                changed[pos] = static_cast<char>(static_cast<std::uint8_t>(changed[pos]) ^ mask);
                const std::string text = withLine(good, lineIndex, changed);
                ++tried;
                auto parsed = ms::Signature::parse(text);
                if (!parsed) {
                    ++parseErrors;
                    continue;
                }
                if (ms::verifyBytes(data, *parsed, {pair.publicKey}).ok())
                    accepted.push_back("line " + std::to_string(lineIndex + 1) + " pos " + std::to_string(pos) +
                                       " mask " + std::to_string(mask));
            }
        }
    }
    CHECK(tried == 4 * (100 + 22 + 88));
    CHECK(parseErrors > 0);
    CHECK(parseErrors < tried); // some flips parse and are caught by the signature check
    CHECK_MESSAGE(accepted.empty(), "accepted: " << (accepted.empty() ? "" : accepted.front()));

    // Every truncation is refused, except the one that only drops the final newline.
    for (std::size_t n = 0; n + 1 < good.size(); ++n) {
        auto parsed = ms::Signature::parse(good.substr(0, n));
        if (parsed && ms::verifyBytes(data, *parsed, {pair.publicKey}).ok())
            accepted.push_back("prefix " + std::to_string(n));
    }
    CHECK_MESSAGE(accepted.empty(), "accepted: " << (accepted.empty() ? "" : accepted.front()));
    CHECK(ms::Signature::parse(good.substr(0, good.size() - 1)).ok());
}

TEST_CASE("minisign: every flipped byte of a public key is rejected") {
    const auto pair = freshKeys();
    const std::string data = sampleData(512);
    auto sig = ms::signBytes(data, pair.secretKey, kComment);
    REQUIRE(sig.ok());
    const std::string line = pair.publicKey.base64();
    REQUIRE(ms::verifyBytes(data, *sig, {*ms::PublicKey::parse(line)}).ok());

    int parseErrors = 0;
    std::vector<std::string> accepted;
    for (std::size_t pos = 0; pos < line.size(); ++pos) {
        for (std::uint8_t mask : {std::uint8_t{0x01}, std::uint8_t{0x02}, std::uint8_t{0x20}, std::uint8_t{0x80}}) {
            std::string changed = line;
            changed[pos] = static_cast<char>(static_cast<std::uint8_t>(changed[pos]) ^ mask);
            auto key = ms::PublicKey::parse(changed);
            if (!key) {
                ++parseErrors;
                continue;
            }
            if (ms::verifyBytes(data, *sig, {*key}).ok())
                accepted.push_back("pos " + std::to_string(pos) + " mask " + std::to_string(mask));
        }
    }
    CHECK(parseErrors > 0);
    CHECK(parseErrors < 4 * 56);
    CHECK_MESSAGE(accepted.empty(), "accepted: " << (accepted.empty() ? "" : accepted.front()));
}

TEST_CASE("minisign: legacy signatures are verified from the whole file") {
    // We never write legacy signatures; build one by hand the way minisign -l does.
    TempDir dir;
    const auto pair = freshKeys();
    const std::string data = sampleData(1500000);
    writeFile(dir / "old.sqlite", data);

    ms::Signature sig;
    sig.untrustedComment = "legacy";
    sig.prehashed = false;
    sig.keyId = pair.secretKey.id();
    sig.trustedComment = kComment;
    crypto_sign_detached(sig.signature.data(), nullptr, reinterpret_cast<const unsigned char*>(data.data()),
                         data.size(), pair.secretKey.raw().data());
    std::string global(reinterpret_cast<const char*>(sig.signature.data()), sig.signature.size());
    global += kComment;
    crypto_sign_detached(sig.globalSignature.data(), nullptr, reinterpret_cast<const unsigned char*>(global.data()),
                         global.size(), pair.secretKey.raw().data());

    const std::string text = sig.fileText();
    CHECK(decode64(splitLines(text)[1])[1] == 'd');
    auto parsed = ms::Signature::parse(text);
    REQUIRE_MESSAGE(parsed.ok(), errorOf(parsed));
    CHECK_FALSE(parsed->prehashed);

    auto verified = ms::verifyFile(dir / "old.sqlite", *parsed, {pair.publicKey});
    CHECK_MESSAGE(verified.ok(), errorOf(verified));
    CHECK(ms::verifyBytes(data, *parsed, {pair.publicKey}).ok());

    auto hash = ms::blake2b512File(dir / "old.sqlite");
    REQUIRE(hash.ok());
    CHECK(errorOf(ms::verifyPrehashed(*hash, *parsed, {pair.publicKey})) ==
          "legacy (non-prehashed) signature cannot be checked against a hash; the whole file is needed");

    // Read as prehashed, the same bytes must not verify (the algorithm tag matters).
    ms::Signature relabelled = *parsed;
    relabelled.prehashed = true;
    CHECK_FALSE(ms::verifyFile(dir / "old.sqlite", relabelled, {pair.publicKey}).ok());

    std::string changed = data;
    changed[1234567] = static_cast<char>(changed[1234567] ^ 0x40);
    writeFile(dir / "old.sqlite", changed);
    CHECK(errorOf(ms::verifyFile(dir / "old.sqlite", *parsed, {pair.publicKey})) ==
          "signature does not match the file (file modified or signature for another file)");
}

// ---------------------------------------------------------------------------
// Interoperability with /usr/bin/minisign

TEST_CASE("minisign: the minisign binary verifies our key and signature") {
    if (!haveMinisign()) {
        MESSAGE("skipped: " << kMinisign << " is not installed");
        return;
    }
    TempDir dir;
    const auto pair = freshKeys();
    writeFile(dir / "pack.sqlite", sampleData(1024 * 1024 + 3));
    writeFile(dir / "kiosk.pub", pair.publicKey.fileText());
    auto sig = ms::signFile(dir / "pack.sqlite", pair.secretKey, kComment);
    REQUIRE(sig.ok());
    writeFile(dir / "pack.sqlite.minisig", sig->fileText());

    std::string log;
    const std::string verify = std::string(kMinisign) + " -V -m " + quote(dir / "pack.sqlite") + " -p " +
                               quote(dir / "kiosk.pub");
    CHECK_MESSAGE(run(verify, dir, &log) == 0, log);
    CHECK_MESSAGE(contains(log, std::string("Trusted comment: ") + kComment), log);
    // -P with the base64 line alone, as a kiosk configuration holds it.
    CHECK_MESSAGE(run(std::string(kMinisign) + " -V -m " + quote(dir / "pack.sqlite") + " -P " +
                          pair.publicKey.base64(),
                      dir, &log) == 0,
                  log);
    // The same check fails when the pack is changed, so the zero above means something.
    std::string data = readFile(dir / "pack.sqlite");
    data[700000] = static_cast<char>(data[700000] ^ 1);
    writeFile(dir / "pack.sqlite", data);
    CHECK_MESSAGE(run(verify, dir, &log) != 0, log);
    CHECK_MESSAGE(contains(log, "Signature verification failed"), log);
}

TEST_CASE("minisign: we verify keys and signatures made by minisign") {
    if (!haveMinisign()) {
        MESSAGE("skipped: " << kMinisign << " is not installed");
        return;
    }
    TempDir dir;
    std::string log;
    REQUIRE_MESSAGE(run(std::string(kMinisign) + " -G -W -p " + quote(dir / "m.pub") + " -s " + quote(dir / "m.key"),
                        dir, &log) == 0,
                    log);
    writeFile(dir / "pack.sqlite", sampleData(2 * 1024 * 1024 + 99));
    REQUIRE_MESSAGE(run(std::string(kMinisign) + " -S -s " + quote(dir / "m.key") + " -m " +
                            quote(dir / "pack.sqlite") + " -t '" + kComment + "'",
                        dir, &log) == 0,
                    log);

    auto pub = ms::PublicKey::load(dir / "m.pub");
    REQUIRE_MESSAGE(pub.ok(), errorOf(pub));
    // Byte-identical .pub text proves the key id is printed exactly like minisign.
    CHECK(pub->fileText() == readFile(dir / "m.pub"));

    auto sig = ms::Signature::load(dir / "pack.sqlite.minisig");
    REQUIRE_MESSAGE(sig.ok(), errorOf(sig));
    CHECK(sig->prehashed);
    CHECK(sig->trustedComment == kComment);
    CHECK(sig->untrustedComment == "signature from minisign secret key");
    CHECK(sig->fileText() == readFile(dir / "pack.sqlite.minisig"));
    auto verified = ms::verifyFile(dir / "pack.sqlite", *sig, {*pub});
    REQUIRE_MESSAGE(verified.ok(), errorOf(verified));
    CHECK(*verified == *pub);

    // minisign's unencrypted secret key (zero checksum) reads back as the same key pair.
    auto encrypted = ms::SecretKey::isEncrypted(readFile(dir / "m.key"));
    REQUIRE_MESSAGE(encrypted.ok(), errorOf(encrypted));
    CHECK_FALSE(*encrypted);
    auto sk = ms::SecretKey::load(dir / "m.key", std::nullopt);
    REQUIRE_MESSAGE(sk.ok(), errorOf(sk));
    CHECK(sk->publicKey() == *pub);

    // And we can sign with it for minisign to verify.
    writeFile(dir / "second.sqlite", sampleData(1234));
    auto ours = ms::signFile(dir / "second.sqlite", *sk, "channel:demo version:8");
    REQUIRE(ours.ok());
    writeFile(dir / "second.sqlite.minisig", ours->fileText());
    CHECK_MESSAGE(run(std::string(kMinisign) + " -Vm " + quote(dir / "second.sqlite") + " -p " + quote(dir / "m.pub"),
                      dir, &log) == 0,
                  log);

    // Tampering shows up on our side too.
    std::string data = readFile(dir / "pack.sqlite");
    data.back() = static_cast<char>(data.back() ^ 1);
    writeFile(dir / "pack.sqlite", data);
    CHECK(errorOf(ms::verifyFile(dir / "pack.sqlite", *sig, {*pub})) ==
          "signature does not match the file (file modified or signature for another file)");
}

TEST_CASE("minisign: minisign signs with our encrypted secret key") {
    if (!haveMinisign()) {
        MESSAGE("skipped: " << kMinisign << " is not installed");
        return;
    }
    TempDir dir;
    const auto pair = freshKeys();
    auto keyText = pair.secretKey.fileText("kiosk pass phrase", ms::SecretKey::KdfCost::Interactive);
    REQUIRE(keyText.ok());
    writeFile(dir / "our.key", *keyText);
    writeFile(dir / "our.pub", pair.publicKey.fileText());
    writeFile(dir / "pack.sqlite", sampleData(300000));
    // minisign reads the passphrase from stdin when it is not a terminal.
    writeFile(dir / "pass.txt", "kiosk pass phrase\n");
    writeFile(dir / "wrong.txt", "kiosk pass phrasE\n");

    // -p makes minisign check its fresh signature against our public key as well.
    const std::string sign = std::string(kMinisign) + " -S -s " + quote(dir / "our.key") + " -p " +
                             quote(dir / "our.pub") + " -m " + quote(dir / "pack.sqlite") + " -t '" + kComment + "'";
    std::string log;
    CHECK_MESSAGE(run(sign + " <" + quote(dir / "wrong.txt"), dir, &log) != 0, log);
    CHECK_MESSAGE(contains(log, "Wrong password for that key"), log);
    CHECK_FALSE(std::filesystem::exists(dir / "pack.sqlite.minisig"));

    REQUIRE_MESSAGE(run(sign + " <" + quote(dir / "pass.txt"), dir, &log) == 0, log);
    auto sig = ms::Signature::load(dir / "pack.sqlite.minisig");
    REQUIRE_MESSAGE(sig.ok(), errorOf(sig));
    CHECK(sig->keyId == pair.publicKey.id);
    CHECK(sig->trustedComment == kComment);
    auto verified = ms::verifyFile(dir / "pack.sqlite", *sig, {pair.publicKey});
    CHECK_MESSAGE(verified.ok(), errorOf(verified));

    // Ed25519 is deterministic: minisign's signature equals ours with the same key.
    auto ours = ms::signFile(dir / "pack.sqlite", pair.secretKey, kComment);
    REQUIRE(ours.ok());
    CHECK(ours->signature == sig->signature);
    CHECK(ours->globalSignature == sig->globalSignature);

    // Our unencrypted key (with its checksum) works with minisign -W too.
    auto plainText = pair.secretKey.fileText(std::nullopt);
    REQUIRE(plainText.ok());
    writeFile(dir / "plain.key", *plainText);
    CHECK_MESSAGE(run(std::string(kMinisign) + " -S -W -s " + quote(dir / "plain.key") + " -p " +
                          quote(dir / "our.pub") + " -m " + quote(dir / "pack.sqlite") + " -x " +
                          quote(dir / "plain.minisig") + " -t x </dev/null",
                      dir, &log) == 0,
                  log);
    auto plainSig = ms::Signature::load(dir / "plain.minisig");
    REQUIRE_MESSAGE(plainSig.ok(), errorOf(plainSig));
    CHECK(ms::verifyFile(dir / "pack.sqlite", *plainSig, {pair.publicKey}).ok());
}

TEST_CASE("minisign: legacy signature from minisign -l verifies") {
    if (!haveMinisign()) {
        MESSAGE("skipped: " << kMinisign << " is not installed");
        return;
    }
    TempDir dir;
    std::string log;
    REQUIRE_MESSAGE(run(std::string(kMinisign) + " -G -W -p " + quote(dir / "m.pub") + " -s " + quote(dir / "m.key"),
                        dir, &log) == 0,
                    log);
    writeFile(dir / "old.sqlite", sampleData(70000));
    REQUIRE_MESSAGE(run(std::string(kMinisign) + " -S -l -s " + quote(dir / "m.key") + " -m " +
                            quote(dir / "old.sqlite") + " -t 'legacy pack'",
                        dir, &log) == 0,
                    log);
    auto pub = ms::PublicKey::load(dir / "m.pub");
    REQUIRE_MESSAGE(pub.ok(), errorOf(pub));
    auto sig = ms::Signature::load(dir / "old.sqlite.minisig");
    REQUIRE_MESSAGE(sig.ok(), errorOf(sig));
    CHECK_FALSE(sig->prehashed);
    CHECK(sig->trustedComment == "legacy pack");
    auto verified = ms::verifyFile(dir / "old.sqlite", *sig, {*pub});
    CHECK_MESSAGE(verified.ok(), errorOf(verified));
    CHECK(ms::verifyBytes(readFile(dir / "old.sqlite"), *sig, {*pub}).ok());

    std::string data = readFile(dir / "old.sqlite");
    data[10] = static_cast<char>(data[10] ^ 1);
    writeFile(dir / "old.sqlite", data);
    CHECK(errorOf(ms::verifyFile(dir / "old.sqlite", *sig, {*pub})) ==
          "signature does not match the file (file modified or signature for another file)");
}
