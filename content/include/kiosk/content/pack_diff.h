#pragma once
// What changed between two packs (or a pack and a source): entries added,
// removed and changed (with the fields that differ), themes and site.
// Used by `kiosk-pack diff` and by the Studio before it writes a pack.
// Thread safety: pure function.

#include "kiosk/content/model.h"

#include <string>
#include <vector>

namespace kiosk::content {

struct EntryChange {
    std::string id;
    std::vector<std::string> fields; // canonical field names that differ
};

struct PackDiff {
    std::vector<std::string> added;   // entry ids only in the new pack, in its order
    std::vector<std::string> removed; // entry ids only in the old pack
    std::vector<EntryChange> changed;
    std::vector<std::string> themesAdded, themesRemoved, themesChanged;
    bool siteChanged = false;
    bool empty() const {
        return added.empty() && removed.empty() && changed.empty() && themesAdded.empty() && themesRemoved.empty() &&
               themesChanged.empty() && !siteChanged;
    }
};

PackDiff diffContent(const PackContent& oldPack, const PackContent& newPack);

// Canonical field names of an entry whose values differ.
std::vector<std::string> changedFields(const Entry& a, const Entry& b);

} // namespace kiosk::content
