// Fuzz target: the JSON side of the source reader (docs/fuzzing.md).
// Each input is read twice, as staff could have written it: as an entries file
// (entries/fuzz.json beside a fixed pack.json) and as the folder's pack.json
// (site, themes, languages, image settings; beside a fixed one-row spreadsheet).
// Seeds: tests/data/sources/*/pack.json and */entries/*.json.

#include "fuzz_support.h"
#include "kiosk/content/csv.h"
#include "kiosk/content/source_reader.h"

#include <cstdlib>

using namespace kiosk::content;

namespace {

constexpr std::string_view kPackJson = R"({"format": 1, "channel": "fuzz", "title": "Fuzz",
  "site": {"name": "Familienzentrum Fuzz"},
  "themes": [{"id": "familie", "title": "Familie", "icon": "family_restroom", "colour": "#3D5A80"}]})";

constexpr std::string_view kCsv =
    "id;theme;kind;title;summary;opening_hours\r\n"
    "krabbel;familie;offer;Krabbelgruppe;Für Eltern mit Babys;Mo 09:00-11:00\r\n";

SourceOptions options() {
    SourceOptions o;
    o.today = Date{2026, 11, 21};
    return o;
}

void check(const SourceResult& r) {
    for (const auto& e : r.content.entries)
        if (e.id.empty() || !isValidUtf8(e.title.get())) std::abort();
    if (!isValidUtf8(r.content.site.name.get())) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes = kiosk::fuzz::asText(data, size);
    static const std::filesystem::path asEntries = [] {
        const auto dir = kiosk::fuzz::scratchDir() / "entries-source";
        std::filesystem::create_directories(dir / "entries");
        kiosk::fuzz::writeFile(dir / "pack.json", kPackJson);
        return dir;
    }();
    static const std::filesystem::path asPackJson = [] {
        const auto dir = kiosk::fuzz::scratchDir() / "pack-source";
        std::filesystem::create_directories(dir);
        kiosk::fuzz::writeFile(dir / "angebote.csv", kCsv);
        return dir;
    }();

    kiosk::fuzz::writeFile(asEntries / "entries" / "fuzz.json", bytes);
    check(readSource(asEntries, options()));
    kiosk::fuzz::writeFile(asPackJson / "pack.json", bytes);
    check(readSource(asPackJson, options()));
    return 0;
}
