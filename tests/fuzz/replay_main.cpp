// A main() for the fuzz harnesses outside libFuzzer: runs LLVMFuzzerTestOneInput
// once per file named on the command line (folders: every regular file in them,
// sorted, recursively). Used by CTest in every preset, so the seeds and every
// input that once crashed a fuzzer (tests/fuzz/corpus/) run on each test run.
// Exit code 0 when all inputs ran (a crash aborts the process, failing the test);
// 1 when an argument does not exist or no input was found at all.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    std::vector<std::filesystem::path> files;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path arg = argv[i];
        if (std::filesystem::is_directory(arg)) {
            for (const auto& e : std::filesystem::recursive_directory_iterator(arg))
                if (e.is_regular_file()) files.push_back(e.path());
        } else if (std::filesystem::is_regular_file(arg)) {
            files.push_back(arg);
        } else {
            std::fprintf(stderr, "replay: %s: no such file or folder\n", argv[i]);
            return 1;
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "replay: no inputs given\n");
        return 1;
    }
    for (const auto& f : files) {
        std::string bytes;
        if (std::FILE* in = std::fopen(f.c_str(), "rb")) {
            char buf[65536];
            std::size_t n = 0;
            while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) bytes.append(buf, n);
            std::fclose(in);
        } else {
            std::fprintf(stderr, "replay: %s: cannot read\n", f.c_str());
            return 1;
        }
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
    std::printf("replay: %zu inputs ran\n", files.size());
    return 0;
}
