#include "kiosk/platform/mount_watch.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <map>
#include <optional>
#include <set>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace kiosk::platform {

namespace fs = std::filesystem;

namespace {

// Caps, so a stick (or a root) with a million entries cannot stall the watcher.
constexpr std::size_t kMaxEntriesPerDir = 10000; // names read from one directory
constexpr std::size_t kMaxFolders = 256;         // sub-folders considered per root or user folder
constexpr std::size_t kMaxPacks = 100;           // packs reported per mount

// Every watch uses the same mask: inotify_add_watch() on an inode that is
// already watched replaces the mask, and a root can be another root's ancestor.
constexpr std::uint32_t kWatchMask =
    IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;

class Fd {
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0) ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }
    void reset(int fd) {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = fd;
    }

private:
    int m_fd;
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Hidden entries: ".", "..", dot files and macOS' "._name" resource forks.
bool hidden(std::string_view name) {
    return name.empty() || name.front() == '.';
}

struct DirEntry {
    std::string name;
    enum class Type { File, Dir, Other } type = Type::Other;
};

// Lists `dirFd` without following symlinks (a symlink on a stick may point
// anywhere outside it): only regular files and real directories are typed.
// Names `wanted` rejects are skipped without a stat (a stick full of photos).
using NameFilter = bool (*)(std::string_view lowerName);
std::vector<DirEntry> listDir(int dirFd, NameFilter wanted = nullptr, std::size_t cap = kMaxEntriesPerDir) {
    std::vector<DirEntry> out;
    const int dupFd = ::fcntl(dirFd, F_DUPFD_CLOEXEC, 0);
    if (dupFd < 0) return out;
    DIR* dir = ::fdopendir(dupFd);
    if (!dir) {
        ::close(dupFd);
        return out;
    }
    std::size_t seen = 0;
    // readdir errors (a stick pulled mid-scan: EIO) simply end the listing.
    while (const dirent* e = ::readdir(dir)) {
        if (++seen > cap) break;
        std::string_view name = e->d_name;
        if (hidden(name)) continue;
        if (wanted && !wanted(lower(name))) continue;
        DirEntry entry{std::string(name), DirEntry::Type::Other};
        struct stat st {};
        if (::fstatat(dirFd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
            if (S_ISREG(st.st_mode))
                entry.type = DirEntry::Type::File;
            else if (S_ISDIR(st.st_mode))
                entry.type = DirEntry::Type::Dir;
        }
        out.push_back(std::move(entry));
    }
    ::closedir(dir);
    return out;
}

int openDir(const fs::path& p) {
    return ::open(p.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}
int openSubDir(int parent, const std::string& name) {
    return ::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

// Folders to search for packs on a mount: its top and every "kiosk" folder
// (any case: FAT shows "KIOSK" when it was made on Windows in capitals).
bool packRelated(std::string_view n) {
    return endsWith(n, ".kpack") || endsWith(n, ".minisig") || n == "kiosk" || n == "export-stats";
}

template <typename Fn> void forEachPackFolder(const fs::path& mountDir, Fn&& fn) {
    Fd top(openDir(mountDir));
    if (top.get() < 0) return;
    const auto entries = listDir(top.get(), packRelated);
    fn(mountDir, entries);
    for (const auto& e : entries) {
        if (e.type != DirEntry::Type::Dir || lower(e.name) != "kiosk") continue;
        Fd sub(openSubDir(top.get(), e.name));
        if (sub.get() < 0) continue;
        fn(mountDir / e.name, listDir(sub.get(), packRelated));
    }
}

// "\040" in /proc/self/mountinfo is a space, "\134" a backslash, etc.
std::string unescapeMountPath(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
            s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
            out.push_back(static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0')));
            i += 3;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

// Mount point -> mount id, as this process sees them.
std::map<std::string, long> readMountPoints() {
    std::map<std::string, long> out;
    Fd fd(::open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return out;
    std::string text;
    char buf[16384];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        text.append(buf, static_cast<std::size_t>(n));
    }
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + pos, end - pos);
        pos = end + 1;
        // id parent major:minor root mountpoint ...
        std::string_view fields[5];
        std::size_t f = 0, start = 0;
        for (std::size_t i = 0; i <= line.size() && f < 5; ++i) {
            if (i == line.size() || line[i] == ' ') {
                fields[f++] = line.substr(start, i - start);
                start = i + 1;
            }
        }
        if (f < 5) continue;
        long id = 0;
        for (char c : fields[0]) id = id * 10 + (c >= '0' && c <= '9' ? c - '0' : 0);
        out[unescapeMountPath(fields[4])] = id;
    }
    return out;
}

struct Identity {
    long mountId = -1; // a real mount, or -1 for a plain folder
    dev_t dev = 0;
    ino_t ino = 0;
    bool operator==(const Identity&) const = default;
};

} // namespace

struct MountWatcher::Impl {
    MountWatchOptions options;
    Fd inotifyFd;
    Fd mountinfoFd;
    Fd epollFd;
    struct Watch {
        int wd = -1;
        dev_t dev = 0;
        ino_t ino = 0;
    };
    std::map<std::string, Watch> watches;   // watched directory -> its watch
    std::map<std::string, Identity> known;  // mount folder -> identity, as last reported
    std::set<std::string> reportedProblems; // so a failing watch is reported once, not per poll
    std::vector<std::string>* problems = nullptr;

    void problem(std::string text) {
        if (reportedProblems.insert(text).second) problems->push_back(std::move(text));
    }

    // The directories to watch: each existing root and its direct sub-folders;
    // for a missing root, its nearest existing ancestor (to see it appear).
    std::vector<fs::path> wantedWatches() const {
        std::vector<fs::path> out;
        for (const auto& root : options.roots) {
            struct stat st {};
            if (::stat(root.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
                out.push_back(root);
                Fd dir(openDir(root));
                if (dir.get() < 0) continue;
                std::size_t folders = 0;
                for (const auto& e : listDir(dir.get())) {
                    if (e.type != DirEntry::Type::Dir) continue;
                    if (++folders > kMaxFolders) break;
                    out.push_back(root / e.name);
                }
            } else {
                fs::path p = root.parent_path();
                while (!p.empty() && ::stat(p.c_str(), &st) != 0) {
                    if (p == p.parent_path()) break;
                    p = p.parent_path();
                }
                if (!p.empty() && ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) out.push_back(p);
            }
        }
        return out;
    }

    void syncWatches() {
        if (inotifyFd.get() < 0) return;
        const auto wanted = wantedWatches();
        std::map<std::string, struct stat> wantedStat;
        for (const auto& p : wanted) {
            struct stat st {};
            if (::stat(p.c_str(), &st) == 0) wantedStat[p.string()] = st;
        }
        // Drop watches on folders that went away or were replaced by a new inode.
        for (auto it = watches.begin(); it != watches.end();) {
            auto w = wantedStat.find(it->first);
            if (w != wantedStat.end() && w->second.st_dev == it->second.dev && w->second.st_ino == it->second.ino) {
                ++it;
                continue;
            }
            const int wd = it->second.wd;
            it = watches.erase(it);
            const bool shared =
                std::any_of(watches.begin(), watches.end(), [&](auto& kv) { return kv.second.wd == wd; });
            if (!shared) ::inotify_rm_watch(inotifyFd.get(), wd); // EINVAL if the kernel dropped it already
        }
        for (const auto& [path, st] : wantedStat) {
            if (watches.count(path)) continue;
            const int wd = ::inotify_add_watch(inotifyFd.get(), path.c_str(), kWatchMask);
            if (wd < 0) {
                if (errno != ENOENT) problem("cannot watch " + path + ": " + std::strerror(errno));
                continue;
            }
            watches[path] = Watch{wd, st.st_dev, st.st_ino};
        }
    }

    void drainInotify() {
        if (inotifyFd.get() < 0) return;
        alignas(inotify_event) char buf[8192];
        for (;;) {
            const ssize_t n = ::read(inotifyFd.get(), buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break; // EAGAIN: drained. Overflow needs no care: every wake-up rescans.
        }
    }

    // The mounts present now, by the rules in the header.
    std::map<std::string, Identity> scan() const {
        std::map<std::string, Identity> out;
        const auto mountPoints = readMountPoints();
        for (const auto& root : options.roots) {
            std::error_code ec;
            const fs::path canon = fs::canonical(root, ec);
            if (ec) continue;
            // Mount point paths are canonical; report them under the configured root's spelling.
            auto mountIdOf = [&](const fs::path& rel) -> long {
                auto it = mountPoints.find((canon / rel).lexically_normal().string());
                return it == mountPoints.end() ? -1 : it->second;
            };
            if (options.requireMountPoint) {
                // A root that is itself a mount point (an fstab line for /mnt/usb) is the stick.
                if (const long id = mountIdOf({}); id >= 0 && canon != "/") {
                    out[root.string()] = Identity{id, 0, 0};
                }
                for (const auto& [point, id] : mountPoints) {
                    const fs::path p(point);
                    if (p.parent_path() == canon || p.parent_path().parent_path() == canon) {
                        const fs::path rel = p.lexically_relative(canon);
                        if (rel.empty() || hidden(rel.begin()->string()) || hidden(p.filename().string())) continue;
                        out[(root / rel).string()] = Identity{id, 0, 0};
                    }
                }
                continue;
            }
            Fd rootFd(openDir(root));
            if (rootFd.get() < 0) continue;
            std::size_t folders = 0;
            for (const auto& level1 : listDir(rootFd.get())) {
                if (level1.type != DirEntry::Type::Dir) continue;
                if (++folders > kMaxFolders) break;
                // A real mount is a stick whatever it holds; do not read it here.
                if (const long id = mountIdOf(level1.name); id >= 0) {
                    out[(root / level1.name).string()] = Identity{id, 0, 0};
                    continue;
                }
                Fd dir(openSubDir(rootFd.get(), level1.name));
                if (dir.get() < 0) continue;
                struct stat st {};
                if (::fstat(dir.get(), &st) != 0) continue;
                // A plain folder: a stick's copy when it holds files or a kiosk/
                // folder; a user folder (/media/<user>) when it holds only folders;
                // nothing yet when empty (a copy that is just starting).
                const auto entries = listDir(dir.get());
                const bool looksLikeStick = std::any_of(entries.begin(), entries.end(), [](const DirEntry& e) {
                    return e.type == DirEntry::Type::File ||
                           (e.type == DirEntry::Type::Dir && lower(e.name) == "kiosk");
                });
                if (looksLikeStick) {
                    out[(root / level1.name).string()] = Identity{-1, st.st_dev, st.st_ino};
                    continue;
                }
                std::size_t subFolders = 0;
                for (const auto& level2 : entries) {
                    if (level2.type != DirEntry::Type::Dir) continue;
                    if (++subFolders > kMaxFolders) break;
                    struct stat st2 {};
                    if (::fstatat(dir.get(), level2.name.c_str(), &st2, AT_SYMLINK_NOFOLLOW) != 0) continue;
                    const fs::path rel = fs::path(level1.name) / level2.name;
                    out[(root / rel).string()] = Identity{mountIdOf(rel), st2.st_dev, st2.st_ino};
                }
            }
        }
        return out;
    }

    std::vector<MountEvent> diff() {
        auto now = scan();
        std::vector<MountEvent> gone, came;
        for (const auto& [path, id] : known) {
            auto it = now.find(path);
            if (it == now.end() || !(it->second == id)) gone.push_back({MountEvent::Kind::Disappeared, path});
        }
        for (const auto& [path, id] : now) {
            auto it = known.find(path);
            if (it == known.end() || !(it->second == id)) came.push_back({MountEvent::Kind::Appeared, path});
        }
        known = std::move(now);
        gone.insert(gone.end(), came.begin(), came.end());
        return gone;
    }
};

MountWatcher::MountWatcher(MountWatchOptions options) : m_impl(new Impl) {
    m_impl->options = std::move(options);
    m_impl->problems = &problems;
    auto& impl = *m_impl;
    impl.inotifyFd.reset(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (impl.inotifyFd.get() < 0) impl.problem(std::string("cannot start inotify: ") + std::strerror(errno));
    impl.mountinfoFd.reset(::open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC));
    if (impl.mountinfoFd.get() < 0)
        impl.problem(std::string("cannot open /proc/self/mountinfo: ") + std::strerror(errno));
    impl.epollFd.reset(::epoll_create1(EPOLL_CLOEXEC));
    if (impl.epollFd.get() < 0) {
        impl.problem(std::string("cannot start epoll: ") + std::strerror(errno));
    } else {
        epoll_event ev{};
        ev.events = EPOLLIN;
        if (impl.inotifyFd.get() >= 0) ::epoll_ctl(impl.epollFd.get(), EPOLL_CTL_ADD, impl.inotifyFd.get(), &ev);
        // The kernel signals a changed mount table as POLLPRI (and POLLERR) on mountinfo.
        ev.events = EPOLLPRI;
        if (impl.mountinfoFd.get() >= 0) ::epoll_ctl(impl.epollFd.get(), EPOLL_CTL_ADD, impl.mountinfoFd.get(), &ev);
    }
    impl.syncWatches();
    impl.known = impl.scan(); // sticks already in are current(), not events
}

MountWatcher::~MountWatcher() {
    delete m_impl;
}

std::vector<fs::path> MountWatcher::current() const {
    std::vector<fs::path> out;
    for (const auto& [path, id] : m_impl->scan()) out.emplace_back(path);
    return out;
}

int MountWatcher::fd() const {
    return m_impl->epollFd.get();
}

std::vector<MountEvent> MountWatcher::poll(std::chrono::milliseconds timeout) {
    using Clock = std::chrono::steady_clock;
    auto& impl = *m_impl;
    const auto deadline = Clock::now() + std::max(timeout, std::chrono::milliseconds(0));
    // Look first: an outer loop polling fd() may already have consumed the wake-up.
    impl.syncWatches();
    auto events = impl.diff();
    while (events.empty()) {
        const auto left = deadline - Clock::now();
        if (left <= Clock::duration::zero()) break;
        // Round up, so a sub-millisecond remainder waits instead of spinning.
        const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
        if (impl.epollFd.get() >= 0) {
            epoll_event ev[4];
            const int n = ::epoll_wait(impl.epollFd.get(), ev, 4, static_cast<int>(std::min<long long>(ms, 1 << 30)));
            if (n < 0 && errno != EINTR) {
                impl.problem(std::string("epoll_wait failed: ") + std::strerror(errno));
                std::this_thread::sleep_until(deadline);
            }
            if (n == 0) break; // timed out without a change
        } else {
            std::this_thread::sleep_until(deadline); // no notification at all: just look at the deadline
        }
        impl.drainInotify();
        impl.syncWatches();
        events = impl.diff();
    }
    return events;
}

std::vector<PackFile> findPackFiles(const fs::path& mountDir) {
    std::vector<PackFile> out;
    forEachPackFolder(mountDir, [&](const fs::path& dir, const std::vector<DirEntry>& entries) {
        std::map<std::string, const DirEntry*> files; // lower-case name -> entry
        for (const auto& e : entries)
            if (e.type == DirEntry::Type::File) files.emplace(lower(e.name), &e);
        for (const auto& [name, e] : files) {
            if (!endsWith(name, ".kpack") || out.size() >= kMaxPacks) continue;
            PackFile pf;
            pf.pack = dir / e->name;
            auto sig = files.find(name + ".minisig");
            pf.signatureExists = sig != files.end();
            pf.signature = pf.signatureExists ? dir / sig->second->name : fs::path(pf.pack.string() + ".minisig");
            out.push_back(std::move(pf));
        }
    });
    std::sort(out.begin(), out.end(), [](const PackFile& a, const PackFile& b) { return a.pack < b.pack; });
    return out;
}

std::vector<fs::path> findOrphanSignatures(const fs::path& mountDir) {
    std::vector<fs::path> out;
    forEachPackFolder(mountDir, [&](const fs::path& dir, const std::vector<DirEntry>& entries) {
        std::set<std::string> packs;
        for (const auto& e : entries)
            if (e.type == DirEntry::Type::File && endsWith(lower(e.name), ".kpack")) packs.insert(lower(e.name));
        for (const auto& e : entries) {
            const std::string name = lower(e.name);
            if (e.type != DirEntry::Type::File || !endsWith(name, ".minisig")) continue;
            if (!packs.count(name.substr(0, name.size() - 8))) out.push_back(dir / e.name);
        }
    });
    std::sort(out.begin(), out.end());
    return out;
}

bool wantsStatsExport(const fs::path& mountDir) {
    bool wanted = false;
    forEachPackFolder(mountDir, [&](const fs::path& dir, const std::vector<DirEntry>& entries) {
        if (dir == mountDir) return; // only kiosk/export-stats counts
        for (const auto& e : entries)
            if (e.type != DirEntry::Type::Other && lower(e.name) == "export-stats") wanted = true;
    });
    return wanted;
}

} // namespace kiosk::platform
