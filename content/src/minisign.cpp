#include "kiosk/content/minisign.h"

#include <sodium.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <span>

namespace kiosk::content::minisign {

namespace {

// ---------------------------------------------------------------------------
// Formats and limits

constexpr std::string_view kUntrustedPrefix = "untrusted comment: ";
constexpr std::string_view kTrustedPrefix = "trusted comment: ";

// Real key and signature files are a few hundred bytes; the cap keeps a hostile
// stick from making us slurp gigabytes before we even start parsing.
constexpr std::size_t kMaxTextFileBytes = 64 * 1024;
// Packs can be hundreds of MB: hash them in pieces.
constexpr std::size_t kChunkBytes = 1024 * 1024;
// A legacy signature covers the raw file, so the whole file must be in memory.
constexpr std::uintmax_t kMaxLegacyFileBytes = std::uintmax_t{1} << 30;

// minisign reads lines with fgets into 1024/8192-byte buffers and rejects lines
// that do not fit together with their newline. Staying inside those limits keeps
// our verdict and `minisign -V`'s the same.
constexpr std::size_t kMaxUntrustedComment = 1024 - kUntrustedPrefix.size() - 2;
constexpr std::size_t kMaxTrustedComment = 8192 - kTrustedPrefix.size() - 2;
// minisign reads a passphrase with fgets into 1024 bytes and cuts it at the newline.
constexpr std::size_t kMaxPassphrase = 1024 - 2;

constexpr std::size_t kPublicKeyBytes = 2 + 8 + 32;
constexpr std::size_t kSignatureBytes = 2 + 8 + 64;

// Secret key layout: sig alg, kdf alg, checksum alg, salt, opslimit, memlimit,
// then the (possibly encrypted) key id, secret key and checksum.
constexpr std::size_t kSkKdfAlg = 2;
constexpr std::size_t kSkChkAlg = 4;
constexpr std::size_t kSkSalt = 6;
constexpr std::size_t kSkOpslimit = kSkSalt + crypto_pwhash_scryptsalsa208sha256_SALTBYTES;
constexpr std::size_t kSkMemlimit = kSkOpslimit + 8;
constexpr std::size_t kSkKeyId = kSkMemlimit + 8;
constexpr std::size_t kSkSecret = kSkKeyId + 8;
constexpr std::size_t kSkChecksum = kSkSecret + 64;
constexpr std::size_t kSecretKeyBytes = kSkChecksum + 32;
constexpr std::size_t kSkEncryptedBytes = kSecretKeyBytes - kSkKeyId;
static_assert(kSecretKeyBytes == 158 && kSkEncryptedBytes == 104);

using Hash512 = std::array<std::uint8_t, 64>;

// ---------------------------------------------------------------------------
// Small helpers

bool sodiumReady() {
    // sodium_init() is itself idempotent; the static just avoids calling it on every use.
    static const bool ready = sodium_init() >= 0;
    return ready;
}

Error fail(std::string message) {
    Error e;
    e.message = std::move(message);
    return e;
}

Error withFile(Error e, const std::filesystem::path& file) {
    e.file = file.string();
    return e;
}

Error sodiumUnavailable() { return fail("libsodium could not be initialised"); }

// Zeroes its bytes on every exit path, so decrypted key material never lingers.
template <std::size_t N>
struct Wiped {
    std::array<std::uint8_t, N> bytes{};
    Wiped() = default;
    Wiped(const Wiped&) = delete;
    Wiped& operator=(const Wiped&) = delete;
    ~Wiped() { sodium_memzero(bytes.data(), bytes.size()); }
    std::uint8_t* at(std::size_t offset) { return bytes.data() + offset; }
};

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

std::uint64_t loadLe64(const std::uint8_t* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

void storeLe64(std::uint8_t* p, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

std::string toBase64(const std::uint8_t* data, std::size_t size) {
    std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

// Algorithm tags are normally two letters; show anything else as hex so that a
// garbled file cannot put control characters into the message.
std::string describeTag(const std::uint8_t* tag) {
    auto printable = [](std::uint8_t c) { return c >= 0x21 && c <= 0x7e; };
    if (printable(tag[0]) && printable(tag[1]))
        return std::string("\"") + static_cast<char>(tag[0]) + static_cast<char>(tag[1]) + "\"";
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X%02X", tag[0], tag[1]);
    return hex;
}

bool tagIs(const std::uint8_t* tag, const char (&expected)[3]) {
    return tag[0] == static_cast<std::uint8_t>(expected[0]) && tag[1] == static_cast<std::uint8_t>(expected[1]);
}

std::string_view trimBlanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string lineName(std::string_view what, std::size_t lineNo) {
    return std::string(what) + ": line " + std::to_string(lineNo);
}

// Splits a key or signature file into lines. Accepts CRLF, a missing final
// newline and trailing blank lines (editors add them); refuses NUL and stray CR
// bytes because minisign would cut the line there and judge different text.
Result<std::vector<std::string_view>> splitLines(std::string_view text, std::string_view what) {
    if (text.size() > kMaxTextFileBytes)
        return fail(std::string(what) + ": file is too large (" + std::to_string(text.size()) +
                    " bytes, at most " + std::to_string(kMaxTextFileBytes) + " expected)");
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    }
    while (!lines.empty() && trimBlanks(lines.back()).empty()) lines.pop_back();
    if (lines.empty()) return fail(std::string(what) + ": file is empty");
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].find('\0') != std::string_view::npos)
            return fail(lineName(what, i + 1) + " contains a NUL byte");
        if (lines[i].find('\r') != std::string_view::npos)
            return fail(lineName(what, i + 1) + " contains a stray carriage return");
    }
    return lines;
}

Result<std::string_view> commentText(std::string_view line, std::string_view prefix, std::size_t maxBytes,
                                     std::string_view what, std::size_t lineNo) {
    if (line.substr(0, prefix.size()) != prefix)
        return fail(lineName(what, lineNo) + " does not start with \"" + std::string(prefix) + "\"");
    const std::string_view text = line.substr(prefix.size());
    if (text.size() > maxBytes)
        return fail(lineName(what, lineNo) + ": comment is too long (" + std::to_string(text.size()) +
                    " bytes, minisign reads at most " + std::to_string(maxBytes) + ")");
    return text;
}

// Decodes strict standard base64 (padding and zero trailing bits required) into
// exactly out.size() bytes. `where` names the line for the message.
Status decodeBase64(std::string_view b64, std::span<std::uint8_t> out, const std::string& where) {
    b64 = trimBlanks(b64);
    if (b64.empty()) return fail(where + " is empty");
    // libsodium 1.0.18 sign-extends `char`, so a byte with the high bit set can
    // decode like its ASCII twin; check the alphabet ourselves.
    constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
    if (b64.find_first_not_of(kAlphabet) != std::string_view::npos) return fail(where + " is not valid base64");
    // Large enough for any valid decoding of this text, so that an over-long
    // line is reported as a wrong length rather than as bad base64.
    std::vector<std::uint8_t> buffer(b64.size() / 4 * 3 + 3);
    std::size_t decoded = 0;
    const int rc = sodium_base642bin(buffer.data(), buffer.size(), b64.data(), b64.size(), nullptr, &decoded,
                                     nullptr, sodium_base64_VARIANT_ORIGINAL);
    Status result = Ok{};
    if (rc != 0)
        result = fail(where + " is not valid base64");
    else if (decoded != out.size())
        result = fail(where + " decodes to " + std::to_string(decoded) + " bytes, expected " +
                      std::to_string(out.size()));
    else
        std::memcpy(out.data(), buffer.data(), out.size());
    sodium_memzero(buffer.data(), buffer.size());
    return result;
}

Result<std::string> readTextFile(const std::filesystem::path& file, std::string_view what) {
    FilePtr f(std::fopen(file.c_str(), "rb"));
    if (!f) return withFile(fail(std::string(what) + ": cannot open: " + std::strerror(errno)), file);
    std::string text(kMaxTextFileBytes + 1, '\0');
    const std::size_t n = std::fread(text.data(), 1, text.size(), f.get());
    if (std::ferror(f.get())) return withFile(fail(std::string(what) + ": cannot read: " + std::strerror(errno)), file);
    if (n > kMaxTextFileBytes)
        return withFile(fail(std::string(what) + ": file is too large (more than " +
                             std::to_string(kMaxTextFileBytes) + " bytes)"),
                        file);
    text.resize(n);
    return text;
}

Status checkCommentForWriting(std::string_view text, std::string_view what, std::size_t maxBytes) {
    if (text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
        return fail(std::string(what) + " must not contain line breaks or NUL bytes");
    if (text.size() > maxBytes)
        return fail(std::string(what) + " is too long (" + std::to_string(text.size()) +
                    " bytes, minisign reads at most " + std::to_string(maxBytes) + ")");
    return Ok{};
}

// ---------------------------------------------------------------------------
// Secret key helpers

std::array<std::uint8_t, 32> secretKeyChecksum(const KeyId& id, const std::array<std::uint8_t, 64>& sk) {
    std::array<std::uint8_t, 32> chk{};
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, chk.size());
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>("Ed"), 2);
    crypto_generichash_update(&state, id.data(), id.size());
    crypto_generichash_update(&state, sk.data(), sk.size());
    crypto_generichash_final(&state, chk.data(), chk.size());
    sodium_memzero(&state, sizeof state);
    return chk;
}

bool deriveStream(std::string_view passphrase, const std::uint8_t* salt, std::uint64_t opslimit,
                  std::uint64_t memlimit, std::uint8_t* out) {
    return crypto_pwhash_scryptsalsa208sha256(out, kSkEncryptedBytes, passphrase.data(), passphrase.size(), salt,
                                              opslimit, static_cast<std::size_t>(memlimit)) == 0;
}

void xorInto(std::uint8_t* dst, const std::uint8_t* src, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) dst[i] ^= src[i];
}

// Lines, prefix, base64, length and algorithm tags of a .key file; shared by
// parse() and isEncrypted(). Leaves the key material still encrypted.
Status decodeSecretKeyText(std::string_view text, Wiped<kSecretKeyBytes>& raw) {
    constexpr std::string_view what = "secret key";
    auto lines = splitLines(text, what);
    if (!lines) return lines.error();
    if (lines->size() != 2)
        return fail("secret key: expected 2 lines (untrusted comment, key), found " + std::to_string(lines->size()));
    if (auto c = commentText((*lines)[0], kUntrustedPrefix, kMaxUntrustedComment, what, 1); !c) return c.error();
    if (auto s = decodeBase64((*lines)[1], raw.bytes, lineName(what, 2)); !s) return s.error();
    if (!tagIs(raw.at(0), "Ed"))
        return fail("secret key: unknown signature algorithm " + describeTag(raw.at(0)) + " (expected \"Ed\")");
    if (!tagIs(raw.at(kSkChkAlg), "B2"))
        return fail("secret key: unknown checksum algorithm " + describeTag(raw.at(kSkChkAlg)) +
                    " (expected \"B2\")");
    const std::uint8_t* kdf = raw.at(kSkKdfAlg);
    if (!tagIs(kdf, "Sc") && !(kdf[0] == 0 && kdf[1] == 0))
        return fail("secret key: unknown key derivation algorithm " + describeTag(kdf) +
                    " (expected \"Sc\" or none)");
    return Ok{};
}

// ---------------------------------------------------------------------------
// Signing and verification helpers

Hash512 blake2b512(const std::uint8_t* data, std::size_t size) {
    Hash512 out{};
    crypto_generichash(out.data(), out.size(), data, size, nullptr, 0);
    return out;
}

const std::uint8_t* bytesOf(std::string_view s) { return reinterpret_cast<const std::uint8_t*>(s.data()); }

Result<Signature> signMessage(const std::uint8_t* message, std::size_t size, const SecretKey& key,
                              std::string_view trustedComment, std::string_view untrustedComment) {
    if (!sodiumReady()) return sodiumUnavailable();
    if (auto s = checkCommentForWriting(trustedComment, "trusted comment", kMaxTrustedComment); !s) return s.error();
    if (auto s = checkCommentForWriting(untrustedComment, "untrusted comment", kMaxUntrustedComment); !s)
        return s.error();
    if (sodium_is_zero(key.raw().data(), key.raw().size()))
        return fail("cannot sign with an empty secret key");
    Signature sig;
    sig.untrustedComment = std::string(untrustedComment);
    sig.prehashed = true;
    sig.keyId = key.id();
    sig.trustedComment = std::string(trustedComment);
    crypto_sign_detached(sig.signature.data(), nullptr, message, size, key.raw().data());
    std::vector<std::uint8_t> global(sig.signature.begin(), sig.signature.end());
    global.insert(global.end(), trustedComment.begin(), trustedComment.end());
    crypto_sign_detached(sig.globalSignature.data(), nullptr, global.data(), global.size(), key.raw().data());
    return sig;
}

Result<PublicKey> findTrustedKey(const Signature& sig, const std::vector<PublicKey>& trusted) {
    for (const PublicKey& key : trusted)
        if (key.id == sig.keyId) return key;
    std::string known;
    for (const PublicKey& key : trusted) known += (known.empty() ? "" : ", ") + keyIdHex(key.id);
    return fail("signature was made with key " + keyIdHex(sig.keyId) + ", which is not among the trusted keys (" +
                (known.empty() ? std::string("no keys are trusted") : "trusted: " + known) + ")");
}

// `message` is the BLAKE2b-512 hash for prehashed signatures, the raw data for legacy ones.
Result<PublicKey> checkSignatures(const std::uint8_t* message, std::size_t size, const Signature& sig,
                                  const PublicKey& key) {
    if (crypto_sign_verify_detached(sig.signature.data(), message, size, key.key.data()) != 0)
        return fail("signature does not match the file (file modified or signature for another file)");
    std::vector<std::uint8_t> global(sig.signature.begin(), sig.signature.end());
    global.insert(global.end(), sig.trustedComment.begin(), sig.trustedComment.end());
    if (crypto_sign_verify_detached(sig.globalSignature.data(), global.data(), global.size(), key.key.data()) != 0)
        return fail("trusted comment signature is invalid (trusted comment was modified)");
    return key;
}

Result<std::vector<std::uint8_t>> readWholeFile(const std::filesystem::path& file) {
    FilePtr f(std::fopen(file.c_str(), "rb"));
    if (!f) return withFile(fail(std::string("cannot open: ") + std::strerror(errno)), file);
    std::vector<std::uint8_t> data;
    std::vector<std::uint8_t> chunk(kChunkBytes);
    std::size_t n = 0;
    while ((n = std::fread(chunk.data(), 1, chunk.size(), f.get())) > 0) {
        if (data.size() + n > kMaxLegacyFileBytes)
            return withFile(fail("file is too large to check a legacy (non-prehashed) signature (more than " +
                                 std::to_string(kMaxLegacyFileBytes) +
                                 " bytes); sign it again with minisign 0.8 or later"),
                            file);
        data.insert(data.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(n));
    }
    if (std::ferror(f.get())) return withFile(fail(std::string("cannot read: ") + std::strerror(errno)), file);
    return data;
}

} // namespace

// ---------------------------------------------------------------------------
// Keys

std::string keyIdHex(const KeyId& id) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(16);
    // minisign prints the id as a little-endian u64, so the last byte comes first.
    for (auto it = id.rbegin(); it != id.rend(); ++it) {
        out += kHex[*it >> 4];
        out += kHex[*it & 0x0f];
    }
    return out;
}

Result<PublicKey> PublicKey::parse(std::string_view text) {
    constexpr std::string_view what = "public key";
    auto lines = splitLines(text, what);
    if (!lines) return lines.error();
    std::string_view b64;
    std::string where;
    // A kiosk configuration holds only the base64 line; a .pub file has the comment too.
    if (lines->size() == 1 && (*lines)[0].substr(0, kUntrustedPrefix.size()) != kUntrustedPrefix) {
        b64 = (*lines)[0];
        where = "public key";
    } else if (lines->size() == 2) {
        if (auto c = commentText((*lines)[0], kUntrustedPrefix, kMaxUntrustedComment, what, 1); !c)
            return c.error();
        b64 = (*lines)[1];
        where = lineName(what, 2);
    } else {
        return fail("public key: expected 2 lines (untrusted comment, key) or the key line alone, found " +
                    std::to_string(lines->size()));
    }
    std::array<std::uint8_t, kPublicKeyBytes> raw{};
    if (auto s = decodeBase64(b64, raw, where); !s) return s.error();
    if (!tagIs(raw.data(), "Ed"))
        return fail("public key: unknown signature algorithm " + describeTag(raw.data()) + " (expected \"Ed\")");
    PublicKey key;
    std::memcpy(key.id.data(), raw.data() + 2, key.id.size());
    std::memcpy(key.key.data(), raw.data() + 10, key.key.size());
    return key;
}

Result<PublicKey> PublicKey::load(const std::filesystem::path& file) {
    auto text = readTextFile(file, "public key");
    if (!text) return text.error();
    auto key = parse(*text);
    if (!key) return withFile(key.error(), file);
    return key;
}

std::string PublicKey::base64() const {
    std::array<std::uint8_t, kPublicKeyBytes> raw{};
    raw[0] = 'E';
    raw[1] = 'd';
    std::memcpy(raw.data() + 2, id.data(), id.size());
    std::memcpy(raw.data() + 10, key.data(), key.size());
    return toBase64(raw.data(), raw.size());
}

std::string PublicKey::fileText() const {
    // minisign writes the id with printf's "%" PRIX64, without leading zeros ("4DC2…" for
    // 04DC2…): the comment must match so a .pub file is the same whichever tool made it.
    std::string hex = keyIdHex(id);
    const auto first = hex.find_first_not_of('0');
    hex.erase(0, first == std::string::npos ? hex.size() - 1 : first);
    return std::string(kUntrustedPrefix) + "minisign public key " + hex + "\n" + base64() + "\n";
}

SecretKey::~SecretKey() { sodium_memzero(m_sk.data(), m_sk.size()); }

SecretKey::SecretKey(const SecretKey& other) : m_id(other.m_id), m_sk(other.m_sk) {}

SecretKey& SecretKey::operator=(const SecretKey& other) {
    m_id = other.m_id;
    m_sk = other.m_sk;
    return *this;
}

Result<SecretKey> SecretKey::parse(std::string_view text, std::optional<std::string_view> passphrase) {
    if (!sodiumReady()) return sodiumUnavailable();
    Wiped<kSecretKeyBytes> raw;
    if (auto s = decodeSecretKeyText(text, raw); !s) return s.error();

    const bool encrypted = tagIs(raw.at(kSkKdfAlg), "Sc");
    if (encrypted) {
        if (!passphrase) return fail("secret key is encrypted; a passphrase is required");
        const std::uint64_t opslimit = loadLe64(raw.at(kSkOpslimit));
        const std::uint64_t memlimit = loadLe64(raw.at(kSkMemlimit));
        // A stranger's key file could ask scrypt for terabytes or days of work;
        // minisign never writes more than its "sensitive" cost.
        if (memlimit > crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE)
            return fail("secret key: scrypt memory limit of " + std::to_string(memlimit) +
                        " bytes is larger than minisign ever uses (" +
                        std::to_string(crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE) + ")");
        if (opslimit > crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE)
            return fail("secret key: scrypt operations limit of " + std::to_string(opslimit) +
                        " is larger than minisign ever uses (" +
                        std::to_string(crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE) + ")");
        Wiped<kSkEncryptedBytes> stream;
        if (!deriveStream(*passphrase, raw.at(kSkSalt), opslimit, memlimit, stream.bytes.data()))
            return fail("secret key: scrypt key derivation failed (needs " + std::to_string(memlimit) +
                        " bytes of memory)");
        xorInto(raw.at(kSkKeyId), stream.bytes.data(), stream.bytes.size());
    }

    SecretKey key;
    std::memcpy(key.m_id.data(), raw.at(kSkKeyId), key.m_id.size());
    std::memcpy(key.m_sk.data(), raw.at(kSkSecret), key.m_sk.size());
    const auto chk = secretKeyChecksum(key.m_id, key.m_sk);
    const bool chkMatches = sodium_memcmp(chk.data(), raw.at(kSkChecksum), chk.size()) == 0;
    if (encrypted && !chkMatches) return fail("wrong passphrase for secret key (checksum mismatch)");
    // `minisign -G -W` leaves the checksum of an unencrypted key zero and minisign
    // never checks it there; one written by us or by `minisign -C -W` is checked.
    if (!encrypted && !chkMatches && !sodium_is_zero(raw.at(kSkChecksum), chk.size()))
        return fail("secret key: checksum mismatch (key file is corrupted)");

    // The checksum cannot catch corruption of a zero-checksum key, and a key whose
    // halves disagree would make signatures nobody can verify.
    std::array<std::uint8_t, 32> pk{};
    Wiped<64> rebuilt;
    crypto_sign_seed_keypair(pk.data(), rebuilt.bytes.data(), key.m_sk.data());
    if (std::memcmp(pk.data(), key.m_sk.data() + 32, pk.size()) != 0)
        return fail("secret key: public half does not match the private seed (key file is corrupted)");
    return key;
}

Result<SecretKey> SecretKey::load(const std::filesystem::path& file, std::optional<std::string_view> passphrase) {
    auto text = readTextFile(file, "secret key");
    if (!text) return text.error();
    auto key = parse(*text, passphrase);
    sodium_memzero(text->data(), text->size());
    if (!key) return withFile(key.error(), file);
    return key;
}

Result<bool> SecretKey::isEncrypted(std::string_view text) {
    if (!sodiumReady()) return sodiumUnavailable();
    Wiped<kSecretKeyBytes> raw;
    if (auto s = decodeSecretKeyText(text, raw); !s) return s.error();
    return tagIs(raw.at(kSkKdfAlg), "Sc");
}

PublicKey SecretKey::publicKey() const {
    PublicKey pk;
    pk.id = m_id;
    std::memcpy(pk.key.data(), m_sk.data() + 32, pk.key.size());
    return pk;
}

Result<std::string> SecretKey::fileText(std::optional<std::string_view> passphrase, KdfCost cost) const {
    if (!sodiumReady()) return sodiumUnavailable();
    Wiped<kSecretKeyBytes> raw;
    raw.bytes[0] = 'E';
    raw.bytes[1] = 'd';
    raw.bytes[kSkChkAlg] = 'B';
    raw.bytes[kSkChkAlg + 1] = '2';
    std::memcpy(raw.at(kSkKeyId), m_id.data(), m_id.size());
    std::memcpy(raw.at(kSkSecret), m_sk.data(), m_sk.size());
    const auto chk = secretKeyChecksum(m_id, m_sk);
    std::memcpy(raw.at(kSkChecksum), chk.data(), chk.size());

    if (passphrase) {
        if (passphrase->find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
            return fail("passphrase must not contain line breaks or NUL bytes (minisign could not read it)");
        if (passphrase->size() > kMaxPassphrase)
            return fail("passphrase is too long (" + std::to_string(passphrase->size()) +
                        " bytes, minisign reads at most " + std::to_string(kMaxPassphrase) + ")");
        raw.bytes[kSkKdfAlg] = 'S';
        raw.bytes[kSkKdfAlg + 1] = 'c';
        randombytes_buf(raw.at(kSkSalt), crypto_pwhash_scryptsalsa208sha256_SALTBYTES);
        std::uint64_t opslimit = cost == KdfCost::Sensitive ? crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE
                                                            : crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_INTERACTIVE;
        std::uint64_t memlimit = cost == KdfCost::Sensitive ? crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE
                                                            : crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_INTERACTIVE;
        Wiped<kSkEncryptedBytes> stream;
        // Same fallback as minisign on small machines (a Pi cannot spare 1 GiB):
        // halve both limits until scrypt fits.
        while (!deriveStream(*passphrase, raw.at(kSkSalt), opslimit, memlimit, stream.bytes.data())) {
            opslimit /= 2;
            memlimit /= 2;
            if (opslimit < crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_MIN ||
                memlimit < crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_MIN)
                return fail("scrypt key derivation failed: not enough memory to encrypt the secret key");
        }
        storeLe64(raw.at(kSkOpslimit), opslimit);
        storeLe64(raw.at(kSkMemlimit), memlimit);
        xorInto(raw.at(kSkKeyId), stream.bytes.data(), stream.bytes.size());
    }
    const char* comment = passphrase ? "minisign encrypted secret key" : "minisign unencrypted secret key";
    return std::string(kUntrustedPrefix) + comment + "\n" + toBase64(raw.bytes.data(), raw.bytes.size()) + "\n";
}

Result<KeyPair> generateKeyPair() {
    if (!sodiumReady()) return sodiumUnavailable();
    KeyPair pair;
    randombytes_buf(pair.secretKey.m_id.data(), pair.secretKey.m_id.size());
    crypto_sign_keypair(pair.publicKey.key.data(), pair.secretKey.m_sk.data());
    pair.publicKey.id = pair.secretKey.m_id;
    return pair;
}

// ---------------------------------------------------------------------------
// Signatures

Result<Signature> Signature::parse(std::string_view text) {
    if (!sodiumReady()) return sodiumUnavailable();
    constexpr std::string_view what = "signature file";
    auto lines = splitLines(text, what);
    if (!lines) return lines.error();
    if (lines->size() != 4)
        return fail("signature file: expected 4 lines (untrusted comment, signature, trusted comment, comment "
                    "signature), found " +
                    std::to_string(lines->size()));
    Signature sig;
    auto untrusted = commentText((*lines)[0], kUntrustedPrefix, kMaxUntrustedComment, what, 1);
    if (!untrusted) return untrusted.error();
    sig.untrustedComment = std::string(*untrusted);

    std::array<std::uint8_t, kSignatureBytes> raw{};
    if (auto s = decodeBase64((*lines)[1], raw, lineName(what, 2)); !s) return s.error();
    if (tagIs(raw.data(), "ED"))
        sig.prehashed = true;
    else if (tagIs(raw.data(), "Ed"))
        sig.prehashed = false;
    else
        return fail("signature file: unknown signature algorithm " + describeTag(raw.data()) +
                    " (expected \"ED\" or legacy \"Ed\")");
    std::memcpy(sig.keyId.data(), raw.data() + 2, sig.keyId.size());
    std::memcpy(sig.signature.data(), raw.data() + 10, sig.signature.size());

    auto trusted = commentText((*lines)[2], kTrustedPrefix, kMaxTrustedComment, what, 3);
    if (!trusted) return trusted.error();
    sig.trustedComment = std::string(*trusted);

    if (auto s = decodeBase64((*lines)[3], sig.globalSignature, lineName(what, 4)); !s) return s.error();
    return sig;
}

Result<Signature> Signature::load(const std::filesystem::path& file) {
    auto text = readTextFile(file, "signature file");
    if (!text) return text.error();
    auto sig = parse(*text);
    if (!sig) return withFile(sig.error(), file);
    return sig;
}

std::string Signature::fileText() const {
    std::array<std::uint8_t, kSignatureBytes> raw{};
    raw[0] = 'E';
    raw[1] = prehashed ? 'D' : 'd';
    std::memcpy(raw.data() + 2, keyId.data(), keyId.size());
    std::memcpy(raw.data() + 10, signature.data(), signature.size());
    return std::string(kUntrustedPrefix) + untrustedComment + "\n" + toBase64(raw.data(), raw.size()) + "\n" +
           std::string(kTrustedPrefix) + trustedComment + "\n" +
           toBase64(globalSignature.data(), globalSignature.size()) + "\n";
}

Result<std::array<std::uint8_t, 64>> blake2b512File(const std::filesystem::path& file) {
    if (!sodiumReady()) return sodiumUnavailable();
    FilePtr f(std::fopen(file.c_str(), "rb"));
    if (!f) return withFile(fail(std::string("cannot open: ") + std::strerror(errno)), file);
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES_MAX);
    std::vector<std::uint8_t> chunk(kChunkBytes);
    std::size_t n = 0;
    while ((n = std::fread(chunk.data(), 1, chunk.size(), f.get())) > 0)
        crypto_generichash_update(&state, chunk.data(), n);
    if (std::ferror(f.get())) return withFile(fail(std::string("cannot read: ") + std::strerror(errno)), file);
    Hash512 hash{};
    crypto_generichash_final(&state, hash.data(), hash.size());
    return hash;
}

Result<Signature> signFile(const std::filesystem::path& file, const SecretKey& key, std::string_view trustedComment,
                           std::string_view untrustedComment) {
    // Comments first: a bad comment should not cost a pass over a 500 MB pack.
    if (auto s = checkCommentForWriting(trustedComment, "trusted comment", kMaxTrustedComment); !s) return s.error();
    if (auto s = checkCommentForWriting(untrustedComment, "untrusted comment", kMaxUntrustedComment); !s)
        return s.error();
    auto hash = blake2b512File(file);
    if (!hash) return hash.error();
    return signMessage(hash->data(), hash->size(), key, trustedComment, untrustedComment);
}

Result<Signature> signBytes(std::string_view data, const SecretKey& key, std::string_view trustedComment,
                            std::string_view untrustedComment) {
    if (!sodiumReady()) return sodiumUnavailable();
    const Hash512 hash = blake2b512(bytesOf(data), data.size());
    return signMessage(hash.data(), hash.size(), key, trustedComment, untrustedComment);
}

// ---------------------------------------------------------------------------
// Verification

Result<PublicKey> verifyPrehashed(const std::array<std::uint8_t, 64>& blake2b512Hash, const Signature& sig,
                                  const std::vector<PublicKey>& trusted) {
    if (!sodiumReady()) return sodiumUnavailable();
    auto key = findTrustedKey(sig, trusted);
    if (!key) return key;
    if (!sig.prehashed)
        return fail("legacy (non-prehashed) signature cannot be checked against a hash; the whole file is needed");
    return checkSignatures(blake2b512Hash.data(), blake2b512Hash.size(), sig, *key);
}

Result<PublicKey> verifyBytes(std::string_view data, const Signature& sig, const std::vector<PublicKey>& trusted) {
    if (!sodiumReady()) return sodiumUnavailable();
    auto key = findTrustedKey(sig, trusted);
    if (!key) return key;
    if (!sig.prehashed) return checkSignatures(bytesOf(data), data.size(), sig, *key);
    const Hash512 hash = blake2b512(bytesOf(data), data.size());
    return checkSignatures(hash.data(), hash.size(), sig, *key);
}

Result<PublicKey> verifyFile(const std::filesystem::path& file, const Signature& sig,
                             const std::vector<PublicKey>& trusted) {
    if (!sodiumReady()) return sodiumUnavailable();
    // The key lookup is free; hashing a large pack is not. Reject early.
    auto key = findTrustedKey(sig, trusted);
    if (!key) return key;
    Result<PublicKey> verified = fail("not checked");
    if (sig.prehashed) {
        auto hash = blake2b512File(file);
        if (!hash) return hash.error();
        verified = checkSignatures(hash->data(), hash->size(), sig, *key);
    } else {
        auto data = readWholeFile(file);
        if (!data) return data.error();
        verified = checkSignatures(data->data(), data->size(), sig, *key);
    }
    if (!verified) return withFile(verified.error(), file);
    return verified;
}

} // namespace kiosk::content::minisign
