#include "kiosk/content/source_reader.h"

#include "kiosk/content/csv.h"
#include "kiosk/content/opening_hours.h"

#include "source_values.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>
#include <utility>

// Section index: field table · JSON and file helpers · raw entries ·
// SourceReader (pack.json, images, entries, CSV files, JSON files) · readSource.
// What counts as a valid value lives in source_values.cpp.

namespace kiosk::content {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using namespace detail;

// An Error without file: the caller knows which file it was reading.
Error failure(std::string message) {
    Error e;
    e.message = std::move(message);
    return e;
}

constexpr std::size_t kMaxFileBytes = std::size_t{64} << 20;
constexpr std::size_t kMaxTextBytes = std::size_t{64} << 10;
constexpr std::string_view kPackJson = "pack.json";

// ---- field table -----------------------------------------------------------

// Positions in sourceFields().
enum Field : int {
    kId, kTheme, kKind, kTitle, kSummary, kDescription, kOrganisation, kContactName, kAddress, kPostcode,
    kCity, kLat, kLon, kPhone, kEmail, kWebsite, kOpeningHours, kAgeMin, kAgeMax, kCost, kLanguages, kTags,
    kImage, kStarts, kEnds, kValidUntil, kChecked, kFieldCount
};

std::string_view canonical(int field) { return sourceFields()[static_cast<std::size_t>(field)].name; }
bool translatable(int field) { return sourceFields()[static_cast<std::size_t>(field)].translatable; }

std::optional<int> fieldByName(std::string_view name) {
    static const std::map<std::string, int, std::less<>> kByKey = [] {
        std::map<std::string, int, std::less<>> m;
        const auto& fields = sourceFields();
        for (std::size_t i = 0; i < fields.size(); ++i) {
            m.emplace(headerKey(fields[i].name), static_cast<int>(i));
            m.emplace(headerKey(fields[i].germanAlias), static_cast<int>(i));
        }
        m.emplace("organization", kOrganisation);
        return m;
    }();
    auto it = kByKey.find(headerKey(name));
    if (it == kByKey.end()) return std::nullopt;
    return it->second;
}

// ---- JSON and file helpers ---------------------------------------------------

// JSON numbers as the text a spreadsheet cell would hold.
std::string numberText(const Json& v) {
    if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
    if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
    const double d = v.get<double>();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
    return v.dump();
}

std::string jsonTypeName(const Json& v) {
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_array()) return "a list";
    if (v.is_object()) return "an object";
    if (v.is_null()) return "null";
    return v.type_name();
}

// nlohmann's messages start with "[json.exception.parse_error.101] "; staff need only the rest.
// A parse error quotes the bytes it "last read", which for a file with invalid
// UTF-8 are those very bytes: they are replaced (U+FFFD) so that every finding
// stays valid UTF-8 for the terminal and the staff screen.
std::string jsonMessage(const std::exception& e) {
    std::string_view m = e.what();
    if (m.starts_with("[json.exception.")) {
        if (auto close = m.find("] "); close != std::string_view::npos) m.remove_prefix(close + 2);
    }
    return sanitize(m, false).text;
}

Result<std::string> readWholeFile(const fs::path& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) return failure("cannot read the file: " + ec.message());
    if (size > kMaxFileBytes)
        return failure("the file is too large: " + std::to_string(size) + " bytes (at most 64 MiB)");
    std::ifstream in(path, std::ios::binary);
    if (!in) return failure("cannot open the file for reading");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return failure("cannot read the file");
    return ss.str();
}

// ---- raw entries -------------------------------------------------------------

// One cell or JSON value before interpretation.
struct RawValue {
    std::string label; // where it came from: the CSV header as written, or the JSON key
    std::string text;
    std::optional<std::vector<std::string>> list; // a JSON array
};

// One spreadsheet row or JSON entry object, by field.
struct RawEntry {
    std::string file;
    int row = 0;
    std::string where; // "angebote.csv row 3", "entries/fest.json entry 2"
    std::array<std::optional<RawValue>, kFieldCount> base;
    std::array<std::map<std::string, RawValue>, kFieldCount> translations; // language -> value
    std::set<int> broken; // fields already reported as unreadable: no second error for them
};

// ---- SourceReader --------------------------------------------------------------

class SourceReader {
public:
    SourceReader(const fs::path& folder, const SourceOptions& options, SourceResult& out)
        : m_folder(folder), m_options(options), m_out(out), m_report(out.report) {}

    void run() {
        std::error_code ec;
        if (!fs::is_directory(m_folder, ec)) {
            m_report.error("", 0, "",
                           "source folder " + quote(m_folder.string()) + " does not exist or is not a folder");
            return;
        }
        readPackJson();
        for (const auto& name : filesIn(m_folder, ".csv")) readCsvFile(name);
        for (const auto& name : filesIn(m_folder / "entries", ".json")) readJsonFile("entries/" + name);
        std::stable_sort(m_out.content.themes.begin(), m_out.content.themes.end(), [](const Theme& a, const Theme& b) {
            return a.order != b.order ? a.order < b.order : a.id < b.id;
        });
    }

private:
    // Regular files with the extension (any case), in name order. Hidden files and
    // the "~$x" lock files Office leaves while a file is open are no content.
    static std::vector<std::string> filesIn(const fs::path& dir, std::string_view extension) {
        std::vector<std::string> names;
        std::error_code ec;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            std::error_code typeEc;
            if (!it->is_regular_file(typeEc)) continue;
            const std::string name = it->path().filename().string();
            if (name.starts_with('.') || name.starts_with("~$")) continue;
            if (name.size() <= extension.size() || foldCase(name.substr(name.size() - extension.size())) != extension)
                continue;
            names.push_back(name);
        }
        std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
            const std::string fa = foldCase(a), fb = foldCase(b);
            return fa != fb ? fa < fb : a < b;
        });
        return names;
    }

    // ---- findings with cleaning ----

    // Cleans a text value and reports what had to be removed. nullopt (after an
    // error) when the text is too long to be a kiosk text.
    std::optional<std::string> clean(std::string_view raw, bool multiline, const std::string& file, int row,
                                     const std::string& field) {
        if (raw.size() > kMaxTextBytes) {
            m_report.error(file, row, field,
                           "text is too long: " + std::to_string(raw.size()) + " bytes (at most " +
                               std::to_string(kMaxTextBytes) + "), starting " + quote(raw.substr(0, 40)));
            return std::nullopt;
        }
        CleanText c = sanitize(raw, multiline);
        if (!c.removed.empty()) {
            std::vector<std::string> names;
            for (char32_t cp : c.removed) names.push_back(codePointName(cp));
            m_report.warning(file, row, field,
                             std::string(names.size() == 1 ? "removed invisible control character "
                                                           : "removed invisible control characters ") +
                                 joinNames(names) + "; the text is now " + quote(c.text));
        }
        if (c.invalidUtf8)
            m_report.warning(file, row, field, "replaced bytes that are not UTF-8 with U+FFFD: " + quote(c.text));
        return std::move(c.text);
    }

    // ---- pack.json ----

    std::string packField(std::string_view prefix, std::string_view key) {
        return prefix.empty() ? std::string(key) : std::string(prefix) + "." + std::string(key);
    }

    void packError(const std::string& field, std::string message) {
        m_report.error(std::string(kPackJson), 0, field, std::move(message));
    }
    void packWarning(const std::string& field, std::string message) {
        m_report.warning(std::string(kPackJson), 0, field, std::move(message));
    }

    void warnUnknownKeys(const Json& object, std::initializer_list<std::string_view> known, std::string_view prefix) {
        for (const auto& [key, value] : object.items()) {
            if (std::find(known.begin(), known.end(), key) == known.end())
                packWarning(packField(prefix, key), "unknown key " + quote(key) + " is ignored");
        }
    }

    // A plain string (German) or {"de": ..., "en": ...}. German is required.
    std::optional<Text> packText(const Json& object, std::string_view key, std::string_view prefix, bool required) {
        const std::string field = packField(prefix, key);
        auto it = object.find(key);
        if (it == object.end() || it->is_null()) {
            if (required) packError(field, "missing: write it as a text or as {\"de\": \"...\", \"en\": \"...\"}");
            return std::nullopt;
        }
        Text text;
        bool ok = true;
        if (it->is_string()) {
            auto v = clean(it->get<std::string>(), false, std::string(kPackJson), 0, field);
            if (!v) return std::nullopt;
            text.set(std::string(kBaseLanguage), std::move(*v));
        } else if (it->is_object()) {
            for (const auto& [lang, value] : it->items()) {
                const std::string code = foldCase(lang);
                if (!isLanguageCode(code)) {
                    packError(field, quote(lang) + " is not a language code (write de, en, tr, ...)");
                    ok = false;
                    continue;
                }
                if (!value.is_string()) {
                    packError(field + ":" + code, "expected text, not " + jsonTypeName(value));
                    ok = false;
                    continue;
                }
                auto v = clean(value.get<std::string>(), false, std::string(kPackJson), 0, field + ":" + code);
                if (!v) {
                    ok = false;
                    continue;
                }
                text.set(code, std::move(*v));
            }
        } else {
            packError(field, "expected a text or {\"de\": \"...\"}, not " + jsonTypeName(*it));
            return std::nullopt;
        }
        if (!ok) return std::nullopt;
        if (text.find(kBaseLanguage) == nullptr) {
            if (required || !text.empty()) {
                packError(field, "German text missing: give \"de\" (German is the base every language falls back to)");
                return std::nullopt;
            }
        }
        return text;
    }

    std::optional<std::string> packString(const Json& object, std::string_view key, std::string_view prefix) {
        auto it = object.find(key);
        if (it == object.end() || it->is_null()) return std::nullopt;
        const std::string field = packField(prefix, key);
        if (!it->is_string()) {
            packError(field, "expected text, not " + jsonTypeName(*it));
            return std::nullopt;
        }
        auto v = clean(it->get<std::string>(), false, std::string(kPackJson), 0, field);
        if (!v || v->empty()) return std::nullopt;
        return v;
    }

    // Like packString, but absence (or an empty text) is an error too.
    std::optional<std::string> packRequiredString(const Json& object, std::string_view key, std::string_view prefix,
                                                  std::string_view hint) {
        const std::size_t errorsBefore = m_report.errorCount();
        auto v = packString(object, key, prefix);
        if (!v && m_report.errorCount() == errorsBefore)
            packError(packField(prefix, key), "missing: " + std::string(hint));
        return v;
    }

    // A JSON whole number, or a string holding one.
    std::optional<std::int64_t> packInt(const Json& object, std::string_view key, std::string_view prefix,
                                        std::int64_t min, std::int64_t max) {
        auto it = object.find(key);
        if (it == object.end() || it->is_null()) return std::nullopt;
        const std::string field = packField(prefix, key);
        std::optional<std::int64_t> v;
        std::string shown;
        if (it->is_number() || it->is_string()) {
            shown = it->is_string() ? it->get<std::string>() : numberText(*it);
            v = parseWhole(shown);
        } else {
            shown = it->dump();
        }
        if (!v) {
            packError(field, "not a whole number: " + quote(shown));
            return std::nullopt;
        }
        if (*v < min) {
            packError(field, "too small: " + quote(shown) + " (at least " + std::to_string(min) + ")");
            return std::nullopt;
        }
        if (*v > max) {
            packError(field, "too large: " + quote(shown) + " (at most " + std::to_string(max) + ")");
            return std::nullopt;
        }
        return v;
    }

    void readPackJson() {
        const fs::path path = m_folder / kPackJson;
        std::error_code ec;
        if (!fs::exists(path, ec)) {
            packError("", "missing: every source folder needs a pack.json with channel, title, site and themes");
            return;
        }
        auto bytes = readWholeFile(path);
        if (!bytes) {
            packError("", bytes.error().message);
            return;
        }
        Json root;
        try {
            root = Json::parse(*bytes);
        } catch (const Json::exception& e) {
            packError("", "not valid JSON: " + jsonMessage(e));
            return;
        }
        if (!root.is_object()) {
            packError("", "expected a JSON object { ... }, not " + jsonTypeName(root));
            return;
        }
        warnUnknownKeys(root, {"format", "channel", "title", "version", "languages", "site", "themes", "images"}, "");

        auto format = root.find("format");
        if (format == root.end()) packError("format", "missing: write \"format\": 1");
        else if (!format->is_number_integer() || format->get<std::int64_t>() != 1)
            packError("format", "unsupported format " + quote(format->dump()) + ": this tool reads format 1");

        PackInfo& info = m_out.content.info;
        if (auto channel = packRequiredString(root, "channel", "", "name the channel, e.g. \"bochum-grumme\"")) {
            if (validChannel(*channel)) info.channel = *channel;
            else
                packError("channel",
                          "not a valid channel: " + quote(*channel) + " (use lower-case letters, digits and '-')");
        }
        if (auto title = packText(root, "title", "", true)) info.title = std::move(*title);
        if (auto version = packInt(root, "version", "", 1, std::int64_t{1} << 53)) info.version = *version;

        readPackLanguages(root);
        readPackSite(root);
        readPackThemes(root);
        readPackImages(root);
    }

    void readPackLanguages(const Json& root) {
        std::vector<std::string> languages;
        auto it = root.find("languages");
        if (it == root.end() || it->is_null()) {
            languages = {"de", "en"};
        } else {
            std::vector<std::string> items;
            bool ok = true;
            if (it->is_string()) {
                items = splitList(it->get<std::string>());
            } else if (it->is_array()) {
                for (const auto& v : *it) {
                    if (v.is_string()) {
                        items.push_back(v.get<std::string>());
                    } else {
                        packError("languages", "expected language codes, not " + jsonTypeName(v));
                        ok = false;
                    }
                }
            } else {
                packError("languages",
                          "expected a list of language codes like [\"de\", \"en\"], not " + jsonTypeName(*it));
                ok = false;
            }
            for (const auto& item : items) {
                const std::string code = foldCase(trim(item));
                if (!isLanguageCode(code)) {
                    packError("languages", "not a language code: " + quote(item) + " (write de, en, tr, ...)");
                    ok = false;
                } else if (std::find(languages.begin(), languages.end(), code) == languages.end()) {
                    languages.push_back(code);
                }
            }
            if (!ok) return;
            auto de = std::find(languages.begin(), languages.end(), kBaseLanguage);
            if (de == languages.end()) {
                packError("languages", "German ('de') is missing: it is the base language every text falls back to");
                return;
            }
            // German first is what the kiosk starts in; keep the others' order.
            std::rotate(languages.begin(), de, de + 1);
        }
        m_out.content.site.languages = std::move(languages);
    }

    void readPackSite(const Json& root) {
        auto it = root.find("site");
        if (it == root.end() || it->is_null()) {
            packError("site", "missing: describe the place the kiosk stands in, at least its \"name\"");
            return;
        }
        if (!it->is_object()) {
            packError("site", "expected an object { \"name\": ... }, not " + jsonTypeName(*it));
            return;
        }
        const Json& s = *it;
        warnUnknownKeys(s, {"name", "about", "address", "phone", "email", "website", "opening_hours", "logo"}, "site");
        Site& site = m_out.content.site;
        if (auto name = packText(s, "name", "site", true)) site.name = std::move(*name);
        if (auto about = packText(s, "about", "site", false)) site.about = std::move(*about);
        if (auto address = packText(s, "address", "site", false)) site.address = std::move(*address);
        if (auto phone = packString(s, "phone", "site")) {
            if (validPhone(*phone)) site.phone = *phone;
            else
                packError("site.phone",
                          "not a valid phone number: " + quote(*phone) + " (use digits, spaces and + / - ( ))");
        }
        if (auto email = packString(s, "email", "site")) {
            if (validEmail(*email)) site.email = *email;
            else packError("site.email", "not a valid e-mail address: " + quote(*email));
        }
        if (auto website = packString(s, "website", "site")) {
            auto url = checkWebsite(*website);
            if (url) site.website = *url;
            else packError("site.website", url.error().message);
        }
        if (auto hours = packString(s, "opening_hours", "site")) {
            site.openingHours = *hours;
            if (auto parsed = OpeningHours::parse(*hours); !parsed)
                packWarning("site.opening_hours", "cannot read the opening hours " + quote(*hours) + ": " +
                                                      parsed.error().message +
                                                      "; the kiosk shows them as written, without \"open now\"");
        }
        if (auto logo = packString(s, "logo", "site")) {
            if (auto id = resolveImage(*logo, std::string(kPackJson), 0, "site.logo")) site.logo = *id;
        }
    }

    void readPackThemes(const Json& root) {
        auto it = root.find("themes");
        if (it == root.end() || it->is_null()) {
            packError("themes", "missing: at least one theme is needed");
            return;
        }
        if (!it->is_array()) {
            packError("themes", "expected a list of themes [ {...}, ... ], not " + jsonTypeName(*it));
            return;
        }
        m_themesKnown = true;
        if (it->empty()) packError("themes", "empty: at least one theme is needed");
        int index = 0;
        for (const Json& t : *it) {
            ++index;
            const std::string prefix = "themes[" + std::to_string(index) + "]";
            if (!t.is_object()) {
                packError(prefix, "expected a theme object { \"id\": ..., \"title\": ... }, not " + jsonTypeName(t));
                continue;
            }
            warnUnknownKeys(t, {"id", "title", "icon", "colour", "color", "order"}, prefix);
            const std::size_t errorsBefore = m_report.errorCount();
            Theme theme;
            if (auto id = packRequiredString(t, "id", prefix, "every theme needs an id like \"familie\"")) {
                if (!validThemeId(*id))
                    packError(prefix + ".id", "not a valid theme id: " + quote(*id) + " (use letters, digits and '-')");
                else if (m_themeKeys.count(foldCase(*id)))
                    packError(prefix + ".id", "duplicate theme id " + quote(*id));
                theme.id = *id;
            }
            if (auto title = packText(t, "title", prefix, true)) theme.title = std::move(*title);
            if (auto icon = packString(t, "icon", prefix)) {
                const bool ok = std::all_of(icon->begin(), icon->end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                });
                if (ok) theme.icon = *icon;
                else packError(prefix + ".icon", "not a Material Icons name: " + quote(*icon) + " (e.g. child_care)");
            }
            // British spelling is documented; the American one is what people type.
            const std::string_view colourKey = t.contains("colour") ? "colour" : "color";
            if (auto colour = packString(t, colourKey, prefix)) {
                const bool ok = colour->size() == 7 && (*colour)[0] == '#' &&
                                std::all_of(colour->begin() + 1, colour->end(), [](char c) {
                                    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                                });
                if (ok) theme.colour = *colour;
                else
                    packError(prefix + "." + std::string(colourKey),
                              "not a colour: " + quote(*colour) + " (write #RRGGBB, e.g. #E07A5F)");
            }
            // Without "order" the themes keep the order pack.json lists them in.
            theme.order = index;
            if (auto order = packInt(t, "order", prefix, -1000000, 1000000)) theme.order = static_cast<int>(*order);
            if (m_report.errorCount() != errorsBefore) continue;
            m_themeKeys[foldCase(theme.id)] = theme.id;
            m_out.content.themes.push_back(std::move(theme));
        }
        // Titles second, so that an id always wins over another theme's title.
        for (const Theme& theme : m_out.content.themes) m_themeKeys.emplace(foldCase(theme.title.get()), theme.id);
    }

    void readPackImages(const Json& root) {
        auto it = root.find("images");
        if (it == root.end() || it->is_null()) return;
        if (!it->is_object()) {
            packError("images", "expected an object { \"max_width\": ... }, not " + jsonTypeName(*it));
            return;
        }
        warnUnknownKeys(*it, {"max_width", "max_height", "jpeg_quality"}, "images");
        ImageSettings& settings = m_out.imageSettings;
        if (auto w = packInt(*it, "max_width", "images", 16, 16384)) settings.maxWidth = static_cast<int>(*w);
        if (auto h = packInt(*it, "max_height", "images", 16, 16384)) settings.maxHeight = static_cast<int>(*h);
        if (auto q = packInt(*it, "jpeg_quality", "images", 1, 100)) settings.jpegQuality = static_cast<int>(*q);
    }

    // ---- images ----

    // The image's id (its actual file name) when it is usable; nullopt after a
    // finding. Names must stay inside images/. Staff work on Windows, where
    // "Foto.JPG" and "foto.jpg" are the same file, so case is forgiven.
    std::optional<std::string> resolveImage(std::string_view name, const std::string &file, int row,
                                            const std::string &field) {
        if (!isImageName(name)) {
            m_report.error(file, row, field,
                           "image name must be a file name inside images/, without folders: " + quote(name));
            return std::nullopt;
        }
        if (!m_imageNames) {
            m_imageNames.emplace();
            std::error_code ec;
            for (fs::directory_iterator it(m_folder / "images", ec), end; !ec && it != end; it.increment(ec)) {
                const std::string n = it->path().filename().string();
                m_imageNames->emplace(n, n);
                m_imageNames->emplace(foldCase(n), n);
            }
        }
        std::string actual;
        if (auto it = m_imageNames->find(std::string(name)); it != m_imageNames->end()) actual = it->second;
        else if (auto folded = m_imageNames->find(foldCase(name)); folded != m_imageNames->end())
            actual = folded->second;
        if (actual.empty()) {
            m_report.warning(file, row, field, "image " + quote(name) + " not found in images/");
            return std::nullopt;
        }
        auto check = m_imageProblems.find(actual);
        if (check == m_imageProblems.end())
            check = m_imageProblems.emplace(actual, imageProblem(m_folder / "images" / actual)).first;
        if (!check->second.empty()) {
            m_report.warning(file, row, field, "image " + quote(actual) + " cannot be used: " + check->second);
            return std::nullopt;
        }
        if (m_imageIdSet.insert(actual).second) m_out.imageIds.push_back(actual);
        return actual;
    }

    // "" when the file opens and starts like a JPEG or PNG. Decoding is the image
    // pipeline's job; this only catches what would certainly fail there.
    static std::string imageProblem(const fs::path& path) {
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) return "it is not a file";
        std::ifstream in(path, std::ios::binary);
        if (!in) return "it cannot be opened for reading";
        char head[8] = {};
        in.read(head, sizeof head);
        const auto got = static_cast<std::size_t>(in.gcount());
        const std::string_view h(head, got);
        if (got == 0) return "the file is empty";
        if (h.starts_with("\xFF\xD8\xFF") || h == "\x89PNG\r\n\x1A\n") return "";
        return "it is neither a JPEG nor a PNG file";
    }

    // ---- entries ----

    // Reads, checks and (when it has no errors) adds one entry. `errorsBefore`
    // is the error count before the raw entry was assembled, so that errors
    // found while assembling it also keep it out.
    void addEntry(const RawEntry& raw, std::size_t errorsBefore) {
        EntryChecker check(*this, raw);
        Entry e;

        const std::string id = check.text(kId);
        if (id.empty()) {
            check.error(kId, "missing id: every entry needs a unique id like 'paten-grumme'");
        } else if (!validEntryId(id)) {
            check.error(kId, "not a valid id: " + quote(id) + " (use letters, digits, '.', '_' and '-')");
        } else if (auto first = m_idFirstSeen.find(id); first != m_idFirstSeen.end()) {
            check.error(kId, "duplicate id " + quote(id) + " (first used in " + first->second + ")");
        } else {
            m_idFirstSeen.emplace(id, raw.where);
        }
        e.id = id;

        const auto themes = check.list(kTheme);
        if (themes.empty()) check.error(kTheme, "missing theme: name at least one theme from pack.json");
        for (const auto& t : themes) {
            std::string themeId = t;
            if (m_themesKnown) {
                auto it = m_themeKeys.find(foldCase(t));
                if (it == m_themeKeys.end()) {
                    std::vector<std::string> known;
                    for (const Theme& theme : m_out.content.themes) known.push_back(theme.id);
                    check.error(kTheme, "unknown theme " + quote(t) + " (pack.json has: " + joinNames(known) + ")");
                    continue;
                }
                themeId = it->second;
            }
            if (std::find(e.themes.begin(), e.themes.end(), themeId) == e.themes.end()) e.themes.push_back(themeId);
        }

        if (const std::string kind = check.text(kKind); !kind.empty()) {
            if (auto k = parseKind(kind)) e.kind = *k;
            else check.error(kKind, "unknown kind " + quote(kind) +
                                        " (use offer, place, kita, playground, school, counselling, sponsorship, "
                                        "event or contact)");
        }

        e.title = check.textField(kTitle, true);
        e.summary = check.textField(kSummary);
        e.description = check.textField(kDescription);
        e.organisation = check.textField(kOrganisation);
        e.contactName = check.textField(kContactName);
        e.address = check.textField(kAddress);
        e.postcode = check.text(kPostcode);
        e.city = check.textField(kCity);

        e.lat = check.coordinate(kLat, 90.0, "latitude");
        e.lon = check.coordinate(kLon, 180.0, "longitude");
        // Judged on the cells, so that a bad number is not reported twice.
        if (check.text(kLat).empty() != check.text(kLon).empty()) {
            if (check.text(kLat).empty()) check.error(kLat, "missing: a longitude needs its latitude");
            else check.error(kLon, "missing: a latitude needs its longitude");
        }

        if (std::string phone = check.text(kPhone); !phone.empty()) {
            if (validPhone(phone)) e.phone = phone;
            else
                check.error(kPhone,
                            "not a valid phone number: " + quote(phone) + " (use digits, spaces and + / - ( ))");
        }
        if (std::string email = check.text(kEmail); !email.empty()) {
            if (validEmail(email)) e.email = email;
            else check.error(kEmail, "not a valid e-mail address: " + quote(email));
        }
        if (std::string website = check.text(kWebsite); !website.empty()) {
            auto url = checkWebsite(website);
            if (url) e.website = *url;
            else check.error(kWebsite, url.error().message);
        }
        if (std::string hours = check.text(kOpeningHours); !hours.empty()) {
            e.openingHours = hours;
            if (auto parsed = OpeningHours::parse(hours); !parsed)
                check.warning(kOpeningHours, "cannot read the opening hours " + quote(hours) + ": " +
                                                 parsed.error().message +
                                                 "; the kiosk shows them as written, without \"open now\"");
        }

        e.ageMin = check.age(kAgeMin);
        e.ageMax = check.age(kAgeMax);
        if (e.ageMin && e.ageMax && *e.ageMin > *e.ageMax)
            check.error(kAgeMin, "age from (" + std::to_string(*e.ageMin) + ") is greater than age to (" +
                                     std::to_string(*e.ageMax) + ")");

        e.cost = check.textField(kCost);
        if (const std::string* german = e.cost.find(kBaseLanguage)) e.free = costMeansFree(*german);

        for (const auto& item : check.list(kLanguages)) {
            const std::string code = foldCase(item);
            if (!isLanguageCode(code))
                check.error(kLanguages, "not a language code: " + quote(item) + " (write codes like de, tr, ar)");
            else if (std::find(e.languages.begin(), e.languages.end(), code) == e.languages.end())
                e.languages.push_back(code);
        }

        e.tags = check.textField(kTags);

        for (const auto& name : check.list(kImage)) {
            if (auto imageId = resolveImage(name, raw.file, raw.row, check.label(kImage)))
                if (std::find(e.images.begin(), e.images.end(), *imageId) == e.images.end())
                    e.images.push_back(*imageId);
        }

        e.starts = check.dateTime(kStarts);
        e.ends = check.dateTime(kEnds);
        if (e.starts && e.ends) {
            // A date without time is the whole day: it ends at its end.
            const std::int64_t from = e.starts->toMinutes();
            const std::int64_t to = e.ends->hasTime ? e.ends->toMinutes() : e.ends->date.toDays() * 1440 + 1439;
            if (to < from)
                check.error(kEnds, "the event ends " + quote(check.text(kEnds)) + " before it starts " +
                                       quote(check.text(kStarts)));
        }
        e.validUntil = check.date(kValidUntil);
        e.checked = check.date(kChecked);

        if (m_report.errorCount() != errorsBefore) return;

        // Warnings about time only make sense for an entry that is otherwise fine.
        const Date& today = m_options.today;
        if (e.ends && e.ends->date < today)
            check.warning(kEnds, "the event is already over: it ended " + quote(check.text(kEnds)));
        else if (!e.ends && e.starts && e.starts->date < today)
            check.warning(kStarts,
                          "the event is already over: it started " + quote(check.text(kStarts)) + " and has no end");
        if (e.validUntil && *e.validUntil < today)
            check.warning(kValidUntil, "valid until " + quote(check.text(kValidUntil)) +
                                           ", which has passed: the kiosk does not show this entry");
        if (e.checked && *e.checked < today.plusDays(-365))
            check.warning(kChecked, "last confirmed " + quote(check.text(kChecked)) +
                                        ", over a year ago: please check the entry is still correct");

        m_out.content.entries.push_back(std::move(e));
    }

    // Reads the fields of one raw entry and reports against its file and row.
    class EntryChecker {
    public:
        EntryChecker(SourceReader& reader, const RawEntry& raw) : m_reader(reader), m_raw(raw) {}

        std::string label(int field) const {
            const auto& v = m_raw.base[static_cast<std::size_t>(field)];
            return v ? v->label : std::string(canonical(field));
        }
        void error(int field, std::string message) {
            if (m_raw.broken.count(field)) return;
            m_reader.m_report.error(m_raw.file, m_raw.row, label(field), std::move(message));
        }
        void warning(int field, std::string message) {
            m_reader.m_report.warning(m_raw.file, m_raw.row, label(field), std::move(message));
        }

        // The cleaned single-line value; "" when absent. Cleans (and reports) once.
        std::string text(int field) {
            auto cached = m_texts.find(field);
            if (cached != m_texts.end()) return cached->second;
            std::string out;
            const auto& v = m_raw.base[static_cast<std::size_t>(field)];
            if (v) {
                const std::string raw = v->list ? joinNames(*v->list) : v->text;
                out = cleanValue(raw, field == kDescription, v->label).value_or("");
            }
            m_texts.emplace(field, out);
            return out;
        }

        Text textField(int field, bool required = false) {
            Text t;
            t.set(std::string(kBaseLanguage), text(field));
            std::vector<std::string> others;
            for (const auto& [lang, v] : m_raw.translations[static_cast<std::size_t>(field)]) {
                const std::string raw = v.list ? joinNames(*v.list) : v.text;
                auto value = cleanValue(raw, field == kDescription, v.label);
                if (!value || value->empty()) continue;
                t.set(lang, std::move(*value));
                others.push_back(lang);
            }
            if (t.find(kBaseLanguage) == nullptr) {
                const std::string name(canonical(field));
                if (required && others.empty())
                    error(field, "missing " + name + ": every entry needs a German " + name);
                else if (!others.empty())
                    error(field, "German " + name + " missing (only " + joinNames(others) +
                                     " given): German is the base every language falls back to");
            }
            return t;
        }

        std::vector<std::string> list(int field) {
            const auto& v = m_raw.base[static_cast<std::size_t>(field)];
            if (!v) return {};
            std::vector<std::string> items = v->list ? *v->list : splitList(v->text);
            std::vector<std::string> out;
            for (const auto& item : items) {
                auto c = cleanValue(item, false, v->label);
                if (c && !c->empty()) out.push_back(std::move(*c));
            }
            return out;
        }

        std::optional<double> coordinate(int field, double limit, const char* what) {
            const std::string s = text(field);
            if (s.empty()) return std::nullopt;
            auto v = parseDecimal(s);
            if (!v) {
                error(field, "not a number: " + quote(s));
                return std::nullopt;
            }
            if (*v < -limit || *v > limit) {
                const std::string l = std::to_string(static_cast<int>(limit));
                error(field, std::string(what) + " out of range (-" + l + " to " + l + "): " + quote(s));
                return std::nullopt;
            }
            return v;
        }

        std::optional<int> age(int field) {
            const std::string s = text(field);
            if (s.empty()) return std::nullopt;
            auto v = parseWhole(s);
            if (!v) {
                error(field, "not a whole number of years: " + quote(s));
                return std::nullopt;
            }
            if (*v < 0 || *v > 150) {
                error(field, "age out of range (0 to 150): " + quote(s));
                return std::nullopt;
            }
            return static_cast<int>(*v);
        }

        std::optional<DateTime> dateTime(int field) {
            const std::string s = text(field);
            if (s.empty()) return std::nullopt;
            auto v = parseDateTime(s);
            if (!v) error(field, "not a date: " + quote(s) + " (write 2026-08-19 18:00 or 19.08.2026 18:00)");
            return v;
        }

        std::optional<Date> date(int field) {
            const std::string s = text(field);
            if (s.empty()) return std::nullopt;
            if (auto d = parseDate(s)) return d;
            // Spreadsheets sometimes format a day as "31.12.2026 00:00".
            if (auto dt = parseDateTime(s)) return dt->date;
            error(field, "not a date: " + quote(s) + " (write 2026-08-19 or 19.08.2026)");
            return std::nullopt;
        }

    private:
        std::optional<std::string> cleanValue(std::string_view raw, bool multiline, const std::string& field) {
            return m_reader.clean(raw, multiline, m_raw.file, m_raw.row, field);
        }

        SourceReader& m_reader;
        const RawEntry& m_raw;
        std::map<int, std::string> m_texts;
    };

    // ---- CSV files ----

    struct CsvColumn {
        int field = -1;   // -1: ignored
        std::string lang; // "" = German / not translatable
        std::string label;
    };

    void readCsvFile(const std::string& name) {
        auto bytes = readWholeFile(m_folder / name);
        if (!bytes) {
            m_report.error(name, 0, "", bytes.error().message);
            return;
        }
        auto table = parseCsv(*bytes);
        if (!table) {
            m_report.error(name, table.error().row, table.error().field, table.error().message);
            return;
        }
        const int headerRow = table->headerRow;
        std::vector<CsvColumn> columns(table->header.size());
        std::map<std::pair<int, std::string>, std::string> seen; // (field, lang) -> first label
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const std::string label(trim(table->header[i]));
            columns[i].label = label;
            if (label.empty()) {
                const bool hasData = std::any_of(table->records.begin(), table->records.end(),
                                                 [&](const CsvRecord& r) { return !trim(r.cells[i]).empty(); });
                if (hasData)
                    m_report.warning(name, headerRow, "",
                                     "column " + std::to_string(i + 1) +
                                         " has no name in the header; its cells are ignored");
                continue;
            }
            std::string_view base = label;
            std::string lang;
            if (auto colon = label.rfind(':'); colon != std::string::npos) {
                base = trim(std::string_view(label).substr(0, colon));
                lang = foldCase(trim(std::string_view(label).substr(colon + 1)));
            }
            auto field = fieldByName(base);
            if (!field) {
                m_report.warning(name, headerRow, label, "unknown column " + quote(label) + " is ignored");
                continue;
            }
            if (!lang.empty()) {
                if (!isLanguageCode(lang)) {
                    m_report.warning(name, headerRow, label,
                                     "unknown column " + quote(label) + " is ignored: " + quote(lang) +
                                         " is not a language code");
                    continue;
                }
                if (lang == kBaseLanguage) lang.clear();
                else if (!translatable(*field)) {
                    m_report.warning(name, headerRow, label,
                                     "unknown column " + quote(label) + " is ignored: " + quote(canonical(*field)) +
                                         " has no translations");
                    continue;
                }
            }
            auto [it, inserted] = seen.emplace(std::make_pair(*field, lang), label);
            if (!inserted) {
                m_report.error(name, headerRow, label,
                               "column " + quote(label) + " repeats column " + quote(it->second) +
                                   "; only one may be given");
                continue;
            }
            columns[i].field = *field;
            columns[i].lang = lang;
        }
        bool complete = true;
        for (int required : {kId, kTheme, kTitle}) {
            if (!seen.count({required, std::string()})) {
                const auto& f = sourceFields()[static_cast<std::size_t>(required)];
                m_report.error(name, headerRow, "",
                               "missing column " + quote(f.name) + " (German: " + quote(f.germanAlias) + ")");
                complete = false;
            }
        }
        if (!complete) return;

        // Rows in file order, whether they are good records or rows that were too long.
        auto problem = table->problems.begin();
        const auto reportProblemsBefore = [&](int row) {
            for (; problem != table->problems.end() && problem->row < row; ++problem)
                m_report.error(name, problem->row, problem->field, problem->message);
        };
        for (const CsvRecord& record : table->records) {
            reportProblemsBefore(record.row);
            const std::size_t errorsBefore = m_report.errorCount();
            RawEntry raw;
            raw.file = name;
            raw.row = record.row;
            raw.where = name + " row " + std::to_string(record.row);
            for (std::size_t i = 0; i < columns.size(); ++i) {
                const CsvColumn& c = columns[i];
                if (c.field < 0) continue;
                RawValue v{c.label, record.cells[i], std::nullopt};
                if (c.lang.empty()) raw.base[static_cast<std::size_t>(c.field)] = std::move(v);
                else raw.translations[static_cast<std::size_t>(c.field)][c.lang] = std::move(v);
            }
            addEntry(raw, errorsBefore);
        }
        reportProblemsBefore(std::numeric_limits<int>::max());
    }

    // ---- JSON files ----

    void readJsonFile(const std::string& name) {
        auto bytes = readWholeFile(m_folder / name);
        if (!bytes) {
            m_report.error(name, 0, "", bytes.error().message);
            return;
        }
        Json root;
        try {
            root = Json::parse(*bytes);
        } catch (const Json::exception& e) {
            m_report.error(name, 0, "", "not valid JSON: " + jsonMessage(e));
            return;
        }
        std::vector<const Json*> items;
        if (root.is_object()) items.push_back(&root);
        else if (root.is_array()) for (const Json& item : root) items.push_back(&item);
        else {
            m_report.error(name, 0, "",
                           "expected an entry object { ... } or a list of them [ {...}, ... ], not " +
                               jsonTypeName(root));
            return;
        }
        std::set<std::string> warnedKeys;
        for (std::size_t index = 0; index < items.size(); ++index) {
            const Json& item = *items[index];
            const int row = static_cast<int>(index) + 1;
            if (!item.is_object()) {
                m_report.error(name, row, "", "expected an entry object { ... }, not " + jsonTypeName(item));
                continue;
            }
            const std::size_t errorsBefore = m_report.errorCount();
            RawEntry raw;
            raw.file = name;
            raw.row = row;
            raw.where = name + " entry " + std::to_string(row);
            for (const auto& [key, value] : item.items()) {
                if (value.is_null()) continue;
                std::string_view base = key;
                std::string lang;
                if (auto colon = key.rfind(':'); colon != std::string::npos) {
                    base = trim(std::string_view(key).substr(0, colon));
                    lang = foldCase(trim(std::string_view(key).substr(colon + 1)));
                }
                auto field = fieldByName(base);
                if (field && !lang.empty() &&
                    (!isLanguageCode(lang) || (lang != kBaseLanguage && !translatable(*field))))
                    field.reset();
                if (!field) {
                    if (warnedKeys.insert(key).second)
                        m_report.warning(name, row, key, "unknown key " + quote(key) + " is ignored");
                    continue;
                }
                if (lang == kBaseLanguage) lang.clear();
                const std::string label = std::string(canonical(*field)) + (lang.empty() ? "" : ":" + lang);
                addJsonValue(raw, *field, lang, label, value);
            }
            addEntry(raw, errorsBefore);
        }
    }

    // Converts one JSON value into raw form; texts with languages spread into translations.
    void addJsonValue(RawEntry& raw, int field, const std::string& lang, const std::string& label, const Json& value) {
        const auto idx = static_cast<std::size_t>(field);
        const auto store = [&](const std::string& l, RawValue v) {
            if (l.empty()) raw.base[idx] = std::move(v);
            else raw.translations[idx][l] = std::move(v);
        };
        const bool listField = field == kTheme || field == kLanguages || field == kImage || field == kTags;
        const auto scalar = [&](const Json& v, const std::string& l, const std::string& where) -> bool {
            if (v.is_string()) store(l, RawValue{where, v.get<std::string>(), std::nullopt});
            else if (v.is_number()) store(l, RawValue{where, numberText(v), std::nullopt});
            else if (v.is_array() && listField) {
                std::vector<std::string> items;
                for (const Json& item : v) {
                    if (item.is_string()) items.push_back(item.get<std::string>());
                    else if (item.is_number()) items.push_back(numberText(item));
                    else {
                        m_report.error(raw.file, raw.row, where,
                                       "expected a list of texts, but it holds " + jsonTypeName(item));
                        raw.broken.insert(field);
                        return false;
                    }
                }
                store(l, RawValue{where, {}, std::move(items)});
            } else {
                m_report.error(raw.file, raw.row, where,
                               std::string(listField ? "expected text or a list" : "expected text or a number") +
                                   ", not " + jsonTypeName(v));
                raw.broken.insert(field);
                return false;
            }
            return true;
        };
        if (value.is_object()) {
            if (!translatable(field) || !lang.empty()) {
                m_report.error(raw.file, raw.row, label, "expected text, not an object");
                raw.broken.insert(field);
                return;
            }
            for (const auto& [key, v] : value.items()) {
                std::string code = foldCase(trim(key));
                if (!isLanguageCode(code)) {
                    m_report.error(raw.file, raw.row, label,
                                   quote(key) + " is not a language code (write de, en, tr, ...)");
                    raw.broken.insert(field);
                    continue;
                }
                if (v.is_null()) continue;
                if (code == kBaseLanguage) scalar(v, "", label);
                else scalar(v, code, label + ":" + code);
            }
            return;
        }
        scalar(value, lang, label);
    }

    fs::path m_folder;
    const SourceOptions& m_options;
    SourceResult& m_out;
    Report& m_report;

    bool m_themesKnown = false;                       // pack.json's themes could be read
    std::map<std::string, std::string> m_themeKeys;   // folded id or German title -> theme id
    std::map<std::string, std::string> m_idFirstSeen; // entry id -> "a.csv row 3"
    std::optional<std::map<std::string, std::string>> m_imageNames; // name and folded name -> file name
    std::map<std::string, std::string> m_imageProblems;             // file name -> "" or why unusable
    std::set<std::string> m_imageIdSet;
};

} // namespace

const std::vector<SourceField>& sourceFields() {
    static const std::vector<SourceField> kFields = {
        {"id", "ID", false},
        {"theme", "Thema", false},
        {"kind", "Art", false},
        {"title", "Titel", true},
        {"summary", "Kurzbeschreibung", true},
        {"description", "Beschreibung", true},
        {"organisation", "Träger", true},
        {"contact_name", "Ansprechperson", true},
        {"address", "Adresse", true},
        {"postcode", "PLZ", false},
        {"city", "Ort", true},
        {"lat", "Breite", false},
        {"lon", "Länge", false},
        {"phone", "Telefon", false},
        {"email", "E-Mail", false},
        {"website", "Webseite", false},
        {"opening_hours", "Öffnungszeiten", false},
        {"age_min", "Alter von", false},
        {"age_max", "Alter bis", false},
        {"cost", "Kosten", true},
        {"languages", "Sprachen", false},
        {"tags", "Stichworte", true},
        {"image", "Bild", false},
        {"starts", "Beginn", false},
        {"ends", "Ende", false},
        {"valid_until", "Gültig bis", false},
        {"checked", "Geprüft am", false},
    };
    assert(kFields.size() == static_cast<std::size_t>(kFieldCount) && "Field enum and table out of step");
    return kFields;
}

SourceResult readSource(const std::filesystem::path& folder, const SourceOptions& options) {
    SourceResult result;
    SourceReader(folder, options, result).run();
    return result;
}

} // namespace kiosk::content
