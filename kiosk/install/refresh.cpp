#include "install/refresh.h"

#include "kiosk/content/hashing.h"
#include "kiosk/platform/file_safety.h"
#include "kiosk/platform/http_client.h"

#include <cstdio>
#include <exception>
#include <system_error>

namespace kiosk::install {

namespace fs = std::filesystem;

namespace {

std::string megabytes(std::uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return buf;
}

bool allDigits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// "<channel>-<digits>.kpack" or "<channel>-<digits>.kpack.minisig": the names this engine downloads to.
bool isIncomingOf(const std::string& name, const std::string& channel) {
    if (!name.starts_with(channel + "-")) return false;
    std::string_view rest(name);
    rest.remove_prefix(channel.size() + 1);
    for (std::string_view ext : {".kpack.minisig", ".kpack"})
        if (rest.ends_with(ext)) return allDigits(rest.substr(0, rest.size() - ext.size()));
    return false;
}

std::uint64_t sizeOr0(const fs::path& p) {
    std::error_code ec;
    const auto s = fs::file_size(p, ec);
    return ec ? 0 : s;
}

// The manifest validators a check read; kept in the state only when the check completed its work.
struct Validators {
    std::string etag, lastModified;
};

} // namespace

RefreshEngine::RefreshEngine(PackLibrary& library, InstallPolicy policy, RefreshOptions options, std::uint64_t seed,
                             RefreshLogFn log)
    : m_library(library), m_policy(std::move(policy)), m_options(std::move(options)),
      m_schedule(m_options.schedule, seed), m_log(std::move(log)), m_http(std::make_unique<platform::HttpClient>()) {}

RefreshEngine::~RefreshEngine() = default;

void RefreshEngine::log(const std::string& line) const {
    if (m_log) m_log(line);
}

fs::path RefreshEngine::incomingPack(const std::string& channel, std::int64_t version) const {
    return m_library.dataDir() / "incoming" / (channel + "-" + std::to_string(version) + ".kpack");
}

const RefreshState& RefreshEngine::state(const std::string& channel) {
    auto it = m_states.find(channel);
    if (it == m_states.end()) {
        std::string note;
        RefreshState s = isValidChannelName(channel) ? loadRefreshState(m_library.dataDir(), channel, &note)
                                                     : RefreshState{};
        s.channel = channel;
        if (!note.empty()) log(channel + ": " + note);
        it = m_states.emplace(channel, std::move(s)).first;
    }
    return it->second;
}

bool RefreshEngine::isDue(const std::string& channel, RefreshTime now) {
    return m_schedule.isDue(state(channel).nextCheck, now);
}

RefreshOutcome RefreshEngine::checkChannel(const std::string& channel, const std::string& manifestUrl, RefreshTime now,
                                           const RefreshProgressFn& progress, const std::atomic<bool>* cancel) {
    RefreshOutcome out;
    out.channel = channel;
    if (!isValidChannelName(channel)) {
        // Not even a state file: the name would become a path.
        out.code = RefreshCode::BadConfig;
        out.message = "channel name '" + channel + "' is not allowed ([a-z0-9-]+, at most 64)";
        log(out.message);
        return out;
    }
    state(channel);
    RefreshState& st = m_states[channel];
    try {
        out = run(st, manifestUrl, progress, cancel);
    } catch (const std::exception& e) {
        out.code = RefreshCode::IoError;
        out.message = channel + ": unexpected error: " + e.what();
    } catch (...) {
        out.code = RefreshCode::IoError;
        out.message = channel + ": unexpected error";
    }
    out.channel = channel;
    out.installedVersion = m_library.installedVersion(channel);

    st.lastCheck = now;
    st.lastCode = out.code;
    st.lastMessage = out.message;
    if (out.availableVersion > 0) st.availableVersion = out.availableVersion;
    if (isRefreshError(out.code)) {
        ++st.consecutiveErrors;
    } else if (out.code != RefreshCode::Cancelled) {
        st.consecutiveErrors = 0;
    }
    // A cancelled check (shutdown) keeps its old next check: it is simply due again.
    if (out.code != RefreshCode::Cancelled) st.nextCheck = m_schedule.nextCheck(now, st.consecutiveErrors);
    if (auto s = saveRefreshState(m_library.dataDir(), st); !s)
        log(channel + ": cannot save the refresh state (" + s.error + "); the next start begins afresh");

    // The status line: one per check, whatever happened.
    log(out.message + " [" + refreshCodeName(out.code) + ", " + std::to_string(out.bytesTransferred) +
        " bytes transferred, next check in " +
        std::to_string(st.nextCheck ? (*st.nextCheck - now).count() : 0) + " s]");
    return out;
}

RefreshOutcome RefreshEngine::run(RefreshState& st, const std::string& manifestUrl, const RefreshProgressFn& progress,
                                  const std::atomic<bool>* cancel) {
    const std::string& ch = st.channel;
    RefreshOutcome out;
    out.channel = ch;
    auto finish = [&](RefreshCode code, std::string message) {
        out.code = code;
        out.message = std::move(message);
        return out;
    };
    auto cancelled = [&] { return cancel && cancel->load(); };
    auto report = [&](RefreshStage stage, std::uint64_t done, std::uint64_t total) {
        if (progress) progress(RefreshProgress{stage, done, total});
    };
    // The manifest's validators are dropped unless this check completes its work
    // (see refresh_state.h): kept here, written back by the successful exits.
    const Validators previous{st.manifestEtag, st.manifestLastModified};
    st.manifestEtag.clear();
    st.manifestLastModified.clear();
    Validators fresh;
    auto completed = [&](const Validators& v, RefreshCode code, std::string message) {
        st.manifestEtag = v.etag;
        st.manifestLastModified = v.lastModified;
        return finish(code, std::move(message));
    };

    if (auto why = checkManifestUrl(manifestUrl); !why.empty()) return finish(RefreshCode::BadConfig, ch + ": " + why);

    // 1. The manifest, conditionally.
    report(RefreshStage::Manifest, 0, 0);
    platform::HttpRequest req;
    req.url = manifestUrl;
    req.ifNoneMatch = previous.etag;
    req.ifModifiedSince = previous.lastModified;
    req.maxMemoryBytes = m_options.maxManifestBytes;
    req.connectTimeoutMs = m_options.connectTimeoutMs;
    req.lowSpeedSeconds = m_options.lowSpeedSeconds;
    req.userAgent = m_options.userAgent;
    log(ch + ": GET " + manifestUrl + (previous.etag.empty() ? "" : " If-None-Match " + previous.etag) +
        (previous.lastModified.empty() ? "" : " If-Modified-Since " + previous.lastModified));
    const auto mr = m_http->get(req, {}, cancel);
    out.bytesTransferred += mr.bodyBytes;
    if (cancelled()) return finish(RefreshCode::Cancelled, ch + ": check cancelled");
    if (!mr.error.empty())
        return finish(mr.status == 0 ? RefreshCode::NetworkError : RefreshCode::HttpError, ch + ": " + mr.error);
    const std::int64_t installed = m_library.installedVersion(ch);
    if (mr.status == 304) {
        out.availableVersion = st.availableVersion;
        return completed(previous, RefreshCode::Unchanged,
                         ch + ": manifest unchanged (304); installed version " + std::to_string(installed));
    }
    if (mr.status != 200)
        return finish(RefreshCode::HttpError, ch + ": GET " + manifestUrl + ": HTTP " + std::to_string(mr.status));
    fresh = {mr.etag, mr.lastModified};

    // 2. Parse, find the channel, compare versions.
    const auto manifest = parseManifest(mr.body, manifestUrl);
    if (!manifest) return finish(RefreshCode::BadManifest, ch + ": " + manifest.error().toString());
    const ManifestPack* entry = manifest->find(ch);
    if (!entry) return finish(RefreshCode::ChannelMissing, ch + ": " + manifestUrl + " has no pack for channel " + ch);
    out.availableVersion = entry->version;
    const fs::path incoming = m_library.dataDir() / "incoming";
    const std::string packName = ch + "-" + std::to_string(entry->version) + ".kpack";
    const fs::path packPath = incoming / packName;
    const fs::path sigPath = incoming / (packName + ".minisig");

    // Removes this channel's downloads except `keep` (and its signature).
    auto removeIncoming = [&](const std::string& keep) {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(incoming, ec)) {
            const auto name = e.path().filename().string();
            if (!isIncomingOf(name, ch) || (!keep.empty() && (name == keep || name == keep + ".minisig"))) continue;
            std::error_code rec;
            fs::remove(e.path(), rec);
            log(ch + ": removed " + e.path().string() + (rec ? " failed: " + rec.message() : ""));
        }
    };

    if (entry->version <= installed) {
        removeIncoming("");
        st.partial.reset();
        if (entry->version == installed)
            return completed(fresh, RefreshCode::UpToDate,
                             ch + ": version " + std::to_string(installed) + " is installed and current");
        return completed(fresh, RefreshCode::OlderOffered,
                         ch + ": " + manifestUrl + " offers version " + std::to_string(entry->version) +
                             ", older than the installed version " + std::to_string(installed) + "; left as it is");
    }
    if (st.rejected && st.rejected->version == entry->version && st.rejected->sha256 == entry->sha256)
        return finish(RefreshCode::InstallRefused, ch + ": version " + std::to_string(entry->version) +
                                                       " was refused before and is not downloaded again: " +
                                                       st.rejected->reason);

    const auto packUrl = resolveFileUrl(manifestUrl, entry->file);
    const auto sigUrl = resolveFileUrl(manifestUrl, entry->signature);
    if (!packUrl || !sigUrl) // parseManifest checked both names; only a bad URL could get here
        return finish(RefreshCode::BadConfig, ch + ": " + (packUrl ? sigUrl : packUrl).error().toString());

    // 3. A partial download from before is resumed only if it is of these very bytes.
    std::error_code ec;
    fs::create_directories(incoming, ec);
    if (ec) return finish(RefreshCode::IoError, ch + ": " + incoming.string() + ": cannot create folder: " + ec.message());
    const PartialDownload want{packName, entry->version, entry->size, entry->sha256, ""};
    if (st.partial && !(st.partial->file == want.file && st.partial->version == want.version &&
                        st.partial->size == want.size && st.partial->sha256 == want.sha256)) {
        log(ch + ": discarding the partial download " + st.partial->file + " (the manifest now offers version " +
            std::to_string(entry->version) + ", " + std::to_string(entry->size) + " bytes, sha256 " + entry->sha256 + ")");
        st.partial.reset();
    }
    // Without a record of what a file on disk is (state lost), it is not trusted for resuming.
    removeIncoming(st.partial ? packName : "");
    std::uint64_t have = sizeOr0(packPath);
    if (have > entry->size) {
        fs::remove(packPath, ec);
        have = 0;
    }

    // Free space: the rest of the download, the install's own copy of the pack, and the policy's reserve.
    const std::uint64_t sigAllowance = 64 * 1024;
    const std::uint64_t need = (entry->size - have) + entry->size + sigAllowance + m_policy.reserveBytes;
    if (const auto freeBytes = platform::freeSpace(incoming); freeBytes && *freeBytes < need)
        return finish(RefreshCode::NoSpace, ch + ": version " + std::to_string(entry->version) + " needs " +
                                                megabytes(need) + " free in " + incoming.string() +
                                                " (download, install copy and reserve); only " + megabytes(*freeBytes) +
                                                " are free");

    if (!st.partial) st.partial = want;
    if (auto s = saveRefreshState(m_library.dataDir(), st); !s) log(ch + ": cannot save the refresh state: " + s.error);

    // 4. The pack, resumed where possible.
    if (have < entry->size || entry->size == 0) {
        platform::HttpRequest pr;
        pr.url = *packUrl;
        pr.toFile = packPath;
        pr.resume = have > 0;
        pr.ifRange = have > 0 ? st.partial->etag : "";
        pr.maxBytesPerSecond = m_options.maxBytesPerSecond;
        pr.connectTimeoutMs = m_options.connectTimeoutMs;
        pr.lowSpeedSeconds = m_options.lowSpeedSeconds;
        pr.userAgent = m_options.userAgent;
        log(ch + ": downloading version " + std::to_string(entry->version) + " (" + megabytes(entry->size) + ") from " +
            *packUrl + (have > 0 ? ", resuming at " + megabytes(have) : ""));
        const std::uint64_t total = entry->size;
        report(RefreshStage::Downloading, have, total);
        const auto res = m_http->get(
            pr,
            [&](std::uint64_t received, std::uint64_t rest) {
                // A resumed transfer's total is what remains; a restarted one's the whole file.
                const std::uint64_t base = (have > 0 && rest > 0 && have + rest == total) ? have : 0;
                report(RefreshStage::Downloading, base + received, total);
            },
            cancel);
        out.bytesTransferred += res.bodyBytes;
        out.resumed = res.resumed;
        // The file now holds bytes of the response that came with this validator.
        if (res.status == 200) st.partial->etag = !res.etag.empty() ? res.etag : res.lastModified;
        if (auto s = saveRefreshState(m_library.dataDir(), st); !s) log(ch + ": cannot save the refresh state: " + s.error);
        if (res.restarted) log(ch + ": the server did not resume the download; it started over");
        if (cancelled()) return finish(RefreshCode::Cancelled, ch + ": download cancelled; it resumes at the next check");
        if (!res.ok() || res.notModified()) {
            const auto now = sizeOr0(packPath);
            const std::string why = !res.error.empty() ? res.error : "GET " + *packUrl + ": HTTP " + std::to_string(res.status);
            return finish(RefreshCode::DownloadFailed, ch + ": " + why + " (" + std::to_string(now) + " of " +
                                                           std::to_string(entry->size) +
                                                           " bytes kept; the next check resumes)");
        }
    } else {
        log(ch + ": " + packPath.string() + " is complete from an earlier check");
    }

    // 5. Size and hash against the manifest.
    report(RefreshStage::Verifying, 0, 0);
    auto discard = [&] {
        fs::remove(packPath, ec);
        fs::remove(sigPath, ec);
        st.partial.reset();
    };
    if (const auto got = sizeOr0(packPath); got != entry->size) {
        discard();
        return finish(RefreshCode::SizeMismatch, ch + ": " + *packUrl + ": " + std::to_string(got) +
                                                     " bytes arrived, the manifest says " + std::to_string(entry->size) +
                                                     "; the download was deleted");
    }
    const auto sha = content::sha256FileHex(packPath);
    if (!sha) return finish(RefreshCode::IoError, ch + ": " + sha.error().toString());
    if (*sha != entry->sha256) {
        discard();
        return finish(RefreshCode::HashMismatch, ch + ": " + *packUrl + ": sha256 " + *sha +
                                                     " does not match the manifest's " + entry->sha256 +
                                                     "; the download was deleted");
    }

    // 6. The signature (small, never resumed).
    platform::HttpRequest sr;
    sr.url = *sigUrl;
    sr.toFile = sigPath;
    sr.connectTimeoutMs = m_options.connectTimeoutMs;
    sr.lowSpeedSeconds = m_options.lowSpeedSeconds;
    sr.userAgent = m_options.userAgent;
    const auto sres = m_http->get(sr, {}, cancel);
    out.bytesTransferred += sres.bodyBytes;
    if (cancelled()) return finish(RefreshCode::Cancelled, ch + ": download cancelled; it resumes at the next check");
    if (!sres.error.empty() || sres.status != 200) {
        fs::remove(sigPath, ec);
        return finish(RefreshCode::DownloadFailed,
                      ch + ": " + (!sres.error.empty() ? sres.error : "GET " + *sigUrl + ": HTTP " + std::to_string(sres.status)) +
                          " (the pack is kept; the next check fetches the signature again)");
    }

    // 7. The one install path, as for a USB stick.
    log(ch + ": installing version " + std::to_string(entry->version) + " from " + packPath.string());
    const auto ir = m_library.install(
        Candidate{packPath, sigPath}, m_policy,
        [&](const Progress& p) {
            if (p.phase == Phase::Copying) report(RefreshStage::Installing, p.done, p.total);
        },
        cancel);
    out.install = ir;
    switch (ir.code) {
    case Code::Installed:
        discard();
        st.rejected.reset();
        return completed(fresh, RefreshCode::Installed,
                         ch + ": installed version " + std::to_string(entry->version) + " (" +
                             std::to_string(ir.info ? ir.info->entryCount : entry->entries) + " entries) from " + *packUrl);
    case Code::NotNewer: // installed meanwhile from a stick
        discard();
        return completed(fresh, RefreshCode::UpToDate, ch + ": " + ir.reason);
    case Code::BadSignature:
    case Code::UnknownKey:
    case Code::WrongChannel:
    case Code::Corrupt:
        discard();
        st.rejected = RejectedPack{entry->version, entry->sha256, std::string(codeName(ir.code)) + ": " + ir.reason};
        return finish(RefreshCode::InstallRefused, ch + ": version " + std::to_string(entry->version) +
                                                       " refused (" + codeName(ir.code) + "): " + ir.reason +
                                                       "; the download was deleted");
    case Code::Cancelled:
        return finish(RefreshCode::Cancelled, ch + ": install cancelled; the download is kept");
    default:
        return finish(RefreshCode::InstallFailed, ch + ": version " + std::to_string(entry->version) +
                                                      " not installed (" + codeName(ir.code) + "): " + ir.reason +
                                                      "; the download is kept for the next check");
    }
}

} // namespace kiosk::install
