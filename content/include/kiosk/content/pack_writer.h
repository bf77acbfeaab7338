#pragma once
// Writing a .kpack file: one SQLite database holding a whole PackContent
// (metadata, site, themes, entries, images as BLOBs) and its prebuilt FTS5
// search index. SQLite is the application file format: any `sqlite3` can open
// a pack for inspection, and the kiosk reads it in place.
//
// writePack() writes to `out` + ".partial" first and renames it over `out`
// only when the database is complete and synced, so an interrupted build
// never leaves a half pack under the real name.
//
// Failure: Result Error with the reason (disk full, unwritable folder).
// Thread safety: reentrant; each call uses its own SQLite connection.

#include "kiosk/content/model.h"
#include "kiosk/content/report.h"

#include <filesystem>
#include <functional>
#include <string_view>

namespace kiosk::content {

// Called as work progresses: a phase name and done/total in that phase.
using ProgressFn = std::function<void(std::string_view phase, std::size_t done, std::size_t total)>;

// Writes `content` as it is. `content.info` must carry channel, version,
// createdAt and generator; the counts are filled in from the content.
Status writePack(const PackContent& content, const std::filesystem::path& out, const ProgressFn& progress = {});

// The text indexed for search: [0] title column (every language), [1] body
// (summary, tags, organisation, contact, address, city, description, in every language).
// Shared with tests that check what is findable.
std::pair<std::string, std::string> searchDocument(const Entry& entry);

// Folds what SQLite's unicode61 tokenizer does not: Turkish dotless ı -> i and
// German ß/ẞ -> ss, so "danisma" finds "danışma" and "strasse" finds "Straße".
// Applied to indexed text and to queries alike.
std::string foldForSearch(std::string_view text);

} // namespace kiosk::content
