#pragma once
// ContentStore: the kiosk's read-only view of one installed pack.
//
// open() opens a .kpack defensively (read-only, immutable, no triggers/views,
// untrusted schema) and loads site, themes and entries into memory: a pack of
// 10,000 entries costs a few MB and every list/filter is then a plain loop.
// Images and search stay in the file and are read on demand.
//
// open() does NOT check the signature: callers verify a pack with
// verifyPack() (verify.h) before they trust it; open() only checks that the
// schema is the one this build understands.
//
// Visibility: entries whose valid_until day has passed, and events that have
// ended, are hidden from every query that takes `now` (they "disappear by
// themselves"). entry(id) still finds them.
//
// Thread safety: the in-memory queries are const and safe from any thread;
// search() and image() serialise on an internal mutex (one SQLite connection).
// Failure: open() returns an Error naming the file; search()/image() return
// empty results / Errors, never throw.

#include "kiosk/content/datetime.h"
#include "kiosk/content/model.h"
#include "kiosk/content/report.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiosk::content {

struct EntryFilter {
    std::optional<std::string> theme;  // theme id
    std::optional<int> age;            // visitor's child age in years: entries whose range includes it
    // An age group [min, max] in years: entries whose [ageMin, ageMax] overlaps it.
    // Entries without an age range match any group (they are for everyone).
    std::optional<std::pair<int, int>> ageRange;
    std::optional<EntryKind> kind;
    bool freeOnly = false;
    bool openNow = false;              // entries with readable opening hours that are open at `now`
    bool upcomingEventsOnly = false;   // only events that have not ended
};

struct SearchHit {
    std::string entryId;
    std::string title;      // in the requested language (German fallback)
    bool titleMatch = false; // every query word matched the title
};

class ContentStore {
public:
    static Result<std::unique_ptr<ContentStore>> open(const std::filesystem::path& pack);
    ~ContentStore();
    ContentStore(const ContentStore&) = delete;
    ContentStore& operator=(const ContentStore&) = delete;

    const PackInfo& info() const;
    const Site& site() const;
    const std::vector<Theme>& themes() const;
    const Theme* theme(std::string_view id) const;
    // Everything loaded (images without data), for export and diff.
    const PackContent& content() const;

    const Entry* entry(std::string_view id) const;
    // Visible entries matching the filter, in pack order (events: by start).
    std::vector<const Entry*> entries(const EntryFilter& filter, const DateTime& now) const;
    // Visible entries per theme id, for tile badges.
    std::size_t countInTheme(std::string_view themeId, const DateTime& now) const;
    // Events that have not ended, starting within `days` from now (or running now), by start time.
    std::vector<const Entry*> upcomingEvents(const DateTime& now, int days, std::size_t limit) const;
    // Is the entry visible at `now` (valid_until not passed, event not over)?
    static bool visible(const Entry& entry, const DateTime& now);
    // Is the entry open at `now`? nullopt when it has no readable opening hours.
    static std::optional<bool> openAt(const Entry& entry, const DateTime& now);

    // The kiosk's search: every word of `query` must match as a word prefix in
    // any language, case- and diacritic-insensitive ("spielpl" finds
    // "Spielplätze", "kita" finds "KiTa"); title matches rank first, then BM25.
    // A group that matches more than 1,000 entries (a first letter) is listed in
    // pack order instead of ranked, which keeps every keystroke under 2 ms.
    // Hidden (expired) entries are left out when `now` is given.
    std::vector<SearchHit> search(std::string_view query, std::string_view lang, std::size_t limit = 50,
                                  std::optional<DateTime> now = std::nullopt) const;

    // The stored (already scaled) image, or an Error when unknown/unreadable.
    Result<Image> image(std::string_view id) const;

    // Several packs shown as one (a kiosk subscribed to several channels, e.g. a
    // city-wide pack and its own shop's). This store's pack stays the primary one:
    // info(), site() and its themes come first. The added pack's themes join by id
    // (a theme id the primary has keeps the primary's title, colour and icon; new
    // ids are appended in the added pack's order), its entries are appended (an
    // entry id already taken becomes "<channel>~<id>"), its images are reached as
    // "@<n>/<id>" (entries' image lists are rewritten to that), and search() asks
    // every pack: title matches of all packs first, then the rest, each in pack
    // order. content() then holds the merged themes and entries. Call before the
    // store is shared with other threads.
    void add(std::unique_ptr<ContentStore> other);
    // Packs shown (1 + the number added).
    std::size_t packCount() const;

private:
    ContentStore();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Turns what a visitor typed into an FTS5 query of quoted prefix terms, or ""
// when nothing searchable is left. Exposed for tests and fuzzing.
std::string buildSearchQuery(std::string_view typed);

} // namespace kiosk::content
