#pragma once
// RAII temporary directory for tests: created empty under $TMPDIR (or /tmp),
// removed recursively with everything in it when the object goes out of scope.
#include <filesystem>
#include <string>
#include <string_view>

namespace kiosk::test {

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(std::string_view name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

// Whole-file helpers; they throw on I/O failure (a test setup failure, not a finding).
std::string readFile(const std::filesystem::path& path);
void writeFile(const std::filesystem::path& path, std::string_view bytes);

// Directory holding the checked-in test data (tests/data).
std::filesystem::path testData();
// The repository root.
std::filesystem::path sourceDir();

} // namespace kiosk::test
