// kiosk-pack publish: a folder any static web server can serve to kiosks.
#include "common.h"

#include "kiosk/content/hashing.h"
#include "kiosk/content/pack_builder.h"
#include "kiosk/content/verify.h"
#include "kiosk/platform/file_safety.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <ostream>
#include <sstream>

namespace kiosk::tools {

using namespace kiosk::content;
using nlohmann::ordered_json;

int cmdPublish(const ParsedArgs& args, Io io) {
    const std::string pack = args.positional.at(0);
    auto to = args.get("--to");
    if (!to) {
        io.err << "error: publish needs --to DIR\n";
        return kExitUsage;
    }
    auto keys = loadPublicKeys(args.all("--pubkey"));
    if (!keys) {
        io.err << "error: " << keys.error().toString() << '\n';
        return kExitFailed;
    }
    if (keys->empty()) {
        io.err << "error: publish checks the pack before it goes out: give --pubkey KEY.pub\n";
        return kExitUsage;
    }
    // Never publish what a kiosk would refuse.
    VerifyOptions vo;
    vo.trustedKeys = *keys;
    const VerifyResult vr = verifyPack(pack, vo);
    if (!vr.ok()) {
        printReport(vr.report, io.err);
        io.err << "Not published: the pack does not verify.\n";
        return kExitFailed;
    }
    const PackInfo& info = *vr.info;

    const std::filesystem::path dir = *to;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        io.err << "error: " << dir.string() << ": cannot create folder: " << ec.message() << '\n';
        return kExitFailed;
    }

    // Merge with an existing manifest: other channels stay, this channel's entry is replaced.
    const auto manifestPath = dir / "manifest.json";
    ordered_json manifest = {{"format", 1}, {"packs", ordered_json::array()}};
    if (std::filesystem::exists(manifestPath, ec)) {
        std::ifstream in(manifestPath);
        std::stringstream ss;
        ss << in.rdbuf();
        try {
            manifest = ordered_json::parse(ss.str());
            if (!manifest.contains("packs") || !manifest["packs"].is_array()) throw std::runtime_error("no packs array");
        } catch (const std::exception& e) {
            io.err << "error: " << manifestPath.string() << ": existing manifest cannot be read (" << e.what()
                   << "); move it away to start a new one\n";
            return kExitFailed;
        }
    }
    ordered_json packs = ordered_json::array();
    for (const auto& p : manifest["packs"]) {
        if (p.value("channel", "") != info.channel) {
            packs.push_back(p);
            continue;
        }
        const auto published = p.value("version", std::int64_t{0});
        if (published >= info.version && !args.has("--force")) {
            io.err << "error: channel " << info.channel << " already has version " << published
                   << " published; this pack is version " << info.version
                   << ". Kiosks would not install it. Use --force to publish it anyway.\n";
            return kExitFailed;
        }
    }

    const std::string fileName = info.channel + "-" + std::to_string(info.version) + ".kpack";
    const std::string sigName = fileName + ".minisig";
    if (auto s = platform::copyFileAtomic(pack, dir / fileName); !s) {
        io.err << "error: " << s.error << '\n';
        return kExitFailed;
    }
    if (auto s = platform::copyFileAtomic(signaturePathFor(pack), dir / sigName); !s) {
        io.err << "error: " << s.error << '\n';
        return kExitFailed;
    }
    // Size and hash of the copy as it lies in DIR: that is what kiosks download.
    std::error_code sizeError;
    const auto publishedSize = std::filesystem::file_size(dir / fileName, sizeError);
    if (sizeError || publishedSize != vr.fileSize) {
        io.err << "error: " << (dir / fileName).string() << ": the copy differs in size from the verified pack\n";
        return kExitFailed;
    }
    auto sha = sha256FileHex(dir / fileName);
    if (!sha) {
        io.err << "error: " << sha.error().toString() << '\n';
        return kExitFailed;
    }
    ordered_json entry;
    entry["channel"] = info.channel;
    entry["version"] = info.version;
    entry["title"] = info.title.get();
    entry["created_at"] = info.createdAt;
    entry["file"] = fileName;
    entry["signature"] = sigName;
    entry["size"] = publishedSize;
    entry["sha256"] = *sha;
    entry["entries"] = info.entryCount;
    packs.push_back(entry);
    manifest["format"] = 1;
    manifest["generated_at"] = isoUtc(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now().time_since_epoch()).count());
    manifest["packs"] = packs;
    // The manifest goes last: a kiosk reading it finds the files it names already complete.
    if (auto s = platform::writeFileAtomic(manifestPath, manifest.dump(2) + "\n"); !s) {
        io.err << "error: " << s.error << '\n';
        return kExitFailed;
    }
    io.out << "Published " << fileName << " (" << humanSize(vr.fileSize) << ") and " << sigName << " to "
           << dir.string() << "\nUpdated " << manifestPath.string() << " (channel " << info.channel << ", version "
           << info.version << ")\n";
    return kExitOk;
}

} // namespace kiosk::tools
