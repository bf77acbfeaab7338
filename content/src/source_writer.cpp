#include "kiosk/content/source_writer.h"

#include "kiosk/content/csv.h"
#include "kiosk/content/source_reader.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <fstream>
#include <map>
#include <set>

namespace kiosk::content {

using nlohmann::ordered_json;

namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += ", ";
        out += s;
    }
    return out;
}

std::string number(double v) {
    char buf[32];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, p) : std::string();
}

ordered_json textJson(const Text& t) {
    if (t.values().size() == 1 && t.find(kBaseLanguage)) return *t.find(kBaseLanguage);
    ordered_json j = ordered_json::object();
    if (const auto* de = t.find(kBaseLanguage)) j["de"] = *de;
    for (const auto& [lang, value] : t.values())
        if (lang != kBaseLanguage) j[lang] = value;
    return j;
}

// The translatable fields of an entry by canonical name.
const Text* entryText(const Entry& e, std::string_view field) {
    if (field == "title") return &e.title;
    if (field == "summary") return &e.summary;
    if (field == "description") return &e.description;
    if (field == "organisation") return &e.organisation;
    if (field == "contact_name") return &e.contactName;
    if (field == "address") return &e.address;
    if (field == "city") return &e.city;
    if (field == "cost") return &e.cost;
    if (field == "tags") return &e.tags;
    return nullptr;
}

// Non-translatable fields as the spreadsheet cell text.
std::string plainField(const Entry& e, std::string_view field) {
    if (field == "id") return e.id;
    if (field == "theme") return join(e.themes);
    if (field == "kind") return std::string(kindName(e.kind));
    if (field == "postcode") return e.postcode;
    if (field == "lat") return e.lat ? number(*e.lat) : "";
    if (field == "lon") return e.lon ? number(*e.lon) : "";
    if (field == "phone") return e.phone;
    if (field == "email") return e.email;
    if (field == "website") return e.website;
    if (field == "opening_hours") return e.openingHours;
    if (field == "age_min") return e.ageMin ? std::to_string(*e.ageMin) : "";
    if (field == "age_max") return e.ageMax ? std::to_string(*e.ageMax) : "";
    if (field == "languages") return join(e.languages);
    if (field == "image") return join(e.images);
    if (field == "starts") return e.starts ? e.starts->iso() : "";
    if (field == "ends") return e.ends ? e.ends->iso() : "";
    if (field == "valid_until") return e.validUntil ? e.validUntil->iso() : "";
    if (field == "checked") return e.checked ? e.checked->iso() : "";
    return "";
}

ordered_json entryJson(const Entry& e) {
    ordered_json j = ordered_json::object();
    for (const auto& f : sourceFields()) {
        const std::string name(f.name);
        if (const Text* t = entryText(e, f.name)) {
            if (!t->empty()) j[name] = textJson(*t);
        } else if (name == "theme" || name == "languages" || name == "image") {
            const auto& list = name == "theme" ? e.themes : name == "languages" ? e.languages : e.images;
            if (!list.empty() || name == "theme") j[name] = list;
        } else if (name == "lat" && e.lat) {
            j[name] = *e.lat;
        } else if (name == "lon" && e.lon) {
            j[name] = *e.lon;
        } else if (name == "age_min" && e.ageMin) {
            j[name] = *e.ageMin;
        } else if (name == "age_max" && e.ageMax) {
            j[name] = *e.ageMax;
        } else if (std::string v = plainField(e, f.name); !v.empty()) {
            j[name] = v;
        }
    }
    return j;
}

ordered_json packJson(const PackContent& c) {
    ordered_json j = ordered_json::object();
    j["format"] = 1;
    j["channel"] = c.info.channel;
    j["title"] = textJson(c.info.title);
    j["version"] = c.info.version;
    j["languages"] = c.site.languages;
    ordered_json site = ordered_json::object();
    site["name"] = textJson(c.site.name);
    if (!c.site.about.empty()) site["about"] = textJson(c.site.about);
    if (!c.site.address.empty()) site["address"] = textJson(c.site.address);
    for (auto [key, value] : {std::pair<const char*, const std::string*>{"phone", &c.site.phone},
                              {"email", &c.site.email},
                              {"website", &c.site.website},
                              {"opening_hours", &c.site.openingHours},
                              {"logo", &c.site.logo}})
        if (!value->empty()) site[key] = *value;
    j["site"] = site;
    ordered_json themes = ordered_json::array();
    for (const auto& t : c.themes)
        themes.push_back({{"id", t.id}, {"title", textJson(t.title)}, {"icon", t.icon}, {"colour", t.colour},
                          {"order", t.order}});
    j["themes"] = themes;
    return j;
}

Status writeFile(const std::filesystem::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
        Error e;
        e.file = path.string();
        e.message = "cannot write file";
        return e;
    }
    return Ok{};
}

} // namespace

std::string entriesToCsv(const std::vector<Entry>& entries) {
    // Translation columns only for languages that occur, right after their base column.
    std::map<std::string_view, std::set<std::string>> langs;
    for (const auto& e : entries)
        for (const auto& f : sourceFields())
            if (const Text* t = entryText(e, f.name))
                for (const auto& [lang, value] : t->values())
                    if (lang != kBaseLanguage) langs[f.name].insert(lang);

    std::vector<std::string> header;
    struct Column {
        std::string_view field;
        std::string lang; // "" = base / plain
    };
    std::vector<Column> columns;
    for (const auto& f : sourceFields()) {
        header.emplace_back(f.name);
        columns.push_back({f.name, ""});
        for (const auto& lang : langs[f.name]) {
            header.push_back(std::string(f.name) + ":" + lang);
            columns.push_back({f.name, lang});
        }
    }
    std::vector<std::vector<std::string>> rows;
    rows.reserve(entries.size());
    for (const auto& e : entries) {
        std::vector<std::string> row;
        row.reserve(columns.size());
        for (const auto& col : columns) {
            if (const Text* t = entryText(e, col.field)) {
                const std::string* v = t->find(col.lang.empty() ? kBaseLanguage : std::string_view(col.lang));
                row.push_back(v ? *v : std::string());
            } else {
                row.push_back(plainField(e, col.field));
            }
        }
        rows.push_back(std::move(row));
    }
    return writeCsv(header, rows);
}

std::string contentToJson(const PackContent& c) {
    ordered_json j = packJson(c);
    j["created_at"] = c.info.createdAt;
    j["generator"] = c.info.generator;
    ordered_json entries = ordered_json::array();
    for (const auto& e : c.entries) entries.push_back(entryJson(e));
    j["entries"] = entries;
    ordered_json images = ordered_json::array();
    for (const auto& img : c.images)
        images.push_back({{"id", img.id}, {"mime", img.mime}, {"width", img.width}, {"height", img.height}});
    j["images"] = images;
    return j.dump(2) + "\n";
}

Status writeSourceFolder(const PackContent& content, const std::filesystem::path& dir, ExportFormat format,
                         const ImageBytesFn& imageBytes) {
    std::error_code ec;
    // A file in the way would otherwise be reported as a "folder that is not empty".
    if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec)) {
        Error e;
        e.file = dir.string();
        e.message = "exists and is not a folder; export writes only into a new or empty folder";
        return e;
    }
    if (std::filesystem::exists(dir, ec) && !std::filesystem::is_empty(dir, ec)) {
        Error e;
        e.file = dir.string();
        e.message = "folder is not empty; export writes only into a new or empty folder";
        return e;
    }
    std::filesystem::create_directories(dir / "images", ec);
    if (ec) {
        Error e;
        e.file = dir.string();
        e.message = "cannot create folder: " + ec.message();
        return e;
    }
    if (auto s = writeFile(dir / "pack.json", packJson(content).dump(2) + "\n"); !s) return s;
    if (format == ExportFormat::Csv) {
        if (auto s = writeFile(dir / "entries.csv", entriesToCsv(content.entries)); !s) return s;
    } else {
        std::filesystem::create_directories(dir / "entries", ec);
        ordered_json entries = ordered_json::array();
        for (const auto& e : content.entries) entries.push_back(entryJson(e));
        if (auto s = writeFile(dir / "entries" / "entries.json", entries.dump(2) + "\n"); !s) return s;
    }
    for (const auto& img : content.images) {
        auto bytes = imageBytes(img.id);
        if (!bytes) return bytes.error();
        if (auto s = writeFile(dir / "images" / img.id, *bytes); !s) return s;
    }
    return Ok{};
}

} // namespace kiosk::content
