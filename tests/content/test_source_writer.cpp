// Export: content -> source folder -> readSource gives the same content back.
#include "pack_fixture.h"
#include "temp_dir.h"

#include "kiosk/content/csv.h"
#include "kiosk/content/source_reader.h"
#include "kiosk/content/source_writer.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace kiosk::content;
using kiosk::test::readFile;
using kiosk::test::TempDir;

namespace {

ImageBytesFn fixtureImages(const PackContent& c) {
    return [&c](std::string_view id) -> Result<std::string> {
        for (const auto& img : c.images)
            if (img.id == id) return img.data;
        Error e;
        e.message = "no image " + std::string(id);
        return e;
    };
}

void checkRoundTrip(ExportFormat format) {
    TempDir dir;
    const PackContent original = kiosk::test::makeFixtureContent();
    const auto folder = dir / "export";
    auto status = writeSourceFolder(original, folder, format, fixtureImages(original));
    REQUIRE_MESSAGE(status.ok(), (status.ok() ? "" : status.error().toString()));

    SourceOptions options;
    options.today = kiosk::test::fixtureNow().date;
    const SourceResult back = readSource(folder, options);
    CHECK_MESSAGE(back.report.ok(), back.report.toString());
    CHECK(back.content.info.channel == original.info.channel);
    CHECK(back.content.info.version == original.info.version);
    CHECK(back.content.info.title == original.info.title);
    CHECK(back.content.site == original.site);
    CHECK(back.content.themes == original.themes);
    REQUIRE(back.content.entries.size() == original.entries.size());
    for (std::size_t i = 0; i < original.entries.size(); ++i) {
        CAPTURE(original.entries[i].id);
        CHECK(back.content.entries[i] == original.entries[i]);
    }
    CHECK(back.imageIds == std::vector<std::string>{"logo.png", "kita.png"});
    CHECK(readFile(folder / "images" / "kita.png") == original.images[0].data);
}

} // namespace

TEST_CASE("source_writer: a CSV export reads back to the same content") { checkRoundTrip(ExportFormat::Csv); }

TEST_CASE("source_writer: a JSON export reads back to the same content") { checkRoundTrip(ExportFormat::Json); }

TEST_CASE("source_writer: the CSV has canonical headers and translation columns where used") {
    const PackContent c = kiosk::test::makeFixtureContent();
    auto table = parseCsv(entriesToCsv(c.entries));
    REQUIRE(table.ok());
    const auto& h = table->header;
    REQUIRE(h.size() > 4);
    CHECK(h[0] == "id");
    CHECK(h[1] == "theme");
    CHECK(h[2] == "kind");
    CHECK(h[3] == "title");
    CHECK(h[4] == "title:en");
    CHECK(h[5] == "title:tr");
    CHECK(std::find(h.begin(), h.end(), "description:en") == h.end()); // no English description in the fixture
    CHECK(table->records.size() == c.entries.size());
    CHECK(table->encoding == "UTF-8 with BOM");
}

TEST_CASE("source_writer: export refuses a folder that is not empty") {
    TempDir dir;
    kiosk::test::writeFile(dir / "out" / "keep.txt", "staff notes");
    const PackContent c = kiosk::test::makeFixtureContent();
    auto status = writeSourceFolder(c, dir / "out", ExportFormat::Csv, fixtureImages(c));
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().message.find("not empty") != std::string::npos);
    CHECK(readFile(dir / "out" / "keep.txt") == "staff notes");
}

TEST_CASE("source_writer: the JSON document names every entry with language objects") {
    const PackContent c = kiosk::test::makeFixtureContent();
    const auto j = nlohmann::json::parse(contentToJson(c));
    CHECK(j["channel"] == "test-channel");
    CHECK(j["entries"].size() == c.entries.size());
    CHECK(j["entries"][0]["id"] == "kita-sonnenschein");
    CHECK(j["entries"][0]["title"]["en"] == "Sunshine day care");
    CHECK(j["entries"][0]["age_min"] == 1);
    CHECK(j["images"][0]["id"] == "kita.png");
}
