// Fuzz target: the spreadsheet reader, every dialect (docs/fuzzing.md).
// The input is a .csv file as staff would save it. parseCsv picks the encoding
// (UTF-8 with/without BOM, UTF-16 LE/BE, Windows-1252) and the separator itself,
// so the seeds (tests/data/sources/*/*.csv, each dialect) lead the fuzzer into all
// of them. Then the whole source reader reads a folder holding it, which turns
// the cells into entries (dates, phones, URLs, opening hours, ages ...).
// Checked beyond "no crash": cells are valid UTF-8, records have the header's width.

#include "fuzz_support.h"
#include "kiosk/content/csv.h"
#include "kiosk/content/source_reader.h"

#include <cstdlib>

using namespace kiosk::content;

namespace {

constexpr std::string_view kPackJson = R"({"format": 1, "channel": "fuzz", "title": "Fuzz",
  "site": {"name": "Familienzentrum Fuzz"},
  "themes": [{"id": "familie", "title": "Familie", "icon": "family_restroom", "colour": "#3D5A80"},
             {"id": "kitas", "title": "Kitas", "icon": "school", "colour": "#98C1D9"}]})";

void check(bool condition) {
    if (!condition) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes = kiosk::fuzz::asText(data, size);

    for (const CsvLimits& limits : {CsvLimits{}, CsvLimits{4096, 8, 64}}) {
        const auto table = parseCsv(bytes, limits);
        if (!table) continue;
        for (const auto& h : table->header) check(isValidUtf8(h));
        for (const auto& r : table->records) {
            check(r.cells.size() == table->header.size());
            for (const auto& c : r.cells) check(isValidUtf8(c) && c.size() <= limits.maxCellBytes);
        }
    }

    static const std::filesystem::path folder = [] {
        const auto dir = kiosk::fuzz::scratchDir() / "source";
        std::filesystem::create_directories(dir);
        kiosk::fuzz::writeFile(dir / "pack.json", kPackJson);
        return dir;
    }();
    kiosk::fuzz::writeFile(folder / "angebote.csv", bytes);
    SourceOptions options;
    options.today = Date{2026, 11, 21};
    const auto result = readSource(folder, options);
    for (const auto& e : result.content.entries) check(!e.id.empty() && isValidUtf8(e.title.get()));
    return 0;
}
