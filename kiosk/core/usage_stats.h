#pragma once
// Anonymous usage statistics, kept on the kiosk in its own SQLite file
// (<dataDir>/stats.sqlite): how often each theme and entry was opened and which
// search terms were looked for, counted per calendar day. Nothing else: no
// times finer than a day, no sequences (which visitor did what), no languages
// per visitor, no personal data. Search terms are stored normalised (trimmed,
// inner white space collapsed, lower case, at most 40 bytes of UTF-8; terms of
// fewer than two characters are not counted); a term is counted once when a
// visitor leaves the search screen or opens a result, not per keystroke.
// Rows older than kRetentionDays are deleted, so the file stays small.
// docs/usage-stats.md documents this for the staff and their data-protection officer.
//
// Export: one CSV for the staff, header "Tag;Art;Schlüssel;Bezeichnung;Anzahl"
// (Art = Thema | Eintrag | Suche), UTF-8 with BOM, ';' and CRLF so German Excel
// opens it; days ascending, within a day by kind, then most counted first.
// Cells starting with = + - @ get a leading apostrophe (search terms are
// visitor input and must not become spreadsheet formulas).
//
// Failure: a stats file that cannot be opened or written never stops the kiosk:
// count() drops the event and remembers the error (lastError()). A file that
// is not a stats database (not SQLite, another schema, damaged) is moved aside
// to "<file>.broken" (replacing an older one) and a new one is started; that
// is remembered in lastError() too, so the staff screen can show it.
// Thread safety: one UsageStats per thread (the kiosk's UI thread); the file
// itself is meant for one process.

#include "kiosk/content/datetime.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::core {

class UsageStats {
public:
    // Days kept: rows of days before (today - kRetentionDays + 1) are deleted.
    static constexpr int kRetentionDays = 400;

    // Opens or creates the file (and its folder); a broken file is moved aside
    // (stats.sqlite.broken) and started afresh. `today` (default: the local
    // date now) decides which old days the retention deletes.
    explicit UsageStats(std::filesystem::path file, std::optional<content::Date> today = std::nullopt);
    ~UsageStats();
    UsageStats(const UsageStats&) = delete;
    UsageStats& operator=(const UsageStats&) = delete;

    enum class Kind { Theme, Entry, Search };
    // `key` = theme/entry id or the search term as typed (normalised here;
    // terms that normalise to fewer than two characters are ignored);
    // `label` = German title shown in the export (ignored for searches).
    // The first event of a newer day also applies the retention.
    void count(Kind kind, std::string_view key, std::string_view label, const content::Date& day);

    // Writes the CSV atomically to `target`; returns an empty string or an English error naming the file.
    std::string exportCsv(const std::filesystem::path& target) const;
    // The CSV bytes exportCsv() writes (for tests and previews); empty when the file is unusable.
    std::string csv() const;

    // Total events counted (for the staff screen).
    long long total() const;
    // The most recent failure or notice ("" when there was none); not cleared by later successes.
    const std::string& lastError() const { return m_error; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::string m_error;
};

// A search term as it is counted: trimmed, runs of white space and control
// characters collapsed to one space, lower case (ASCII, German, Turkish,
// Polish and Ukrainian letters; İ -> i, ẞ -> ß), invalid UTF-8 dropped, cut
// to at most 40 bytes at a character boundary. std::nullopt when fewer than
// two characters remain.
std::optional<std::string> normalizeSearchTerm(std::string_view term);

// "statistik-<siteId>-2026-11-21.csv"; characters of siteId other than
// A-Z a-z 0-9 . _ - become '-', an empty siteId becomes "kiosk".
std::string statsExportFileName(const content::Date& today, const std::string& siteId);

} // namespace kiosk::core
