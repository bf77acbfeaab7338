#include "fuzz_support.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <system_error>
#include <unistd.h>

namespace kiosk::fuzz {
namespace {

struct Scratch {
    std::filesystem::path dir;
    Scratch() {
        std::filesystem::path base = "/dev/shm";
        if (const char* t = std::getenv("TMPDIR"); t && *t) base = t;
        else if (!std::filesystem::is_directory(base)) base = std::filesystem::temp_directory_path();
        std::string templ = (base / "kiosk-fuzz-XXXXXX").string();
        if (!mkdtemp(templ.data())) {
            std::perror("kiosk fuzz: mkdtemp");
            std::abort();
        }
        dir = templ;
    }
    ~Scratch() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

} // namespace

const std::filesystem::path& scratchDir() {
    static const Scratch scratch;
    return scratch.dir;
}

void writeFile(const std::filesystem::path& file, std::string_view bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
        std::fprintf(stderr, "kiosk fuzz: cannot write %s\n", file.c_str());
        std::abort();
    }
}

} // namespace kiosk::fuzz
