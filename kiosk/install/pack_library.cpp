#include "install/pack_library.h"

#include "install/test_hook.h"
#include "kiosk/platform/file_safety.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <cerrno>
#include <cstring>
#include <map>
#include <sys/stat.h>
#include <random>
#include <variant>
#include <unistd.h>

namespace kiosk::install {

namespace fs = std::filesystem;
using content::minisign::PublicKey;
using content::minisign::Signature;

const char* codeName(Code c) {
    switch (c) {
    case Code::Installed: return "installed";
    case Code::NotNewer: return "not-newer";
    case Code::UnknownKey: return "unknown-key";
    case Code::BadSignature: return "bad-signature";
    case Code::WrongChannel: return "wrong-channel";
    case Code::Corrupt: return "corrupt";
    case Code::NoSpace: return "no-space";
    case Code::SourceVanished: return "source-vanished";
    case Code::IoError: return "io-error";
    case Code::Cancelled: return "cancelled";
    case Code::Ambiguous: return "ambiguous";
    case Code::Busy: return "busy";
    }
    return "unknown";
}

namespace {

constexpr const char* kPackFile = "pack.kpack";
constexpr const char* kSigFile = "pack.kpack.minisig";
constexpr const char* kIncomingPrefix = ".incoming-";
constexpr const char* kTempLinkPrefix = ".link-"; // ".link-current-<pid>-<n>", ".link-previous-…"

// Channel names come from signed metadata, but they still become path
// components: only [a-z0-9-]+, not starting with '-', at most 64 characters.
bool validChannel(const std::string& c) {
    if (c.empty() || c.size() > 64 || c.front() == '-') return false;
    return std::all_of(c.begin(), c.end(),
                       [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'; });
}

// "v<version>-<nonce>" -> version; 0 when the name is not a version folder.
std::int64_t versionOfFolder(const std::string& name) {
    if (name.size() < 4 || name[0] != 'v') return 0;
    const auto dash = name.find('-');
    if (dash == std::string::npos || dash < 2 || dash + 1 >= name.size()) return 0;
    std::int64_t v = 0;
    for (std::size_t i = 1; i < dash; ++i) {
        if (name[i] < '0' || name[i] > '9' || v > (INT64_MAX - 9) / 10) return 0;
        v = v * 10 + (name[i] - '0');
    }
    return v;
}

std::string nonce() {
    std::random_device rd;
    static const char* hex = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < 8; ++i) s += hex[rd() % 16];
    return s;
}

std::string tempName(const char* what) {
    static unsigned counter = 0;
    return std::string(kTempLinkPrefix) + what + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

// The folder a link in a channel directory names: a bare "v…" name, or "" when
// the link is missing or points anywhere else (absolute, "..", a file).
std::string linkTarget(const fs::path& link) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(link, ec))) return {};
    const auto t = fs::read_symlink(link, ec);
    if (ec) return {};
    const std::string s = t.string();
    if (s.find('/') != std::string::npos || versionOfFolder(s) == 0) return {};
    return s;
}

InstallResult fail(Code code, std::string reason) {
    InstallResult r;
    r.code = code;
    r.reason = std::move(reason);
    return r;
}

// Maps verifyPack()'s first finding to a code.
Code codeForFinding(const content::Finding& f) {
    if (f.field == "signature")
        return f.message.find("not among the trusted keys") != std::string::npos ? Code::UnknownKey
                                                                                  : Code::BadSignature;
    if (f.field == "channel") return Code::WrongChannel;
    if (f.field == "file") return Code::SourceVanished;
    return Code::Corrupt;
}

// A refusal after the signature held still tells the UI which pack it was.
content::PackInfo claimedInfo(const content::TrustedComment& tc) {
    content::PackInfo info;
    info.channel = tc.channel;
    info.version = tc.version;
    return info;
}

// What the signature file alone tells, before a byte of the pack is read: who
// signed it and (authenticated by the global signature over the trusted
// comment) which channel and version it claims. The file hash itself is
// checked on the copy, so the stick is read once.
struct PreCheck {
    content::TrustedComment claim;
    Signature signature;
    std::uint64_t packBytes = 0, sigBytes = 0;
};

// minisign refuses longer signature files anyway (content/minisign.h).
constexpr std::size_t kMaxSignatureBytes = 64u << 10;

std::variant<PreCheck, InstallResult> preCheck(const Candidate& c, const InstallPolicy& policy) {
    const fs::path sigPath = c.signature.empty() ? content::signaturePathFor(c.pack) : c.signature;
    const std::string name = c.pack.string();
    PreCheck p;
    // Both files come from a stranger's stick: a FIFO or a symlink to a device
    // named like a pack would block a plain open() for ever. openRegularFile()
    // looks first and never blocks or follows a link.
    {
        platform::IoStatus st;
        bool missing = false;
        const int fd = platform::openRegularFile(c.pack, st, &missing);
        if (fd < 0) {
            struct stat sigSt {};
            if (missing && ::lstat(sigPath.c_str(), &sigSt) == 0)
                return fail(Code::SourceVanished, name + ": pack file not found (only its signature " +
                                                      sigPath.filename().string() + " is there)");
            if (missing) return fail(Code::SourceVanished, name + ": pack file not found");
            return fail(st.error.find(": not a regular file") != std::string::npos ? Code::Corrupt
                                                                                    : Code::SourceVanished,
                        st.error);
        }
        struct stat packSt {};
        const bool statOk = ::fstat(fd, &packSt) == 0;
        const int err = errno;
        ::close(fd);
        if (!statOk) return fail(Code::SourceVanished, name + ": cannot read the file size: " + std::strerror(err));
        p.packBytes = static_cast<std::uint64_t>(packSt.st_size);
    }
    const auto sigFile = platform::readRegularFile(sigPath, kMaxSignatureBytes);
    if (sigFile.missing)
        return fail(Code::BadSignature, name + ": no signature file " + sigPath.filename().string() + " beside it");
    if (!sigFile.ok()) return fail(Code::BadSignature, name + ": " + sigFile.status.error);
    auto sig = Signature::parse(sigFile.bytes);
    if (!sig) return fail(Code::BadSignature, name + ": " + sigPath.filename().string() + ": " + sig.error().message);
    p.sigBytes = sigFile.size;
    if (policy.trustedKeys.empty()) return fail(Code::UnknownKey, name + ": no trusted public key configured");
    const auto key = std::find_if(policy.trustedKeys.begin(), policy.trustedKeys.end(),
                                  [&](const PublicKey& k) { return k.id == sig->keyId; });
    if (key == policy.trustedKeys.end())
        return fail(Code::UnknownKey, name + ": signed by unknown key " + content::minisign::keyIdHex(sig->keyId));
    // The global signature: Ed25519 over the file signature followed by the trusted comment.
    std::string signedPart(reinterpret_cast<const char*>(sig->signature.data()), sig->signature.size());
    signedPart += sig->trustedComment;
    if (sodium_init() < 0 ||
        crypto_sign_verify_detached(sig->globalSignature.data(),
                                    reinterpret_cast<const unsigned char*>(signedPart.data()), signedPart.size(),
                                    key->key.data()) != 0)
        return fail(Code::BadSignature, name + ": the trusted comment of " + sigPath.filename().string() +
                                            " does not match its signature");
    auto tc = content::parseTrustedComment(sig->trustedComment);
    if (!tc) return fail(Code::BadSignature, name + ": " + tc.error().message);
    if (!validChannel(tc->channel))
        return fail(Code::Corrupt, name + ": channel name '" + tc->channel + "' is not allowed ([a-z0-9-]+)");
    if (!policy.acceptedChannels.empty() &&
        std::find(policy.acceptedChannels.begin(), policy.acceptedChannels.end(), tc->channel) ==
            policy.acceptedChannels.end())
    {
        auto r = fail(Code::WrongChannel,
                      name + ": pack is for channel '" + tc->channel + "', which this kiosk does not subscribe to");
        r.info = claimedInfo(*tc);
        return r;
    }
    if (p.packBytes < 512)
        return fail(Code::Corrupt,
                    name + ": file is too small to be a pack (" + std::to_string(p.packBytes) + " bytes)");
    if (p.packBytes > content::kMaxPackBytes) return fail(Code::Corrupt, name + ": file is larger than 4 GiB");
    p.claim = *tc;
    p.signature = std::move(*sig);
    return p;
}

// RAII holder of the data directory's lock.
class DirLock {
public:
    DirLock(const fs::path& dataDir, std::chrono::milliseconds wait, const std::atomic<bool>* cancel = nullptr) {
        std::error_code ec;
        fs::create_directories(dataDir, ec);
        m_fd = platform::lockFileExclusive(dataDir / ".install.lock", wait, m_error, cancel);
        m_cancelled = m_fd < 0 && cancel && cancel->load();
    }
    ~DirLock() {
        if (m_fd >= 0) ::close(m_fd);
    }
    DirLock(const DirLock&) = delete;
    DirLock& operator=(const DirLock&) = delete;
    bool held() const { return m_fd >= 0; }
    bool cancelled() const { return m_cancelled; }
    const std::string& error() const { return m_error; }

private:
    int m_fd = -1;
    bool m_cancelled = false;
    std::string m_error;
};

content::VerifyResult verifyFolder(const fs::path& folder, const std::vector<PublicKey>& keys,
                                   const std::vector<std::string>& channels) {
    content::VerifyOptions vo;
    vo.trustedKeys = keys;
    vo.acceptedChannels = channels;
    vo.signature = folder / kSigFile;
    return content::verifyPack(folder / kPackFile, vo);
}

std::string firstMessage(const content::VerifyResult& v) {
    return v.report.findings().empty() ? std::string("unknown reason") : v.report.findings().front().toString();
}

// The entries of a folder, never throwing: the error_code overloads of
// directory_iterator, also for increment() (a range-for would use the throwing
// operator++, and a stick or SD card failing mid-listing reports EIO there).
std::vector<fs::path> listFolder(const fs::path& dir, std::error_code& ec) {
    std::vector<fs::path> out;
    ec.clear();
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
        out.push_back(it->path());
    return out;
}

// Removes everything in a channel folder that neither link names: temporary
// links and install folders of interrupted runs, superseded versions. A folder
// that cannot be listed completely is left alone (and noted when `notes` is given).
int removeUnreferenced(const fs::path& channelDir, std::vector<std::string>* notes = nullptr) {
    const std::string cur = linkTarget(channelDir / "current"), prev = linkTarget(channelDir / "previous");
    int removed = 0;
    std::error_code ec;
    const auto entries = listFolder(channelDir, ec);
    if (ec) {
        if (notes) notes->push_back(channelDir.string() + ": cannot list the folder (" + ec.message() +
                                    "); leftovers not removed");
        return 0;
    }
    std::vector<fs::path> doomed;
    for (const auto& e : entries) {
        const std::string n = e.filename().string();
        if (n == "current" || n == "previous") {
            // A link that names nothing usable is itself a leftover.
            if (linkTarget(e).empty() || !fs::is_directory(e, ec)) doomed.push_back(e);
            continue;
        }
        if (n == cur || n == prev || n == "refused-version") continue; // refuseVersion() keeps its file here
        doomed.push_back(e);
    }
    for (const auto& p : doomed) {
        if (platform::removeTree(p)) ++removed;
        detail::step();
    }
    if (removed > 0) {
        platform::syncDirectory(channelDir);
        detail::step();
    }
    return removed;
}

// Why a pack in the data directory failed verification, for recover(): only a
// damaged file justifies falling back. A key this caller does not trust, or a
// channel it does not accept, says something about the caller (a
// `kiosk --install --trust-pubkey old.pub`), not about the pack.
bool notTrustedByCaller(const content::VerifyResult& v) {
    if (v.ok() || v.report.findings().empty()) return false;
    const auto& f = v.report.findings().front();
    if (f.field == "channel") return true;
    return f.field == "signature" && (f.message.find("not among the trusted keys") != std::string::npos ||
                                      f.message.find("no trusted public key configured") != std::string::npos);
}

} // namespace

PackLibrary::PackLibrary(fs::path dataDir) : m_dataDir(std::move(dataDir)) {}

std::int64_t PackLibrary::installedVersion(const std::string& channel) const {
    for (const auto& a : m_active)
        if (a.channel == channel) return a.info.version;
    return 0;
}

std::string PackLibrary::refuseVersion(const std::string& channel, std::int64_t version) {
    const fs::path dir = m_dataDir / "packs" / channel;
    if (auto s = platform::writeFileAtomic(dir / "refused-version", std::to_string(version) + "\n", 0644); !s)
        return s.error;
    return {};
}

std::int64_t PackLibrary::refusedVersion(const std::string& channel) const {
    const auto r = platform::readRegularFile(m_dataDir / "packs" / channel / "refused-version", 64);
    if (!r.status.ok()) return 0;
    char* end = nullptr;
    const long long v = std::strtoll(r.bytes.c_str(), &end, 10);
    return (end && (*end == '\n' || *end == '\0') && v > 0) ? v : 0;
}

Recovery PackLibrary::recover(const InstallPolicy& policy, std::optional<std::chrono::milliseconds> lockWait) {
    Recovery rec;
    const fs::path packs = m_dataDir / "packs";
    DirLock lock(m_dataDir, lockWait.value_or(m_lockWait));
    // Without the lock (another install runs, or the lock file is not usable)
    // nothing on disk may change, but the kiosk must still show its content:
    // the packs the links name are verified read-only and returned.
    const bool repair = lock.held();
    if (!repair)
        rec.error = lock.error() + "; nothing was repaired, the installed packs were only checked";
    std::error_code ec;
    if (repair && !fs::exists(packs, ec)) {
        fs::create_directories(packs, ec);
        if (ec) {
            rec.error = packs.string() + ": cannot create: " + ec.message();
            return rec;
        }
        platform::syncDirectory(m_dataDir);
        detail::step();
    }
    // <dataDir>/incoming/ (downloads, issue 5) is left to the downloader, which may resume there.

    std::vector<fs::path> channels;
    const auto entries = listFolder(packs, ec);
    if (ec && repair) rec.notes.push_back(packs.string() + ": cannot list the folder (" + ec.message() + ")");
    for (const auto& e : entries) {
        const std::string n = e.filename().string();
        std::error_code sec;
        if (fs::is_directory(fs::symlink_status(e, sec)) && validChannel(n)) channels.push_back(e);
        else if (repair && !ec && platform::removeTree(e)) ++rec.removedLeftovers; // nothing we wrote
    }
    std::sort(channels.begin(), channels.end());

    std::vector<ActivePack> active;
    for (const auto& dir : channels) {
        const std::string ch = dir.filename().string();
        // First the leftovers, so a half-written folder is never mistaken for anything.
        if (repair) rec.removedLeftovers += removeUnreferenced(dir, &rec.notes);
        if (!policy.acceptedChannels.empty() &&
            std::find(policy.acceptedChannels.begin(), policy.acceptedChannels.end(), ch) ==
                policy.acceptedChannels.end())
        {
            rec.notes.push_back("channel " + ch + ": not among the accepted channels; left as it is");
            continue;
        }
        const std::string cur = linkTarget(dir / "current"), prev = linkTarget(dir / "previous");
        auto accept = [&](const std::string& folder, const content::VerifyResult& v, bool fromPrevious) {
            ActivePack a;
            a.channel = ch;
            a.info = *v.info;
            a.packPath = dir / folder / kPackFile;
            a.fromPrevious = fromPrevious;
            active.push_back(std::move(a));
        };
        auto check = [&](const std::string& folder) {
            auto v = verifyFolder(dir / folder, policy.trustedKeys, policy.acceptedChannels);
            if (v.ok() && v.info && v.info->channel != ch)
                v.report.error((dir / folder / kPackFile).string(), 0, "metadata",
                               "pack of channel '" + v.info->channel + "' in the folder of channel '" + ch + "'");
            return v;
        };
        auto untrusted = [&](const char* which, const content::VerifyResult& v) {
            rec.notes.push_back("channel " + ch + ": " + which + " pack is not trusted by this run (" +
                                firstMessage(v) + "); left as it is, not shown");
        };
        std::string why;
        if (!cur.empty()) {
            auto v = check(cur);
            if (v.ok()) {
                accept(cur, v, false);
                continue;
            }
            if (notTrustedByCaller(v)) {
                untrusted("current", v);
                continue;
            }
            why = firstMessage(v);
        } else {
            why = "no current pack";
        }
        if (!prev.empty() && prev != cur) {
            auto v = check(prev);
            if (v.ok()) {
                std::string kept;
                if (!repair) {
                    kept = " (links not changed: no lock)";
                } else {
                    // Swap the links as rollBack() does, `current` first: the failed folder
                    // stays as `previous`, so a transient read error never deletes a pack.
                    auto s = platform::replaceSymlinkAtomic(dir / "current", prev, dir / tempName("current"));
                    detail::step();
                    if (s && !cur.empty()) {
                        s = platform::replaceSymlinkAtomic(dir / "previous", cur, dir / tempName("previous"));
                        detail::step();
                        kept = "; the failed pack is kept as previous";
                    } else if (s) {
                        // No current link at all: `previous` would only repeat `current`.
                        ::unlink((dir / "previous").c_str());
                        platform::syncDirectory(dir);
                        detail::step();
                    }
                    if (!s) kept = " (the links could not be changed: " + s.error + ")";
                }
                rec.notes.push_back("channel " + ch + ": current pack failed verification (" + why +
                                    "); using previous version " + std::to_string(v.info->version) + kept);
                accept(prev, v, true);
                continue;
            }
            if (notTrustedByCaller(v)) {
                rec.notes.push_back("channel " + ch + ": current pack failed verification (" + why +
                                    "), and the previous one is not trusted by this run (" + firstMessage(v) + ")");
                continue;
            }
            rec.notes.push_back("channel " + ch + ": current pack failed verification (" + why +
                                "), and so did the previous one (" + firstMessage(v) + ")");
        } else if (!cur.empty()) {
            rec.notes.push_back("channel " + ch + ": current pack failed verification (" + why +
                                "); no previous version to fall back to");
        }
    }
    m_active = active;
    rec.active = std::move(active);
    return rec;
}

Choice PackLibrary::choose(const std::vector<Candidate>& candidates, const InstallPolicy& policy,
                           const std::atomic<bool>* cancel) const {
    Choice choice;
    auto refuse = [&](InstallResult r, const Candidate& c) {
        r.source = c.pack;
        choice.refused.push_back(std::move(r));
    };
    struct Ok {
        Candidate c;
        PreCheck p;
    };
    std::vector<Ok> ok;
    for (const auto& c : candidates) {
        if (cancel && cancel->load()) {
            refuse(fail(Code::Cancelled, c.pack.string() + ": not looked at: cancelled"), c);
            return choice; // best is only picked after the loop: stays empty
        }
        // Only the signature file: the pack's bytes are hashed once, on the copy install() makes.
        auto p = preCheck(c, policy);
        if (auto* r = std::get_if<InstallResult>(&p)) {
            refuse(std::move(*r), c);
            continue;
        }
        auto& pc = std::get<PreCheck>(p);
        const auto installed = installedVersion(pc.claim.channel);
        if (pc.claim.version <= installed && !policy.allowNotNewer) {
            auto r = fail(Code::NotNewer, c.pack.string() + ": version " + std::to_string(pc.claim.version) +
                                              " is not newer than the installed version " +
                                              std::to_string(installed) + " of channel " + pc.claim.channel);
            r.installedVersion = installed;
            r.info = claimedInfo(pc.claim);
            refuse(std::move(r), c);
            continue;
        }
        if (!policy.allowNotNewer && pc.claim.version == refusedVersion(pc.claim.channel)) {
            auto r = fail(Code::NotNewer, c.pack.string() + ": version " + std::to_string(pc.claim.version) +
                                              " made the kiosk crash and was rolled back; it is not installed "
                                              "again automatically (staff: install anyway)");
            r.installedVersion = installed;
            r.info = claimedInfo(pc.claim);
            refuse(std::move(r), c);
            continue;
        }
        ok.push_back({c, std::move(pc)});
    }
    // Highest version first; among equal versions, the first by path.
    std::stable_sort(ok.begin(), ok.end(), [](const Ok& a, const Ok& b) { return a.p.claim.version > b.p.claim.version; });
    // Different files claiming the same channel and version: nobody can say which
    // one staff meant. Marked in a separate vector, so a third (fourth, …) pack
    // with the same claim is still compared by its real version.
    std::vector<bool> ambiguous(ok.size(), false);
    for (std::size_t i = 0; i < ok.size(); ++i) {
        if (ambiguous[i]) continue;
        std::vector<std::size_t> group{i};
        bool differ = false;
        for (std::size_t j = i + 1; j < ok.size(); ++j)
            if (ok[i].p.claim.channel == ok[j].p.claim.channel && ok[i].p.claim.version == ok[j].p.claim.version) {
                group.push_back(j);
                differ = differ || ok[i].p.signature.signature != ok[j].p.signature.signature;
            }
        if (!differ) continue;
        std::string all;
        for (std::size_t k = 0; k < group.size(); ++k)
            all += (k == 0 ? "" : k + 1 == group.size() ? " and " : ", ") + ok[group[k]].c.pack.string();
        for (const auto g : group) {
            ambiguous[g] = true;
            const auto& o = ok[g];
            refuse(fail(Code::Ambiguous, o.c.pack.string() + ": " + std::to_string(group.size()) +
                                             " different packs claim channel " + o.p.claim.channel + " version " +
                                             std::to_string(o.p.claim.version) + " (" + all + "); remove all but one"),
                   o.c);
        }
    }
    for (std::size_t i = 0; i < ok.size(); ++i) {
        if (ambiguous[i]) continue;
        const auto& o = ok[i];
        if (choice.best) {
            refuse(fail(Code::NotNewer, o.c.pack.string() + ": a newer pack on the same medium is installed instead (" +
                                            choice.best->pack.string() + ")"),
                   o.c);
            choice.alternatives.push_back(o.c);
            continue;
        }
        choice.best = o.c;
        choice.bestInfo = claimedInfo(o.p.claim);
    }
    return choice;
}

InstallResult PackLibrary::install(const Candidate& candidate, const InstallPolicy& policy,
                                   const ProgressFn& progress, const std::atomic<bool>* cancel) {
    // Every outcome names its candidate, so the UI can offer "install anyway" for exactly that file.
    InstallResult r = doInstall(candidate, policy, progress, cancel);
    r.source = candidate.pack;
    return r;
}

InstallResult PackLibrary::doInstall(const Candidate& candidate, const InstallPolicy& policy,
                                     const ProgressFn& progress, const std::atomic<bool>* cancel) {
    auto report = [&](Phase ph, std::uint64_t done = 0, std::uint64_t total = 0) {
        if (progress) progress(Progress{ph, done, total});
    };
    report(Phase::Checking);
    auto pre = preCheck(candidate, policy);
    if (auto* r = std::get_if<InstallResult>(&pre)) return std::move(*r);
    const PreCheck& pc = std::get<PreCheck>(pre);
    const std::string name = candidate.pack.string();
    const fs::path sigSource = candidate.signature.empty() ? content::signaturePathFor(candidate.pack)
                                                           : candidate.signature;

    DirLock lock(m_dataDir, m_lockWait, cancel);
    if (lock.cancelled()) return fail(Code::Cancelled, name + ": install cancelled while waiting for the lock");
    if (!lock.held()) return fail(Code::Busy, name + ": not installed: " + lock.error());

    const std::string& ch = pc.claim.channel;
    const fs::path packs = m_dataDir / "packs", dir = packs / ch;
    // The installed version as the disk says (the folder name current points at),
    // so a `kiosk --install` next to a running kiosk compares with the truth.
    const std::string curFolder = linkTarget(dir / "current");
    const std::int64_t installed = curFolder.empty() ? 0 : versionOfFolder(curFolder);
    auto withInstalled = [&](InstallResult r) {
        r.installedVersion = installed;
        return r;
    };
    if (pc.claim.version <= installed && !policy.allowNotNewer) {
        auto r = withInstalled(fail(Code::NotNewer, name + ": version " + std::to_string(pc.claim.version) +
                                                        " is not newer than the installed version " +
                                                        std::to_string(installed) + " of channel " + ch));
        r.info = claimedInfo(pc.claim);
        return r;
    }
    if (!policy.allowNotNewer && pc.claim.version == refusedVersion(ch)) {
        auto r = withInstalled(fail(Code::NotNewer, name + ": version " + std::to_string(pc.claim.version) +
                                                        " made the kiosk crash and was rolled back; it is not "
                                                        "installed again automatically (staff: install anyway)"));
        r.info = claimedInfo(pc.claim);
        return r;
    }

    std::error_code ec;
    if (!fs::exists(dir, ec)) {
        fs::create_directories(dir, ec);
        if (ec) return withInstalled(fail(Code::IoError, dir.string() + ": cannot create: " + ec.message()));
        platform::syncDirectory(packs);
        platform::syncDirectory(m_dataDir);
        detail::step();
    }
    // Never run out of disk silently: the copy plus the reserve must fit.
    const auto need = pc.packBytes + pc.sigBytes + policy.reserveBytes;
    if (const auto free = platform::freeSpace(dir); free && *free < need)
        return withInstalled(fail(Code::NoSpace, name + ": needs " + std::to_string((need + (1u << 20) - 1) >> 20) +
                                                     " MiB free in " + m_dataDir.string() + " (" +
                                                     std::to_string(pc.packBytes >> 20) + " MiB pack + " +
                                                     std::to_string(policy.reserveBytes >> 20) +
                                                     " MiB reserve), only " + std::to_string(*free >> 20) +
                                                     " MiB are free"));

    const fs::path incoming = dir / (std::string(kIncomingPrefix) + std::to_string(::getpid()) + "-" + nonce());
    if (!fs::create_directory(incoming, ec))
        return withInstalled(fail(Code::IoError, incoming.string() + ": cannot create: " + ec.message()));
    detail::step();
    // From here on a failure removes the half-made folder.
    auto abort = [&](Code code, std::string reason) {
        platform::removeTree(incoming);
        platform::syncDirectory(dir);
        return withInstalled(fail(code, std::move(reason)));
    };
    auto copyFailure = [&](const platform::CopyOutcome& o) {
        using F = platform::CopyOutcome::Failure;
        const Code code = o.failure == F::Source    ? Code::SourceVanished
                          : o.failure == F::NoSpace ? Code::NoSpace
                          : o.failure == F::Cancelled ? Code::Cancelled
                                                      : Code::IoError;
        return abort(code, o.failure == F::Source ? o.status.error : name + ": " + o.status.error);
    };

    platform::CopyOptions co;
    co.chunkBytes = detail::copyChunkBytes();
    co.cancel = cancel;
    co.step = [] { detail::step(); };
    if (auto o = platform::copyFileDurable(sigSource, incoming / kSigFile, co); !o.ok()) return copyFailure(o);
    report(Phase::Copying, 0, pc.packBytes);
    co.progress = [&](std::uint64_t done, std::uint64_t total) {
        report(Phase::Copying, done, total);
        return true;
    };
    if (auto o = platform::copyFileDurable(candidate.pack, incoming / kPackFile, co); !o.ok()) return copyFailure(o);
    if (auto s = platform::syncDirectory(incoming); !s) return abort(Code::IoError, s.error);
    detail::step();

    // Verify the copy: what will be shown is what was checked (one hash pass, then SQLite).
    report(Phase::VerifyingCopy);
    auto v = verifyFolder(incoming, policy.trustedKeys, policy.acceptedChannels);
    if (!v.ok()) {
        const auto& f = v.report.findings().front();
        return abort(codeForFinding(f), name + ": " + f.message);
    }
    if (v.info->channel != ch || v.info->version != pc.claim.version)
        return abort(Code::SourceVanished, name + ": the file changed while being copied");
    if (cancel && cancel->load()) return abort(Code::Cancelled, name + ": install cancelled");

    // Activate: name the folder, then move `previous`, then `current`.
    report(Phase::Activating);
    const std::string folder = "v" + std::to_string(v.info->version) + "-" + nonce();
    if (::rename(incoming.c_str(), (dir / folder).c_str()) != 0) {
        const int err = errno;
        return abort(Code::IoError, (dir / folder).string() + ": cannot rename into place: " + std::strerror(err));
    }
    detail::step();
    if (auto s = platform::syncDirectory(dir); !s) return withInstalled(fail(Code::IoError, s.error));
    detail::step();
    if (!curFolder.empty() && fs::is_directory(dir / curFolder, ec)) {
        if (auto s = platform::replaceSymlinkAtomic(dir / "previous", curFolder, dir / tempName("previous")); !s)
            return withInstalled(fail(Code::IoError, s.error));
        detail::step();
    }
    if (auto s = platform::replaceSymlinkAtomic(dir / "current", folder, dir / tempName("current")); !s)
        return withInstalled(fail(Code::IoError, s.error));
    detail::step();
    removeUnreferenced(dir);

    InstallResult r;
    r.code = Code::Installed;
    r.info = v.info;
    r.installedVersion = installed;
    r.packPath = dir / folder / kPackFile;
    r.reason = name + ": installed version " + std::to_string(v.info->version) + " of channel " + ch;
    ActivePack a{ch, *v.info, r.packPath, false};
    auto it = std::find_if(m_active.begin(), m_active.end(), [&](const ActivePack& x) { return x.channel == ch; });
    if (it != m_active.end()) *it = a;
    else {
        m_active.push_back(a);
        std::sort(m_active.begin(), m_active.end(),
                  [](const ActivePack& x, const ActivePack& y) { return x.channel < y.channel; });
    }
    report(Phase::Done);
    return r;
}

InstallResult PackLibrary::rollBack(const std::string& channel, const InstallPolicy& policy) {
    if (!validChannel(channel)) return fail(Code::WrongChannel, "channel name '" + channel + "' is not allowed");
    const fs::path dir = m_dataDir / "packs" / channel;
    DirLock lock(m_dataDir, m_lockWait);
    if (!lock.held()) return fail(Code::Busy, dir.string() + ": not rolled back: " + lock.error());
    const std::string cur = linkTarget(dir / "current"), prev = linkTarget(dir / "previous");
    if (prev.empty() || prev == cur)
        return fail(Code::IoError, dir.string() + ": no previous version to roll back to");
    auto v = verifyFolder(dir / prev, policy.trustedKeys, policy.acceptedChannels);
    if (!v.ok()) {
        const auto& f = v.report.findings().front();
        return fail(codeForFinding(f), (dir / prev / kPackFile).string() + ": " + f.message);
    }
    // `current` first: a crash between the two renames leaves the rolled-back
    // pack showing (and loses the bad one, which recover() then removes).
    if (auto s = platform::replaceSymlinkAtomic(dir / "current", prev, dir / tempName("current")); !s)
        return fail(Code::IoError, s.error);
    detail::step();
    if (!cur.empty()) {
        if (auto s = platform::replaceSymlinkAtomic(dir / "previous", cur, dir / tempName("previous")); !s)
            return fail(Code::IoError, s.error);
        detail::step();
    }
    InstallResult r;
    r.code = Code::Installed;
    r.info = v.info;
    r.installedVersion = cur.empty() ? 0 : versionOfFolder(cur);
    r.packPath = dir / prev / kPackFile;
    r.source = r.packPath;
    r.reason = dir.string() + ": rolled back to version " + std::to_string(v.info->version);
    ActivePack a{channel, *v.info, r.packPath, false};
    auto it = std::find_if(m_active.begin(), m_active.end(), [&](const ActivePack& x) { return x.channel == channel; });
    if (it != m_active.end()) *it = a;
    else m_active.push_back(a);
    return r;
}

} // namespace kiosk::install
