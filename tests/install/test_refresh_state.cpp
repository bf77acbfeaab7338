// The web refresh's per-channel state (kiosk/install/refresh_state.h): a JSON
// round trip of every field, the exact file format, and broken files ignored.
#include "install/refresh_state.h"
#include "temp_dir.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

using namespace kiosk::install;
using kiosk::test::readFile;
using kiosk::test::TempDir;
using kiosk::test::writeFile;
using std::chrono::seconds;
namespace fs = std::filesystem;

namespace {
RefreshState fullState() {
    RefreshState s;
    s.channel = "beispiel";
    s.manifestEtag = "\"6555-1a2\"";
    s.manifestLastModified = "Sat, 21 Nov 2026 07:30:00 GMT";
    s.lastCheck = RefreshTime(seconds(1'795'246'200));
    s.lastCode = RefreshCode::DownloadFailed;
    s.lastMessage = "beispiel: http://host/beispiel-7.kpack: connection reset after 1.2 MB";
    s.nextCheck = RefreshTime(seconds(1'795'253'400));
    s.consecutiveErrors = 2;
    s.availableVersion = 7;
    s.partial = PartialDownload{"beispiel-7.kpack", 7, 52428800, std::string(64, 'e'), "\"abc\""};
    s.rejected = RejectedPack{8, std::string(64, 'f'), "bad signature"};
    return s;
}
} // namespace

TEST_CASE("refresh state survives a JSON round trip with every field") {
    const auto s = fullState();
    std::string error;
    const auto back = refreshStateFromJson(refreshStateToJson(s), error);
    REQUIRE_MESSAGE(back.has_value(), error);
    CHECK(*back == s);

    RefreshState fresh;
    fresh.channel = "laden-7";
    const auto freshBack = refreshStateFromJson(refreshStateToJson(fresh), error);
    REQUIRE_MESSAGE(freshBack.has_value(), error);
    CHECK(*freshBack == fresh);
    CHECK_FALSE(freshBack->lastCheck.has_value());
    CHECK_FALSE(freshBack->partial.has_value());
}

TEST_CASE("refresh state is saved as readable JSON under refresh and loaded back") {
    TempDir tmp;
    const auto s = fullState();
    REQUIRE(saveRefreshState(tmp.path(), s).ok());
    const auto path = tmp / "refresh" / "beispiel.json";
    CHECK(refreshStatePath(tmp.path(), "beispiel") == path);
    CHECK(readFile(path) == R"({
  "available_version": 7,
  "channel": "beispiel",
  "consecutive_errors": 2,
  "last_check": 1795246200,
  "last_code": "download-failed",
  "last_message": "beispiel: http://host/beispiel-7.kpack: connection reset after 1.2 MB",
  "manifest_etag": "\"6555-1a2\"",
  "manifest_last_modified": "Sat, 21 Nov 2026 07:30:00 GMT",
  "next_check": 1795253400,
  "partial": {
    "etag": "\"abc\"",
    "file": "beispiel-7.kpack",
    "sha256": "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
    "size": 52428800,
    "version": 7
  },
  "rejected": {
    "reason": "bad signature",
    "sha256": "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "version": 8
  }
}
)");
    std::string note = "untouched";
    CHECK(loadRefreshState(tmp.path(), "beispiel", &note) == s);
    CHECK(note == "untouched");
    // Saving again replaces the file (no temporary left beside it).
    auto t = s;
    t.partial.reset();
    t.lastCode = RefreshCode::Installed;
    REQUIRE(saveRefreshState(tmp.path(), t).ok());
    CHECK(loadRefreshState(tmp.path(), "beispiel") == t);
    CHECK(std::distance(fs::directory_iterator(tmp / "refresh"), fs::directory_iterator()) == 1);
}

TEST_CASE("a missing refresh state starts fresh without a note") {
    TempDir tmp;
    std::string note;
    const auto s = loadRefreshState(tmp.path(), "beispiel", &note);
    CHECK(s.channel == "beispiel");
    CHECK(s.lastCode == RefreshCode::NotChecked);
    CHECK_FALSE(s.nextCheck.has_value());
    CHECK(note.empty());
}

TEST_CASE("a broken refresh state file is ignored with a note and never fatal") {
    TempDir tmp;
    const auto path = tmp / "refresh" / "beispiel.json";
    fs::create_directories(path.parent_path());
    RefreshState fresh;
    fresh.channel = "beispiel";
    const auto good = refreshStateToJson(fullState());

    struct Case {
        std::string text;
        std::string why;
    };
    const Case cases[] = {
        {"", "not valid JSON: parse error at line 1, column 1: syntax error while parsing value - unexpected end of "
             "input; expected '[', '{', or a literal"},
        {good.substr(0, good.size() / 2), ""},  // torn: message checked by prefix below
        {"[]", "not a JSON object"},
        {R"({"channel": "beispiel", "last_code": "exploded"})", "field 'last_code': unknown code 'exploded'"},
        {R"({"channel": "beispiel", "last_check": "yesterday"})", "field 'last_check': must be Unix seconds"},
        {R"({"channel": "beispiel", "consecutive_errors": 1.5})", "field 'consecutive_errors': must be a whole number"},
        {R"({"channel": "beispiel", "partial": 5})", "field 'partial': must be an object"},
        {R"({"channel": "beispiel", "partial": {"size": "big"}})", "partial: field 'size': must be a whole number"},
        {R"({"channel": "beispiel", "rejected": {"sha256": 1}})", "rejected: field 'sha256': must be a string"},
        {R"({"channel": "laden-7"})", "it belongs to channel 'laden-7'"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        writeFile(path, c.text);
        std::string note;
        const auto s = loadRefreshState(tmp.path(), "beispiel", &note);
        CHECK(s == fresh);
        const std::string prefix = path.string() + ": ignored, starting fresh: ";
        if (c.why.empty())
            CHECK(note.rfind(prefix + "not valid JSON: parse error", 0) == 0);
        else
            CHECK(note == prefix + c.why);
    }

    // Not a regular file (a folder where the state should be): ignored too.
    fs::remove(path);
    fs::create_directory(path);
    std::string note;
    CHECK(loadRefreshState(tmp.path(), "beispiel", &note) == fresh);
    CHECK(note == path.string() + ": ignored, starting fresh: " + path.string() + ": not a regular file (a folder)");
    // And saving over it fails as a value, not an exception.
    CHECK_FALSE(saveRefreshState(tmp.path(), fresh).ok());
}

TEST_CASE("refresh codes have stable names and errors are told apart") {
    CHECK(std::string(refreshCodeName(RefreshCode::Unchanged)) == "unchanged");
    CHECK(std::string(refreshCodeName(RefreshCode::InstallRefused)) == "install-refused");
    for (int i = 0; i <= static_cast<int>(RefreshCode::IoError); ++i) {
        const auto c = static_cast<RefreshCode>(i);
        CAPTURE(i);
        CHECK(refreshCodeFromName(refreshCodeName(c)) == c);
    }
    CHECK_FALSE(refreshCodeFromName("nope").has_value());
    CHECK_FALSE(isRefreshError(RefreshCode::Unchanged));
    CHECK_FALSE(isRefreshError(RefreshCode::OlderOffered));
    CHECK_FALSE(isRefreshError(RefreshCode::Cancelled));
    CHECK(isRefreshError(RefreshCode::NetworkError));
    CHECK(isRefreshError(RefreshCode::HashMismatch));
    CHECK(isRefreshError(RefreshCode::IoError));
}
