#include "kiosk/platform/file_safety.h"

#include "unique_fd.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/file.h>
#include <sys/statvfs.h>
#include <thread>
#include <vector>
#include <unistd.h>

namespace kiosk::platform {

namespace {

using detail::Fd;

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

IoStatus replaceSymlinkAtomic(const std::filesystem::path& link, const std::filesystem::path& target,
                              const std::filesystem::path& tempName) {
    const auto tmp = tempName.empty() ? temporarySibling(link) : tempName;
    ::unlink(tmp.c_str()); // a leftover of an earlier crash under the same name
    if (::symlink(target.c_str(), tmp.c_str()) != 0) return IoStatus::failure(tmp, "cannot create link", errno);
    if (::rename(tmp.c_str(), link.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return IoStatus::failure(link, "cannot rename link into place", err);
    }
    return syncDirectory(link.parent_path());
}

IoStatus removeTree(const std::filesystem::path& path) {
    std::error_code ec;
    std::filesystem::remove_all(path, ec); // remove_all does not follow symlinks
    if (ec) return IoStatus::failure(path, "cannot remove", ec.value());
    return {};
}

CopyOutcome copyFileDurable(const std::filesystem::path& source, const std::filesystem::path& target,
                            const CopyOptions& options) {
    using F = CopyOutcome::Failure;
    CopyOutcome r;
    auto fail = [&](F f, IoStatus s) {
        r.failure = f;
        r.status = std::move(s);
        return r;
    };
    auto targetFailure = [](int err) { return err == ENOSPC || err == EDQUOT ? F::NoSpace : F::Target; };

    IoStatus opened;
    Fd in(openRegularFile(source, opened));
    if (in.get() < 0) return fail(F::Source, std::move(opened));
    struct stat st {};
    if (::fstat(in.get(), &st) != 0) return fail(F::Source, IoStatus::failure(source, "cannot stat", errno));
    const auto total = static_cast<std::uint64_t>(st.st_size);
    ::posix_fadvise(in.get(), 0, 0, POSIX_FADV_SEQUENTIAL);

    Fd out(::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (out.get() < 0) {
        const int err = errno;
        return fail(targetFailure(err), IoStatus::failure(target, "cannot create", err));
    }
    // From here on every failure removes the partial target.
    auto failOut = [&](F f, IoStatus s) {
        ::unlink(target.c_str());
        return fail(f, std::move(s));
    };
    if (total > 0) {
        // Reserve the space up front: a full disk is known before the copy, not after it.
        const int err = ::posix_fallocate(out.get(), 0, static_cast<off_t>(total));
        if (err != 0 && err != EOPNOTSUPP && err != EINVAL)
            return failOut(targetFailure(err), IoStatus::failure(target, "cannot reserve space", err));
    }

    std::vector<char> buf(std::max<std::size_t>(options.chunkBytes, 4096));
    std::uint64_t done = 0, flushedTo = 0;
    for (;;) {
        if (options.cancel && options.cancel->load()) return failOut(F::Cancelled, IoStatus{source.string() + ": copy cancelled"});
        ssize_t n = 0;
        std::size_t want = buf.size();
        // Read a whole chunk (a short read is not the end of the file on every file system).
        std::size_t got = 0;
        while (got < want) {
            n = ::read(in.get(), buf.data() + got, want - got);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            got += static_cast<std::size_t>(n);
        }
        if (n < 0) return failOut(F::Source, IoStatus::failure(source, "cannot read", errno));
        if (got > 0) {
            const char* p = buf.data();
            std::size_t left = got;
            while (left > 0) {
                const ssize_t w = ::write(out.get(), p, left);
                if (w < 0) {
                    if (errno == EINTR) continue;
                    const int err = errno;
                    return failOut(targetFailure(err), IoStatus::failure(target, "cannot write", err));
                }
                p += w;
                left -= static_cast<std::size_t>(w);
            }
            done += got;
            // Start write-back of what is written so far, so the final fsync has little left to do.
            if (done - flushedTo >= (32u << 20)) {
                ::sync_file_range(out.get(), static_cast<off_t>(flushedTo), static_cast<off_t>(done - flushedTo),
                                  SYNC_FILE_RANGE_WRITE);
                flushedTo = done;
            }
            if (options.progress && !options.progress(done, total))
                return failOut(F::Cancelled, IoStatus{source.string() + ": copy cancelled"});
            if (options.step) options.step();
        }
        if (got < want) break; // end of file
    }
    // A file that shrank or grew while we copied it is not the file we checked.
    struct stat after {};
    if (::fstat(in.get(), &after) != 0)
        return failOut(F::Source, IoStatus::failure(source, "cannot stat", errno));
    if (done != total || static_cast<std::uint64_t>(after.st_size) != total)
        return failOut(F::Source, IoStatus{source.string() + ": file changed while being copied (" +
                                           std::to_string(total) + " bytes at the start, " +
                                           std::to_string(after.st_size) + " now, " + std::to_string(done) +
                                           " read)"});
    if (options.step) options.step();
    if (::fsync(out.get()) != 0) {
        const int err = errno;
        return failOut(targetFailure(err), IoStatus::failure(target, "cannot sync", err));
    }
    if (::close(out.release()) != 0) {
        const int err = errno;
        return failOut(targetFailure(err), IoStatus::failure(target, "cannot close", err));
    }
    r.bytes = done;
    return r;
}

int lockFileExclusive(const std::filesystem::path& lockFile, std::chrono::milliseconds wait, std::string& error,
                      const std::atomic<bool>* cancel) {
    // Read-only: flock() works on any open descriptor, so a lock file that
    // root created 0644 (`sudo kiosk --install`) can still be locked by the kiosk user.
    Fd fd(::open(lockFile.c_str(), O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666));
    if (fd.get() < 0) {
        error = IoStatus::failure(lockFile, "cannot open lock file", errno).error;
        return -1;
    }
    // The umask (077 under systemd's UMask=, 022 in a shell) must not decide who may lock it.
    struct stat st {};
    if (::fstat(fd.get(), &st) == 0 && st.st_uid == ::geteuid() && (st.st_mode & 07777) != 0666)
        ::fchmod(fd.get(), 0666); // best effort: the lock works without it
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
        if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) return fd.release();
        if (errno != EWOULDBLOCK && errno != EINTR) {
            error = IoStatus::failure(lockFile, "cannot lock", errno).error;
            return -1;
        }
        if (cancel && cancel->load()) {
            error = lockFile.string() + ": cancelled while waiting for the lock";
            return -1;
        }
        if (std::chrono::steady_clock::now() >= deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    error = lockFile.string() + ": held by another process (another install or recovery is running) for " +
            std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wait).count()) + " s";
    return -1;
}

namespace {

const char* kindOf(mode_t mode) {
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISLNK(mode)) return "a symbolic link";
    if (S_ISDIR(mode)) return "a folder";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device node";
    if (S_ISSOCK(mode)) return "a socket";
    return "of an unknown kind";
}

} // namespace

int openRegularFile(const std::filesystem::path& path, IoStatus& status, bool* missing) {
    if (missing) *missing = false;
    auto notRegular = [&](mode_t mode) {
        status = IoStatus{path.string() + ": not a regular file (" + kindOf(mode) + ")"};
        return -1;
    };
    // Look before opening: opening a device node can have effects of its own.
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        const int err = errno;
        if (missing) *missing = err == ENOENT || err == ENOTDIR;
        status = IoStatus::failure(path, "cannot open", err);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) return notRegular(st.st_mode);
    // O_NONBLOCK: should the name have become a FIFO since the lstat, open() still returns at once.
    Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (fd.get() < 0) {
        const int err = errno;
        if (err == ELOOP) return notRegular(S_IFLNK); // swapped for a symlink since the lstat
        if (missing) *missing = err == ENOENT;
        status = IoStatus::failure(path, "cannot open", err);
        return -1;
    }
    if (::fstat(fd.get(), &st) != 0) {
        status = IoStatus::failure(path, "cannot stat", errno);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) return notRegular(st.st_mode);
    // Regular files ignore O_NONBLOCK today; clear it so no file system ever returns EAGAIN to a reader.
    const int flags = ::fcntl(fd.get(), F_GETFL);
    if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) {
        status = IoStatus::failure(path, "cannot clear O_NONBLOCK", errno);
        return -1;
    }
    status = {};
    return fd.release();
}

SmallFile readRegularFile(const std::filesystem::path& path, std::size_t maxBytes) {
    SmallFile r;
    Fd fd(openRegularFile(path, r.status, &r.missing));
    if (fd.get() < 0) return r;
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        r.status = IoStatus::failure(path, "cannot stat", errno);
        return r;
    }
    r.size = static_cast<std::uint64_t>(st.st_size);
    if (r.size > maxBytes) {
        r.status = IoStatus{path.string() + ": larger than " + std::to_string(maxBytes) + " bytes"};
        return r;
    }
    // One byte more than allowed, so a file that grew after the fstat is noticed.
    r.bytes.resize(maxBytes + 1);
    std::size_t got = 0;
    while (got < r.bytes.size()) {
        const ssize_t n = ::read(fd.get(), r.bytes.data() + got, r.bytes.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            r.status = IoStatus::failure(path, "cannot read", errno);
            r.bytes.clear();
            return r;
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    if (got > maxBytes) {
        r.status = IoStatus{path.string() + ": larger than " + std::to_string(maxBytes) + " bytes"};
        r.bytes.clear();
        return r;
    }
    r.bytes.resize(got);
    r.size = got;
    return r;
}

} // namespace kiosk::platform
