#include "pack_cli.h"

#include "args.h"
#include "common.h"

#include <ostream>

namespace kiosk::tools {

namespace {

const OptionSpec kPassphraseFile{"--passphrase-file", "", true, false, "FILE",
                                 "read the key's passphrase from the first line of FILE "
                                 "(default: $KIOSK_PACK_PASSPHRASE or ask)"};
const OptionSpec kPubkey{"--pubkey", "-p", true, true, "KEY",
                         "trusted public key: a .pub file or its base64 line (repeatable)"};

struct Verb {
    VerbSpec spec;
    int (*run)(const ParsedArgs&, Io);
};

const std::vector<Verb>& verbs() {
    static const std::vector<Verb> kVerbs = {
        {{"keygen", "keygen [-o NAME] [--unencrypted]", "Create a minisign-compatible key pair: NAME.key (secret) and NAME.pub.",
          "The secret key is encrypted with a passphrase unless --unencrypted is given.\n"
          "Keep the secret key on the staff PC only; put the public key's line into every kiosk's configuration.",
          0, 0,
          {{"--out", "-o", true, false, "NAME", "file name without extension (default: kiosk)"},
           {"--unencrypted", "", false, false, "", "store the secret key without a passphrase"},
           kPassphraseFile,
           {"--kdf", "", true, false, "COST", "'sensitive' (default, minisign's 1 GiB scrypt) or 'interactive' (16 MiB)"},
           {"--force", "", false, false, "", "overwrite existing key files"}}},
         cmdKeygen},
        {{"build", "build SOURCE_DIR -o PACK.kpack [--sign KEY]", "Build a content pack from a source folder.",
          "Every problem in the source is listed with file, row and column. Errors stop the build\n"
          "(no pack is written); warnings are listed and the pack is written. See docs/source-format.md.",
          1, 1,
          {{"--out", "-o", true, false, "PACK.kpack", "where to write the pack (required)"},
           {"--sign", "-s", true, false, "KEY", "sign the pack with this secret key (writes PACK.kpack.minisig)"},
           kPassphraseFile,
           {"--version", "", true, false, "N", "pack version (default: pack.json, else the build time YYYYMMDDhhmm)"},
           {"--today", "", true, false, "DATE", "date used for 'already past' warnings (default: today)"},
           {"--quiet", "-q", false, false, "", "no progress output"}}},
         cmdBuild},
        {{"sign", "sign PACK.kpack --key KEY", "Sign a pack: writes PACK.kpack.minisig (minisign format).",
          "The trusted comment carries the pack's channel and version, e.g.\n"
          "  channel:beispiel version:202611210800 file:beispiel.kpack\n"
          "Packs signed with `minisign -S -t 'channel:C version:N'` are accepted as well.",
          1, 1,
          {{"--key", "-k", true, false, "KEY", "secret key file (required)"}, kPassphraseFile}},
         cmdSign},
        {{"verify", "verify PACK.kpack --pubkey KEY", "Check a pack exactly as a kiosk does before installing it.",
          "Checks the signature against the trusted keys, the file's integrity, its schema, and that the\n"
          "channel and version inside match the signed trusted comment. Exit code 0 only when all hold.",
          1, 1,
          {kPubkey,
           {"--sig", "", true, false, "FILE", "signature file (default: PACK.kpack.minisig)"},
           {"--channel", "", true, true, "C", "accept only this channel (repeatable)"}}},
         cmdVerify},
        {{"info", "info PACK.kpack [--json]", "Show a pack's metadata, counts per theme and signature state.", "", 1, 1,
          {{"--json", "", false, false, "", "machine-readable output"}, kPubkey}},
         cmdInfo},
        {{"export", "export PACK.kpack --format json|csv [--to DIR]",
          "Turn a pack back into readable data.",
          "With --to DIR, writes a source folder (pack.json, entries.csv or entries/entries.json, images/)\n"
          "that builds into a pack with the same content. Without --to, prints all entries (CSV) or the\n"
          "whole content (JSON) to standard output.",
          1, 1,
          {{"--format", "-f", true, false, "FORMAT", "json or csv (required)"},
           {"--to", "", true, false, "DIR", "write a source folder into DIR (new or empty)"}}},
         cmdExport},
        {{"diff", "diff OLD.kpack NEW.kpack [--json]", "List entries added, removed and changed between two packs.",
          "", 2, 2, {{"--json", "", false, false, "", "machine-readable output"}}},
         cmdDiff},
        {{"search", "search PACK.kpack QUERY [--lang L]",
          "Search a pack with the kiosk's own search; prints id and title per hit.",
          "Words match as prefixes, ignoring case and accents ('spielpl' finds 'Spielplätze').\n"
          "Entries that are expired or past are hidden, as on the kiosk, unless --include-expired.",
          2, 2,
          {{"--lang", "-l", true, false, "L", "language of the printed titles (default: de)"},
           {"--limit", "-n", true, false, "N", "at most N hits (default: 20)"},
           {"--at", "", true, false, "DATETIME", "search as the kiosk would at this time"},
           {"--include-expired", "", false, false, "", "also show expired entries and past events"}}},
         cmdSearch},
        {{"publish", "publish PACK.kpack --to DIR --pubkey KEY",
          "Prepare a folder for a static web server: the pack, its signature and manifest.json.",
          "The pack is verified first. Files are named CHANNEL-VERSION.kpack; manifest.json lists the newest\n"
          "pack of every channel in DIR with its size and SHA-256. Upload the whole folder.\n"
          "Cache headers (manifest.json: no-cache; packs: immutable) are written for Apache (.htaccess),\n"
          "Netlify / Cloudflare Pages (_headers) and nginx (nginx-kiosk.conf, to include); a file you\n"
          "edited is never overwritten. See docs/web-refresh.md, \"Serving many kiosks\".",
          1, 1,
          {{"--to", "", true, false, "DIR", "the folder to publish into (required)"},
           kPubkey,
           {"--force", "", false, false, "", "publish even if the channel already has this or a newer version"}}},
         cmdPublish},
    };
    return kVerbs;
}

std::string overview() {
    std::string out = "kiosk-pack: build, sign, check and publish Stadtteilkompass content packs.\n\n"
                      "Usage: kiosk-pack VERB [arguments] [options]\n\nVerbs:\n";
    for (const auto& v : verbs()) {
        std::string name = "  " + v.spec.name;
        name.resize(12, ' ');
        out += name + v.spec.summary + "\n";
    }
    out += "\n'kiosk-pack VERB --help' explains a verb. Exit code: 0 success, 1 failed, 2 usage error.\n";
    return out;
}

} // namespace

int runPackCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        (args.empty() ? err : out) << overview();
        return args.empty() ? kExitUsage : kExitOk;
    }
    if (args[0] == "--version") {
        out << "kiosk-pack 0.1.0\n";
        return kExitOk;
    }
    for (const auto& v : verbs()) {
        if (v.spec.name != args[0]) continue;
        const ParseOutcome parsed = parseArgs(v.spec, std::vector<std::string>(args.begin() + 1, args.end()));
        if (parsed.args.help) {
            out << helpText(v.spec);
            return kExitOk;
        }
        if (!parsed.error.empty()) {
            err << "kiosk-pack " << v.spec.name << ": " << parsed.error << "\n(see 'kiosk-pack " << v.spec.name
                << " --help')\n";
            return kExitUsage;
        }
        try {
            return v.run(parsed.args, Io{out, err});
        } catch (const std::exception& e) {
            // Verbs report expected failures as values; this is the last line of defence.
            err << "kiosk-pack " << v.spec.name << ": internal error: " << e.what() << '\n';
            return kExitFailed;
        }
    }
    err << "kiosk-pack: unknown verb '" << args[0] << "'\n\n" << overview();
    return kExitUsage;
}

} // namespace kiosk::tools
