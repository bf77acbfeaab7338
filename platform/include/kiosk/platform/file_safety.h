#pragma once
// File safety on Linux: writes that survive a power cut at any moment.
//
// The pattern everywhere: write to a temporary name in the same directory,
// fsync the file, rename() over the final name (atomic on POSIX file
// systems), fsync the directory so the rename itself is durable. A reader
// therefore sees the old file or the new one, never a mix.
//
// Failure: every function returns IoStatus; ok() or an error naming the path
// and the system's reason (strerror). Temporary files are removed on failure.
// Thread safety: reentrant; concurrent writers of the same path race (last
// rename wins) but never produce a torn file.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::platform {

struct IoStatus {
    std::string error; // empty on success; "path: reason" otherwise
    bool ok() const { return error.empty(); }
    explicit operator bool() const { return ok(); }
    static IoStatus failure(const std::filesystem::path& path, std::string_view what, int err);
};

IoStatus syncFile(const std::filesystem::path& file);
IoStatus syncDirectory(const std::filesystem::path& dir);

// fsync `tmp`, rename it to `target`, fsync target's directory.
IoStatus commitFile(const std::filesystem::path& tmp, const std::filesystem::path& target);

// Atomically replaces `target` with `bytes` (mode applies to the new file).
IoStatus writeFileAtomic(const std::filesystem::path& target, std::string_view bytes, unsigned mode = 0644);

// Copies `source` to `target` atomically in 1 MiB chunks, calling progress(done, total).
using CopyProgress = std::function<void(std::uint64_t done, std::uint64_t total)>;
IoStatus copyFileAtomic(const std::filesystem::path& source, const std::filesystem::path& target,
                        const CopyProgress& progress = {});

// Bytes available to an unprivileged user on the file system holding `path`.
std::optional<std::uint64_t> freeSpace(const std::filesystem::path& path);

// A temporary name beside `target` ("target.tmp-<pid>-<n>").
std::filesystem::path temporarySibling(const std::filesystem::path& target);

// ---- Additions for the pack install path (issue 4) ----

// Points the symlink `link` at `target` atomically: a new link under a
// temporary name beside it, rename() over `link`, fsync of the directory. A
// reader sees the old target or the new one, never no link. `target` is stored
// as given (pass a bare name for a link relative to its own folder).
// `tempName` names the temporary link (default "<link>.tmp-<pid>-<n>") so a
// caller can recognise and remove leftovers after a crash.
IoStatus replaceSymlinkAtomic(const std::filesystem::path& link, const std::filesystem::path& target,
                              const std::filesystem::path& tempName = {});

// Removes `path` and everything below it (no error when it does not exist).
// Symlinks are removed, never followed.
IoStatus removeTree(const std::filesystem::path& path);

// A durable copy of one file into a NEW file (created with O_EXCL; the caller
// renames it or its folder into place). The source is opened with
// openRegularFile(): a FIFO, device node or symlink fails at once as Source. Space for the whole file is reserved
// first (posix_fallocate), so a full disk fails at once as NoSpace instead of
// after most of the copy; the file is fsynced before success is returned.
// Large chunks, sequential read-ahead hints and early write-back keep it close
// to the speed of `cp`.
//
// Failures are told apart, because the caller reports them differently:
//   Source    the source could not be opened or read, or it shrank or grew
//             while being copied (a USB stick pulled mid-copy)
//   NoSpace   ENOSPC or EDQUOT on the target
//   Target    any other error writing the target
//   Cancelled `cancel` became true or the progress callback returned false
// The partial target is removed on every failure.
struct CopyOptions {
    std::size_t chunkBytes = 8u << 20;
    // Called after every chunk with bytes done and the total; return false to cancel.
    std::function<bool(std::uint64_t done, std::uint64_t total)> progress;
    const std::atomic<bool>* cancel = nullptr;
    // Called at every step boundary (after each chunk, before fsync); a test hook may kill the process there.
    std::function<void()> step;
};
struct CopyOutcome {
    enum class Failure { None, Source, NoSpace, Target, Cancelled };
    Failure failure = Failure::None;
    IoStatus status;         // the reason, naming the path
    std::uint64_t bytes = 0; // copied
    bool ok() const { return failure == Failure::None; }
};
CopyOutcome copyFileDurable(const std::filesystem::path& source, const std::filesystem::path& target,
                            const CopyOptions& options = {});

// Tries to take an exclusive flock() on `lockFile` (created if needed) for up to
// `wait`; returns the open descriptor (>= 0) that holds the lock until closed,
// or -1 with `error` set ("…: held by another process for 30 s"). The lock dies
// with the process, also on SIGKILL.
// The file is opened read-only (flock() needs no write access) and a file this
// user owns is given mode 0666 with fchmod() (independent of the umask), so a
// lock file left by `sudo kiosk --install` never locks the kiosk user out.
// `cancel` (optional) is polled while waiting: when it becomes true the wait
// ends at once with -1 and `error` "…: cancelled while waiting for the lock".
int lockFileExclusive(const std::filesystem::path& lockFile, std::chrono::milliseconds wait, std::string& error,
                      const std::atomic<bool>* cancel = nullptr);

// ---- Reading files from untrusted media (USB sticks) ----

// Opens `path` for reading only when it is a regular file, never blocking and
// never following a symlink: lstat() must say "regular file" (so a FIFO or a
// device node is not even opened), then open(O_RDONLY|O_NOFOLLOW|O_NONBLOCK|
// O_CLOEXEC), fstat() of the descriptor must say "regular file" again (the name
// may have been swapped in between), and O_NONBLOCK is cleared for the reads.
// A FIFO, device node, socket, folder or symlink named like a pack therefore
// fails at once instead of hanging the reader.
// Returns the descriptor (>= 0; the caller closes it) or -1 with `status` set,
// "<path>: not a regular file (a FIFO)" or "<path>: cannot open: <reason>";
// `missing` (optional) is set to true when nothing exists under that name.
int openRegularFile(const std::filesystem::path& path, IoStatus& status, bool* missing = nullptr);

// A small file (a signature) read whole through openRegularFile().
struct SmallFile {
    std::string bytes;
    IoStatus status;      // "<path>: not a regular file (a FIFO)", "<path>: larger than 65536 bytes", ...
    bool missing = false; // nothing exists under that name
    std::uint64_t size = 0;
    bool ok() const { return status.ok(); }
};
SmallFile readRegularFile(const std::filesystem::path& path, std::size_t maxBytes);

} // namespace kiosk::platform
