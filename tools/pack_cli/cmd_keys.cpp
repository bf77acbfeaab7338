// kiosk-pack keygen and sign.
#include "common.h"

#include "kiosk/content/store.h"
#include "kiosk/content/verify.h"
#include "kiosk/platform/file_safety.h"

#include <ostream>
#include <sys/stat.h>

namespace kiosk::tools {

using namespace kiosk::content;

int cmdKeygen(const ParsedArgs& args, Io io) {
    const std::string base = args.get("--out").value_or("kiosk");
    const std::filesystem::path pubPath = base + ".pub", keyPath = base + ".key";
    std::error_code ec;
    if (!args.has("--force") && (std::filesystem::exists(pubPath, ec) || std::filesystem::exists(keyPath, ec))) {
        io.err << "error: " << keyPath.string() << " or " << pubPath.string()
               << " already exists; a lost key cannot be recovered, so keygen never overwrites one (use --force)\n";
        return kExitFailed;
    }
    const bool unencrypted = args.has("--unencrypted");
    if (unencrypted && args.has("--passphrase-file")) {
        io.err << "error: --unencrypted and --passphrase-file exclude each other\n";
        return kExitUsage;
    }
    auto cost = minisign::SecretKey::KdfCost::Sensitive;
    if (auto kdf = args.get("--kdf")) {
        if (*kdf == "interactive") cost = minisign::SecretKey::KdfCost::Interactive;
        else if (*kdf != "sensitive") {
            io.err << "error: --kdf must be 'sensitive' or 'interactive'\n";
            return kExitUsage;
        }
    }
    std::optional<std::string> passphrase;
    if (!unencrypted) {
        std::string why;
        passphrase = obtainPassphrase(args, "Passphrase for the new secret key: ", true, why);
        if (!passphrase) {
            io.err << "error: " << why << " (or use --unencrypted for a key without passphrase)\n";
            return kExitFailed;
        }
    }
    auto pair = minisign::generateKeyPair();
    if (!pair) {
        io.err << "error: " << pair.error().toString() << '\n';
        return kExitFailed;
    }
    auto keyText = pair->secretKey.fileText(passphrase ? std::optional<std::string_view>(*passphrase) : std::nullopt, cost);
    if (!keyText) {
        io.err << "error: " << keyText.error().toString() << '\n';
        return kExitFailed;
    }
    if (auto s = platform::writeFileAtomic(keyPath, *keyText, 0600); !s) {
        io.err << "error: " << s.error << '\n';
        return kExitFailed;
    }
    if (auto s = platform::writeFileAtomic(pubPath, pair->publicKey.fileText(), 0644); !s) {
        io.err << "error: " << s.error << '\n';
        return kExitFailed;
    }
    io.out << "Secret key: " << keyPath.string() << (unencrypted ? " (NOT encrypted: keep it somewhere safe)" : " (encrypted)")
           << "\nPublic key: " << pubPath.string() << "\nKey ID:     " << minisign::keyIdHex(pair->publicKey.id)
           << "\n\nTrust this key on a kiosk by adding this line to its configuration:\n  trusted_key = "
           << pair->publicKey.base64() << '\n';
    return kExitOk;
}

Status signPack(const std::string& pack, const minisign::SecretKey& key) {
    // The trusted comment repeats channel and version from inside the pack, so
    // the pack is opened (defensively) first.
    auto store = ContentStore::open(pack);
    if (!store) return store.error();
    const std::string comment =
        formatTrustedComment((*store)->info(), std::filesystem::path(pack).filename().string());
    auto sig = minisign::signFile(pack, key, comment);
    if (!sig) return sig.error();
    if (auto s = platform::writeFileAtomic(signaturePathFor(pack), sig->fileText()); !s) {
        Error e;
        e.message = s.error;
        return e;
    }
    return Ok{};
}

int cmdSign(const ParsedArgs& args, Io io) {
    const std::string pack = args.positional.at(0);
    auto keyPath = args.get("--key");
    if (!keyPath) {
        io.err << "error: sign needs --key SECRET.key\n";
        return kExitUsage;
    }
    auto key = loadSecretKey(*keyPath, args);
    if (!key) {
        io.err << "error: " << key.error().toString() << '\n';
        return kExitFailed;
    }
    if (auto s = signPack(pack, *key); !s) {
        io.err << "error: " << s.error().toString() << '\n';
        return kExitFailed;
    }
    io.out << "Signed " << pack << " with key " << minisign::keyIdHex(key->id()) << " -> "
           << signaturePathFor(pack).string() << '\n';
    return kExitOk;
}

} // namespace kiosk::tools
