#include "kiosk/content/pack_writer.h"

#include "pack_schema.h"
#include "sqlite_util.h"

#include <set>

namespace kiosk::content {

using detail::Stmt;

namespace {

std::string joinList(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += ',';
        out += s;
    }
    return out;
}

// German first, so FTS5's initial-token match (^) in the title column means
// "the German title starts with this word".
void appendAllLanguages(std::string& out, const Text& text) {
    auto add = [&out](const std::string& value) {
        if (!out.empty()) out += '\n';
        out += foldForSearch(value);
    };
    if (const auto* de = text.find(kBaseLanguage)) add(*de);
    for (const auto& [lang, value] : text.values())
        if (lang != kBaseLanguage) add(value);
}

Error writeError(const std::filesystem::path& out, sqlite3* db, std::string_view what) {
    Error e;
    e.file = out.string();
    e.message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
    return e;
}

} // namespace

std::string foldForSearch(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0xC4 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xB1) { // ı
            out += 'i';
            ++i;
        } else if (c == 0xC3 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x9F) { // ß
            out += "ss";
            ++i;
        } else if (c == 0xE1 && text.substr(i, 3) == "\xE1\xBA\x9E") { // ẞ
            out += "SS";
            i += 2;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::pair<std::string, std::string> searchDocument(const Entry& entry) {
    std::string title, body;
    appendAllLanguages(title, entry.title);
    for (const Text* t : {&entry.summary, &entry.tags, &entry.organisation, &entry.contactName, &entry.address,
                          &entry.city, &entry.description})
        appendAllLanguages(body, *t);
    return {title, body};
}

Status writePack(const PackContent& content, const std::filesystem::path& out, const ProgressFn& progress) {
    std::error_code ec;
    std::filesystem::remove(out, ec);
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(out.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        detail::DbPtr guard(raw);
        return writeError(out, raw, "cannot create pack file");
    }
    detail::DbPtr db(raw);

    // The file is rebuilt from scratch on failure, so no journal is needed;
    // the caller syncs and renames the finished file.
    if (auto err = detail::exec(raw, "PRAGMA page_size=4096; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                                     "PRAGMA application_id=1263553355; PRAGMA user_version=1; BEGIN;")) {
        return writeError(out, raw, "cannot initialise pack");
    }
    for (const auto& obj : detail::kSchema)
        if (detail::exec(raw, obj.sql)) return writeError(out, raw, "cannot create pack schema");

    auto fail = [&](std::string_view what) -> Status { return writeError(out, raw, what); };

    Stmt meta(raw, "INSERT INTO meta(key, value) VALUES(?, ?)");
    Stmt texts(raw, "INSERT INTO texts(owner, field, lang, value) VALUES(?, ?, ?, ?)");
    Stmt site(raw, "INSERT INTO site(key, value) VALUES(?, ?)");
    Stmt themes(raw, "INSERT INTO themes(id, icon, colour, sort) VALUES(?, ?, ?, ?)");
    Stmt entries(raw, "INSERT INTO entries(id, seq, kind, postcode, lat, lon, phone, email, website, opening_hours, "
                      "age_min, age_max, free, languages, starts, ends, valid_until, checked) "
                      "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    Stmt entryThemes(raw, "INSERT INTO entry_themes(entry_id, theme_id, seq) VALUES(?, ?, ?)");
    Stmt entryImages(raw, "INSERT INTO entry_images(entry_id, seq, image_id) VALUES(?, ?, ?)");
    Stmt images(raw, "INSERT INTO images(id, mime, width, height, data) VALUES(?, ?, ?, ?, ?)");
    Stmt search(raw, "INSERT INTO search(entry_id, title, body) VALUES(?, ?, ?)");
    for (const Stmt* s : {&meta, &texts, &site, &themes, &entries, &entryThemes, &entryImages, &images, &search})
        if (!s->valid()) return fail("cannot prepare pack statements");

    auto putMeta = [&](std::string_view key, std::string_view value) {
        meta.reset();
        meta.bind(1, key).bind(2, value).step();
        return meta.lastCode() == SQLITE_DONE;
    };
    auto putText = [&](const std::string& owner, std::string_view field, const Text& text) {
        for (const auto& [lang, value] : text.values()) {
            texts.reset();
            texts.bind(1, owner).bind(2, field).bind(3, lang).bind(4, value).step();
            if (texts.lastCode() != SQLITE_DONE) return false;
        }
        return true;
    };

    const auto& info = content.info;
    bool ok = putMeta("schema_version", std::to_string(detail::kSchemaVersion)) && putMeta("channel", info.channel) &&
              putMeta("version", std::to_string(info.version)) && putMeta("created_at", info.createdAt) &&
              putMeta("generator", info.generator) &&
              putMeta("entry_count", std::to_string(content.entries.size())) &&
              putMeta("theme_count", std::to_string(content.themes.size())) &&
              putMeta("image_count", std::to_string(content.images.size())) && putText("pack", "title", info.title);
    if (!ok) return fail("cannot write pack metadata");

    const Site& s = content.site;
    ok = putText("site", "name", s.name) && putText("site", "address", s.address) && putText("site", "about", s.about);
    for (auto [key, value] : {std::pair<std::string_view, std::string>{"phone", s.phone},
                              {"email", s.email},
                              {"website", s.website},
                              {"opening_hours", s.openingHours},
                              {"logo", s.logo},
                              {"languages", joinList(s.languages)}}) {
        site.reset();
        site.bind(1, key).bind(2, value).step();
        ok = ok && site.lastCode() == SQLITE_DONE;
    }
    if (!ok) return fail("cannot write site");

    for (const auto& t : content.themes) {
        themes.reset();
        themes.bind(1, t.id).bind(2, t.icon).bind(3, t.colour).bind(4, static_cast<std::int64_t>(t.order)).step();
        if (themes.lastCode() != SQLITE_DONE || !putText("theme:" + t.id, "title", t.title))
            return fail("cannot write theme '" + t.id + "'");
    }

    std::size_t done = 0;
    for (const auto& e : content.entries) {
        entries.reset();
        entries.bind(1, e.id).bind(2, static_cast<std::int64_t>(done)).bind(3, kindName(e.kind)).bind(4, e.postcode);
        e.lat ? entries.bind(5, *e.lat) : entries.bindNull(5);
        e.lon ? entries.bind(6, *e.lon) : entries.bindNull(6);
        entries.bind(7, e.phone).bind(8, e.email).bind(9, e.website).bind(10, e.openingHours);
        e.ageMin ? entries.bind(11, static_cast<std::int64_t>(*e.ageMin)) : entries.bindNull(11);
        e.ageMax ? entries.bind(12, static_cast<std::int64_t>(*e.ageMax)) : entries.bindNull(12);
        entries.bind(13, static_cast<std::int64_t>(e.free ? 1 : 0)).bind(14, joinList(e.languages));
        e.starts ? entries.bind(15, e.starts->iso()) : entries.bindNull(15);
        e.ends ? entries.bind(16, e.ends->iso()) : entries.bindNull(16);
        e.validUntil ? entries.bind(17, e.validUntil->iso()) : entries.bindNull(17);
        e.checked ? entries.bind(18, e.checked->iso()) : entries.bindNull(18);
        entries.step();
        if (entries.lastCode() != SQLITE_DONE) return fail("cannot write entry '" + e.id + "'");

        const std::string owner = "entry:" + e.id;
        ok = putText(owner, "title", e.title) && putText(owner, "summary", e.summary) &&
             putText(owner, "description", e.description) && putText(owner, "organisation", e.organisation) &&
             putText(owner, "contact_name", e.contactName) && putText(owner, "address", e.address) &&
             putText(owner, "city", e.city) && putText(owner, "cost", e.cost) && putText(owner, "tags", e.tags);
        for (std::size_t i = 0; ok && i < e.themes.size(); ++i) {
            entryThemes.reset();
            entryThemes.bind(1, e.id).bind(2, e.themes[i]).bind(3, static_cast<std::int64_t>(i)).step();
            ok = entryThemes.lastCode() == SQLITE_DONE;
        }
        for (std::size_t i = 0; ok && i < e.images.size(); ++i) {
            entryImages.reset();
            entryImages.bind(1, e.id).bind(2, static_cast<std::int64_t>(i)).bind(3, e.images[i]).step();
            ok = entryImages.lastCode() == SQLITE_DONE;
        }
        const auto [title, body] = searchDocument(e);
        search.reset();
        search.bind(1, e.id).bind(2, title).bind(3, body).step();
        ok = ok && search.lastCode() == SQLITE_DONE;
        if (!ok) return fail("cannot write entry '" + e.id + "'");
        if (progress) progress("writing entries", ++done, content.entries.size());
        else ++done;
    }

    done = 0;
    for (const auto& img : content.images) {
        images.reset();
        images.bind(1, img.id).bind(2, img.mime).bind(3, static_cast<std::int64_t>(img.width))
            .bind(4, static_cast<std::int64_t>(img.height)).bindBlob(5, img.data).step();
        if (images.lastCode() != SQLITE_DONE) return fail("cannot write image '" + img.id + "'");
        if (progress) progress("writing images", ++done, content.images.size());
    }

    // One merged FTS segment makes the first query after opening as fast as later ones.
    if (detail::exec(raw, "INSERT INTO search(search) VALUES('optimize'); COMMIT;"))
        return fail("cannot finish pack");
    return Ok{};
}

} // namespace kiosk::content
