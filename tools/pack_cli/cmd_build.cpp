// kiosk-pack build.
#include "common.h"

#include "kiosk/content/pack_builder.h"
#include "kiosk/content/verify.h"
#include "kiosk/platform/file_safety.h"

#include <charconv>
#include <ostream>

namespace kiosk::tools {

using namespace kiosk::content;

int cmdBuild(const ParsedArgs& args, Io io) {
    const std::filesystem::path source = args.positional.at(0);
    auto out = args.get("--out");
    if (!out) {
        io.err << "error: build needs -o PACK.kpack\n";
        return kExitUsage;
    }
    BuildOptions options;
    if (auto v = args.get("--version")) {
        std::int64_t n = 0;
        auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
        if (ec != std::errc() || p != v->data() + v->size() || n <= 0) {
            io.err << "error: --version must be a positive whole number, not '" << *v << "'\n";
            return kExitUsage;
        }
        options.version = n;
    }
    if (auto t = args.get("--today")) {
        auto d = parseDate(*t);
        if (!d) {
            io.err << "error: --today must be a date like 2026-08-19, not '" << *t << "'\n";
            return kExitUsage;
        }
        options.source.today = *d;
    }
    const bool quiet = args.has("--quiet");
    options.progress = progressPrinter(io.err, quiet);

    // Ask for the key (and its passphrase) before the work, not after it.
    std::optional<minisign::SecretKey> key;
    if (auto keyPath = args.get("--sign")) {
        auto k = loadSecretKey(*keyPath, args);
        if (!k) {
            io.err << "error: " << k.error().toString() << '\n';
            return kExitFailed;
        }
        key = std::move(*k);
    }

    if (const auto parent = std::filesystem::path(*out).parent_path(); !parent.empty() && !std::filesystem::is_directory(parent)) {
        io.err << "error: " << parent.string() << ": output folder does not exist\n";
        return kExitFailed;
    }
    if (!std::filesystem::is_directory(source)) {
        io.err << "error: " << source.string() << ": source folder not found\n";
        return kExitFailed;
    }
    LoadedSource loaded = loadSourceWithImages(source, options);
    printReport(loaded.report, io.err);
    if (loaded.report.hasErrors()) {
        io.err << "Build failed: " << loaded.report.errorCount() << " error(s), " << loaded.report.warningCount()
               << " warning(s). No pack was written.\n";
        return kExitFailed;
    }

    const std::filesystem::path target = *out;
    const auto tmp = platform::temporarySibling(target);
    if (auto s = writePack(loaded.content, tmp, options.progress); !s) {
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        io.err << "error: " << s.error().toString() << "\nNo pack was written.\n";
        return kExitFailed;
    }
    if (auto s = platform::commitFile(tmp, target); !s) {
        io.err << "error: " << s.error << "\nNo pack was written.\n";
        return kExitFailed;
    }
    std::error_code ec;
    const auto size = std::filesystem::file_size(target, ec);
    const PackInfo& info = loaded.content.info;
    io.out << "Wrote " << target.string() << ": channel " << info.channel << ", version " << info.version << ", "
           << info.entryCount << " entries, " << info.themeCount << " themes, " << info.imageCount << " images, "
           << humanSize(size) << '\n';
    if (loaded.report.warningCount() > 0)
        io.out << loaded.report.warningCount() << " warning(s), see above.\n";

    if (key) {
        if (auto s = signPack(target.string(), *key); !s) {
            io.err << "error: signing failed: " << s.error().toString() << '\n';
            return kExitFailed;
        }
        io.out << "Signed with key " << minisign::keyIdHex(key->id()) << " -> " << signaturePathFor(target).string()
               << '\n';
    }
    return kExitOk;
}

} // namespace kiosk::tools
