// Fuzz target: the web refresh's manifest parser (kiosk/install/refresh_manifest.h,
// docs/fuzzing.md). The manifest comes from a web server the kiosk does not
// control. Seeds: manifests that `kiosk-pack publish` writes, and the texts of
// tests/install/test_refresh_manifest.cpp.
// Checked beyond "no crash": what parses holds only plain file names, valid
// channel names, 64-hex-digit hashes, and each channel at most once.

#include "fuzz_support.h"
#include "install/refresh_manifest.h"

#include <cstdlib>
#include <set>

using namespace kiosk::install;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto manifest = parseManifest(kiosk::fuzz::asText(data, size), "https://fuzz.invalid/manifest.json");
    if (!manifest) {
        if (manifest.error().toString().rfind("https://fuzz.invalid/manifest.json", 0) != 0) std::abort();
        return 0;
    }
    std::set<std::string> channels;
    for (const auto& p : manifest->packs) {
        if (!isValidChannelName(p.channel) || !channels.insert(p.channel).second) std::abort();
        if (!checkPlainFileName(p.file).empty() || !checkPlainFileName(p.signature).empty()) std::abort();
        if (p.sha256.size() != 64) std::abort();
        if (manifest->find(p.channel) != &p) std::abort();
    }
    return 0;
}
