// End-to-end tests of kiosk-pack: the real binary, run as staff and scripts run
// it, on the real sample source (content/sample) and the demo keys. Each case
// asserts exit codes and the exact lines people and scripts rely on; the
// interop cases check the packs and keys against the real minisign tool.
//
// Section index: running programs · sample facts and fixtures · usage and help ·
// keygen · build · sign · verify · info · export · diff · search · publish ·
// minisign interop.
#include "temp_dir.h"

#include "kiosk/content/hashing.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <optional>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;
using kiosk::test::readFile;
using kiosk::test::sourceDir;
using kiosk::test::TempDir;
using kiosk::test::testData;
using kiosk::test::writeFile;
using nlohmann::json;

namespace {

// ---------------------------------------------------------------------------
// Running programs

struct RunResult {
    std::string command; // for failure messages
    int exitCode = -1;   // 128 + signal when the program was killed (a crash shows up as 134, 139, ...)
    std::string out;
    std::string err;
};

struct RunOptions {
    // Added to (or replacing) the inherited environment.
    std::map<std::string, std::string> env;
    // Never a terminal: a program that would prompt must fail instead of hanging the test.
    fs::path stdinFile = "/dev/null";
};

std::string describe(const RunResult& r) {
    return "$ " + r.command + "\nexit code " + std::to_string(r.exitCode) + "\n--- stdout:\n" + r.out +
           "--- stderr:\n" + r.err + "---";
}

// Runs `exe` directly (no shell, so paths need no quoting), stdout and stderr
// captured through files so that large outputs cannot dead-lock on a pipe.
RunResult runProgram(const fs::path& exe, const std::vector<std::string>& args, const RunOptions& options = {}) {
    static TempDir captureDir; // one per test process
    static int counter = 0;
    const fs::path outPath = captureDir / ("out-" + std::to_string(counter));
    const fs::path errPath = captureDir / ("err-" + std::to_string(counter));
    ++counter;

    RunResult result;
    std::vector<std::string> argStore{exe.string()};
    argStore.insert(argStore.end(), args.begin(), args.end());
    for (const auto& a : argStore) result.command += (result.command.empty() ? "" : " ") + a;
    std::vector<char*> argv;
    for (auto& a : argStore) argv.push_back(a.data());
    argv.push_back(nullptr);

    // The caller's own KIOSK_PACK_PASSPHRASE must not leak into tests that expect none.
    std::vector<std::string> envStore;
    for (char** e = environ; *e; ++e) {
        const std::string_view kv(*e);
        const std::string name(kv.substr(0, kv.find('=')));
        if (name == "KIOSK_PACK_PASSPHRASE" || options.env.count(name)) continue;
        envStore.emplace_back(kv);
    }
    for (const auto& [name, value] : options.env) envStore.push_back(name + "=" + value);
    std::vector<char*> envp;
    for (auto& e : envStore) envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, options.stdinFile.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE_MESSAGE(rc == 0, "cannot start " << exe.string() << ": " << std::strerror(rc));

    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        REQUIRE_MESSAGE(errno == EINTR, "waitpid failed: " << std::strerror(errno));
    }
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = readFile(outPath);
    result.err = readFile(errPath);
    std::error_code ec;
    fs::remove(outPath, ec);
    fs::remove(errPath, ec);
    return result;
}

RunResult kp(const std::vector<std::string>& args, const RunOptions& options = {}) {
    return runProgram(KIOSK_PACK_EXE, args, options);
}

std::optional<fs::path> findInPath(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const fs::path candidate = fs::path(dir.empty() ? "." : dir) / name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return std::nullopt;
}

bool haveMinisign() {
    return findInPath("minisign").has_value();
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> result;
    std::stringstream in(text);
    for (std::string line; std::getline(in, line);) result.push_back(line);
    return result;
}

bool hasLine(const std::string& text, const std::string& line) {
    const auto all = lines(text);
    return std::find(all.begin(), all.end(), line) != all.end();
}

bool hasLineStartingWith(const std::string& text, const std::string& prefix) {
    const auto all = lines(text);
    return std::any_of(all.begin(), all.end(), [&](const std::string& l) { return l.starts_with(prefix); });
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string joined(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
    return out;
}

// Macros so that a failure names the test's own line and shows the whole run.
// Each binds its argument once: the message is built lazily, on failure, and must
// not run the program a second time.
#define CHECK_EXIT(run, code)                                                                                          \
    do {                                                                                                               \
        const RunResult& checkedRun_ = (run);                                                                          \
        CHECK_MESSAGE(checkedRun_.exitCode == (code), describe(checkedRun_));                                          \
    } while (false)
#define REQUIRE_EXIT(run, code)                                                                                        \
    do {                                                                                                               \
        const RunResult& checkedRun_ = (run);                                                                          \
        REQUIRE_MESSAGE(checkedRun_.exitCode == (code), describe(checkedRun_));                                        \
    } while (false)
#define CHECK_LINE(text, line)                                                                                         \
    do {                                                                                                               \
        const std::string& checkedText_ = (text);                                                                      \
        const std::string checkedLine_ = (line);                                                                       \
        CHECK_MESSAGE(hasLine(checkedText_, checkedLine_), "expected the line\n"                                       \
                                                               << checkedLine_ << "\nin\n"                             \
                                                               << checkedText_);                                       \
    } while (false)
#define CHECK_NO_LINE(text, line)                                                                                      \
    do {                                                                                                               \
        const std::string& checkedText_ = (text);                                                                      \
        const std::string checkedLine_ = (line);                                                                       \
        CHECK_MESSAGE(!hasLine(checkedText_, checkedLine_), "unexpected line\n"                                        \
                                                                << checkedLine_ << "\nin\n"                            \
                                                                << checkedText_);                                      \
    } while (false)

// ---------------------------------------------------------------------------
// Sample facts and fixtures

const fs::path kSample = sourceDir() / "content" / "sample";
const fs::path kDemoKey = sourceDir() / "content" / "demo-keys" / "demo.key";
const fs::path kDemoPub = sourceDir() / "content" / "demo-keys" / "demo.pub";
const std::string kDemoKeyId = "A286575F9068F54B"; // content/demo-keys/README.md
constexpr std::int64_t kVersion = 202608010900;
const std::string kVersionText = std::to_string(kVersion);
// Before the sample's only event (2026-08-19), so a build "today" has nothing past.
const std::string kBeforeEvent = "2026-08-01";
const std::string kEventWarning =
    "warning: entries/kooperationstreffen-schermbeck.json:1: field 'starts': the event is "
    "already over: it started '2026-08-19' and has no end";
const std::string kEventId = "wesel-kooperationstreffen-2026-08-19";
const std::string kEventLine = kEventId + "\tKooperations-Treffen freier Träger der Kinder- und Jugendhilfe";

// Data rows of a CSV file, counted the simple way (quoted cells may hold line
// breaks). Deliberately independent of content/src/csv.cpp so the two can disagree.
std::size_t csvDataRows(const std::string& text) {
    std::size_t rows = 0;
    bool inQuotes = false, rowHasContent = false;
    for (char c : text) {
        if (c == '"') inQuotes = !inQuotes; // a doubled quote toggles twice
        if (c == '\n' && !inQuotes) {
            rows += rowHasContent ? 1 : 0;
            rowHasContent = false;
        } else if (c != '\r') {
            rowHasContent = true;
        }
    }
    rows += rowHasContent ? 1 : 0;
    return rows > 0 ? rows - 1 : 0; // the header is not an entry
}

// What the sample source holds, read from its files rather than from the tool
// under test, so that editing the sample does not silently change what is asserted.
struct SampleFacts {
    std::size_t entries = 0;
    std::size_t images = 0;
    std::string titleDe;
    std::vector<std::string> themeIds;
    std::vector<std::string> themeTitlesDe;
    std::vector<std::string> languages;
};

const SampleFacts& sample() {
    static const SampleFacts facts = [] {
        SampleFacts f;
        const json pack = json::parse(readFile(kSample / "pack.json"));
        f.titleDe = pack["title"]["de"].get<std::string>();
        for (const auto& t : pack["themes"]) {
            f.themeIds.push_back(t["id"].get<std::string>());
            f.themeTitlesDe.push_back(t["title"]["de"].get<std::string>());
        }
        f.languages = pack["languages"].get<std::vector<std::string>>();
        for (const auto& file : fs::directory_iterator(kSample)) {
            if (file.path().extension() == ".csv") f.entries += csvDataRows(readFile(file.path()));
        }
        for (const auto& file : fs::directory_iterator(kSample / "entries")) {
            const json j = json::parse(readFile(file.path()));
            f.entries += j.is_array() ? j.size() : 1;
        }
        for (const auto& file : fs::directory_iterator(kSample / "images")) f.images += file.is_regular_file() ? 1 : 0;
        return f;
    }();
    return facts;
}

// "Wrote PACK: channel beispiel, version N, E entries, T themes, I images, " (a size follows).
std::string wroteLinePrefix(const fs::path& pack, std::int64_t version) {
    const SampleFacts& s = sample();
    return "Wrote " + pack.string() + ": channel beispiel, version " + std::to_string(version) + ", " +
           std::to_string(s.entries) + " entries, " + std::to_string(s.themeIds.size()) + " themes, " +
           std::to_string(s.images) + " images, ";
}

// Builds a source folder into `pack` (quietly, no past events), optionally signed with the demo key.
void buildPack(const fs::path& source, const fs::path& pack, std::int64_t version, bool sign) {
    std::vector<std::string> args{"build",   source.string(), "-o", pack.string(), "--version", std::to_string(version),
                                  "--today", kBeforeEvent,    "-q"};
    if (sign) args.insert(args.end(), {"--sign", kDemoKey.string()});
    const RunResult r = kp(args);
    REQUIRE_EXIT(r, 0);
}

// The sample, built and signed with the demo key once per test process. Tests
// that damage or re-sign a pack work on a copy (copySamplePack).
const fs::path& samplePack() {
    static TempDir dir;
    static const fs::path pack = [] {
        const fs::path p = dir / "beispiel.kpack";
        buildPack(kSample, p, kVersion, true);
        return p;
    }();
    return pack;
}

fs::path sigOf(const fs::path& pack) {
    return fs::path(pack.string() + ".minisig");
}

fs::path copySamplePack(const TempDir& dir, const std::string& name = "beispiel.kpack", bool withSignature = true) {
    const fs::path target = dir / name;
    fs::copy_file(samplePack(), target);
    if (withSignature) fs::copy_file(sigOf(samplePack()), sigOf(target));
    return target;
}

void flipByte(const fs::path& file, std::uintmax_t offset) {
    std::string bytes = readFile(file);
    REQUIRE(offset < bytes.size());
    bytes[offset] = static_cast<char>(bytes[offset] ^ 0x01);
    writeFile(file, bytes);
}

std::string trustedCommentOf(const fs::path& sig) {
    for (const auto& line : lines(readFile(sig)))
        if (line.starts_with("trusted comment: ")) return line.substr(17);
    return {};
}

std::vector<std::string> listDir(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// An unencrypted key pair from kiosk-pack keygen; returns NAME (NAME.key, NAME.pub).
fs::path makeUnencryptedKey(const TempDir& dir, const std::string& name) {
    const fs::path base = dir / name;
    const RunResult r = kp({"keygen", "-o", base.string(), "--unencrypted"});
    REQUIRE_EXIT(r, 0);
    return base;
}

std::string keyIdFromKeygen(const RunResult& r) {
    for (const auto& line : lines(r.out))
        if (line.starts_with("Key ID:     ")) return line.substr(12);
    return {};
}

const std::vector<std::string> kVerbs = {"keygen", "build", "sign",   "verify", "info",
                                         "export", "diff",  "search", "publish"};

} // namespace

// ---------------------------------------------------------------------------
// Usage and help

TEST_CASE("kiosk-pack: every verb explains itself with help and exits 0") {
    for (const auto& verb : kVerbs) {
        CAPTURE(verb);
        for (const std::string flag : {"--help", "-h"}) {
            const RunResult r = kp({verb, flag});
            CHECK_EXIT(r, 0);
            CHECK_MESSAGE(r.out.starts_with("Usage: kiosk-pack " + verb + " "), describe(r));
            CHECK_LINE(r.out, "  -h, --help                  show this help");
            CHECK(r.err.empty());
        }
    }
    // Help wins over a missing argument: people type 'kiosk-pack build --help' first.
    const RunResult r = kp({"publish", "--help"});
    CHECK_EXIT(r, 0);

    const RunResult overview = kp({"--help"});
    CHECK_EXIT(overview, 0);
    CHECK_LINE(overview.out, "Usage: kiosk-pack VERB [arguments] [options]");
    for (const auto& verb : kVerbs) CHECK_MESSAGE(hasLineStartingWith(overview.out, "  " + verb + " "), verb);

    const RunResult version = kp({"--version"});
    CHECK_EXIT(version, 0);
    CHECK(version.out.starts_with("kiosk-pack "));
}

TEST_CASE("kiosk-pack: usage errors exit 2 and name the problem") {
    SUBCASE("no verb at all prints the overview on stderr") {
        const RunResult r = kp({});
        CHECK_EXIT(r, 2);
        CHECK(r.out.empty());
        CHECK_LINE(r.err, "Usage: kiosk-pack VERB [arguments] [options]");
    }
    SUBCASE("unknown verb") {
        const RunResult r = kp({"frobnicate", "x.kpack"});
        CHECK_EXIT(r, 2);
        CHECK_LINE(r.err, "kiosk-pack: unknown verb 'frobnicate'");
    }
    SUBCASE("unknown option") {
        const RunResult r = kp({"info", samplePack().string(), "--frob"});
        CHECK_EXIT(r, 2);
        CHECK_LINE(r.err, "kiosk-pack info: unknown option '--frob' for 'info'");
        CHECK_LINE(r.err, "(see 'kiosk-pack info --help')");
        CHECK(r.out.empty());
    }
    SUBCASE("missing positional argument") {
        const RunResult r = kp({"diff", samplePack().string()});
        CHECK_EXIT(r, 2);
        CHECK_LINE(r.err, "kiosk-pack diff: missing arguments; usage: kiosk-pack diff OLD.kpack NEW.kpack [--json]");
    }
    SUBCASE("too many arguments") {
        const RunResult r = kp({"info", samplePack().string(), "extra"});
        CHECK_EXIT(r, 2);
        CHECK(contains(r.err, "too many arguments ('extra')"));
    }
    SUBCASE("option without its value") {
        const RunResult r = kp({"sign", samplePack().string(), "--key"});
        CHECK_EXIT(r, 2);
        CHECK_LINE(r.err, "kiosk-pack sign: option '--key' needs a value (KEY)");
    }
    SUBCASE("flag given a value") {
        const RunResult r = kp({"info", samplePack().string(), "--json=yes"});
        CHECK_EXIT(r, 2);
        CHECK_LINE(r.err, "kiosk-pack info: option '--json' takes no value");
    }
    SUBCASE("option given twice") {
        const RunResult r = kp({"search", samplePack().string(), "kita", "--lang", "de", "--lang", "en"});
        CHECK_EXIT(r, 2);
        CHECK_LINE(r.err, "kiosk-pack search: option '--lang' given twice");
    }
    SUBCASE("required options of each verb") {
        const TempDir dir;
        const RunResult build = kp({"build", kSample.string()});
        CHECK_EXIT(build, 2);
        CHECK_LINE(build.err, "error: build needs -o PACK.kpack");
        const RunResult sign = kp({"sign", samplePack().string()});
        CHECK_EXIT(sign, 2);
        CHECK_LINE(sign.err, "error: sign needs --key SECRET.key");
        const RunResult verify = kp({"verify", samplePack().string()});
        CHECK_EXIT(verify, 2);
        CHECK_LINE(verify.err,
                   "error: verify needs the trusted public key: --pubkey KEY.pub (or the key's base64 line)");
        const RunResult exportNoFormat = kp({"export", samplePack().string()});
        CHECK_EXIT(exportNoFormat, 2);
        CHECK_LINE(exportNoFormat.err, "error: export needs --format json or --format csv");
        const RunResult exportXml = kp({"export", samplePack().string(), "--format", "xml"});
        CHECK_EXIT(exportXml, 2);
        const RunResult publishNoDir = kp({"publish", samplePack().string(), "-p", kDemoPub.string()});
        CHECK_EXIT(publishNoDir, 2);
        CHECK_LINE(publishNoDir.err, "error: publish needs --to DIR");
        const RunResult publishNoKey = kp({"publish", samplePack().string(), "--to", (dir / "pub").string()});
        CHECK_EXIT(publishNoKey, 2);
        CHECK_LINE(publishNoKey.err, "error: publish checks the pack before it goes out: give --pubkey KEY.pub");
        CHECK_FALSE(fs::exists(dir / "pub"));
    }
}

// ---------------------------------------------------------------------------
// keygen

TEST_CASE("kiosk-pack: keygen writes an unencrypted key pair and never overwrites it") {
    const TempDir dir;
    const fs::path base = dir / "staff";
    const RunResult r = kp({"keygen", "-o", base.string(), "--unencrypted"});
    REQUIRE_EXIT(r, 0);
    const fs::path key = dir / "staff.key", pub = dir / "staff.pub";
    REQUIRE(fs::exists(key));
    REQUIRE(fs::exists(pub));
    CHECK_LINE(r.out, "Secret key: " + key.string() + " (NOT encrypted: keep it somewhere safe)");
    CHECK_LINE(r.out, "Public key: " + pub.string());

    // The secret key is for the owner's eyes only.
    CHECK((fs::status(key).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));

    // Printed key id and trusted_key line are exactly what the .pub file holds.
    const std::string keyId = keyIdFromKeygen(r);
    REQUIRE(keyId.size() == 16);
    CHECK(keyId.find_first_not_of("0123456789ABCDEF") == std::string::npos);
    const auto pubLines = lines(readFile(pub));
    REQUIRE(pubLines.size() == 2);
    // minisign writes the id in the comment without leading zeros (1 key in 16 has one).
    const std::string unpadded = keyId.substr(std::min(keyId.find_first_not_of('0'), keyId.size() - 1));
    CHECK(pubLines[0] == "untrusted comment: minisign public key " + unpadded);
    CHECK_LINE(r.out, "  trusted_key = " + pubLines[1]);
    CHECK(lines(readFile(key)).at(0) == "untrusted comment: minisign unencrypted secret key");

    // The pair works: sign with it (no passphrase asked), verify with it.
    const TempDir packs;
    const fs::path pack = copySamplePack(packs, "beispiel.kpack", false);
    const RunResult sign = kp({"sign", pack.string(), "--key", key.string()});
    CHECK_EXIT(sign, 0);
    const RunResult verify = kp({"verify", pack.string(), "-p", pub.string()});
    CHECK_EXIT(verify, 0);
    CHECK_LINE(verify.out, "OK: " + pack.string() + " is intact and signed by trusted key " + keyId);

    // A lost key cannot be recovered: no second keygen over it, neither file touched.
    const std::string keyBefore = readFile(key), pubBefore = readFile(pub);
    const RunResult again = kp({"keygen", "-o", base.string(), "--unencrypted"});
    CHECK_EXIT(again, 1);
    CHECK_LINE(again.err, "error: " + key.string() + " or " + pub.string() +
                              " already exists; a lost key cannot be recovered, so keygen never overwrites one "
                              "(use --force)");
    CHECK(readFile(key) == keyBefore);
    CHECK(readFile(pub) == pubBefore);

    // Only the public half left behind still blocks keygen.
    fs::remove(key);
    CHECK_EXIT(kp({"keygen", "-o", base.string(), "--unencrypted"}), 1);
    CHECK_FALSE(fs::exists(key));

    const RunResult forced = kp({"keygen", "-o", base.string(), "--unencrypted", "--force"});
    CHECK_EXIT(forced, 0);
    CHECK(keyIdFromKeygen(forced) != keyId);
    CHECK(readFile(pub) != pubBefore);
    CHECK((fs::status(key).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
}

TEST_CASE("kiosk-pack: keygen encrypts the secret key with a passphrase file") {
    const TempDir dir;
    writeFile(dir / "pass.txt", "Sonnenblume 42\n");
    const fs::path base = dir / "staff";
    // 'interactive' keeps the test fast; 'sensitive' (the default) costs 1 GiB of scrypt.
    const RunResult r =
        kp({"keygen", "-o", base.string(), "--passphrase-file", (dir / "pass.txt").string(), "--kdf", "interactive"});
    REQUIRE_EXIT(r, 0);
    const fs::path key = dir / "staff.key";
    CHECK_LINE(r.out, "Secret key: " + key.string() + " (encrypted)");
    CHECK((fs::status(key).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
    CHECK(lines(readFile(key)).at(0) == "untrusted comment: minisign encrypted secret key");

    // Encrypted means the key is useless without the passphrase.
    const TempDir packs;
    const fs::path pack = copySamplePack(packs, "beispiel.kpack", false);
    const RunResult noPass = kp({"sign", pack.string(), "--key", key.string()});
    CHECK_EXIT(noPass, 1);
    CHECK_LINE(noPass.err, "error: " + key.string() +
                               ": a passphrase is needed: use --passphrase-file FILE or set KIOSK_PACK_PASSPHRASE");
    CHECK_FALSE(fs::exists(sigOf(pack)));
    const RunResult withPass =
        kp({"sign", pack.string(), "--key", key.string(), "--passphrase-file", (dir / "pass.txt").string()});
    CHECK_EXIT(withPass, 0);
    CHECK_LINE(withPass.out,
               "Signed " + pack.string() + " with key " + keyIdFromKeygen(r) + " -> " + sigOf(pack).string());
}

TEST_CASE("kiosk-pack: keygen refuses without a passphrase and on conflicting options") {
    const TempDir dir;
    const fs::path base = dir / "staff";
    SUBCASE("no passphrase source and no terminal") {
        const RunResult r = kp({"keygen", "-o", base.string(), "--kdf", "interactive"});
        CHECK_EXIT(r, 1);
        CHECK_LINE(r.err, "error: a passphrase is needed: use --passphrase-file FILE or set KIOSK_PACK_PASSPHRASE "
                          "(or use --unencrypted for a key without passphrase)");
    }
    SUBCASE("empty passphrase file") {
        writeFile(dir / "empty.txt", "");
        const RunResult r = kp({"keygen", "-o", base.string(), "--passphrase-file", (dir / "empty.txt").string()});
        CHECK_EXIT(r, 1);
        CHECK(contains(r.err, "passphrase file is empty"));
    }
    SUBCASE("--unencrypted with a passphrase file") {
        writeFile(dir / "pass.txt", "x\n");
        const RunResult r =
            kp({"keygen", "-o", base.string(), "--unencrypted", "--passphrase-file", (dir / "pass.txt").string()});
        CHECK_EXIT(r, 2);
        CHECK_LINE(r.err, "error: --unencrypted and --passphrase-file exclude each other");
    }
    SUBCASE("unknown kdf cost") {
        const RunResult r = kp({"keygen", "-o", base.string(), "--unencrypted", "--kdf", "fast"});
        CHECK_EXIT(r, 2);
        CHECK_LINE(r.err, "error: --kdf must be 'sensitive' or 'interactive'");
    }
    CHECK_FALSE(fs::exists(dir / "staff.key"));
    CHECK_FALSE(fs::exists(dir / "staff.pub"));
}

// ---------------------------------------------------------------------------
// build

TEST_CASE("kiosk-pack: build turns the sample into a signed pack without warnings") {
    const TempDir dir;
    const fs::path pack = dir / "beispiel.kpack";
    const RunResult r = kp({"build", kSample.string(), "-o", pack.string(), "--version", kVersionText, "--today",
                            kBeforeEvent, "--sign", kDemoKey.string()});
    REQUIRE_EXIT(r, 0);
    const auto out = lines(r.out);
    REQUIRE_MESSAGE(out.size() == 2, describe(r));
    CHECK_MESSAGE(out[0].starts_with(wroteLinePrefix(pack, kVersion)), describe(r));
    CHECK(out[0].ends_with(" kB"));
    CHECK(out[1] == "Signed with key " + kDemoKeyId + " -> " + sigOf(pack).string());

    // Progress goes to stderr; nothing there is a finding.
    CHECK_LINE(r.err, "writing entries: " + std::to_string(sample().entries) + "/" + std::to_string(sample().entries));
    CHECK_FALSE(contains(r.err, "warning:"));
    CHECK_FALSE(contains(r.err, "error:"));

    CHECK(fs::file_size(pack) > 0);
    CHECK(trustedCommentOf(sigOf(pack)) == "channel:beispiel version:" + kVersionText + " file:beispiel.kpack");
    // Nothing but the pack and its signature: no temporary files left behind.
    CHECK(listDir(dir.path()) == std::vector<std::string>{"beispiel.kpack", "beispiel.kpack.minisig"});

    // --quiet drops the progress; with nothing to report, stderr stays empty.
    const RunResult quiet = kp({"build", kSample.string(), "-o", (dir / "q.kpack").string(), "--version", kVersionText,
                                "--today", kBeforeEvent, "-q"});
    CHECK_EXIT(quiet, 0);
    CHECK_MESSAGE(quiet.err.empty(), describe(quiet));
    CHECK_FALSE(fs::exists(dir / "q.kpack.minisig"));
}

TEST_CASE("kiosk-pack: build without today warns that the Schermbeck event is over") {
    // The sample's event is on 2026-08-19; these tests run after that day.
    const TempDir dir;
    const fs::path pack = dir / "beispiel.kpack";
    const RunResult r = kp({"build", kSample.string(), "-o", pack.string(), "--version", kVersionText, "-q"});
    REQUIRE_EXIT(r, 0); // warnings do not stop the build
    CHECK(r.err == kEventWarning + "\n");
    CHECK_LINE(r.out, "1 warning(s), see above.");
    CHECK(fs::exists(pack));

    // The day of the event itself is not "past" yet.
    const RunResult onTheDay =
        kp({"build", kSample.string(), "-o", pack.string(), "--version", kVersionText, "--today", "2026-08-19", "-q"});
    CHECK_EXIT(onTheDay, 0);
    CHECK(onTheDay.err.empty());
    const RunResult dayAfter =
        kp({"build", kSample.string(), "-o", pack.string(), "--version", kVersionText, "--today", "2026-08-20", "-q"});
    CHECK_EXIT(dayAfter, 0);
    CHECK(dayAfter.err == kEventWarning + "\n");
}

TEST_CASE("kiosk-pack: build of a broken source lists every error and writes no pack") {
    const TempDir dir;
    const fs::path source = dir / "quelle";
    fs::create_directories(source / "images");
    fs::copy_file(kSample / "pack.json", source / "pack.json");
    fs::copy_file(kSample / "images" / "logo.png", source / "images" / "logo.png");
    // As staff save it: German column names, semicolons.
    writeFile(source / "angebote.csv", "ID;Thema;Titel;E-Mail\n"
                                       "eins;familie;Erstes;info@example.org\n"
                                       "eins;familie;Zweites;\n"
                                       "drei;zirkus;Drittes;\n"
                                       "vier;familie;Viertes;info(at)example.org\n");
    const std::string expected =
        "error: angebote.csv:3: field 'ID': duplicate id 'eins' (first used in angebote.csv row 2)\n"
        "error: angebote.csv:4: field 'Thema': unknown theme 'zirkus' (pack.json has: " +
        joined(sample().themeIds, ", ") +
        ")\n"
        "error: angebote.csv:5: field 'E-Mail': not a valid e-mail address: 'info(at)example.org'\n"
        "Build failed: 3 error(s), 0 warning(s). No pack was written.\n";

    const fs::path out = dir / "out";
    fs::create_directories(out);
    const fs::path pack = out / "neu.kpack";
    const RunResult r =
        kp({"build", source.string(), "-o", pack.string(), "--version", "5", "-q", "--sign", kDemoKey.string()});
    CHECK_EXIT(r, 1);
    CHECK(r.err == expected);
    CHECK(r.out.empty());
    CHECK_MESSAGE(listDir(out).empty(), "the output folder must stay empty");

    // A pack already at the target stays exactly as it was.
    writeFile(pack, "the previous pack");
    const RunResult again = kp({"build", source.string(), "-o", pack.string(), "-q"});
    CHECK_EXIT(again, 1);
    CHECK(again.err == expected);
    CHECK(readFile(pack) == "the previous pack");
    CHECK(listDir(out) == std::vector<std::string>{"neu.kpack"});
}

TEST_CASE("kiosk-pack: build rejects bad options and a missing source folder") {
    const TempDir dir;
    const fs::path pack = dir / "x.kpack";
    const RunResult missing = kp({"build", (dir / "gibt-es-nicht").string(), "-o", pack.string()});
    CHECK_EXIT(missing, 1);
    CHECK_LINE(missing.err, "error: " + (dir / "gibt-es-nicht").string() + ": source folder not found");

    const RunResult badVersion = kp({"build", kSample.string(), "-o", pack.string(), "--version", "12a"});
    CHECK_EXIT(badVersion, 2);
    CHECK_LINE(badVersion.err, "error: --version must be a positive whole number, not '12a'");
    CHECK_EXIT(kp({"build", kSample.string(), "-o", pack.string(), "--version", "0"}), 2);

    const RunResult badToday = kp({"build", kSample.string(), "-o", pack.string(), "--today", "2026-13-01"});
    CHECK_EXIT(badToday, 2);
    CHECK_LINE(badToday.err, "error: --today must be a date like 2026-08-19, not '2026-13-01'");

    const RunResult badKey =
        kp({"build", kSample.string(), "-o", pack.string(), "--sign", (dir / "none.key").string()});
    CHECK_EXIT(badKey, 1);
    CHECK_LINE(badKey.err, "error: " + (dir / "none.key").string() + ": cannot read secret key file");

    CHECK(listDir(dir.path()).empty());
}

// ---------------------------------------------------------------------------
// sign

TEST_CASE("kiosk-pack: sign takes the passphrase from a file or the environment") {
    const TempDir dir;
    writeFile(dir / "pass.txt", "richtig\n");
    writeFile(dir / "wrong.txt", "falsch\n");
    const fs::path base = dir / "staff";
    const RunResult keygen =
        kp({"keygen", "-o", base.string(), "--passphrase-file", (dir / "pass.txt").string(), "--kdf", "interactive"});
    REQUIRE_EXIT(keygen, 0);
    const std::string keyId = keyIdFromKeygen(keygen);
    const fs::path key = dir / "staff.key", pub = dir / "staff.pub";
    const fs::path pack = copySamplePack(dir, "beispiel.kpack", false);
    const fs::path sig = sigOf(pack);
    const std::string signedLine = "Signed " + pack.string() + " with key " + keyId + " -> " + sig.string();

    // A signature made with the encrypted key: right trusted comment, and it verifies.
    const auto checkSigned = [&] {
        CHECK(trustedCommentOf(sig) == "channel:beispiel version:" + kVersionText + " file:beispiel.kpack");
        const RunResult verify = kp({"verify", pack.string(), "--pubkey", pub.string()});
        CHECK_EXIT(verify, 0);
        CHECK_LINE(verify.out, "OK: " + pack.string() + " is intact and signed by trusted key " + keyId);
    };

    SUBCASE("passphrase file") {
        const RunResult r =
            kp({"sign", pack.string(), "--key", key.string(), "--passphrase-file", (dir / "pass.txt").string()});
        CHECK_EXIT(r, 0);
        CHECK(r.out == signedLine + "\n");
        checkSigned();
    }
    SUBCASE("KIOSK_PACK_PASSPHRASE") {
        RunOptions o;
        o.env["KIOSK_PACK_PASSPHRASE"] = "richtig";
        const RunResult r = kp({"sign", pack.string(), "-k", key.string()}, o);
        CHECK_EXIT(r, 0);
        CHECK(r.out == signedLine + "\n");
        checkSigned();
    }
    SUBCASE("the passphrase file wins over the environment") {
        RunOptions o;
        o.env["KIOSK_PACK_PASSPHRASE"] = "falsch";
        const RunResult r =
            kp({"sign", pack.string(), "--key", key.string(), "--passphrase-file", (dir / "pass.txt").string()}, o);
        CHECK_EXIT(r, 0);
        checkSigned();
    }
    SUBCASE("wrong passphrase") {
        // An earlier good signature must survive a failed attempt.
        REQUIRE_EXIT(
            kp({"sign", pack.string(), "--key", key.string(), "--passphrase-file", (dir / "pass.txt").string()}), 0);
        const std::string sigBefore = readFile(sig);
        const std::string message = "error: " + key.string() + ": wrong passphrase for secret key (checksum mismatch)";
        const RunResult viaFile =
            kp({"sign", pack.string(), "--key", key.string(), "--passphrase-file", (dir / "wrong.txt").string()});
        CHECK_EXIT(viaFile, 1);
        CHECK(viaFile.err == message + "\n");
        CHECK(viaFile.out.empty());
        RunOptions o;
        o.env["KIOSK_PACK_PASSPHRASE"] = "falsch";
        const RunResult viaEnv = kp({"sign", pack.string(), "--key", key.string()}, o);
        CHECK_EXIT(viaEnv, 1);
        CHECK(viaEnv.err == message + "\n");
        CHECK(readFile(sig) == sigBefore);
    }
    SUBCASE("unreadable inputs") {
        const RunResult noPassFile =
            kp({"sign", pack.string(), "--key", key.string(), "--passphrase-file", (dir / "none.txt").string()});
        CHECK_EXIT(noPassFile, 1);
        CHECK_LINE(noPassFile.err,
                   "error: " + key.string() + ": " + (dir / "none.txt").string() + ": cannot read passphrase file");
        const RunResult pubAsKey = kp({"sign", pack.string(), "--key", pub.string()});
        CHECK_EXIT(pubAsKey, 1);
        CHECK(pubAsKey.err.starts_with("error: " + pub.string() + ": "));
        const RunResult noPack = kp({"sign", (dir / "none.kpack").string(), "--key", kDemoKey.string()});
        CHECK_EXIT(noPack, 1);
        CHECK_LINE(noPack.err,
                   "error: " + (dir / "none.kpack").string() + ": pack file not found or not a regular file");
        CHECK_FALSE(fs::exists(sigOf(dir / "none.kpack")));
        CHECK_FALSE(fs::exists(sig));
    }
}

// ---------------------------------------------------------------------------
// verify

TEST_CASE("kiosk-pack: verify accepts the signed sample and names the key") {
    const fs::path& pack = samplePack();
    const std::string okLine = "OK: " + pack.string() + " is intact and signed by trusted key " + kDemoKeyId;
    const std::string detailLine = "    \"" + sample().titleDe + "\", channel beispiel, version " + kVersionText +
                                   ", " + std::to_string(sample().entries) + " entries, " +
                                   std::to_string(sample().themeIds.size()) + " themes, " +
                                   std::to_string(sample().images) + " images";
    const RunResult r = kp({"verify", pack.string(), "--pubkey", kDemoPub.string()});
    CHECK_EXIT(r, 0);
    CHECK(r.out == okLine + "\n" + detailLine + "\n");
    CHECK(r.err.empty());

    // The key as its base64 line, the way a kiosk's configuration holds it.
    const std::string keyLine = lines(readFile(kDemoPub)).at(1);
    const RunResult byLine = kp({"verify", pack.string(), "-p", keyLine});
    CHECK_EXIT(byLine, 0);
    CHECK_LINE(byLine.out, okLine);

    // Among several trusted keys, the right one is found.
    const TempDir dir;
    const fs::path other = makeUnencryptedKey(dir, "other");
    const RunResult several = kp({"verify", pack.string(), "-p", other.string() + ".pub", "-p", kDemoPub.string()});
    CHECK_EXIT(several, 0);
    CHECK_LINE(several.out, okLine);

    // A signature kept elsewhere.
    const fs::path copy = copySamplePack(dir, "kopie.kpack", false);
    fs::copy_file(sigOf(pack), dir / "elsewhere.sig");
    const RunResult sigOption =
        kp({"verify", copy.string(), "-p", kDemoPub.string(), "--sig", (dir / "elsewhere.sig").string()});
    CHECK_EXIT(sigOption, 0);
}

TEST_CASE("kiosk-pack: verify refuses a pack with a flipped byte") {
    const TempDir dir;
    const auto size = fs::file_size(samplePack());
    // The SQLite header, a page in the middle and the last byte.
    for (const std::uintmax_t offset :
         {std::uintmax_t{0}, std::uintmax_t{18}, std::uintmax_t{100}, size / 2, size - 1}) {
        CAPTURE(offset);
        const fs::path pack = dir / ("kaputt-" + std::to_string(offset) + ".kpack");
        fs::copy_file(samplePack(), pack);
        fs::copy_file(sigOf(samplePack()), sigOf(pack));
        flipByte(pack, offset);
        const RunResult r = kp({"verify", pack.string(), "-p", kDemoPub.string()});
        CHECK_EXIT(r, 1);
        CHECK(r.out.empty());
        CHECK(r.err == "error: " + pack.string() +
                           ": field 'signature': signature does not match the file (file modified or signature for "
                           "another file)\n"
                           "FAILED: " +
                           pack.string() + " must not be installed.\n");
    }
    // Cut short, as by a pulled USB stick.
    const fs::path cut = dir / "cut.kpack";
    fs::copy_file(samplePack(), cut);
    fs::copy_file(sigOf(samplePack()), sigOf(cut));
    fs::resize_file(cut, size - 4096);
    const RunResult r = kp({"verify", cut.string(), "-p", kDemoPub.string()});
    CHECK_EXIT(r, 1);
    CHECK_LINE(r.err, "FAILED: " + cut.string() + " must not be installed.");
}

TEST_CASE("kiosk-pack: verify refuses an unknown key and a missing signature") {
    const TempDir dir;
    const fs::path& pack = samplePack();
    SUBCASE("signed by a key that is not trusted") {
        const fs::path other = makeUnencryptedKey(dir, "other");
        // The .pub comment names the id as minisign does, without leading zeros; messages print
        // all 16 digits (a key id starting with 0, 1 key in 16, made this test fail at random).
        std::string otherId = lines(readFile(other.string() + ".pub")).at(0).substr(39);
        otherId.insert(0, 16 - otherId.size(), '0');
        const RunResult r = kp({"verify", pack.string(), "-p", other.string() + ".pub"});
        CHECK_EXIT(r, 1);
        CHECK_LINE(r.err, "error: " + pack.string() + ": field 'signature': signature was made with key " + kDemoKeyId +
                              ", which is not among the trusted keys (trusted: " + otherId + ")");
        CHECK_LINE(r.err, "FAILED: " + pack.string() + " must not be installed.");
    }
    SUBCASE("no .minisig beside the pack") {
        const fs::path copy = copySamplePack(dir, "beispiel.kpack", false);
        const RunResult r = kp({"verify", copy.string(), "-p", kDemoPub.string()});
        CHECK_EXIT(r, 1);
        CHECK_LINE(r.err, "error: " + sigOf(copy).string() +
                              ": field 'signature': signature file: cannot open: No such file or directory");
        CHECK_LINE(r.err, "FAILED: " + copy.string() + " must not be installed.");
    }
    SUBCASE("the signature of another pack") {
        // A valid signature by a trusted key, but for different bytes.
        const fs::path copy = copySamplePack(dir, "beispiel.kpack", false);
        buildPack(testData() / "sources" / "good-minimal", dir / "minimal.kpack", 3, true);
        fs::copy_file(sigOf(dir / "minimal.kpack"), sigOf(copy));
        const RunResult r = kp({"verify", copy.string(), "-p", kDemoPub.string()});
        CHECK_EXIT(r, 1);
        CHECK(contains(r.err, "field 'signature': signature does not match the file"));
    }
    SUBCASE("no pack at all") {
        const RunResult r = kp({"verify", (dir / "none.kpack").string(), "-p", kDemoPub.string()});
        CHECK_EXIT(r, 1);
        CHECK_LINE(r.err, "error: " + (dir / "none.kpack").string() +
                              ": field 'file': pack file not found or not a regular file");
    }
    SUBCASE("an unreadable public key") {
        writeFile(dir / "bad.pub", "untrusted comment: nonsense\nnot base64 at all\n");
        const RunResult r = kp({"verify", pack.string(), "-p", (dir / "bad.pub").string()});
        CHECK_EXIT(r, 1);
        CHECK(r.err.starts_with("error: " + (dir / "bad.pub").string() + ": "));
    }
}

TEST_CASE("kiosk-pack: verify with channel filter accepts only the listed channels") {
    const fs::path& pack = samplePack();
    const RunResult same = kp({"verify", pack.string(), "-p", kDemoPub.string(), "--channel", "beispiel"});
    CHECK_EXIT(same, 0);
    const RunResult other = kp({"verify", pack.string(), "-p", kDemoPub.string(), "--channel", "bochum-grumme"});
    CHECK_EXIT(other, 1);
    CHECK_LINE(other.err,
               "error: " + pack.string() +
                   ": field 'channel': pack is for channel 'beispiel', which this kiosk does not subscribe to");
    const RunResult either =
        kp({"verify", pack.string(), "-p", kDemoPub.string(), "--channel", "bochum-grumme", "--channel", "beispiel"});
    CHECK_EXIT(either, 0);
}

// ---------------------------------------------------------------------------
// info

TEST_CASE("kiosk-pack: info shows channel version counts and signature state") {
    const fs::path& pack = samplePack();
    const SampleFacts& s = sample();
    const RunResult r = kp({"info", pack.string(), "--pubkey", kDemoPub.string()});
    REQUIRE_EXIT(r, 0);
    CHECK(r.err.empty());
    CHECK_LINE(r.out, "Title:      " + s.titleDe);
    CHECK_LINE(r.out, "Channel:    beispiel");
    CHECK_LINE(r.out, "Version:    " + kVersionText);
    CHECK_LINE(r.out, "Schema:     1");
    CHECK_LINE(r.out, "Languages:  " + joined(s.languages, ", "));
    // Only the Schermbeck event (2026-08-19) is past; these tests run after it.
    CHECK_LINE(r.out, "Entries:    " + std::to_string(s.entries) + " (1 expired or past, hidden on the kiosk today)");
    CHECK_LINE(r.out, "Themes:     " + std::to_string(s.themeIds.size()));
    for (std::size_t i = 0; i < s.themeIds.size(); ++i)
        CHECK_MESSAGE(hasLineStartingWith(r.out, "  " + s.themeTitlesDe[i] + " (" + s.themeIds[i] + "): "), r.out);
    CHECK_LINE(r.out, "  Spielplätze (spielplaetze): 1");
    CHECK_LINE(r.out, "Images:     " + std::to_string(s.images));
    CHECK_LINE(r.out, "Signature:  valid, key " + kDemoKeyId);
    CHECK(hasLineStartingWith(r.out, "Created:    "));
    CHECK(contains(r.out, " by kiosk-pack "));

    const RunResult unchecked = kp({"info", pack.string()});
    CHECK_EXIT(unchecked, 0);
    CHECK_LINE(unchecked.out, "Signature:  " + sigOf(pack).string() + " (not checked; give --pubkey to check it)");

    const TempDir dir;
    const fs::path bare = copySamplePack(dir, "ohne.kpack", false);
    const RunResult none = kp({"info", bare.string()});
    CHECK_EXIT(none, 0);
    CHECK_LINE(none.out, "Signature:  none (" + sigOf(bare).string() + " not found)");
    // Asked to check a signature that is not there: a failure, and the output says so.
    const RunResult noneChecked = kp({"info", bare.string(), "-p", kDemoPub.string()});
    CHECK_EXIT(noneChecked, 1);
    CHECK_LINE(noneChecked.out, "Signature:  INVALID");
    CHECK_LINE(noneChecked.out, "error: " + sigOf(bare).string() +
                                    ": field 'signature': signature file: cannot open: No such file or directory");

    // Opened without a signature check, but a check that fails makes info fail.
    const fs::path broken = copySamplePack(dir, "kaputt.kpack");
    flipByte(broken, fs::file_size(broken) - 1);
    const RunResult invalid = kp({"info", broken.string(), "-p", kDemoPub.string()});
    CHECK_EXIT(invalid, 1);
    CHECK_LINE(invalid.out, "Signature:  INVALID");
    CHECK(contains(invalid.out, "field 'signature': signature does not match the file"));

    // A path starting with "//" is still a plain path (SQLite would read "file://HOST/...").
    if (pack.is_absolute()) {
        const RunResult slashes = kp({"info", "/" + pack.string()});
        CHECK_EXIT(slashes, 0);
        CHECK_LINE(slashes.out, "Channel:    beispiel");
    }
}

TEST_CASE("kiosk-pack: info json is machine-readable and exact") {
    const fs::path& pack = samplePack();
    const SampleFacts& s = sample();
    const RunResult r = kp({"info", pack.string(), "--json", "-p", kDemoPub.string()});
    REQUIRE_EXIT(r, 0);
    json j;
    REQUIRE_NOTHROW(j = json::parse(r.out));
    CHECK(j["file"] == pack.string());
    CHECK(j["size"] == fs::file_size(pack));
    CHECK(j["schema_version"] == 1);
    CHECK(j["channel"] == "beispiel");
    CHECK(j["version"] == kVersion);
    CHECK(j["title"]["de"] == s.titleDe);
    CHECK(j["entries"] == s.entries);
    CHECK(j["themes"] == s.themeIds.size());
    CHECK(j["images"] == s.images);
    CHECK(j["hidden_now"] == 1);
    CHECK(j["languages"] == s.languages);
    REQUIRE(j["theme_counts"].size() == s.themeIds.size());
    for (std::size_t i = 0; i < s.themeIds.size(); ++i) {
        CHECK(j["theme_counts"][i]["id"] == s.themeIds[i]);
        CHECK(j["theme_counts"][i]["title"] == s.themeTitlesDe[i]);
        CHECK(j["theme_counts"][i]["entries"].get<int>() >= 1);
    }
    CHECK(j["signature_file"] == sigOf(pack).string());
    CHECK(j["verified"] == true);
    CHECK(j["key_id"] == kDemoKeyId);
    CHECK(j["generator"].get<std::string>().starts_with("kiosk-pack "));

    const RunResult plain = kp({"info", pack.string(), "--json"});
    REQUIRE_EXIT(plain, 0);
    const json p = json::parse(plain.out);
    CHECK_FALSE(p.contains("verified"));
    CHECK(p["entries"] == s.entries);
}

TEST_CASE("kiosk-pack: info on something that is not a pack fails clearly") {
    const TempDir dir;
    writeFile(dir / "notes.kpack", "Einkaufsliste: Milch, Brot\n");
    const RunResult text = kp({"info", (dir / "notes.kpack").string()});
    CHECK_EXIT(text, 1);
    CHECK(text.err == "error: " + (dir / "notes.kpack").string() + ": not a pack: file is not a database\n");
    CHECK(text.out.empty());

    const RunResult missing = kp({"info", (dir / "none.kpack").string()});
    CHECK_EXIT(missing, 1);
    CHECK(missing.err == "error: " + (dir / "none.kpack").string() + ": pack file not found or not a regular file\n");

    const RunResult folder = kp({"info", dir.path().string()});
    CHECK_EXIT(folder, 1);
    CHECK(folder.err == "error: " + dir.path().string() + ": pack file not found or not a regular file\n");
}

// ---------------------------------------------------------------------------
// export

namespace {

json exportJson(const fs::path& pack) {
    const RunResult r = kp({"export", pack.string(), "--format", "json"});
    REQUIRE_EXIT(r, 0);
    json j = json::parse(r.out);
    // The only thing a rebuild may change.
    REQUIRE(j.contains("created_at"));
    j.erase("created_at");
    return j;
}

void checkRoundTrip(const std::string& format, const std::vector<std::string>& expectedFiles) {
    const TempDir dir;
    const fs::path folder = dir / "quelle";
    const RunResult ex = kp({"export", samplePack().string(), "--format", format, "--to", folder.string()});
    REQUIRE_EXIT(ex, 0);
    CHECK(ex.out == "Exported " + std::to_string(sample().entries) + " entries, " +
                        std::to_string(sample().themeIds.size()) + " themes and " + std::to_string(sample().images) +
                        " images to " + folder.string() + " (a source folder: kiosk-pack build " + folder.string() +
                        " -o PACK.kpack)\n");
    for (const auto& f : expectedFiles) CHECK_MESSAGE(fs::exists(folder / f), f);
    CHECK(listDir(folder / "images").size() == sample().images);

    const fs::path rebuilt = dir / "rebuilt.kpack";
    const RunResult build = kp(
        {"build", folder.string(), "-o", rebuilt.string(), "--version", kVersionText, "--today", kBeforeEvent, "-q"});
    REQUIRE_EXIT(build, 0);
    CHECK_MESSAGE(build.err.empty(), "an exported folder builds without findings\n" << describe(build));

    const json original = exportJson(samplePack());
    const json again = exportJson(rebuilt);
    const json patch = json::diff(original, again);
    CHECK_MESSAGE(patch.empty(), "differences after export and rebuild: " << patch.dump(2).substr(0, 2000));

    const RunResult diff = kp({"diff", samplePack().string(), rebuilt.string()});
    CHECK_EXIT(diff, 0);
    CHECK_LINE(diff.out, "No differences in content.");
}

} // namespace

TEST_CASE("kiosk-pack: export as csv folder builds back into the same content") {
    checkRoundTrip("csv", {"pack.json", "entries.csv", "images"});
}

TEST_CASE("kiosk-pack: export as json folder builds back into the same content") {
    checkRoundTrip("json", {"pack.json", "entries/entries.json", "images"});
}

TEST_CASE("kiosk-pack: export to stdout and into a non-empty folder") {
    const fs::path& pack = samplePack();
    const RunResult csv = kp({"export", pack.string(), "-f", "csv"});
    CHECK_EXIT(csv, 0);
    CHECK(csvDataRows(csv.out) == sample().entries);
    CHECK(contains(csv.out, kEventId));

    const RunResult js = kp({"export", pack.string(), "-f", "json"});
    CHECK_EXIT(js, 0);
    const json j = json::parse(js.out);
    CHECK(j["channel"] == "beispiel");
    CHECK(j["version"] == kVersion);
    CHECK(j["entries"].size() == sample().entries);

    const TempDir dir;
    writeFile(dir / "quelle" / "notiz.txt", "bitte nicht löschen");
    const RunResult r = kp({"export", pack.string(), "--format", "csv", "--to", (dir / "quelle").string()});
    CHECK_EXIT(r, 1);
    CHECK(r.err == "error: " + (dir / "quelle").string() +
                       ": folder is not empty; export writes only into a new or empty folder\n");
    CHECK(listDir(dir / "quelle") == std::vector<std::string>{"notiz.txt"});
    CHECK(readFile(dir / "quelle" / "notiz.txt") == "bitte nicht löschen");

    writeFile(dir / "datei.txt", "");
    const RunResult file = kp({"export", pack.string(), "--format", "csv", "--to", (dir / "datei.txt").string()});
    CHECK_EXIT(file, 1);
    CHECK(file.err == "error: " + (dir / "datei.txt").string() +
                          ": exists and is not a folder; export writes only into a new or empty folder\n");

    // An existing but empty folder is fine.
    fs::create_directories(dir / "leer");
    CHECK_EXIT(kp({"export", pack.string(), "--format", "json", "--to", (dir / "leer").string()}), 0);
}

// ---------------------------------------------------------------------------
// diff

TEST_CASE("kiosk-pack: diff of identical packs finds no differences") {
    const TempDir dir;
    const fs::path rebuilt = dir / "again.kpack";
    buildPack(kSample, rebuilt, kVersion + 1, false);
    const std::string n = std::to_string(sample().entries);
    const RunResult r = kp({"diff", samplePack().string(), rebuilt.string()});
    CHECK_EXIT(r, 0);
    CHECK(r.out == "Old: channel beispiel, version " + kVersionText + ", " + n + " entries\n" +
                       "New: channel beispiel, version " + std::to_string(kVersion + 1) + ", " + n + " entries\n" +
                       "No differences in content.\n");

    const RunResult j = kp({"diff", samplePack().string(), rebuilt.string(), "--json"});
    CHECK_EXIT(j, 0);
    const json d = json::parse(j.out);
    CHECK(d["old"]["version"] == kVersion);
    CHECK(d["new"]["version"] == kVersion + 1);
    CHECK(d["added"].empty());
    CHECK(d["removed"].empty());
    CHECK(d["changed"].empty());
    CHECK(d["site_changed"] == false);

    const RunResult missing = kp({"diff", samplePack().string(), (dir / "none.kpack").string()});
    CHECK_EXIT(missing, 1);
    CHECK_LINE(missing.err, "error: " + (dir / "none.kpack").string() + ": pack file not found or not a regular file");
}

TEST_CASE("kiosk-pack: diff lists added removed and changed entries") {
    const TempDir dir;
    const fs::path source = dir / "quelle";
    fs::copy(kSample, source, fs::copy_options::recursive);

    // Edit the spreadsheet the way staff would: one cell changed, one row deleted.
    // Rows start after a CRLF with their id; quoted cells never do.
    std::string csv = readFile(source / "angebote.csv");
    const std::string hariho = "\r\nbochum-hariho;patenschaften,familie;Kontakt;";
    REQUIRE(csv.find(hariho) != std::string::npos);
    csv.replace(csv.find(hariho), hariho.size(), "\r\nbochum-hariho;patenschaften,familie;Ort;");
    const auto rowStart = csv.find("\r\nbochum-seniorenbuero-ost;");
    const auto nextRow = csv.find("\r\nbochum-kinderschutzbund;");
    REQUIRE(rowStart != std::string::npos);
    REQUIRE(nextRow != std::string::npos);
    REQUIRE(rowStart < nextRow);
    csv.erase(rowStart, nextRow - rowStart);
    writeFile(source / "angebote.csv", csv);
    writeFile(
        source / "entries" / "neu.json",
        R"({"id": "grumme-elterncafe", "theme": "familie", "title": {"de": "Elterncafé Grumme", "en": "Parents' café"}})");

    const fs::path changed = dir / "neu.kpack";
    buildPack(source, changed, kVersion + 1, false);
    const std::string n = std::to_string(sample().entries);
    const RunResult r = kp({"diff", samplePack().string(), changed.string()});
    CHECK_EXIT(r, 0);
    CHECK(r.out == "Old: channel beispiel, version " + kVersionText + ", " + n + " entries\n" +
                       "New: channel beispiel, version " + std::to_string(kVersion + 1) + ", " + n + " entries\n" +
                       "+ grumme-elterncafe  Elterncafé Grumme\n"
                       "- bochum-seniorenbuero-ost  Seniorenbüro Ost\n"
                       "~ bochum-hariho  HaRiHo – die Stadtteilpartner  (kind)\n"
                       "1 added, 1 removed, 1 changed\n");

    const RunResult j = kp({"diff", samplePack().string(), changed.string(), "--json"});
    CHECK_EXIT(j, 0);
    const json d = json::parse(j.out);
    CHECK(d["added"] == json::array({"grumme-elterncafe"}));
    CHECK(d["removed"] == json::array({"bochum-seniorenbuero-ost"}));
    REQUIRE(d["changed"].size() == 1);
    CHECK(d["changed"][0]["id"] == "bochum-hariho");
    CHECK(d["changed"][0]["fields"] == json::array({"kind"}));
    CHECK(d["themes_changed"].empty());

    // The other way round, added and removed swap.
    const RunResult back = kp({"diff", changed.string(), samplePack().string()});
    CHECK_EXIT(back, 0);
    CHECK_LINE(back.out, "+ bochum-seniorenbuero-ost  Seniorenbüro Ost");
    CHECK_LINE(back.out, "- grumme-elterncafe  Elterncafé Grumme");
    CHECK_LINE(back.out, "1 added, 1 removed, 1 changed");
}

// ---------------------------------------------------------------------------
// search

namespace {

RunResult searchSample(const std::vector<std::string>& extra) {
    std::vector<std::string> args{"search", samplePack().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return kp(args);
}

// Every hit is "id<TAB>title": ids as the source format allows, a title, nothing else.
void checkHitFormat(const RunResult& r) {
    for (const auto& line : lines(r.out)) {
        const auto tab = line.find('\t');
        REQUIRE_MESSAGE(tab != std::string::npos, line);
        CHECK_MESSAGE(line.find('\t', tab + 1) == std::string::npos, line);
        const std::string id = line.substr(0, tab);
        CHECK_MESSAGE(!id.empty(), line);
        CHECK_MESSAGE(id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
                          std::string::npos,
                      line);
        CHECK_MESSAGE(tab + 1 < line.size(), line);
    }
}

} // namespace

TEST_CASE("kiosk-pack: search ignores case and finds KiTa") {
    const RunResult r = searchSample({"kita"});
    CHECK_EXIT(r, 0);
    checkHitFormat(r);
    const auto hits = lines(r.out);
    REQUIRE_FALSE(hits.empty());
    // A title match ranks first.
    CHECK(hits[0] == "hamm-kita-sozialarbeit\tKiTa-Sozialarbeit der Verbandsgemeinde Hamm (Sieg)");
    CHECK(searchSample({"KITA"}).out == r.out);

    const RunResult limited = searchSample({"kita", "--limit", "1"});
    CHECK_EXIT(limited, 0);
    CHECK(lines(limited.out) == std::vector<std::string>{hits[0]});
    CHECK_EXIT(searchSample({"kita", "-n", "0"}), 2);
    CHECK_LINE(searchSample({"kita", "-n", "viele"}).err, "error: --limit must be a positive whole number");
}

TEST_CASE("kiosk-pack: search matches prefixes without accents") {
    const std::string familienkompass = "heissen-familienkompass\tFamilienkompass Heißen\n";
    for (const std::string query : {"spielplatze", "spielpl", "Spielplätze", "SPIELPLÄTZE"}) {
        CAPTURE(query);
        const RunResult r = searchSample({query});
        CHECK_EXIT(r, 0);
        CHECK(r.out == familienkompass);
        CHECK(r.err.empty());
    }
    const RunResult en = searchSample({"spielpl", "--lang", "en"});
    CHECK_EXIT(en, 0);
    CHECK(en.out == "heissen-familienkompass\tFamilienkompass Heißen – family guide\n");
    const RunResult kitaEn = searchSample({"kita", "-l", "en"});
    CHECK_EXIT(kitaEn, 0);
    CHECK(lines(kitaEn.out).at(0) == "hamm-kita-sozialarbeit\tDay care social work – Verbandsgemeinde Hamm (Sieg)");

    const RunResult none = searchSample({"xylophonunterricht"});
    CHECK_EXIT(none, 0);
    CHECK(none.out.empty());
    CHECK(none.err == "no entries found for 'xylophonunterricht'\n");
}

TEST_CASE("kiosk-pack: search hides the past Schermbeck event unless asked") {
    // Today is after 2026-08-19: the kiosk no longer shows the event.
    const RunResult now = searchSample({"schermbeck"});
    CHECK_EXIT(now, 0);
    checkHitFormat(now);
    CHECK_FALSE(now.out.empty()); // the providers' network itself is still there
    CHECK_NO_LINE(now.out, kEventLine);

    const RunResult all = searchSample({"schermbeck", "--include-expired"});
    CHECK_EXIT(all, 0);
    CHECK_LINE(all.out, kEventLine);
    CHECK(lines(all.out).size() == lines(now.out).size() + 1);

    const RunResult onTheDay = searchSample({"schermbeck", "--at", "2026-08-19T10:00"});
    CHECK_EXIT(onTheDay, 0);
    CHECK_LINE(onTheDay.out, kEventLine);
    const RunResult dayAfter = searchSample({"schermbeck", "--at", "2026-08-20T10:00"});
    CHECK_EXIT(dayAfter, 0);
    CHECK_NO_LINE(dayAfter.out, kEventLine);

    const RunResult bad = searchSample({"schermbeck", "--at", "gestern"});
    CHECK_EXIT(bad, 2);
    CHECK_LINE(bad.err, "error: --at must be a date/time like 2026-08-19T18:00");
}

// ---------------------------------------------------------------------------
// publish

namespace {

std::string sha256sum(const fs::path& file) {
    const auto tool = findInPath("sha256sum");
    REQUIRE_MESSAGE(tool, "sha256sum not found in PATH");
    const RunResult r = runProgram(*tool, {file.string()});
    REQUIRE_EXIT(r, 0);
    return r.out.substr(0, r.out.find(' '));
}

const json* manifestEntry(const json& manifest, const std::string& channel) {
    for (const auto& p : manifest["packs"])
        if (p["channel"] == channel) return &p;
    return nullptr;
}

} // namespace

TEST_CASE("kiosk-pack: publish writes pack signature and a manifest with size and sha256") {
    const TempDir dir;
    const fs::path web = dir / "web";
    const fs::path& pack = samplePack();
    const RunResult r = kp({"publish", pack.string(), "--to", web.string(), "--pubkey", kDemoPub.string()});
    REQUIRE_EXIT(r, 0);
    const std::string file = "beispiel-" + kVersionText + ".kpack";
    CHECK(listDir(web) == std::vector<std::string>{".htaccess", "_headers", file, file + ".minisig", "manifest.json",
                                                   "nginx-kiosk.conf"});
    CHECK(hasLineStartingWith(r.out, "Published " + file + " ("));
    CHECK_LINE(r.out,
               "Updated " + (web / "manifest.json").string() + " (channel beispiel, version " + kVersionText + ")");
    CHECK(readFile(web / file) == readFile(pack));
    CHECK(readFile(web / (file + ".minisig")) == readFile(sigOf(pack)));

    const json manifest = json::parse(readFile(web / "manifest.json"));
    CHECK(manifest["format"] == 1);
    REQUIRE(manifest["packs"].size() == 1);
    const json& entry = manifest["packs"][0];
    CHECK(entry["channel"] == "beispiel");
    CHECK(entry["version"] == kVersion);
    CHECK(entry["file"] == file);
    CHECK(entry["signature"] == file + ".minisig");
    CHECK(entry["size"] == fs::file_size(web / file));
    CHECK(entry["sha256"] == sha256sum(web / file));
    CHECK(entry["entries"] == sample().entries);
    CHECK(entry["title"] == sample().titleDe);

    // What a kiosk downloads from there verifies.
    CHECK_EXIT(kp({"verify", (web / file).string(), "-p", kDemoPub.string()}), 0);
}

TEST_CASE("kiosk-pack: publish refuses the same version again unless forced") {
    const TempDir dir;
    const fs::path web = dir / "web";
    const fs::path& pack = samplePack();
    REQUIRE_EXIT(kp({"publish", pack.string(), "--to", web.string(), "-p", kDemoPub.string()}), 0);
    const std::string manifestBefore = readFile(web / "manifest.json");

    const RunResult again = kp({"publish", pack.string(), "--to", web.string(), "-p", kDemoPub.string()});
    CHECK_EXIT(again, 1);
    CHECK(again.err == "error: channel beispiel already has version " + kVersionText +
                           " published; this pack is version " + kVersionText +
                           ". Kiosks would not install it. Use --force to publish it anyway.\n");
    CHECK(readFile(web / "manifest.json") == manifestBefore);

    // An older version is refused the same way.
    const fs::path older = dir / "older.kpack";
    buildPack(kSample, older, kVersion - 1, true);
    const RunResult downgrade = kp({"publish", older.string(), "--to", web.string(), "-p", kDemoPub.string()});
    CHECK_EXIT(downgrade, 1);
    CHECK(contains(downgrade.err, "already has version " + kVersionText + " published"));
    CHECK_FALSE(fs::exists(web / ("beispiel-" + std::to_string(kVersion - 1) + ".kpack")));

    const RunResult forced = kp({"publish", pack.string(), "--to", web.string(), "-p", kDemoPub.string(), "--force"});
    CHECK_EXIT(forced, 0);
    const json manifest = json::parse(readFile(web / "manifest.json"));
    REQUIRE(manifest["packs"].size() == 1);
    CHECK(manifest["packs"][0]["version"] == kVersion);
}

TEST_CASE("kiosk-pack: publish keeps the other channels in the manifest") {
    const TempDir dir;
    const fs::path web = dir / "web";
    const fs::path minimal = dir / "minimal.kpack";
    buildPack(testData() / "sources" / "good-minimal", minimal, 3, true);
    REQUIRE_EXIT(kp({"publish", samplePack().string(), "--to", web.string(), "-p", kDemoPub.string()}), 0);
    REQUIRE_EXIT(kp({"publish", minimal.string(), "--to", web.string(), "-p", kDemoPub.string()}), 0);

    json manifest = json::parse(readFile(web / "manifest.json"));
    CHECK(manifest["packs"].size() == 2);
    const json* beispiel = manifestEntry(manifest, "beispiel");
    const json* other = manifestEntry(manifest, "test-minimal");
    REQUIRE(beispiel);
    REQUIRE(other);
    CHECK((*beispiel)["version"] == kVersion);
    CHECK((*other)["version"] == 3);
    CHECK((*other)["file"] == "test-minimal-3.kpack");
    CHECK((*other)["sha256"] == sha256sum(web / "test-minimal-3.kpack"));

    // A newer pack of one channel replaces only that channel's entry.
    const fs::path newer = dir / "newer.kpack";
    buildPack(kSample, newer, kVersion + 1, true);
    REQUIRE_EXIT(kp({"publish", newer.string(), "--to", web.string(), "-p", kDemoPub.string()}), 0);
    manifest = json::parse(readFile(web / "manifest.json"));
    CHECK(manifest["packs"].size() == 2);
    beispiel = manifestEntry(manifest, "beispiel");
    other = manifestEntry(manifest, "test-minimal");
    REQUIRE(beispiel);
    REQUIRE(other);
    CHECK((*beispiel)["version"] == kVersion + 1);
    CHECK((*beispiel)["file"] == "beispiel-" + std::to_string(kVersion + 1) + ".kpack");
    CHECK((*beispiel)["sha256"] == sha256sum(web / ("beispiel-" + std::to_string(kVersion + 1) + ".kpack")));
    CHECK((*other)["version"] == 3);
}

// ---------------------------------------------------------------------------
// publish: cache headers for static hosts (docs/web-refresh.md, "Serving many kiosks")

namespace {

const std::string kHtaccessBody =
    "# Cache headers for Stadtteilkompass kiosks (Apache with mod_headers; needs AllowOverride FileInfo).\n"
    "<IfModule mod_headers.c>\n"
    "    <Files \"manifest.json\">\n"
    "        Header set Cache-Control \"no-cache\"\n"
    "    </Files>\n"
    "    <FilesMatch \"\\.kpack(\\.minisig)?$\">\n"
    "        Header set Cache-Control \"public, max-age=31536000, immutable\"\n"
    "    </FilesMatch>\n"
    "</IfModule>\n";
const std::string kHeadersBody =
    "# Cache headers for Stadtteilkompass kiosks (Netlify / Cloudflare Pages; this folder is the site root).\n"
    "/manifest.json\n"
    "  Cache-Control: no-cache\n"
    "/*.kpack\n"
    "  Cache-Control: public, max-age=31536000, immutable\n"
    "/*.kpack.minisig\n"
    "  Cache-Control: public, max-age=31536000, immutable\n";
const std::string kNginxBody =
    "# Cache headers for Stadtteilkompass kiosks (nginx). In the server { } whose root is this folder:\n"
    "#     include /path/to/this/folder/nginx-kiosk.conf;\n"
    "# ETags (the default) give the kiosks' conditional requests a 304; ranges resume downloads.\n"
    "location = /manifest.json { add_header Cache-Control \"no-cache\"; }\n"
    "location ~ \\.kpack(\\.minisig)?$ { add_header Cache-Control \"public, max-age=31536000, immutable\"; }\n";

// The marker publish puts first: the checksum (16 hex of the body's sha256) tells "written by
// publish and untouched" from "edited".
std::string publishMarker(const std::string& body) {
    return "# Written by kiosk-pack publish, checksum " + kiosk::content::sha256Hex(body).substr(0, 16) +
           ". Edit freely: publish never overwrites a file whose lines no longer match.\n";
}

} // namespace

TEST_CASE("kiosk-pack: publish writes cache headers for Apache and Netlify and nginx") {
    const TempDir dir;
    const fs::path web = dir / "web";
    const RunResult r = kp({"publish", samplePack().string(), "--to", web.string(), "-p", kDemoPub.string()});
    REQUIRE_EXIT(r, 0);
    CHECK(readFile(web / ".htaccess") == publishMarker(kHtaccessBody) + kHtaccessBody);
    CHECK(readFile(web / "_headers") == publishMarker(kHeadersBody) + kHeadersBody);
    CHECK(readFile(web / "nginx-kiosk.conf") == publishMarker(kNginxBody) + kNginxBody);
    CHECK(publishMarker(kHtaccessBody) != publishMarker(kHeadersBody));
    CHECK_LINE(r.out, "Wrote " + (web / ".htaccess").string() + " (cache headers: Apache, mod_headers)");
    CHECK_LINE(r.out, "Wrote " + (web / "_headers").string() + " (cache headers: Netlify, Cloudflare Pages)");
    CHECK_LINE(r.out, "Wrote " + (web / "nginx-kiosk.conf").string() +
                          " (cache headers: nginx: include it in the server block whose root is this folder)");

    // Publishing again leaves the untouched files as they are, without a word.
    const fs::path newer = dir / "newer.kpack";
    buildPack(kSample, newer, kVersion + 1, true);
    const RunResult again = kp({"publish", newer.string(), "--to", web.string(), "-p", kDemoPub.string()});
    REQUIRE_EXIT(again, 0);
    CHECK_FALSE(contains(again.out, ".htaccess"));
    CHECK_FALSE(contains(again.out, "_headers"));
    CHECK_FALSE(contains(again.out, "nginx-kiosk.conf"));
    CHECK(readFile(web / "nginx-kiosk.conf") == publishMarker(kNginxBody) + kNginxBody);
}

TEST_CASE("kiosk-pack: publish never overwrites a server config file the admin edited") {
    const TempDir dir;
    const fs::path web = dir / "web";
    fs::create_directories(web);
    // The admin's own .htaccess, there before the first publish (no marker).
    const std::string own = "Options -Indexes\nHeader set X-Frame-Options DENY\n";
    writeFile(web / ".htaccess", own);
    // A _headers publish wrote with older contents: its marker still matches, so it is updated.
    const std::string oldBody = "/manifest.json\n  Cache-Control: max-age=300\n";
    writeFile(web / "_headers", publishMarker(oldBody) + oldBody);
    const RunResult r = kp({"publish", samplePack().string(), "--to", web.string(), "-p", kDemoPub.string()});
    REQUIRE_EXIT(r, 0);
    CHECK(readFile(web / ".htaccess") == own);
    CHECK_LINE(r.out, "Left " + (web / ".htaccess").string() +
                          " alone: it was edited or not written by publish (Apache, mod_headers); check its cache "
                          "headers against docs/web-refresh.md");
    CHECK(readFile(web / "_headers") == publishMarker(kHeadersBody) + kHeadersBody);
    CHECK_LINE(r.out, "Updated " + (web / "_headers").string() + " (cache headers: Netlify, Cloudflare Pages)");

    // Edited below the marker: the checksum no longer matches, so it is the admin's now.
    const std::string edited = readFile(web / "nginx-kiosk.conf") + "location /intern { deny all; }\n";
    writeFile(web / "nginx-kiosk.conf", edited);
    // A symlink is never followed or replaced either.
    fs::remove(web / "_headers");
    fs::create_symlink(web / "manifest.json", web / "_headers");
    const fs::path newer = dir / "newer.kpack";
    buildPack(kSample, newer, kVersion + 1, true);
    const RunResult again = kp({"publish", newer.string(), "--to", web.string(), "-p", kDemoPub.string()});
    REQUIRE_EXIT(again, 0);
    CHECK(readFile(web / "nginx-kiosk.conf") == edited);
    CHECK(readFile(web / ".htaccess") == own);
    CHECK(fs::is_symlink(web / "_headers"));
    CHECK(hasLineStartingWith(again.out, "Left " + (web / "nginx-kiosk.conf").string() + " alone: "));
    CHECK(hasLineStartingWith(again.out, "Left " + (web / "_headers").string() + " alone: "));
    CHECK(hasLineStartingWith(again.out, "Left " + (web / ".htaccess").string() + " alone: "));
    // The pack itself was published all the same.
    const json manifest = json::parse(readFile(web / "manifest.json"));
    REQUIRE(manifest["packs"].size() == 1);
    CHECK(manifest["packs"][0]["version"] == kVersion + 1);
}

TEST_CASE("kiosk-pack: publish refuses a pack that does not verify") {
    const TempDir dir;
    const fs::path web = dir / "web";
    const fs::path broken = copySamplePack(dir, "kaputt.kpack");
    flipByte(broken, fs::file_size(broken) / 2);
    const RunResult r = kp({"publish", broken.string(), "--to", web.string(), "-p", kDemoPub.string()});
    CHECK_EXIT(r, 1);
    CHECK_LINE(r.err, "Not published: the pack does not verify.");
    CHECK(contains(r.err, "field 'signature': signature does not match the file"));
    CHECK_FALSE(fs::exists(web));

    const fs::path unsignedPack = copySamplePack(dir, "ohne.kpack", false);
    const RunResult noSig = kp({"publish", unsignedPack.string(), "--to", web.string(), "-p", kDemoPub.string()});
    CHECK_EXIT(noSig, 1);
    CHECK_LINE(noSig.err, "Not published: the pack does not verify.");

    writeFile(web / "manifest.json", "{ kaputt");
    const RunResult badManifest = kp({"publish", samplePack().string(), "--to", web.string(), "-p", kDemoPub.string()});
    CHECK_EXIT(badManifest, 1);
    CHECK(badManifest.err.starts_with("error: " + (web / "manifest.json").string() +
                                      ": existing manifest cannot be read ("));
    CHECK(readFile(web / "manifest.json") == "{ kaputt");
}

// ---------------------------------------------------------------------------
// minisign interop: packs and keys must work with the reference tool, since
// staff may sign with minisign and admins may check with it.

TEST_CASE("kiosk-pack: minisign verifies a pack signed by kiosk-pack build" * doctest::skip(!haveMinisign())) {
    const auto minisign = findInPath("minisign");
    REQUIRE(minisign);
    const RunResult r = runProgram(*minisign, {"-Vm", samplePack().string(), "-p", kDemoPub.string()});
    CHECK_EXIT(r, 0);
    CHECK_LINE(r.out, "Trusted comment: channel:beispiel version:" + kVersionText + " file:beispiel.kpack");
}

TEST_CASE("kiosk-pack: kiosk-pack verifies a pack signed by minisign" * doctest::skip(!haveMinisign())) {
    const auto minisign = findInPath("minisign");
    REQUIRE(minisign);
    const TempDir dir;
    const fs::path pack = copySamplePack(dir, "beispiel.kpack", false);
    const std::string okLine = "OK: " + pack.string() + " is intact and signed by trusted key " + kDemoKeyId;

    // demo.key is unencrypted (made with -W), so minisign asks no password.
    for (const bool legacy : {false, true}) {
        CAPTURE(legacy);
        std::vector<std::string> args{
            "-S", "-s", kDemoKey.string(), "-m", pack.string(), "-t", "channel:beispiel version:" + kVersionText};
        if (legacy) args.push_back("-l"); // the pre-0.11 signature over the whole file instead of its hash
        REQUIRE_EXIT(runProgram(*minisign, args), 0);
        const RunResult r = kp({"verify", pack.string(), "-p", kDemoPub.string()});
        CHECK_EXIT(r, 0);
        CHECK_LINE(r.out, okLine);
    }

    // A correctly signed pack cannot be relabelled through the trusted comment.
    REQUIRE_EXIT(runProgram(*minisign, {"-S", "-s", kDemoKey.string(), "-m", pack.string(), "-t",
                                        "channel:beispiel version:" + std::to_string(kVersion + 1)}),
                 0);
    const RunResult wrongVersion = kp({"verify", pack.string(), "-p", kDemoPub.string()});
    CHECK_EXIT(wrongVersion, 1);
    CHECK_LINE(wrongVersion.err, "error: " + pack.string() + ": field 'metadata': signature is for version " +
                                     std::to_string(kVersion + 1) + " but the pack says version " + kVersionText);
    CHECK_LINE(wrongVersion.err, "FAILED: " + pack.string() + " must not be installed.");

    REQUIRE_EXIT(runProgram(*minisign, {"-S", "-s", kDemoKey.string(), "-m", pack.string(), "-t",
                                        "channel:andere version:" + kVersionText}),
                 0);
    const RunResult wrongChannel = kp({"verify", pack.string(), "-p", kDemoPub.string()});
    CHECK_EXIT(wrongChannel, 1);
    CHECK(contains(wrongChannel.err, "signature is for channel 'andere' but the pack says channel 'beispiel'"));

    // minisign's default trusted comment names neither channel nor version.
    REQUIRE_EXIT(runProgram(*minisign, {"-S", "-s", kDemoKey.string(), "-m", pack.string()}), 0);
    const RunResult noComment = kp({"verify", pack.string(), "-p", kDemoPub.string()});
    CHECK_EXIT(noComment, 1);
    CHECK(contains(noComment.err, "trusted comment does not name the pack's channel and version"));
}

TEST_CASE("kiosk-pack: minisign uses keys made by kiosk-pack keygen" * doctest::skip(!haveMinisign())) {
    const auto minisign = findInPath("minisign");
    REQUIRE(minisign);
    const TempDir dir;
    const fs::path pack = copySamplePack(dir, "beispiel.kpack", false);
    const std::string comment = "channel:beispiel version:" + kVersionText;

    SUBCASE("encrypted key, passphrase typed on stdin") {
        writeFile(dir / "pass.txt", "Sonnenblume 42\n");
        const fs::path base = dir / "staff";
        REQUIRE_EXIT(kp({"keygen", "-o", base.string(), "--passphrase-file", (dir / "pass.txt").string(), "--kdf",
                         "interactive"}),
                     0);
        RunOptions typed;
        typed.stdinFile = dir / "pass.txt";
        REQUIRE_EXIT(
            runProgram(*minisign, {"-S", "-s", base.string() + ".key", "-m", pack.string(), "-t", comment}, typed), 0);
        CHECK_EXIT(kp({"verify", pack.string(), "-p", base.string() + ".pub"}), 0);
        // And the other way: kiosk-pack signs, minisign checks against the kiosk-pack public key.
        REQUIRE_EXIT(kp({"sign", pack.string(), "--key", base.string() + ".key", "--passphrase-file",
                         (dir / "pass.txt").string()}),
                     0);
        CHECK_EXIT(runProgram(*minisign, {"-Vm", pack.string(), "-p", base.string() + ".pub"}), 0);
    }
    SUBCASE("unencrypted key") {
        const fs::path base = makeUnencryptedKey(dir, "staff");
        REQUIRE_EXIT(runProgram(*minisign, {"-S", "-s", base.string() + ".key", "-m", pack.string(), "-t", comment}),
                     0);
        CHECK_EXIT(kp({"verify", pack.string(), "-p", base.string() + ".pub"}), 0);
        REQUIRE_EXIT(kp({"sign", pack.string(), "--key", base.string() + ".key"}), 0);
        CHECK_EXIT(runProgram(*minisign, {"-Vm", pack.string(), "-p", base.string() + ".pub"}), 0);
    }
}
