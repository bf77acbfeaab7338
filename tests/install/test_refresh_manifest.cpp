// The web refresh's manifest (kiosk/install/refresh_manifest.h): what publish
// writes parses; every malformed field is refused with a message naming it;
// file URLs resolve beside the manifest and never leave its folder.
#include "install/refresh_manifest.h"

#include <doctest/doctest.h>

#include <string>

using namespace kiosk::install;

namespace {

const std::string kSrc = "http://host/k/manifest.json";
const std::string kSha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

// A manifest as `kiosk-pack publish` writes it, with `entry` spliced into the first pack.
std::string manifestWith(const std::string& entryBody) {
    return R"({"format": 1, "generated_at": "2026-11-21T07:30:00Z", "packs": [{)" + entryBody + "}]}";
}
std::string goodEntry() {
    return R"("channel": "beispiel", "version": 6, "title": "Beispiel", "created_at": "2026-11-21T07:00:00Z",
              "file": "beispiel-6.kpack", "signature": "beispiel-6.kpack.minisig", "size": 123456,
              "sha256": ")" + kSha + R"(", "entries": 142)";
}
// The error text of parsing `text`, or "OK".
std::string errorOf(const std::string& text) {
    const auto m = parseManifest(text, kSrc);
    return m ? std::string("OK") : m.error().toString();
}
std::string replaced(std::string s, const std::string& from, const std::string& to) {
    const auto p = s.find(from);
    REQUIRE(p != std::string::npos);
    return s.replace(p, from.size(), to);
}

} // namespace

TEST_CASE("a manifest as publish writes it parses with every field") {
    const auto m = parseManifest(
        R"({"format": 1, "generated_at": "2026-11-21T07:30:00Z", "packs": [{)" + goodEntry() +
            R"(}, {"channel": "laden-7", "version": 3, "file": "laden-7-3.kpack", "signature": "laden-7-3.kpack.minisig",
                "size": 0, "sha256": ")" + std::string(64, 'A') + R"("}]})",
        kSrc);
    REQUIRE_MESSAGE(m.ok(), m.error().toString());
    CHECK(m->format == 1);
    CHECK(m->generatedAt == "2026-11-21T07:30:00Z");
    REQUIRE(m->packs.size() == 2);
    const auto* p = m->find("beispiel");
    REQUIRE(p != nullptr);
    CHECK(p->version == 6);
    CHECK(p->title == "Beispiel");
    CHECK(p->createdAt == "2026-11-21T07:00:00Z");
    CHECK(p->file == "beispiel-6.kpack");
    CHECK(p->signature == "beispiel-6.kpack.minisig");
    CHECK(p->size == 123456);
    CHECK(p->sha256 == kSha);
    CHECK(p->entries == 142);
    const auto* q = m->find("laden-7");
    REQUIRE(q != nullptr);
    CHECK(q->title.empty());                 // optional fields may be absent
    CHECK(q->entries == 0);
    CHECK(q->sha256 == std::string(64, 'a')); // upper-case hex is accepted and folded
    CHECK(m->find("nirgends") == nullptr);
    // No packs at all is a valid (empty) manifest.
    CHECK(errorOf(R"({"format": 1, "packs": []})") == "OK");
}

TEST_CASE("malformed manifest JSON is refused naming the source and position") {
    CHECK(errorOf("") == kSrc + ": not valid JSON: parse error at line 1, column 1: syntax error while parsing value - "
                            "unexpected end of input; expected '[', '{', or a literal");
    CHECK(errorOf(R"({"format": 1, "packs": [)") ==
          kSrc + ": not valid JSON: parse error at line 1, column 25: syntax error while parsing value - unexpected "
                 "end of input; expected '[', '{', or a literal");
    CHECK(errorOf("<html>404</html>") ==
          kSrc + ": not valid JSON: parse error at line 1, column 1: syntax error while parsing value - invalid "
                 "literal; last read: '<'");
    CHECK(errorOf("[1, 2]") == kSrc + ": must be a JSON object, is an array");
    // Found by fuzzing (tests/fuzz/corpus/manifest/crash-number-overflow.json): a number beyond
    // double made nlohmann throw out_of_range, which escaped the parser and ended the kiosk.
    CHECK(errorOf(R"({"format": 1E666, "packs": []})") ==
          kSrc + ": not valid JSON: number overflow parsing '1E666'");
}

TEST_CASE("missing and wrong-typed manifest fields are refused naming the field") {
    CHECK(errorOf(R"({"packs": []})") == kSrc + ": field 'format': missing");
    CHECK(errorOf(R"({"format": "1", "packs": []})") == kSrc + ": field 'format': must be a whole number, is a string");
    CHECK(errorOf(R"({"format": 2, "packs": []})") ==
          kSrc + ": field 'format': unsupported format 2 (this kiosk reads format 1)");
    CHECK(errorOf(R"({"format": 1})") == kSrc + ": field 'packs': missing");
    CHECK(errorOf(R"({"format": 1, "packs": {}})") == kSrc + ": field 'packs': must be an array, is an object");
    CHECK(errorOf(R"({"format": 1, "packs": [3]})") == kSrc + ": field 'packs[0]': must be an object, is a number");
    CHECK(errorOf(R"({"format": 1, "generated_at": 5, "packs": []})") ==
          kSrc + ": field 'generated_at': must be a string, is a number");

    for (const char* key : {"\"channel\"", "\"version\"", "\"file\"", "\"signature\"", "\"size\"", "\"sha256\""}) {
        CAPTURE(key);
        // Rename the key so it is missing.
        const auto text = manifestWith(replaced(goodEntry(), key, "\"x\""));
        const std::string name = std::string(key).substr(1, std::string(key).size() - 2);
        CHECK(errorOf(text) == kSrc + ": field 'packs[0]." + name + "': missing");
    }
    CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"version\": 6", "\"version\": \"6\""))) ==
          kSrc + ": field 'packs[0].version': must be a whole number, is a string");
    CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"version\": 6", "\"version\": 6.5"))) ==
          kSrc + ": field 'packs[0].version': must be a whole number, is 6.5");
    CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"version\": 6", "\"version\": 0"))) ==
          kSrc + ": field 'packs[0].version': must be at least 1, is 0");
    CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"version\": 6", "\"version\": 99999999999999999999"))) ==
          kSrc + ": field 'packs[0].version': must be a whole number, is 1e+20");
    CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"version\": 6", "\"version\": 18446744073709551615"))) ==
          kSrc + ": field 'packs[0].version': is too large: 18446744073709551615");
    CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"title\": \"Beispiel\"", "\"title\": null"))) ==
          kSrc + ": field 'packs[0].title': must be a string, is null");
    CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"entries\": 142", "\"entries\": true"))) ==
          kSrc + ": field 'packs[0].entries': must be a whole number, is a boolean");
    CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"channel\": \"beispiel\"", "\"channel\": [\"a\"]"))) ==
          kSrc + ": field 'packs[0].channel': must be a string, is an array");
}

TEST_CASE("a manifest channel outside a-z 0-9 and dash is refused") {
    for (const char* bad : {"Beispiel", "bei spiel", "-beispiel", "", "../etc", "beispiel/x", "b\u00e4ckerei"}) {
        CAPTURE(bad);
        CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"beispiel\"", "\"" + std::string(bad) + "\""))) ==
              kSrc + ": field 'packs[0].channel': '" + bad + "' is not a valid channel name ([a-z0-9-]+, at most 64)");
    }
    CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"beispiel\"", "\"" + std::string(65, 'a') + "\""))) ==
          kSrc + ": field 'packs[0].channel': '" + std::string(65, 'a') +
              "' is not a valid channel name ([a-z0-9-]+, at most 64)");
    CHECK(isValidChannelName("stadt-2"));
    CHECK(isValidChannelName(std::string(64, 'a')));
    // The same channel twice: which entry would count is unclear, so the manifest is refused.
    CHECK(errorOf(R"({"format": 1, "packs": [{)" + goodEntry() + "}, {" + goodEntry() + "}]}") ==
          kSrc + ": field 'packs[1].channel': channel 'beispiel' is listed twice");
}

TEST_CASE("a manifest file name with a slash or dot-dot is refused") {
    for (const char* bad : {"../beispiel-6.kpack", "sub/beispiel-6.kpack", "/etc/passwd", "http://evil/x.kpack",
                            "a\\b.kpack", "..", "x..kpack"}) {
        CAPTURE(bad);
        std::string shownName = bad;
        if (shownName == "a\\b.kpack") shownName = "a\\\\b.kpack";
        CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"beispiel-6.kpack\"", "\"" + shownName + "\""))) ==
              kSrc + ": field 'packs[0].file': must be a plain file name relative to the manifest (no '/' or '..'), is '" +
                  bad + "'");
    }
    CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"beispiel-6.kpack.minisig\"", "\"../x.minisig\""))) ==
          kSrc + ": field 'packs[0].signature': must be a plain file name relative to the manifest (no '/' or '..'), "
                 "is '../x.minisig'");
    CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"beispiel-6.kpack\"", "\"\""))) ==
          kSrc + ": field 'packs[0].file': must not be empty");
    CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"beispiel-6.kpack\"", "\"x y.kpack\""))) ==
          kSrc + ": field 'packs[0].file': may only hold A-Z a-z 0-9 . _ -, is 'x y.kpack'");
    CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"beispiel-6.kpack\"", "\"x.kpack?a=1\""))) ==
          kSrc + ": field 'packs[0].file': may only hold A-Z a-z 0-9 . _ -, is 'x.kpack?a=1'");
}

TEST_CASE("a manifest size below zero or a sha256 not of 64 hex digits is refused") {
    CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"size\": 123456", "\"size\": -1"))) ==
          kSrc + ": field 'packs[0].size': must not be negative, is -1");
    CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"size\": 123456", "\"size\": \"123456\""))) ==
          kSrc + ": field 'packs[0].size': must be a whole number, is a string");
    CHECK(errorOf(manifestWith(replaced(goodEntry(), kSha, "abc"))) ==
          kSrc + ": field 'packs[0].sha256': must be 64 hex digits, is 'abc'");
    CHECK(errorOf(manifestWith(replaced(goodEntry(), kSha, kSha + "0"))) ==
          kSrc + ": field 'packs[0].sha256': must be 64 hex digits, is '" + kSha + "0'");
    const std::string withG = "g" + kSha.substr(1);
    CHECK(errorOf(manifestWith(replaced(goodEntry(), kSha, withG))) ==
          kSrc + ": field 'packs[0].sha256': must be 64 hex digits, is '" + withG + "'");
    CHECK(errorOf(manifestWith(replaced(goodEntry(), "\"" + kSha + "\"", "64"))) ==
          kSrc + ": field 'packs[0].sha256': must be a string, is a number");
}

TEST_CASE("pack URLs resolve beside the manifest URL") {
    auto url = [](const std::string& m, const std::string& f) {
        const auto r = resolveFileUrl(m, f);
        return r ? *r : "error: " + r.error().toString();
    };
    CHECK(url("http://host/path/manifest.json", "x.kpack") == "http://host/path/x.kpack");
    CHECK(url("https://cdn.stadt.example/kiosk/v1/manifest.json?cache=1#top", "beispiel-6.kpack") ==
          "https://cdn.stadt.example/kiosk/v1/beispiel-6.kpack");
    CHECK(url("http://127.0.0.1:8080/manifest.json", "a.kpack.minisig") == "http://127.0.0.1:8080/a.kpack.minisig");
    CHECK(url("http://host", "a.kpack") == "http://host/a.kpack");
    CHECK(url("http://host?x=/y/", "a.kpack") == "http://host/a.kpack");
    CHECK(url("http://host/dir/", "a.kpack") == "http://host/dir/a.kpack");
    CHECK(url("ftp://host/manifest.json", "a.kpack") ==
          "error: manifest URL 'ftp://host/manifest.json' must start with http:// or https://");
    CHECK(url("http:///manifest.json", "a.kpack") == "error: manifest URL 'http:///manifest.json' has no host");
    CHECK(url("http://host/my manifest.json", "a.kpack") ==
          "error: manifest URL 'http://host/my manifest.json' contains spaces or control characters");
    CHECK(url("http://host/manifest.json", "../a.kpack") ==
          "error: file name must be a plain file name relative to the manifest (no '/' or '..'), is '../a.kpack'");
}
