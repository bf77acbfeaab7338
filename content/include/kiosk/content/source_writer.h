#pragma once
// Writing content back out as a source folder (`kiosk-pack export`) or as one
// canonical JSON document.
//
// The folder has the layout docs/source-format.md describes (pack.json,
// entries.csv or entries/entries.json, images/) with canonical field names, so
// building it again gives a pack with the same content: export is how staff
// recover a source from a pack, and how tests prove nothing is lost.
//
// Failure: Status with the file that could not be written. The folder must be
// empty or absent; existing files are never overwritten.
// Thread safety: reentrant.

#include "kiosk/content/model.h"
#include "kiosk/content/report.h"

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace kiosk::content {

enum class ExportFormat { Csv, Json };

// Returns an image's encoded bytes by id (e.g. from ContentStore::image).
using ImageBytesFn = std::function<Result<std::string>(std::string_view id)>;

Status writeSourceFolder(const PackContent& content, const std::filesystem::path& dir, ExportFormat format,
                         const ImageBytesFn& imageBytes);

// The whole content (metadata, site, themes, entries; images as id/size/type)
// as pretty-printed JSON with canonical field names and language objects.
std::string contentToJson(const PackContent& content);

// One CSV table of all entries with canonical headers and `field:lang` columns.
std::string entriesToCsv(const std::vector<Entry>& entries);

} // namespace kiosk::content
