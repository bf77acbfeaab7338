#include "kiosk/content/pack_diff.h"

#include <map>
#include <unordered_map>

namespace kiosk::content {

std::vector<std::string> changedFields(const Entry& a, const Entry& b) {
    std::vector<std::string> out;
    auto cmp = [&](const char* name, const auto& x, const auto& y) {
        if (!(x == y)) out.emplace_back(name);
    };
    cmp("theme", a.themes, b.themes);
    cmp("kind", a.kind, b.kind);
    cmp("title", a.title, b.title);
    cmp("summary", a.summary, b.summary);
    cmp("description", a.description, b.description);
    cmp("organisation", a.organisation, b.organisation);
    cmp("contact_name", a.contactName, b.contactName);
    cmp("address", a.address, b.address);
    cmp("postcode", a.postcode, b.postcode);
    cmp("city", a.city, b.city);
    cmp("lat", a.lat, b.lat);
    cmp("lon", a.lon, b.lon);
    cmp("phone", a.phone, b.phone);
    cmp("email", a.email, b.email);
    cmp("website", a.website, b.website);
    cmp("opening_hours", a.openingHours, b.openingHours);
    cmp("age_min", a.ageMin, b.ageMin);
    cmp("age_max", a.ageMax, b.ageMax);
    cmp("cost", a.cost, b.cost);
    cmp("languages", a.languages, b.languages);
    cmp("tags", a.tags, b.tags);
    cmp("image", a.images, b.images);
    cmp("starts", a.starts, b.starts);
    cmp("ends", a.ends, b.ends);
    cmp("valid_until", a.validUntil, b.validUntil);
    cmp("checked", a.checked, b.checked);
    return out;
}

PackDiff diffContent(const PackContent& oldPack, const PackContent& newPack) {
    PackDiff d;
    std::unordered_map<std::string_view, const Entry*> oldById, newById;
    for (const auto& e : oldPack.entries) oldById.emplace(e.id, &e);
    for (const auto& e : newPack.entries) newById.emplace(e.id, &e);
    for (const auto& e : newPack.entries) {
        auto it = oldById.find(e.id);
        if (it == oldById.end()) {
            d.added.push_back(e.id);
        } else if (auto fields = changedFields(*it->second, e); !fields.empty()) {
            d.changed.push_back({e.id, std::move(fields)});
        }
    }
    for (const auto& e : oldPack.entries)
        if (!newById.count(e.id)) d.removed.push_back(e.id);

    std::map<std::string_view, const Theme*> oldThemes, newThemes;
    for (const auto& t : oldPack.themes) oldThemes.emplace(t.id, &t);
    for (const auto& t : newPack.themes) newThemes.emplace(t.id, &t);
    for (const auto& [id, t] : newThemes) {
        auto it = oldThemes.find(id);
        if (it == oldThemes.end()) d.themesAdded.emplace_back(id);
        else if (!(*it->second == *t)) d.themesChanged.emplace_back(id);
    }
    for (const auto& [id, t] : oldThemes)
        if (!newThemes.count(id)) d.themesRemoved.emplace_back(id);
    d.siteChanged = !(oldPack.site == newPack.site);
    return d;
}

} // namespace kiosk::content
