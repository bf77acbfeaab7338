#pragma once
// Internal: reading a pack's tables into a PackContent (images without data).
// Used by ContentStore::open and by the verifier. Expects a connection made by
// detail::openReadOnly(). Values that cannot be right (a kind this build does
// not know, an unparsable date) are errors naming the entry and field: a pack
// that passed the signature check but holds them was built by a broken tool.

#include "kiosk/content/model.h"
#include "kiosk/content/report.h"

#include <sqlite3.h>

#include <map>
#include <string>

namespace kiosk::content::detail {

// meta table as key -> value; Error when it cannot be read.
Result<std::map<std::string, std::string>> readMeta(sqlite3* db, const std::string& path);
// PackInfo from meta + the pack title; Error naming the key that is missing or malformed.
Result<PackInfo> readInfo(sqlite3* db, const std::string& path);
// Checks sqlite_schema against the schema this build writes (no extra objects,
// no triggers or views, same column declarations). Error says what differs.
Status checkSchema(sqlite3* db, const std::string& path);
// Everything: checkSchema + info + site + themes + entries (+ image ids/sizes, no data).
Result<PackContent> loadPack(sqlite3* db, const std::string& path);

} // namespace kiosk::content::detail
