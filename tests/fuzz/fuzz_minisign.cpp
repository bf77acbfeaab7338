// Fuzz target: the minisign parsers (content/include/kiosk/content/minisign.h,
// docs/fuzzing.md): public keys (.pub files and bare base64 lines), signature
// files (.minisig), secret key files (unencrypted ones fully; encrypted ones up
// to the point where a passphrase is needed, as the scrypt work is libsodium's
// and would make every run take a second), and the signed trusted comment.
// A signature that parses is also checked against a fixed key over the input.
// Seeds: content/demo-keys/*, signatures kiosk-pack writes, tests' keys.

#include "fuzz_support.h"
#include "kiosk/content/minisign.h"
#include "kiosk/content/verify.h"

#include <cstdlib>

using namespace kiosk::content;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = kiosk::fuzz::asText(data, size);

    if (const auto key = minisign::PublicKey::parse(text)) {
        // Writing a parsed key and reading it back gives the same key.
        const auto again = minisign::PublicKey::parse(key->fileText());
        if (!again || !(*again == *key)) std::abort();
    }
    if (const auto sig = minisign::Signature::parse(text)) {
        static const auto trusted = minisign::PublicKey::parse("RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3");
        if (trusted) (void)minisign::verifyBytes(text, *sig, {*trusted});
        (void)parseTrustedComment(sig->trustedComment);
        (void)minisign::Signature::parse(sig->fileText());
    }
    if (const auto encrypted = minisign::SecretKey::isEncrypted(text); encrypted && !*encrypted) {
        if (const auto sk = minisign::SecretKey::parse(text, std::nullopt)) (void)sk->publicKey();
    } else {
        (void)minisign::SecretKey::parse(text, std::nullopt); // must refuse without a passphrase
    }
    (void)parseTrustedComment(text);
    return 0;
}
