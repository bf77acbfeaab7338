#pragma once
// The web refresh's manifest (issue 5): what `kiosk-pack publish` writes into
// manifest.json, read strictly, and the URLs of the files it names.
//
//   {"format": 1, "generated_at": "2026-11-21T07:30:00Z",
//    "packs": [{"channel": "beispiel", "version": 6, "title": "…", "created_at": "…",
//               "file": "beispiel-6.kpack", "signature": "beispiel-6.kpack.minisig",
//               "size": 1234567, "sha256": "<64 hex>", "entries": 142}]}
//
// The manifest comes from a web server we do not control, over plain HTTP
// perhaps, so every field is checked before anything acts on it: a channel is
// [a-z0-9-]+ (it becomes a folder name), a file name is a plain name relative
// to the manifest's URL (never a path, never "..", so a manifest cannot send the
// kiosk to another site or folder), sizes are not negative, hashes are 64 hex
// digits. Trust still comes only from the pack's signature, checked by the
// install path; the manifest only says what to fetch.
//
// Failure: content::Error, message naming the source and the field:
//   "http://host/manifest.json: field 'packs[0].sha256': must be 64 hex digits, is 'abc'".
// Thread safety: pure functions.

#include "kiosk/content/report.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::install {

struct ManifestPack {
    std::string channel;
    std::int64_t version = 0;
    std::string title;       // optional in the file ("" when absent)
    std::string createdAt;   // optional
    std::string file;        // plain file name, relative to the manifest URL
    std::string signature;   // plain file name of the .minisig
    std::uint64_t size = 0;  // bytes of `file`
    std::string sha256;      // lower-case hex of `file`
    int entries = 0;         // optional
};

struct Manifest {
    int format = 1;
    std::string generatedAt; // optional
    std::vector<ManifestPack> packs; // channels are unique
    // The entry of a channel, or nullptr.
    const ManifestPack* find(std::string_view channel) const;
};

// `sourceName` (the URL or path) starts every error message.
content::Result<Manifest> parseManifest(std::string_view text, const std::string& sourceName);

// [a-z0-9-]+, not starting with '-', at most 64 characters (the install path's rule).
bool isValidChannelName(std::string_view channel);

// A file name as the manifest may give it: [A-Za-z0-9._-]+, no "..", not "." ,
// at most 200 characters. "" when fine, else why ("must be a plain file name
// relative to the manifest (no '/' or '..')").
std::string checkPlainFileName(std::string_view name);

// "" when `url` is an absolute http:// or https:// URL with a host, else why.
std::string checkManifestUrl(std::string_view url);

// The URL of `fileName` beside the manifest: the manifest URL without its query
// and fragment, up to and including the last '/' of its path, then the name.
//   http://host/kiosk/manifest.json?x=1 + beispiel-6.kpack -> http://host/kiosk/beispiel-6.kpack
//   http://host                         + a.kpack          -> http://host/a.kpack
// Fails (content::Error) when the manifest URL or the file name is not acceptable.
content::Result<std::string> resolveFileUrl(std::string_view manifestUrl, std::string_view fileName);

} // namespace kiosk::install
