#include "pack_reader.h"

#include "pack_schema.h"
#include "sqlite_util.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <unordered_map>

namespace kiosk::content::detail {

namespace {

Error packError(const std::string& path, std::string message) {
    Error e;
    e.file = path;
    e.message = std::move(message);
    return e;
}

std::optional<std::int64_t> toInt(std::string_view s) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
    return v;
}

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size() && !s.empty()) {
        const auto comma = s.find(',', start);
        const auto piece = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!piece.empty()) out.push_back(piece);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

bool validChannel(std::string_view c) {
    return !c.empty() && c.size() <= 64 &&
           std::all_of(c.begin(), c.end(), [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'; });
}

} // namespace

Result<std::map<std::string, std::string>> readMeta(sqlite3* db, const std::string& path) {
    Stmt st(db, "SELECT key, value FROM meta");
    if (!st.valid()) return packError(path, std::string("not a pack: cannot read metadata: ") + sqlite3_errmsg(db));
    std::map<std::string, std::string> meta;
    while (st.step()) meta[st.text(0)] = st.text(1);
    if (st.lastCode() != SQLITE_DONE)
        return packError(path, std::string("cannot read metadata: ") + sqlite3_errmsg(db));
    return meta;
}

Result<PackInfo> readInfo(sqlite3* db, const std::string& path) {
    auto meta = readMeta(db, path);
    if (!meta) return meta.error();
    auto get = [&](const char* key) -> const std::string* {
        auto it = meta->find(key);
        return it == meta->end() ? nullptr : &it->second;
    };
    PackInfo info;
    const std::string* schema = get("schema_version");
    if (!schema) return packError(path, "metadata has no schema_version");
    auto sv = toInt(*schema);
    if (!sv || *sv != kSchemaVersion)
        return packError(path, "pack schema version " + *schema + " is not supported (this kiosk reads version " +
                                   std::to_string(kSchemaVersion) + ")");
    info.schemaVersion = static_cast<int>(*sv);
    const std::string* channel = get("channel");
    if (!channel || !validChannel(*channel)) return packError(path, "metadata has no valid channel");
    info.channel = *channel;
    const std::string* version = get("version");
    auto v = version ? toInt(*version) : std::nullopt;
    if (!v || *v <= 0) return packError(path, "metadata has no valid version");
    info.version = *v;
    if (const auto* c = get("created_at")) info.createdAt = *c;
    if (const auto* g = get("generator")) info.generator = *g;
    for (auto [key, target] : {std::pair<const char*, int*>{"entry_count", &info.entryCount},
                               {"theme_count", &info.themeCount},
                               {"image_count", &info.imageCount}}) {
        const std::string* s = get(key);
        auto n = s ? toInt(*s) : std::nullopt;
        if (!n || *n < 0 || *n > kMaxEntries) return packError(path, std::string("metadata has no valid ") + key);
        *target = static_cast<int>(*n);
    }
    Stmt title(db, "SELECT lang, value FROM texts WHERE owner = 'pack' AND field = 'title'");
    while (title.step()) info.title.set(title.text(0), title.text(1));
    return info;
}

Status checkSchema(sqlite3* db, const std::string& path) {
    Stmt appId(db, "PRAGMA application_id");
    if (!appId.valid() || !appId.step())
        return packError(path, std::string("not a pack: ") + sqlite3_errmsg(db));
    if (appId.integer(0) != 1263553355) return packError(path, "not a Stadtteilkompass pack (wrong application id)");

    Stmt st(db, "SELECT type, name, sql FROM sqlite_schema");
    if (!st.valid()) return packError(path, std::string("not a pack: ") + sqlite3_errmsg(db));
    std::set<std::string_view> found;
    while (st.step()) {
        const std::string type = st.text(0), name = st.text(1), sql = st.text(2);
        const bool sqlNull = st.isNull(2);
        bool known = false;
        for (const auto& obj : kSchema) {
            if (obj.name != name) continue;
            if (obj.type != type || sql != obj.sql)
                return packError(path, "table '" + name + "' does not have the expected columns and types");
            found.insert(obj.name);
            known = true;
        }
        if (!known && type == "table" &&
            std::find(std::begin(kFtsShadowTables), std::end(kFtsShadowTables), name) != std::end(kFtsShadowTables))
            known = true;
        if (!known && type == "index" && sqlNull && name.rfind("sqlite_autoindex_", 0) == 0) known = true;
        if (!known)
            return packError(path, "unexpected " + type + " '" + name +
                                       "' in pack (packs hold no triggers, views or extra tables)");
    }
    if (st.lastCode() != SQLITE_DONE) return packError(path, std::string("cannot read schema: ") + sqlite3_errmsg(db));
    for (const auto& obj : kSchema)
        if (!found.count(obj.name)) return packError(path, "pack has no table '" + std::string(obj.name) + "'");
    return Ok{};
}

Result<PackContent> loadPack(sqlite3* db, const std::string& path) {
    if (auto s = checkSchema(db, path); !s) return s.error();
    auto info = readInfo(db, path);
    if (!info) return info.error();

    PackContent c;
    c.info = std::move(*info);
    auto sqlFail = [&](std::string_view what) {
        return packError(path, std::string("cannot read ") + std::string(what) + ": " + sqlite3_errmsg(db));
    };

    // Site
    Stmt site(db, "SELECT key, value FROM site");
    while (site.step()) {
        const std::string key = site.text(0);
        std::string value = site.text(1);
        if (key == "phone") c.site.phone = std::move(value);
        else if (key == "email") c.site.email = std::move(value);
        else if (key == "website") c.site.website = std::move(value);
        else if (key == "opening_hours") c.site.openingHours = std::move(value);
        else if (key == "logo") c.site.logo = std::move(value);
        else if (key == "languages") c.site.languages = splitList(value);
    }
    if (site.lastCode() != SQLITE_DONE) return sqlFail("site");

    Stmt themes(db, "SELECT id, icon, colour, sort FROM themes ORDER BY sort, id");
    while (themes.step())
        c.themes.push_back(Theme{themes.text(0), {}, themes.text(1), themes.text(2), static_cast<int>(themes.integer(3))});
    if (themes.lastCode() != SQLITE_DONE) return sqlFail("themes");

    Stmt entries(db, "SELECT id, kind, postcode, lat, lon, phone, email, website, opening_hours, age_min, age_max, "
                     "free, languages, starts, ends, valid_until, checked FROM entries ORDER BY seq");
    while (entries.step()) {
        Entry e;
        e.id = entries.text(0);
        auto kind = parseKind(entries.text(1));
        if (!kind) return packError(path, "entry '" + e.id + "' has unknown kind '" + entries.text(1) + "'");
        e.kind = *kind;
        e.postcode = entries.text(2);
        if (!entries.isNull(3)) e.lat = entries.real(3);
        if (!entries.isNull(4)) e.lon = entries.real(4);
        e.phone = entries.text(5);
        e.email = entries.text(6);
        e.website = entries.text(7);
        e.openingHours = entries.text(8);
        if (!entries.isNull(9)) e.ageMin = static_cast<int>(entries.integer(9));
        if (!entries.isNull(10)) e.ageMax = static_cast<int>(entries.integer(10));
        e.free = entries.integer(11) != 0;
        e.languages = splitList(entries.text(12));
        auto dateTimeField = [&](int col, std::optional<DateTime>& out) {
            if (entries.isNull(col)) return true;
            out = parseDateTime(entries.text(col));
            return out.has_value();
        };
        auto dateField = [&](int col, std::optional<Date>& out) {
            if (entries.isNull(col)) return true;
            out = parseDate(entries.text(col));
            return out.has_value();
        };
        if (!dateTimeField(13, e.starts) || !dateTimeField(14, e.ends) || !dateField(15, e.validUntil) ||
            !dateField(16, e.checked))
            return packError(path, "entry '" + e.id + "' has a malformed date");
        c.entries.push_back(std::move(e));
    }
    if (entries.lastCode() != SQLITE_DONE) return sqlFail("entries");

    std::unordered_map<std::string, Entry*> byId;
    for (auto& e : c.entries) byId.emplace(e.id, &e);
    std::unordered_map<std::string, Theme*> themeById;
    for (auto& t : c.themes) themeById.emplace(t.id, &t);

    Stmt et(db, "SELECT entry_id, theme_id FROM entry_themes ORDER BY entry_id, seq");
    while (et.step()) {
        auto it = byId.find(et.text(0));
        if (it == byId.end() || !themeById.count(et.text(1)))
            return packError(path, "entry_themes refers to unknown entry or theme");
        it->second->themes.push_back(et.text(1));
    }
    if (et.lastCode() != SQLITE_DONE) return sqlFail("entry themes");

    Stmt ei(db, "SELECT entry_id, image_id FROM entry_images ORDER BY entry_id, seq");
    while (ei.step()) {
        auto it = byId.find(ei.text(0));
        if (it == byId.end()) return packError(path, "entry_images refers to an unknown entry");
        it->second->images.push_back(ei.text(1));
    }
    if (ei.lastCode() != SQLITE_DONE) return sqlFail("entry images");

    Stmt texts(db, "SELECT owner, field, lang, value FROM texts");
    while (texts.step()) {
        const std::string owner = texts.text(0), field = texts.text(1), lang = texts.text(2);
        std::string value = texts.text(3);
        Text* target = nullptr;
        if (owner == "site") {
            if (field == "name") target = &c.site.name;
            else if (field == "address") target = &c.site.address;
            else if (field == "about") target = &c.site.about;
        } else if (owner.rfind("theme:", 0) == 0) {
            auto it = themeById.find(owner.substr(6));
            if (it != themeById.end() && field == "title") target = &it->second->title;
        } else if (owner.rfind("entry:", 0) == 0) {
            auto it = byId.find(owner.substr(6));
            if (it != byId.end()) {
                Entry& e = *it->second;
                if (field == "title") target = &e.title;
                else if (field == "summary") target = &e.summary;
                else if (field == "description") target = &e.description;
                else if (field == "organisation") target = &e.organisation;
                else if (field == "contact_name") target = &e.contactName;
                else if (field == "address") target = &e.address;
                else if (field == "city") target = &e.city;
                else if (field == "cost") target = &e.cost;
                else if (field == "tags") target = &e.tags;
            }
        }
        if (target) target->set(lang, std::move(value));
    }
    if (texts.lastCode() != SQLITE_DONE) return sqlFail("texts");

    Stmt images(db, "SELECT id, mime, width, height FROM images ORDER BY id");
    while (images.step())
        c.images.push_back(Image{images.text(0), images.text(1), static_cast<int>(images.integer(2)),
                                 static_cast<int>(images.integer(3)), {}});
    if (images.lastCode() != SQLITE_DONE) return sqlFail("images");

    if (static_cast<std::size_t>(c.info.entryCount) != c.entries.size() ||
        static_cast<std::size_t>(c.info.themeCount) != c.themes.size() ||
        static_cast<std::size_t>(c.info.imageCount) != c.images.size())
        return packError(path, "counts in metadata (" + std::to_string(c.info.entryCount) + " entries, " +
                                   std::to_string(c.info.themeCount) + " themes, " +
                                   std::to_string(c.info.imageCount) + " images) do not match the content (" +
                                   std::to_string(c.entries.size()) + ", " + std::to_string(c.themes.size()) + ", " +
                                   std::to_string(c.images.size()) + ")");
    for (const auto& e : c.entries)
        if (e.title.get().empty() || e.themes.empty())
            return packError(path, "entry '" + e.id + "' has no title or no theme");
    return c;
}

} // namespace kiosk::content::detail
