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

namespace {

// Cache headers for the static hosts kiosks are commonly served from (docs/web-refresh.md,
// "Serving many kiosks"): manifest.json changes on every publish, so caches must revalidate
// it every time (no-cache + the server's ETag -> a body-less 304 while nothing changed);
// a CHANNEL-VERSION.kpack and its signature never change under their name: immutable.
struct ServerConfig {
    const char* name;
    const char* what;   // for the output
    const char* body;   // everything after the marker line
};

const ServerConfig kServerConfigs[] = {
    {".htaccess", "Apache, mod_headers",
     "# Cache headers for Stadtteilkompass kiosks (Apache with mod_headers; needs AllowOverride FileInfo).\n"
     "<IfModule mod_headers.c>\n"
     "    <Files \"manifest.json\">\n"
     "        Header set Cache-Control \"no-cache\"\n"
     "    </Files>\n"
     "    <FilesMatch \"\\.kpack(\\.minisig)?$\">\n"
     "        Header set Cache-Control \"public, max-age=31536000, immutable\"\n"
     "    </FilesMatch>\n"
     "</IfModule>\n"},
    {"_headers", "Netlify, Cloudflare Pages",
     "# Cache headers for Stadtteilkompass kiosks (Netlify / Cloudflare Pages; this folder is the site root).\n"
     "/manifest.json\n"
     "  Cache-Control: no-cache\n"
     "/*.kpack\n"
     "  Cache-Control: public, max-age=31536000, immutable\n"
     "/*.kpack.minisig\n"
     "  Cache-Control: public, max-age=31536000, immutable\n"},
    {"nginx-kiosk.conf", "nginx: include it in the server block whose root is this folder",
     "# Cache headers for Stadtteilkompass kiosks (nginx). In the server { } whose root is this folder:\n"
     "#     include /path/to/this/folder/nginx-kiosk.conf;\n"
     "# ETags (the default) give the kiosks' conditional requests a 304; ranges resume downloads.\n"
     "location = /manifest.json { add_header Cache-Control \"no-cache\"; }\n"
     "location ~ \\.kpack(\\.minisig)?$ { add_header Cache-Control \"public, max-age=31536000, immutable\"; }\n"},
};

// The first line of every file publish writes. The checksum covers the lines below it: a file
// whose marker and checksum still match was written by publish and not edited since, so a
// later publish may update it; anything else is the admin's and is never overwritten.
const std::string kMarkerStart = "# Written by kiosk-pack publish, checksum ";
std::string markerLine(const std::string& body) {
    return kMarkerStart + sha256Hex(body).substr(0, 16) +
           ". Edit freely: publish never overwrites a file whose lines no longer match.\n";
}

// Writes (or updates) the server configuration files; a line per file written or left alone.
// False (with a message on err) only when a file could not be written.
bool writeServerConfigs(const std::filesystem::path& dir, Io io) {
    for (const auto& c : kServerConfigs) {
        const auto path = dir / c.name;
        const std::string body = c.body;
        const std::string wanted = markerLine(body) + body;
        std::error_code ec;
        const bool exists = std::filesystem::exists(std::filesystem::symlink_status(path, ec));
        if (exists) {
            std::string have;
            if (std::filesystem::is_regular_file(std::filesystem::symlink_status(path, ec))) {
                std::ifstream in(path, std::ios::binary);
                std::stringstream ss;
                ss << in.rdbuf();
                have = ss.str();
            }
            if (have == wanted) continue; // written by this publish before: nothing to do
            const auto eol = have.find('\n');
            const bool ours = have.starts_with(kMarkerStart) && eol != std::string::npos &&
                              have.substr(0, eol + 1) == markerLine(have.substr(eol + 1));
            if (!ours) {
                io.out << "Left " << path.string() << " alone: it was edited or not written by publish (" << c.what
                       << "); check its cache headers against docs/web-refresh.md\n";
                continue;
            }
        }
        if (auto s = platform::writeFileAtomic(path, wanted); !s) {
            io.err << "error: " << s.error << '\n';
            return false;
        }
        io.out << (exists ? "Updated " : "Wrote ") << path.string() << " (cache headers: " << c.what << ")\n";
    }
    return true;
}

} // namespace

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
    // Cache headers for the common static hosts, before the manifest: a host that reads them
    // serves the new manifest with them from its first request.
    if (!writeServerConfigs(dir, io)) return kExitFailed;
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
