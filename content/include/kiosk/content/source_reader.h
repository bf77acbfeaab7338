#pragma once
// Reading a staff source folder into the content model.
//
// A source folder (docs/source-format.md is the full reference):
//   pack.json        site, channel, title, languages, themes (required)
//   *.csv            entries as spreadsheet rows (any number of files, top level)
//   entries/*.json   entries as JSON (one object or an array per file)
//   images/          photos and drawings referenced by `image` / `logo`
//
// readSource() never stops at the first problem: it reads everything and
// returns every finding (file, spreadsheet row, field, reason) in the Report.
// Rows with errors are left out of `content` but nothing else is lost: a
// report with errors means `kiosk-pack build` must not write a pack.
// Images are not decoded here (PackContent::images stays empty); the list of
// referenced image files that exist is returned for the image pipeline.
//
// Findings name the file relative to the folder ("angebote.csv",
// "entries/fest.json", "pack.json"), the row (the spreadsheet row as Calc or
// Excel shows it, header = 1; for JSON the 1-based position of the entry in
// the file's array, 1 for a single object; 0 for pack.json and whole-file
// problems), the field (the column header as the user wrote it for CSV, the
// canonical name for JSON, a path like "site.email" or "themes[2].colour" for
// pack.json) and a reason that quotes the value. Findings come in reading
// order: pack.json, the spreadsheets, then the JSON files; within an entry in
// field order. tests/data/sources/*/expected-findings.txt show every kind.
//
// Spreadsheets are read with parseCsv() (csv.h): any encoding and separator
// office software produces.
//
// Thread safety: pure function of the folder's contents and the options.

#include "kiosk/content/datetime.h"
#include "kiosk/content/images.h"
#include "kiosk/content/model.h"
#include "kiosk/content/report.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::content {

// One entry field as staff write it in a spreadsheet header.
struct SourceField {
    std::string_view name;        // canonical, e.g. "contact_name"
    std::string_view germanAlias; // e.g. "Ansprechperson"
    bool translatable;            // may have "name:en" columns
};
// All entry fields in canonical column order (id, theme, kind, title, ..., checked).
const std::vector<SourceField>& sourceFields();

struct SourceOptions {
    // "Today" for warnings (event already past, not confirmed for over a year,
    // expired). Defaults to the local date.
    Date today = nowLocal().date;
};

struct SourceResult {
    PackContent content;  // info.channel, info.title and (if given) info.version filled from pack.json
    Report report;
    // Image ids (file names under images/) that are referenced and exist, in first-use order
    // (the site logo first). Entries and the site refer only to these.
    std::vector<std::string> imageIds;
    // pack.json "images": how build scales the photos (defaults when absent).
    ImageSettings imageSettings;
};

SourceResult readSource(const std::filesystem::path& folder, const SourceOptions& options = {});

} // namespace kiosk::content
