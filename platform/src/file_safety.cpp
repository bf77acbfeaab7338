#include "kiosk/platform/file_safety.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace kiosk::platform {

namespace {

class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0) ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }
    int release() {
        int fd = m_fd;
        m_fd = -1;
        return fd;
    }

private:
    int m_fd;
};

IoStatus writeAll(int fd, const char* data, std::size_t size, const std::filesystem::path& path) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            return IoStatus::failure(path, "cannot write", errno);
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return {};
}

IoStatus closeChecked(Fd& fd, const std::filesystem::path& path) {
    // close() can report deferred write errors (NFS, full disks); do not lose them.
    if (::close(fd.release()) != 0) return IoStatus::failure(path, "cannot close", errno);
    return {};
}

// The second half of every atomic write: given the outcome of writing `tmp`
// through `fd`, sync and close it, rename it over `target` and sync the
// directory; on any failure the temporary file is removed.
IoStatus finishTemporary(Fd& fd, const std::filesystem::path& tmp, const std::filesystem::path& target, IoStatus s) {
    if (s && ::fsync(fd.get()) != 0) s = IoStatus::failure(tmp, "cannot sync", errno);
    if (s) s = closeChecked(fd, tmp);
    if (!s) {
        ::unlink(tmp.c_str());
        return s;
    }
    if (::rename(tmp.c_str(), target.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return IoStatus::failure(target, "cannot rename into place", err);
    }
    return syncDirectory(target.parent_path());
}

} // namespace

IoStatus IoStatus::failure(const std::filesystem::path& path, std::string_view what, int err) {
    return IoStatus{path.string() + ": " + std::string(what) + ": " + std::strerror(err)};
}

std::filesystem::path temporarySibling(const std::filesystem::path& target) {
    static std::atomic<unsigned> counter{0};
    return std::filesystem::path(target.string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                                 std::to_string(counter++));
}

IoStatus syncFile(const std::filesystem::path& file) {
    Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return IoStatus::failure(file, "cannot open for sync", errno);
    if (::fsync(fd.get()) != 0) return IoStatus::failure(file, "cannot sync", errno);
    return {};
}

IoStatus syncDirectory(const std::filesystem::path& dir) {
    const auto d = dir.empty() ? std::filesystem::path(".") : dir;
    Fd fd(::open(d.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0) return IoStatus::failure(d, "cannot open directory for sync", errno);
    if (::fsync(fd.get()) != 0) return IoStatus::failure(d, "cannot sync directory", errno);
    return {};
}

IoStatus commitFile(const std::filesystem::path& tmp, const std::filesystem::path& target) {
    if (auto s = syncFile(tmp); !s) return s;
    if (::rename(tmp.c_str(), target.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return IoStatus::failure(target, "cannot rename into place", err);
    }
    return syncDirectory(target.parent_path());
}

IoStatus writeFileAtomic(const std::filesystem::path& target, std::string_view bytes, unsigned mode) {
    const auto tmp = temporarySibling(target);
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
    if (fd.get() < 0) return IoStatus::failure(tmp, "cannot create", errno);
    return finishTemporary(fd, tmp, target, writeAll(fd.get(), bytes.data(), bytes.size(), tmp));
}

IoStatus copyFileAtomic(const std::filesystem::path& source, const std::filesystem::path& target,
                        const CopyProgress& progress) {
    Fd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.get() < 0) return IoStatus::failure(source, "cannot open", errno);
    struct stat st {};
    if (::fstat(in.get(), &st) != 0) return IoStatus::failure(source, "cannot stat", errno);
    if (!S_ISREG(st.st_mode)) return IoStatus{source.string() + ": not a regular file"};
    const auto total = static_cast<std::uint64_t>(st.st_size);

    const auto tmp = temporarySibling(target);
    Fd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (out.get() < 0) return IoStatus::failure(tmp, "cannot create", errno);
    std::string buf(1 << 20, '\0');
    std::uint64_t done = 0;
    IoStatus s;
    while (s) {
        const ssize_t n = ::read(in.get(), buf.data(), buf.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            s = IoStatus::failure(source, "cannot read", errno);
            break;
        }
        if (n == 0) break;
        s = writeAll(out.get(), buf.data(), static_cast<std::size_t>(n), tmp);
        done += static_cast<std::uint64_t>(n);
        if (progress) progress(done, total);
    }
    return finishTemporary(out, tmp, target, s);
}

std::optional<std::uint64_t> freeSpace(const std::filesystem::path& path) {
    struct statvfs vfs {};
    if (::statvfs(path.c_str(), &vfs) != 0) return std::nullopt;
    return static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize;
}

} // namespace kiosk::platform
