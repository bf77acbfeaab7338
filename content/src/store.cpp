#include "kiosk/content/store.h"

#include "kiosk/content/opening_hours.h"
#include "kiosk/content/pack_writer.h"
#include "pack_schema.h"
#include "pack_reader.h"
#include "sqlite_util.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

namespace kiosk::content {

struct ContentStore::Impl {
    detail::DbPtr db;
    PackContent content;
    std::unordered_map<std::string_view, std::size_t> byId;
    std::vector<std::optional<OpeningHours>> hours; // parallel to content.entries
    mutable std::mutex dbMutex;
    mutable detail::Stmt searchAll;
    mutable detail::Stmt searchTitle;
    mutable detail::Stmt searchProbe;
    mutable detail::Stmt searchUnranked;
    mutable detail::Stmt imageStmt;
    // add(): the other packs, and per pack its entry ids as they are known here.
    std::vector<std::unique_ptr<ContentStore>> extra;
    std::vector<std::unordered_map<std::string, std::string>> extraIds;
    void index() {
        byId.clear();
        for (std::size_t i = 0; i < content.entries.size(); ++i) byId.emplace(content.entries[i].id, i);
    }
};

ContentStore::ContentStore() : m_impl(std::make_unique<Impl>()) {}
ContentStore::~ContentStore() = default;

Result<std::unique_ptr<ContentStore>> ContentStore::open(const std::filesystem::path& pack) {
    auto db = detail::openReadOnly(pack.string());
    if (!db) return db.error();
    auto loaded = detail::loadPack(db->get(), pack.string());
    if (!loaded) return loaded.error();

    std::unique_ptr<ContentStore> store(new ContentStore());
    Impl& d = *store->m_impl;
    d.db = std::move(*db);
    d.content = std::move(*loaded);
    d.hours.reserve(d.content.entries.size());
    for (std::size_t i = 0; i < d.content.entries.size(); ++i) {
        const Entry& e = d.content.entries[i];
        d.byId.emplace(e.id, i);
        if (e.openingHours.empty()) {
            d.hours.emplace_back();
        } else {
            auto oh = OpeningHours::parse(e.openingHours);
            d.hours.push_back(oh ? std::optional<OpeningHours>(std::move(*oh)) : std::nullopt);
        }
    }
    // BM25 through FTS5's `rank` column rather than ORDER BY bm25(...): FTS5 then
    // sorts rowids by score itself and reads entry_id only for the rows returned,
    // not for every match. Same scores, same order; on a 10,000-entry pack the
    // median keystroke query drops from 1.4 to 0.6 ms (tools/bench/README.md).
    static constexpr std::string_view kRankedSearch =
        "SELECT entry_id FROM search WHERE search MATCH ?1 AND rank MATCH 'bm25(0.0, 10.0, 1.0)' "
        "ORDER BY rank LIMIT ?2";
    d.searchAll = detail::Stmt(d.db.get(), kRankedSearch);
    d.searchTitle = detail::Stmt(d.db.get(), kRankedSearch);
    // Counting matches by rowid does not touch the content table.
    d.searchProbe = detail::Stmt(d.db.get(), "SELECT count(*) FROM (SELECT rowid FROM search WHERE search MATCH ?1 LIMIT ?2)");
    d.searchUnranked = detail::Stmt(d.db.get(), "SELECT entry_id FROM search WHERE search MATCH ?1 LIMIT ?2");
    d.imageStmt = detail::Stmt(d.db.get(), "SELECT mime, width, height, data FROM images WHERE id = ?1");
    if (!d.searchAll.valid() || !d.searchTitle.valid() || !d.searchProbe.valid() || !d.searchUnranked.valid() ||
        !d.imageStmt.valid()) {
        Error e;
        e.file = pack.string();
        e.message = std::string("pack cannot be queried: ") + sqlite3_errmsg(d.db.get());
        return e;
    }
    return store;
}

const PackInfo& ContentStore::info() const { return m_impl->content.info; }
const Site& ContentStore::site() const { return m_impl->content.site; }
const std::vector<Theme>& ContentStore::themes() const { return m_impl->content.themes; }
const PackContent& ContentStore::content() const { return m_impl->content; }

const Theme* ContentStore::theme(std::string_view id) const {
    for (const auto& t : m_impl->content.themes)
        if (t.id == id) return &t;
    return nullptr;
}

const Entry* ContentStore::entry(std::string_view id) const {
    auto it = m_impl->byId.find(id);
    return it == m_impl->byId.end() ? nullptr : &m_impl->content.entries[it->second];
}

bool ContentStore::visible(const Entry& entry, const DateTime& now) {
    if (entry.validUntil && *entry.validUntil < now.date) return false;
    if (entry.ends)
        return entry.ends->hasTime ? entry.ends->toMinutes() > now.toMinutes() : entry.ends->date >= now.date;
    // An event without an end lasts until the end of its start day.
    if (entry.kind == EntryKind::Event && entry.starts) return entry.starts->date >= now.date;
    return true;
}

std::optional<bool> ContentStore::openAt(const Entry& entry, const DateTime& now) {
    if (entry.openingHours.empty()) return std::nullopt;
    auto oh = OpeningHours::parse(entry.openingHours);
    if (!oh) return std::nullopt;
    return oh->isOpen(now);
}

namespace {
bool inAgeRange(const Entry& e, int age) {
    // Entries without an age range are for everyone.
    if (e.ageMin && age < *e.ageMin) return false;
    if (e.ageMax && age > *e.ageMax) return false;
    return true;
}

bool overlapsAgeRange(const Entry& e, int min, int max) {
    // An open end counts as unbounded; entries without any range are for everyone.
    if (e.ageMin && *e.ageMin > max) return false;
    if (e.ageMax && *e.ageMax < min) return false;
    return true;
}

bool startsBefore(const Entry* a, const Entry* b) {
    const auto am = a->starts ? a->starts->toMinutes() : INT64_MAX;
    const auto bm = b->starts ? b->starts->toMinutes() : INT64_MAX;
    return am < bm;
}
} // namespace

std::vector<const Entry*> ContentStore::entries(const EntryFilter& filter, const DateTime& now) const {
    std::vector<const Entry*> out;
    const auto& all = m_impl->content.entries;
    bool allEvents = true;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Entry& e = all[i];
        if (!visible(e, now)) continue;
        if (filter.theme && std::find(e.themes.begin(), e.themes.end(), *filter.theme) == e.themes.end()) continue;
        if (filter.kind && e.kind != *filter.kind) continue;
        if (filter.freeOnly && !e.free) continue;
        if (filter.age && !inAgeRange(e, *filter.age)) continue;
        if (filter.ageRange && !overlapsAgeRange(e, filter.ageRange->first, filter.ageRange->second)) continue;
        if (filter.upcomingEventsOnly && !e.starts) continue;
        if (filter.openNow && !(m_impl->hours[i] && m_impl->hours[i]->isOpen(now))) continue;
        allEvents = allEvents && e.starts.has_value();
        out.push_back(&e);
    }
    if (filter.upcomingEventsOnly || (allEvents && !out.empty()))
        std::stable_sort(out.begin(), out.end(), startsBefore);
    return out;
}

std::size_t ContentStore::countInTheme(std::string_view themeId, const DateTime& now) const {
    std::size_t n = 0;
    for (const auto& e : m_impl->content.entries)
        if (visible(e, now) && std::find(e.themes.begin(), e.themes.end(), themeId) != e.themes.end()) ++n;
    return n;
}

std::vector<const Entry*> ContentStore::upcomingEvents(const DateTime& now, int days, std::size_t limit) const {
    std::vector<const Entry*> out;
    const std::int64_t horizon = now.date.plusDays(days).toDays();
    for (const auto& e : m_impl->content.entries) {
        if (!e.starts || !visible(e, now)) continue;
        if (e.starts->date.toDays() > horizon) continue;
        out.push_back(&e);
    }
    std::stable_sort(out.begin(), out.end(), startsBefore);
    if (out.size() > limit) out.resize(limit);
    return out;
}

std::string buildSearchQuery(std::string_view typed) {
    // Only letters and digits reach FTS5, each as a quoted prefix term, so no
    // query syntax can be injected. Bytes >= 0x80 are parts of UTF-8 letters.
    std::string out;
    std::string word;
    int words = 0;
    auto flush = [&] {
        if (!word.empty() && words < 8) {
            if (!out.empty()) out += ' ';
            out += '"' + word.substr(0, 64) + "\"*";
            ++words;
        }
        word.clear();
    };
    const std::string folded = foldForSearch(typed);
    for (unsigned char c : folded) {
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80)
            word += static_cast<char>(c);
        else
            flush();
    }
    flush();
    return out;
}

std::vector<SearchHit> ContentStore::search(std::string_view query, std::string_view lang, std::size_t limit,
                                            std::optional<DateTime> now) const {
    std::vector<SearchHit> hits;
    const std::string q = buildSearchQuery(query);
    if (q.empty() || limit == 0) return hits;

    std::size_t hidden = 0;
    if (now)
        for (const auto& e : m_impl->content.entries) hidden += visible(e, *now) ? 0 : 1;
    const auto sqlLimit = static_cast<std::int64_t>(limit + hidden);

    std::unordered_set<std::string> seen;
    auto take = [&](std::string id, bool titleMatch) {
        const Entry* e = entry(id);
        if (!e || (now && !visible(*e, *now)) || !seen.insert(id).second) return;
        hits.push_back({std::move(id), e->title.get(lang), titleMatch});
    };
    // BM25 costs about a microsecond per matching row. A word prefix a visitor
    // has just started typing ("s", "ki") can match thousands of entries, where
    // ranking them all would cost milliseconds per key and mean little; such a
    // tier is listed in pack order instead. Narrower tiers are ranked.
    constexpr std::int64_t kRankBudget = 1000;
    auto collect = [&](detail::Stmt& stmt, const std::string& match, bool titleMatch) {
        if (hits.size() >= limit) return;
        auto& probe = m_impl->searchProbe;
        probe.reset();
        probe.bind(1, match).bind(2, kRankBudget + 1);
        const std::int64_t matches = probe.step() ? probe.integer(0) : 0;
        probe.reset();
        if (matches == 0) return;
        if (matches > kRankBudget) {
            auto& unranked = m_impl->searchUnranked;
            unranked.reset();
            unranked.bind(1, match).bind(2, sqlLimit);
            while (hits.size() < limit && unranked.step()) take(unranked.text(0), titleMatch);
            unranked.reset();
            return;
        }
        stmt.reset();
        stmt.bind(1, match).bind(2, sqlLimit);
        while (hits.size() < limit && stmt.step()) take(stmt.text(0), titleMatch);
        stmt.reset();
    };

    std::lock_guard lock(m_impl->dbMutex);
    // Tier 1: the German title starts with the first word; tier 2: all words in
    // a title (any language); tier 3: anywhere. BM25 orders within a tier.
    collect(m_impl->searchTitle, "title : (^" + q + ")", true);
    collect(m_impl->searchTitle, "title : (" + q + ")", true);
    collect(m_impl->searchAll, q, false);
    if (m_impl->extra.empty()) return hits;
    // Added packs: their hits under the ids they have here; title matches of all packs first.
    for (std::size_t k = 0; k < m_impl->extra.size(); ++k) {
        for (auto& h : m_impl->extra[k]->search(query, lang, limit, now)) {
            auto it = m_impl->extraIds[k].find(h.entryId);
            if (it == m_impl->extraIds[k].end() || !seen.insert(it->second).second) continue;
            h.entryId = it->second;
            hits.push_back(std::move(h));
        }
    }
    std::stable_partition(hits.begin(), hits.end(), [](const SearchHit& h) { return h.titleMatch; });
    if (hits.size() > limit) hits.resize(limit);
    return hits;
}

void ContentStore::add(std::unique_ptr<ContentStore> other) {
    if (!other) return;
    Impl& d = *m_impl;
    const PackContent& oc = other->m_impl->content;
    const std::size_t n = d.extra.size() + 1;
    const std::string imagePrefix = "@" + std::to_string(n) + "/";
    for (const auto& t : oc.themes)
        if (!theme(t.id)) d.content.themes.push_back(t);
    // byId's keys are views into the entries' ids: grow the vector once, index again, then append.
    d.content.entries.reserve(d.content.entries.size() + oc.entries.size());
    d.index();
    std::unordered_map<std::string, std::string> ids;
    for (std::size_t i = 0; i < oc.entries.size(); ++i) {
        Entry e = oc.entries[i];
        if (d.byId.count(e.id)) e.id = oc.info.channel + "~" + e.id;
        ids.emplace(oc.entries[i].id, e.id);
        for (auto& img : e.images) img = imagePrefix + img;
        d.content.entries.push_back(std::move(e));
        d.hours.push_back(other->m_impl->hours[i]);
        d.byId.emplace(d.content.entries.back().id, d.content.entries.size() - 1);
    }
    d.extraIds.push_back(std::move(ids));
    d.extra.push_back(std::move(other));
}

std::size_t ContentStore::packCount() const { return 1 + m_impl->extra.size(); }

Result<Image> ContentStore::image(std::string_view id) const {
    // "@<n>/<id>": an image of the n-th added pack.
    if (!id.empty() && id[0] == '@') {
        const auto slash = id.find('/');
        std::size_t n = 0;
        for (std::size_t i = 1; i < slash && slash != std::string_view::npos; ++i)
            n = (id[i] >= '0' && id[i] <= '9') ? n * 10 + static_cast<std::size_t>(id[i] - '0') : 0;
        if (slash != std::string_view::npos && n >= 1 && n <= m_impl->extra.size()) {
            auto img = m_impl->extra[n - 1]->image(id.substr(slash + 1));
            if (img) img->id = std::string(id);
            return img;
        }
    }
    std::lock_guard lock(m_impl->dbMutex);
    auto& stmt = m_impl->imageStmt;
    stmt.reset();
    stmt.bind(1, id);
    if (!stmt.step()) {
        Error e;
        e.message = "image '" + std::string(id) + "' is not in the pack";
        return e;
    }
    Image img{std::string(id), stmt.text(0), static_cast<int>(stmt.integer(1)), static_cast<int>(stmt.integer(2)),
              stmt.blob(3)};
    stmt.reset();
    return img;
}

} // namespace kiosk::content
