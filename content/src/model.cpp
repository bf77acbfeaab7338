#include "kiosk/content/model.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace kiosk::content {

namespace {
const std::string kEmpty;

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}
} // namespace

const std::string& Text::get(std::string_view lang) const {
    if (auto it = m_values.find(lang); it != m_values.end()) return it->second;
    if (auto it = m_values.find(kBaseLanguage); it != m_values.end()) return it->second;
    return m_values.empty() ? kEmpty : m_values.begin()->second;
}

const std::string* Text::find(std::string_view lang) const {
    auto it = m_values.find(lang);
    return it == m_values.end() ? nullptr : &it->second;
}

void Text::set(const std::string& lang, std::string value) {
    if (value.empty())
        m_values.erase(lang);
    else
        m_values[lang] = std::move(value);
}

std::string_view kindName(EntryKind kind) {
    static constexpr std::array<std::string_view, kEntryKindCount> kNames = {
        "offer", "place", "kita", "playground", "school", "counselling", "sponsorship", "event", "contact"};
    return kNames[static_cast<std::size_t>(kind)];
}

std::optional<EntryKind> parseKind(std::string_view text) {
    const std::string k = lower(trim(text));
    struct Alias { std::string_view name; EntryKind kind; };
    static constexpr Alias kAliases[] = {
        {"offer", EntryKind::Offer}, {"angebot", EntryKind::Offer},
        {"place", EntryKind::Place}, {"ort", EntryKind::Place}, {"einrichtung", EntryKind::Place},
        {"kita", EntryKind::Kita}, {"kindertagesstätte", EntryKind::Kita}, {"kindergarten", EntryKind::Kita},
        {"playground", EntryKind::Playground}, {"spielplatz", EntryKind::Playground},
        {"school", EntryKind::School}, {"schule", EntryKind::School},
        {"counselling", EntryKind::Counselling}, {"counseling", EntryKind::Counselling}, {"beratung", EntryKind::Counselling},
        {"sponsorship", EntryKind::Sponsorship}, {"patenschaft", EntryKind::Sponsorship},
        {"event", EntryKind::Event}, {"termin", EntryKind::Event}, {"veranstaltung", EntryKind::Event},
        {"contact", EntryKind::Contact}, {"kontakt", EntryKind::Contact},
    };
    for (const auto& a : kAliases)
        if (a.name == k) return a.kind;
    return std::nullopt;
}

bool costMeansFree(std::string_view cost) {
    std::string c = lower(trim(cost));
    // Drop currency signs and spaces so "0 €", "0,00 EUR" and "0.-" compare equal.
    std::string compact;
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (c.compare(i, 3, "\xe2\x82\xac") == 0) { i += 2; continue; } // €
        if (c.compare(i, 3, "eur") == 0) { i += 2; continue; }
        if (c[i] == ' ' || c[i] == '-') continue;
        compact += c[i];
    }
    static constexpr std::string_view kFree[] = {"kostenlos", "kostenfrei", "gratis", "frei", "free", "umsonst",
                                                 "0", "0,00", "0.00", "0,0", "0.0", "0,", "0."};
    return std::find(std::begin(kFree), std::end(kFree), compact) != std::end(kFree);
}

} // namespace kiosk::content
