#include "kiosk/content/pack_builder.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace kiosk::content {

namespace {

std::int64_t buildTime() {
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
        char* end = nullptr;
        const long long v = std::strtoll(epoch, &end, 10);
        if (end && *end == '\0' && v > 0) return v;
    }
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::int64_t versionFromTime(std::int64_t unixSeconds) {
    const auto t = static_cast<std::time_t>(unixSeconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return (((static_cast<std::int64_t>(tm.tm_year + 1900) * 100 + tm.tm_mon + 1) * 100 + tm.tm_mday) * 100 +
            tm.tm_hour) * 100 + tm.tm_min;
}

} // namespace

std::string generatorName() { return "kiosk-pack 0.1.0"; }

std::string isoUtc(std::int64_t unixSeconds) {
    const auto t = static_cast<std::time_t>(unixSeconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

LoadedSource loadSourceWithImages(const std::filesystem::path& sourceDir, const BuildOptions& options) {
    LoadedSource out;
    SourceResult src = readSource(sourceDir, options.source);
    out.report = std::move(src.report);
    out.content = std::move(src.content);
    if (out.report.hasErrors()) return out;

    const std::int64_t now = buildTime();
    PackInfo& info = out.content.info;
    if (options.version) info.version = *options.version;
    if (info.version <= 0) info.version = versionFromTime(now);
    info.createdAt = options.createdAt.value_or(isoUtc(now));
    info.generator = generatorName();
    info.schemaVersion = 1;

    // Scale and re-encode every referenced image; drop references to images that fail.
    std::vector<std::string> failed;
    std::size_t done = 0;
    for (const auto& id : src.imageIds) {
        const std::string display = "images/" + id;
        auto img = processImageFile(sourceDir / "images" / id, id, src.imageSettings, display);
        if (img) {
            out.content.images.push_back(std::move(*img));
        } else {
            out.report.warning(display, 0, "", img.error().message + "; the image is left out");
            failed.push_back(id);
        }
        if (options.progress) options.progress("scaling images", ++done, src.imageIds.size());
    }
    auto isFailed = [&](const std::string& id) { return std::find(failed.begin(), failed.end(), id) != failed.end(); };
    if (!failed.empty()) {
        if (isFailed(out.content.site.logo)) out.content.site.logo.clear();
        for (auto& e : out.content.entries) std::erase_if(e.images, isFailed);
    }
    // Only images that exist make it into entries (missing ones were warned about by the reader).
    auto known = [&](const std::string& id) {
        for (const auto& img : out.content.images)
            if (img.id == id) return true;
        return false;
    };
    if (!out.content.site.logo.empty() && !known(out.content.site.logo)) out.content.site.logo.clear();
    for (auto& e : out.content.entries) std::erase_if(e.images, [&](const std::string& id) { return !known(id); });

    info.entryCount = static_cast<int>(out.content.entries.size());
    info.themeCount = static_cast<int>(out.content.themes.size());
    info.imageCount = static_cast<int>(out.content.images.size());
    return out;
}

BuildResult buildPack(const std::filesystem::path& sourceDir, const std::filesystem::path& out,
                      const BuildOptions& options) {
    BuildResult result;
    LoadedSource loaded = loadSourceWithImages(sourceDir, options);
    result.report = std::move(loaded.report);
    if (result.report.hasErrors()) return result;
    if (auto s = writePack(loaded.content, out, options.progress); !s) {
        result.report.error(out.string(), 0, "", s.error().message);
        return result;
    }
    result.info = loaded.content.info;
    return result;
}

} // namespace kiosk::content
