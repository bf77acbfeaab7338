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

} // namespace kiosk::platform
