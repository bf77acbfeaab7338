// The malicious-inputs corpus, manifest part (docs/evil-inputs.md): file names
// a hostile or broken refresh manifest could give, so that the download would
// be written or fetched outside the place it belongs. The rule itself and its
// JSON field messages are in test_refresh_manifest.cpp ("a manifest file name
// with a slash or dot-dot is refused"); these are the disguised forms.
#include "install/refresh_manifest.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using namespace kiosk::install;

namespace {

const std::string kPlain = "must be a plain file name relative to the manifest (no '/' or '..'), is '";
const std::string kChars = "may only hold A-Z a-z 0-9 . _ -, is '";

} // namespace

TEST_CASE("evil names: dot-dot and slashes in every disguise are refused") {
    struct Case {
        std::string name;
        std::string expected;
    };
    using namespace std::string_literals;
    const Case cases[] = {
        {"../beispiel.kpack", kPlain + "../beispiel.kpack'"},
        {"..", kPlain + "..'"},
        {".", kPlain + ".'"},
        {"....//x.kpack", kPlain + "....//x.kpack'"},
        {"x.kpack/..", kPlain + "x.kpack/..'"},
        {"..\\..\\x.kpack", kPlain + "..\\..\\x.kpack'"},
        {"/etc/shadow", kPlain + "/etc/shadow'"},
        {"x..kpack", kPlain + "x..kpack'"},
        // Encoded or look-alike forms never reach a path: only A-Z a-z 0-9 . _ - pass.
        {"%2e%2e%2fx.kpack", kChars + "%2e%2e%2fx.kpack'"},
        {"\u2024\u2024\u2215x.kpack", kChars + "\u2024\u2024\u2215x.kpack'"}, // one-dot leaders, division slash
        {"x.kpack\n", kChars + "x.kpack\n'"},
        {"x.kpack\0../../etc"s, kPlain + "x.kpack\0../../etc'"s},
        {"~root.kpack", kChars + "~root.kpack'"},
        {std::string(201, 'a'), "is longer than 200 characters"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CHECK(checkPlainFileName(c.name) == c.expected);
    }
    CHECK(checkPlainFileName(".hidden.kpack").empty()); // a dot file stays beside the manifest: harmless
    CHECK(checkPlainFileName(std::string(200, 'a')).empty());
}

TEST_CASE("evil names: a download URL is never formed from a refused name") {
    for (std::string_view bad : {"../x.kpack", "%2e%2e/x.kpack", "..", "a/b.kpack"}) {
        CAPTURE(bad);
        auto url = resolveFileUrl("https://example.org/kiosk/manifest.json", bad);
        REQUIRE_FALSE(url.ok());
        CHECK(url.error().message == "file name " + checkPlainFileName(bad));
    }
    auto good = resolveFileUrl("https://example.org/kiosk/manifest.json?x=1", "beispiel-6.kpack");
    REQUIRE(good.ok());
    CHECK(*good == "https://example.org/kiosk/beispiel-6.kpack");
}
