#pragma once
// minisign-compatible Ed25519 keys and signatures, on libsodium alone.
//
// Packs are signed in minisign's own format so that staff can check a pack
// with the standard `minisign -V` as well as with `kiosk-pack verify`:
//   * public key file:  "untrusted comment: ...\n" + base64("Ed" | key id (8) | pk (32)) + "\n"
//   * secret key file:  "untrusted comment: ...\n" + base64("Ed" | kdf "Sc" or "\0\0" | "B2" |
//                       salt (32) | opslimit (u64 LE) | memlimit (u64 LE) |
//                       [key id (8) | sk (64) | BLAKE2b-256 checksum (32)] XOR scrypt stream) + "\n"
//   * signature file:   "untrusted comment: ...\n" + base64("ED" | key id | Ed25519(BLAKE2b-512(file))) +
//                       "\ntrusted comment: <text>\n" + base64(Ed25519(signature | text)) + "\n"
// Legacy "Ed" signatures (over the raw file) are verified too but never written.
//
// Section index: keys (parse/format/generate) · signing · verification.
//
// Failure: every parse/verify function returns a Result whose Error message
// says exactly what is wrong ("signature was made with key 0123456789ABCDEF,
// which is not among the trusted keys"); functions that read a file set Error::file.
// Nothing throws. Secret key bytes are wiped (sodium_memzero) when a SecretKey
// is destroyed.
//
// Parsing is strict because key and signature files arrive on strangers' USB
// sticks: files over 64 KiB, wrong line counts, missing comment prefixes, bad
// base64, wrong lengths, unknown algorithms and NUL or stray CR bytes in a line
// are refused. CRLF line endings, a missing final newline and trailing blank
// lines are accepted. Comments are limited to what minisign itself reads back
// (untrusted comment 1003 bytes, trusted comment 8173 bytes) so that whatever
// we accept or write, `minisign -V` judges the same way.
//
// Thread safety: all functions are reentrant; sodium_init() is called
// internally (idempotent, thread-safe).

#include "kiosk/content/report.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::content::minisign {

using KeyId = std::array<std::uint8_t, 8>;

// Upper-case hex of the key id as minisign prints it (little-endian u64 printed
// as %016llX, i.e. the bytes in reverse order).
std::string keyIdHex(const KeyId& id);

struct PublicKey {
    KeyId id{};
    std::array<std::uint8_t, 32> key{};

    // Accepts a whole .pub file (comment line + base64 line) or just the base64 line.
    static Result<PublicKey> parse(std::string_view text);
    static Result<PublicKey> load(const std::filesystem::path& file);
    // The base64 line alone (what goes into a kiosk's configuration).
    std::string base64() const;
    // The whole .pub file text, "untrusted comment: minisign public key <ID>\n<base64>\n", with
    // the id as minisign writes it there (hex without leading zeros).
    std::string fileText() const;
    friend bool operator==(const PublicKey&, const PublicKey&) = default;
};

struct KeyPair;
Result<KeyPair> generateKeyPair();

class SecretKey {
public:
    SecretKey() = default;
    ~SecretKey();
    SecretKey(const SecretKey&);
    SecretKey& operator=(const SecretKey&);

    // Parses a .key file. For an encrypted key ("Sc") the passphrase is required;
    // a wrong passphrase is reported as such (checksum mismatch). The passphrase
    // is ignored for an unencrypted key. scrypt limits above minisign's
    // "sensitive" cost (1 GiB) are refused rather than attempted.
    static Result<SecretKey> parse(std::string_view text, std::optional<std::string_view> passphrase);
    static Result<SecretKey> load(const std::filesystem::path& file, std::optional<std::string_view> passphrase);
    // True when the key file text is encrypted (needs a passphrase).
    static Result<bool> isEncrypted(std::string_view text);

    const KeyId& id() const { return m_id; }
    PublicKey publicKey() const;

    // Cost of the scrypt key derivation when writing an encrypted key.
    // Sensitive is minisign's default (1 GiB of memory, several seconds);
    // Interactive (16 MiB) is for tests and small machines. Both read back in minisign.
    enum class KdfCost { Sensitive, Interactive };
    // The .key file text; encrypted with scrypt when passphrase is set, else "unencrypted" (kdf 0).
    // Like minisign, a Sensitive derivation that runs out of memory retries with halved limits.
    // Fails for a passphrase minisign could not type back (line break, NUL, over 1022 bytes).
    Result<std::string> fileText(std::optional<std::string_view> passphrase, KdfCost cost = KdfCost::Sensitive) const;

    // 64-byte libsodium secret key (seed | pk). Internal use by sign().
    const std::array<std::uint8_t, 64>& raw() const { return m_sk; }

private:
    friend Result<KeyPair> generateKeyPair();
    KeyId m_id{};
    std::array<std::uint8_t, 64> m_sk{};
};

struct KeyPair {
    PublicKey publicKey;
    SecretKey secretKey;
};

// A fresh random key pair with a random key id.
Result<KeyPair> generateKeyPair();

struct Signature {
    std::string untrustedComment;   // text after "untrusted comment: "
    bool prehashed = true;          // "ED" (true) or legacy "Ed"
    KeyId keyId{};
    std::array<std::uint8_t, 64> signature{};
    std::string trustedComment;     // text after "trusted comment: "
    std::array<std::uint8_t, 64> globalSignature{};

    static Result<Signature> parse(std::string_view text);
    static Result<Signature> load(const std::filesystem::path& file);
    std::string fileText() const;
};

// Signs a whole file (streamed BLAKE2b-512, prehashed "ED" signature). Comments
// containing a line break or NUL, or longer than minisign reads, are refused.
Result<Signature> signFile(const std::filesystem::path& file, const SecretKey& key,
                           std::string_view trustedComment,
                           std::string_view untrustedComment = "signature from kiosk-pack secret key");
// Same over bytes in memory.
Result<Signature> signBytes(std::string_view data, const SecretKey& key, std::string_view trustedComment,
                            std::string_view untrustedComment = "signature from kiosk-pack secret key");

// Verification: finds the key among `trusted` by key id (error names the id when
// it is not trusted), checks the file signature and then the trusted comment's
// global signature. On success returns the key that verified.
Result<PublicKey> verifyFile(const std::filesystem::path& file, const Signature& sig,
                             const std::vector<PublicKey>& trusted);
Result<PublicKey> verifyBytes(std::string_view data, const Signature& sig, const std::vector<PublicKey>& trusted);
// Same with the file's BLAKE2b-512 hash computed by the caller (lets verification
// hash the file in the same pass as other work). Only valid for prehashed signatures.
Result<PublicKey> verifyPrehashed(const std::array<std::uint8_t, 64>& blake2b512, const Signature& sig,
                                  const std::vector<PublicKey>& trusted);

// Streams a file through BLAKE2b-512 (minisign's prehash).
Result<std::array<std::uint8_t, 64>> blake2b512File(const std::filesystem::path& file);

} // namespace kiosk::content::minisign
