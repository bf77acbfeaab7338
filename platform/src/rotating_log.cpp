#include "kiosk/platform/rotating_log.h"

#include "unique_fd.h"

#include "kiosk/platform/file_safety.h"

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kiosk::platform {

namespace fs = std::filesystem;

namespace {

// One line stays well below a page, so the staff screen never gets a wall of text.
constexpr std::size_t kMaxLineBytes = 2000;

using detail::Fd;

// Appends `text` keeping it on one line: a newline inside a message (an
// exception's what(), a server's reply) becomes " | ", other control bytes a space.
void appendOneLine(std::string& out, std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            out += " | ";
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            out += ' ';
        } else {
            out += c;
        }
    }
}

// Cuts at a UTF-8 character boundary so a long German message stays valid text.
void truncateUtf8(std::string& s, std::size_t max) {
    if (s.size() <= max) return;
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s.resize(cut);
    s += "...";
}

bool writeAll(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

fs::path rotated(const fs::path& file, int i) {
    return fs::path(file.string() + "." + std::to_string(i));
}

// The last `n` lines of `file` (oldest first), reading backwards in blocks so a
// full 256 KiB file is not read for 50 lines.
std::vector<std::string> lastLines(const fs::path& file, std::size_t n) {
    std::vector<std::string> lines;
    if (n == 0) return lines;
    Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return lines;
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return lines;
    off_t pos = st.st_size;
    std::string tail; // the bytes read so far, from `pos` to the end
    constexpr off_t kBlock = 8192;
    auto newlines = [&] { return static_cast<std::size_t>(std::count(tail.begin(), tail.end(), '\n')); };
    while (pos > 0 && newlines() <= n) {
        const off_t start = std::max<off_t>(0, pos - kBlock);
        std::string block(static_cast<std::size_t>(pos - start), '\0');
        const ssize_t got = ::pread(fd.get(), block.data(), block.size(), start);
        if (got != static_cast<ssize_t>(block.size())) break;
        tail.insert(0, block);
        pos = start;
    }
    // Split; a first partial line (pos > 0) is dropped, empty lines are skipped.
    std::size_t begin = 0;
    if (pos > 0) {
        const auto nl = tail.find('\n');
        begin = nl == std::string::npos ? tail.size() : nl + 1;
    }
    while (begin < tail.size()) {
        auto end = tail.find('\n', begin);
        if (end == std::string::npos) end = tail.size();
        if (end > begin) lines.emplace_back(tail, begin, end - begin);
        begin = end + 1;
    }
    if (lines.size() > n) lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(n));
    return lines;
}

} // namespace

RotatingLog::RotatingLog(fs::path file, std::size_t maxBytes, int keep)
    : m_file(std::move(file)), m_maxBytes(std::max<std::size_t>(maxBytes, 1)), m_keep(std::max(keep, 0)) {}

bool RotatingLog::write(std::string_view category, std::string_view message) {
    std::string line;
    {
        const std::time_t t = std::time(nullptr);
        std::tm tm{};
        ::localtime_r(&t, &tm);
        char stamp[32];
        std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S ", &tm);
        line = stamp;
    }
    appendOneLine(line, category);
    line += ": ";
    appendOneLine(line, message);
    truncateUtf8(line, kMaxLineBytes);
    line += '\n';

    std::lock_guard lock(m_mutex);
    (void)writeAll(STDERR_FILENO, line);

    Fd fd(::open(m_file.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
    if (fd.get() < 0) return false;
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return false;
    auto size = static_cast<std::size_t>(st.st_size);

    if (size > 0 && size + line.size() > m_maxBytes) {
        // Rotate: kiosk.log.<keep> falls off, each older file moves up one.
        std::error_code ec;
        if (m_keep == 0) {
            fs::remove(m_file, ec);
        } else {
            fs::remove(rotated(m_file, m_keep), ec);
            for (int i = m_keep - 1; i >= 1; --i) fs::rename(rotated(m_file, i), rotated(m_file, i + 1), ec);
            fs::rename(m_file, rotated(m_file, 1), ec);
        }
        (void)syncDirectory(m_file.parent_path());
        Fd fresh(::open(m_file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
        if (fresh.get() < 0) return false;
        return writeAll(fresh.get(), line) && ::fdatasync(fresh.get()) == 0;
    }

    // A power cut mid-line leaves a last line without '\n': start a fresh one
    // instead of gluing this line onto the torn one.
    if (size > 0) {
        char last = '\n';
        if (::pread(fd.get(), &last, 1, static_cast<off_t>(size - 1)) == 1 && last != '\n') line.insert(0, "\n");
    }
    // One write() per line with O_APPEND: concurrent writers (threads here,
    // another process) never interleave inside a line. fdatasync so a power
    // cut loses at most this line.
    return writeAll(fd.get(), line) && ::fdatasync(fd.get()) == 0;
}

std::vector<std::string> RotatingLog::tail(std::size_t n) const {
    std::lock_guard lock(m_mutex);
    std::vector<std::string> out = lastLines(m_file, n);
    for (int i = 1; i <= m_keep && out.size() < n; ++i) {
        auto older = lastLines(rotated(m_file, i), n - out.size());
        out.insert(out.begin(), older.begin(), older.end());
    }
    return out;
}

} // namespace kiosk::platform
