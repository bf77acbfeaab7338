// The kiosk log: one line per event, rotation by size, tail across files.
#include "temp_dir.h"

#include "kiosk/platform/rotating_log.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <regex>
#include <set>
#include <thread>

using namespace kiosk::platform;
using kiosk::test::readFile;
using kiosk::test::TempDir;
using kiosk::test::writeFile;
namespace fs = std::filesystem;

namespace {

// The stamp is local time and changes; compare what follows it.
std::string body(const std::string& line) {
    static const std::regex stamp(R"(^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d )");
    REQUIRE(std::regex_search(line, stamp));
    return line.substr(20);
}

std::vector<std::string> bodies(const std::vector<std::string>& lines) {
    std::vector<std::string> out;
    for (const auto& l : lines) out.push_back(body(l));
    return out;
}

std::size_t lineCount(const fs::path& file) {
    const auto text = readFile(file);
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// stderr is part of the contract (journald keeps it) but noise in test output.
class QuietStderr {
public:
    QuietStderr() : m_saved(::dup(2)) {
        FILE* null = std::fopen("/dev/null", "w");
        ::dup2(::fileno(null), 2);
        std::fclose(null);
    }
    ~QuietStderr() {
        ::dup2(m_saved, 2);
        ::close(m_saved);
    }
    QuietStderr(const QuietStderr&) = delete;
    QuietStderr& operator=(const QuietStderr&) = delete;

private:
    int m_saved;
};

} // namespace

TEST_CASE("rotating_log: writes stamped lines and reads them back") {
    QuietStderr quiet;
    TempDir dir;
    RotatingLog log(dir / "kiosk.log");
    CHECK(log.file() == dir / "kiosk.log");
    CHECK(log.tail(50).empty()); // no file yet
    CHECK(log.write("install", "beispiel v5 installed (142 entries)"));
    CHECK(log.write("refused", "beispiel.kpack: signature does not match"));
    const auto text = readFile(dir / "kiosk.log");
    CHECK(std::regex_match(text,
                           std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d install: beispiel v5 installed \(142 entries\)
\d{4}-\d\d-\d\d \d\d:\d\d:\d\d refused: beispiel.kpack: signature does not match
)")));
    CHECK(bodies(log.tail(50)) == std::vector<std::string>{"install: beispiel v5 installed (142 entries)",
                                                           "refused: beispiel.kpack: signature does not match"});
    CHECK(bodies(log.tail(1)) == std::vector<std::string>{"refused: beispiel.kpack: signature does not match"});
    CHECK(log.tail(0).empty());
}

TEST_CASE("rotating_log: a message with newlines stays one line") {
    QuietStderr quiet;
    TempDir dir;
    RotatingLog log(dir / "kiosk.log");
    REQUIRE(log.write("error", "download failed:\nHTTP 404\r\nNot Found\tbody"));
    CHECK(lineCount(dir / "kiosk.log") == 1);
    CHECK(bodies(log.tail(50)) == std::vector<std::string>{"error: download failed: | HTTP 404 | Not Found body"});
    // A very long message is cut at a character boundary, still one line.
    std::string longText;
    for (int i = 0; i < 1000; ++i) longText += "ä";
    REQUIRE(log.write("error", longText));
    const auto lines = log.tail(50);
    REQUIRE(lines.size() == 2);
    CHECK(lines[1].size() <= 2003);
    CHECK(lines[1].substr(lines[1].size() - 5) == "ä...");
}

TEST_CASE("rotating_log: rotates at the size limit keeping keep old files") {
    QuietStderr quiet;
    TempDir dir;
    // Each line is 20 (stamp) + 11 ("event: n100") + 1 = 32 bytes: 6 fit in 200 bytes.
    RotatingLog log(dir / "kiosk.log", 200, 2);
    for (int i = 0; i < 30; ++i) REQUIRE(log.write("event", "n" + std::to_string(100 + i)));
    CHECK(fs::exists(dir / "kiosk.log"));
    CHECK(fs::exists(dir / "kiosk.log.1"));
    CHECK(fs::exists(dir / "kiosk.log.2"));
    CHECK_FALSE(fs::exists(dir / "kiosk.log.3"));
    for (const auto* name : {"kiosk.log", "kiosk.log.1", "kiosk.log.2"}) CHECK(fs::file_size(dir / name) <= 200);
    // 30 lines = 5 full files of 6; the two oldest fell off.
    CHECK(lineCount(dir / "kiosk.log") == 6);
    CHECK(lineCount(dir / "kiosk.log.1") == 6);
    CHECK(lineCount(dir / "kiosk.log.2") == 6);
    CHECK(body(readFile(dir / "kiosk.log.2").substr(0, 31)) == "event: n112");
    CHECK(bodies(log.tail(3)) == std::vector<std::string>{"event: n127", "event: n128", "event: n129"});
}

TEST_CASE("rotating_log: tail of 50 reads across rotated files oldest first") {
    QuietStderr quiet;
    TempDir dir;
    RotatingLog log(dir / "kiosk.log", 1000, 2); // 31 lines of 32 bytes per file
    for (int i = 0; i < 100; ++i) REQUIRE(log.write("event", "n" + std::to_string(100 + i)));
    const auto lines = log.tail(50);
    REQUIRE(lines.size() == 50);
    for (int i = 0; i < 50; ++i)
        CHECK(body(lines[static_cast<std::size_t>(i)]) == "event: n" + std::to_string(150 + i));
    // More than the files hold: everything that is left (7 + 31 + 31), in order.
    const auto all = log.tail(1000);
    CHECK(all.size() == 69);
    CHECK(body(all.back()) == "event: n199");
    for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].substr(20) < all[i].substr(20));
}

TEST_CASE("rotating_log: a torn last line from a power cut is not glued to the next") {
    QuietStderr quiet;
    TempDir dir;
    writeFile(dir / "kiosk.log", "2026-11-21 10:00:00 install: beispiel v4 installed\n2026-11-21 10:00:01 ins");
    RotatingLog log(dir / "kiosk.log");
    REQUIRE(log.write("install", "beispiel v5 installed"));
    CHECK(bodies(log.tail(3)) ==
          std::vector<std::string>{"install: beispiel v4 installed", "ins", "install: beispiel v5 installed"});
}

TEST_CASE("rotating_log: an unwritable log returns false and does not throw") {
    QuietStderr quiet;
    TempDir dir;
    RotatingLog log(dir / "missing-folder" / "kiosk.log");
    CHECK_FALSE(log.write("error", "nowhere to go"));
    CHECK(log.tail(50).empty());
}

TEST_CASE("rotating_log: concurrent writers from threads never mix lines") {
    QuietStderr quiet;
    TempDir dir;
    RotatingLog log(dir / "kiosk.log", 4096, 50);
    constexpr int kThreads = 4, kLines = 100;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kLines; ++i)
                log.write("thread" + std::to_string(t), "line " + std::to_string(i) + " " + std::string(40, 'x'));
        });
    for (auto& th : threads) th.join();
    const auto lines = log.tail(10000);
    REQUIRE(lines.size() == kThreads * kLines); // nothing lost across rotations
    std::set<std::string> seen;
    const std::regex shape(R"(thread[0-3]: line \d+ x{40})");
    for (const auto& l : lines) {
        CHECK(std::regex_match(body(l), shape));
        seen.insert(body(l));
    }
    CHECK(seen.size() == kThreads * kLines);
}
