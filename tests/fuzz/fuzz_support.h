#pragma once
// Shared by the fuzz harnesses (tests/fuzz/, docs/fuzzing.md): a private scratch
// folder per process for harnesses whose code under test reads files, and a
// helper to write one input there.
//
// Every harness defines LLVMFuzzerTestOneInput; built with clang's libFuzzer
// (preset `fuzz`) it is a fuzzer, built with replay_main.cpp (every other
// preset) it replays the seed and regression files given on its command line,
// so each CTest run exercises the harnesses and every input that ever crashed.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

namespace kiosk::fuzz {

// A folder of this process's own, created on first use (under $TMPDIR, or /dev/shm
// when it exists, which keeps the fuzzers off the disk), removed at exit.
const std::filesystem::path& scratchDir();

// Writes `bytes` to `file` (truncating). Aborts on failure: a harness that
// cannot write its input would fuzz nothing.
void writeFile(const std::filesystem::path& file, std::string_view bytes);

inline std::string_view asText(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

} // namespace kiosk::fuzz
