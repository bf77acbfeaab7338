#pragma once
// The content model: what a pack holds and what the kiosk shows.
//
// Plain value types, shared by the source reader (spreadsheets/JSON -> model),
// the pack writer (model -> .kpack), the pack reader (.kpack -> model) and the
// kiosk's screens. No SQLite, JSON or SDL types appear here.
//
// Languages: German ("de") is the base language of every text. A Text holds
// the German value and any translations; get(lang) falls back to German per
// field, so a half-translated entry still shows complete.
//
// Section index: Text · kinds · Site · Theme · Entry · Source (a whole pack's content).

#include "kiosk/content/datetime.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::content {

inline constexpr std::string_view kBaseLanguage = "de";

// A translatable text: language code -> value. "de" is the base.
class Text {
public:
    Text() = default;
    Text(std::string german) { set(std::string(kBaseLanguage), std::move(german)); }

    // The text in `lang`, falling back to German, then to any language; "" when empty.
    const std::string& get(std::string_view lang = kBaseLanguage) const;
    // The text in exactly `lang` or nullptr.
    const std::string* find(std::string_view lang) const;
    // Setting an empty value removes that language.
    void set(const std::string& lang, std::string value);
    bool empty() const { return m_values.empty(); }
    const std::map<std::string, std::string, std::less<>>& values() const { return m_values; }

    friend bool operator==(const Text&, const Text&) = default;

private:
    std::map<std::string, std::string, std::less<>> m_values;
};

enum class EntryKind { Offer, Place, Kita, Playground, School, Counselling, Sponsorship, Event, Contact };
inline constexpr int kEntryKindCount = 9;

// "offer", "place", "kita", "playground", "school", "counselling", "sponsorship", "event", "contact"
std::string_view kindName(EntryKind kind);
// Accepts the English names above and German ones ("Angebot", "Ort", "Kita",
// "Spielplatz", "Schule", "Beratung", "Patenschaft", "Termin"/"Veranstaltung",
// "Kontakt"), case-insensitively.
std::optional<EntryKind> parseKind(std::string_view text);

struct Site {
    Text name;
    Text address;           // street, postcode and city as one line per language
    std::string phone;
    std::string email;
    std::string website;
    std::string openingHours; // OSM opening_hours syntax
    std::string logo;       // image id ("" = none)
    std::vector<std::string> languages; // UI languages offered, "de" first
    Text about;             // a short introduction shown on the home screen
    friend bool operator==(const Site&, const Site&) = default;
};

struct Theme {
    std::string id;         // [a-z0-9-]+, stable across packs
    Text title;
    std::string icon;       // icon name from the kiosk's icon font (Material Icons name, e.g. "child_care")
    std::string colour;     // "#RRGGBB"
    int order = 0;          // ascending on the home screen
    friend bool operator==(const Theme&, const Theme&) = default;
};

struct Entry {
    std::string id;                  // [A-Za-z0-9._-]+, stable across packs
    std::vector<std::string> themes; // theme ids, at least one
    EntryKind kind = EntryKind::Offer;
    Text title;
    Text summary;                    // one or two sentences for cards
    Text description;                // the detail text; paragraphs separated by blank lines
    Text organisation;               // "Träger"
    Text contactName;                // "Ansprechperson"
    Text address;                    // street and number
    std::string postcode;
    Text city;
    std::optional<double> lat;
    std::optional<double> lon;
    std::string phone;
    std::string email;
    std::string website;
    std::string openingHours;        // OSM syntax; validated by the source reader
    std::optional<int> ageMin;       // years
    std::optional<int> ageMax;
    Text cost;                       // free text ("kostenlos", "5 € pro Termin")
    bool free = false;               // derived from cost by the source reader
    std::vector<std::string> languages; // languages spoken, as codes ("de", "tr", "ar")
    Text tags;                       // comma-separated keywords per language (searchable)
    std::vector<std::string> images; // image ids, first is the main photo
    std::optional<DateTime> starts;  // events
    std::optional<DateTime> ends;
    std::optional<Date> validUntil;  // the entry disappears after this day
    std::optional<Date> checked;     // when staff last confirmed the entry
    friend bool operator==(const Entry&, const Entry&) = default;
};

// An image as stored in a pack: already scaled and re-encoded by the tool.
struct Image {
    std::string id;       // file name in the source's images/ folder, e.g. "grumme.jpg"
    std::string mime;     // "image/jpeg" or "image/png"
    int width = 0;
    int height = 0;
    std::string data;     // encoded bytes
    friend bool operator==(const Image&, const Image&) = default;
};

// Pack metadata: what the signature's trusted comment and `info` speak about.
struct PackInfo {
    int schemaVersion = 0;
    std::string channel;       // [a-z0-9-]+
    std::int64_t version = 0;  // monotonically increasing per channel
    std::string createdAt;     // ISO 8601 UTC, "2026-11-21T07:30:00Z"
    Text title;
    std::string generator;     // "kiosk-pack 0.1.0"
    int entryCount = 0;
    int themeCount = 0;
    int imageCount = 0;
    friend bool operator==(const PackInfo&, const PackInfo&) = default;
};

// Everything a pack holds, in memory. The source reader produces it, the pack
// writer consumes it; export/diff work on it too.
struct PackContent {
    PackInfo info;
    Site site;
    std::vector<Theme> themes;   // sorted by order, then id
    std::vector<Entry> entries;  // in source order
    std::vector<Image> images;   // referenced by site.logo and entries' images
};

// True when a cost text means "no charge" ("kostenlos", "gratis", "frei", "free", "0", "0 €", "0,00 €", "umsonst").
bool costMeansFree(std::string_view cost);

} // namespace kiosk::content
