#pragma once
// Building a pack from a source folder: readSource() -> images scaled and
// re-encoded -> writePack(). This is `kiosk-pack build` without the command
// line, so the Studio and tests run exactly the same steps.
//
// Errors in the source (any Finding of Severity::Error) stop the build before
// anything is written; warnings are returned alongside a written pack. An
// image that cannot be read is a warning and is left out (the entry keeps its
// other images), as the source format documents.
//
// Thread safety: reentrant. Progress callbacks run on the calling thread.

#include "kiosk/content/images.h"
#include "kiosk/content/model.h"
#include "kiosk/content/pack_writer.h"
#include "kiosk/content/report.h"
#include "kiosk/content/source_reader.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace kiosk::content {

struct BuildOptions {
    std::optional<std::int64_t> version; // overrides pack.json; default: pack.json, else build time YYYYMMDDhhmm (UTC)
    // ISO 8601 UTC creation time; default: now, or SOURCE_DATE_EPOCH when set (reproducible builds).
    std::optional<std::string> createdAt;
    SourceOptions source;
    ProgressFn progress;
};

struct BuildResult {
    Report report;               // source findings + image warnings + write errors
    std::optional<PackInfo> info; // set when the pack was written
    bool ok() const { return info.has_value() && report.ok(); }
};

// Reads `sourceDir` and writes the pack to `out` (an existing file is replaced).
BuildResult buildPack(const std::filesystem::path& sourceDir, const std::filesystem::path& out,
                      const BuildOptions& options = {});

// The same, but returns the content instead of writing it (Studio preview, diff against a source).
struct LoadedSource {
    PackContent content;
    Report report;
};
LoadedSource loadSourceWithImages(const std::filesystem::path& sourceDir, const BuildOptions& options = {});

// "kiosk-pack 0.1.0"
std::string generatorName();
// UTC "YYYY-MM-DDThh:mm:ssZ" for a Unix time.
std::string isoUtc(std::int64_t unixSeconds);

} // namespace kiosk::content
