#include "install/refresh_state.h"

#include <nlohmann/json.hpp>

#include <array>
#include <utility>

namespace kiosk::install {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::array<std::pair<RefreshCode, const char*>, 18> kCodes{{
    {RefreshCode::NotChecked, "not-checked"},
    {RefreshCode::Unchanged, "unchanged"},
    {RefreshCode::UpToDate, "up-to-date"},
    {RefreshCode::OlderOffered, "older-offered"},
    {RefreshCode::Installed, "installed"},
    {RefreshCode::Cancelled, "cancelled"},
    {RefreshCode::BadConfig, "bad-config"},
    {RefreshCode::NetworkError, "network-error"},
    {RefreshCode::HttpError, "http-error"},
    {RefreshCode::BadManifest, "bad-manifest"},
    {RefreshCode::ChannelMissing, "channel-missing"},
    {RefreshCode::NoSpace, "no-space"},
    {RefreshCode::DownloadFailed, "download-failed"},
    {RefreshCode::SizeMismatch, "size-mismatch"},
    {RefreshCode::HashMismatch, "hash-mismatch"},
    {RefreshCode::InstallRefused, "install-refused"},
    {RefreshCode::InstallFailed, "install-failed"},
    {RefreshCode::IoError, "io-error"},
}};

json timeJson(const std::optional<RefreshTime>& t) { return t ? json(t->time_since_epoch().count()) : json(nullptr); }

// Reading is strict about types (a wrong type means someone edited or damaged the file)
// but lenient about absent members (older or newer kiosks may write fewer or more).
struct StateReader {
    const json& obj;
    std::string& error;

    bool str(const char* key, std::string& out) {
        const auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return true;
        if (!it->is_string()) return bad(key, "must be a string");
        out = it->get<std::string>();
        return true;
    }
    template <typename Int> bool integer(const char* key, Int& out) {
        const auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return true;
        if (!it->is_number_integer()) return bad(key, "must be a whole number");
        out = it->get<Int>();
        return true;
    }
    bool time(const char* key, std::optional<RefreshTime>& out) {
        const auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return true;
        if (!it->is_number_integer()) return bad(key, "must be Unix seconds");
        out = RefreshTime(std::chrono::seconds(it->get<std::int64_t>()));
        return true;
    }
    bool bad(const std::string& key, const std::string& why) {
        error = "field '" + key + "': " + why;
        return false;
    }
};

} // namespace

const char* refreshCodeName(RefreshCode code) {
    for (const auto& [c, name] : kCodes)
        if (c == code) return name;
    return "unknown";
}

std::optional<RefreshCode> refreshCodeFromName(const std::string& name) {
    for (const auto& [c, n] : kCodes)
        if (name == n) return c;
    return std::nullopt;
}

bool isRefreshError(RefreshCode code) { return static_cast<int>(code) >= static_cast<int>(RefreshCode::BadConfig); }

fs::path refreshStatePath(const fs::path& dataDir, const std::string& channel) {
    return dataDir / "refresh" / (channel + ".json");
}

std::string refreshStateToJson(const RefreshState& s) {
    json j = json::object();
    j["channel"] = s.channel;
    j["manifest_etag"] = s.manifestEtag;
    j["manifest_last_modified"] = s.manifestLastModified;
    j["last_check"] = timeJson(s.lastCheck);
    j["last_code"] = refreshCodeName(s.lastCode);
    j["last_message"] = s.lastMessage;
    j["next_check"] = timeJson(s.nextCheck);
    j["consecutive_errors"] = s.consecutiveErrors;
    j["available_version"] = s.availableVersion;
    if (s.partial)
        j["partial"] = {{"file", s.partial->file},
                        {"version", s.partial->version},
                        {"size", s.partial->size},
                        {"sha256", s.partial->sha256},
                        {"etag", s.partial->etag}};
    else
        j["partial"] = nullptr;
    if (s.rejected)
        j["rejected"] = {{"version", s.rejected->version}, {"sha256", s.rejected->sha256}, {"reason", s.rejected->reason}};
    else
        j["rejected"] = nullptr;
    // Replace invalid UTF-8 (an ETag or message is server-controlled) instead of throwing.
    return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::optional<RefreshState> refreshStateFromJson(const std::string& text, std::string& error) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        std::string what = e.what();
        if (const auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
        error = "not valid JSON: " + what;
        return std::nullopt;
    }
    if (!j.is_object()) {
        error = "not a JSON object";
        return std::nullopt;
    }
    try {
        RefreshState s;
        StateReader r{j, error};
        std::string code = "not-checked";
        if (!r.str("channel", s.channel) || !r.str("manifest_etag", s.manifestEtag) ||
            !r.str("manifest_last_modified", s.manifestLastModified) || !r.time("last_check", s.lastCheck) ||
            !r.str("last_code", code) || !r.str("last_message", s.lastMessage) || !r.time("next_check", s.nextCheck) ||
            !r.integer("consecutive_errors", s.consecutiveErrors) || !r.integer("available_version", s.availableVersion))
            return std::nullopt;
        const auto c = refreshCodeFromName(code);
        if (!c) {
            error = "field 'last_code': unknown code '" + code + "'";
            return std::nullopt;
        }
        s.lastCode = *c;
        if (s.consecutiveErrors < 0) s.consecutiveErrors = 0;
        if (const auto p = j.find("partial"); p != j.end() && !p->is_null()) {
            if (!p->is_object()) {
                r.bad("partial", "must be an object");
                return std::nullopt;
            }
            PartialDownload d;
            StateReader pr{*p, error};
            if (!pr.str("file", d.file) || !pr.integer("version", d.version) || !pr.integer("size", d.size) ||
                !pr.str("sha256", d.sha256) || !pr.str("etag", d.etag)) {
                error = "partial: " + error;
                return std::nullopt;
            }
            s.partial = d;
        }
        if (const auto p = j.find("rejected"); p != j.end() && !p->is_null()) {
            if (!p->is_object()) {
                r.bad("rejected", "must be an object");
                return std::nullopt;
            }
            RejectedPack rp;
            StateReader rr{*p, error};
            if (!rr.integer("version", rp.version) || !rr.str("sha256", rp.sha256) || !rr.str("reason", rp.reason)) {
                error = "rejected: " + error;
                return std::nullopt;
            }
            s.rejected = rp;
        }
        return s;
    } catch (const json::exception& e) {
        // Out-of-range numbers (a negative size) end up here.
        error = e.what();
        return std::nullopt;
    }
}

RefreshState loadRefreshState(const fs::path& dataDir, const std::string& channel, std::string* note) {
    RefreshState fresh;
    fresh.channel = channel;
    const auto path = refreshStatePath(dataDir, channel);
    const auto file = platform::readRegularFile(path, 1 << 20);
    if (file.missing) return fresh;
    std::string why;
    std::optional<RefreshState> s;
    if (!file.ok())
        why = file.status.error;
    else if (s = refreshStateFromJson(file.bytes, why); s && s->channel != channel) {
        why = "it belongs to channel '" + s->channel + "'";
        s.reset();
    }
    if (!s) {
        if (note) *note = path.string() + ": ignored, starting fresh: " + why;
        return fresh;
    }
    return *s;
}

platform::IoStatus saveRefreshState(const fs::path& dataDir, const RefreshState& state) {
    const auto path = refreshStatePath(dataDir, state.channel);
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return platform::IoStatus{path.parent_path().string() + ": cannot create folder: " + ec.message()};
    return platform::writeFileAtomic(path, refreshStateToJson(state));
}

} // namespace kiosk::install
