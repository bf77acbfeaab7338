#include "install/refresh_manifest.h"

#include <nlohmann/json.hpp>

#include <limits>
#include <optional>
#include <set>

namespace kiosk::install {

using content::Error;
using nlohmann::json;

namespace {

// Short quotable form of a value for messages: strings quoted and cut, others as JSON.
std::string shown(const json& v) {
    std::string s = v.is_string() ? "'" + v.get<std::string>() + "'" : v.dump();
    if (s.size() > 80) s = s.substr(0, 77) + "...";
    return s;
}

const char* typeName(const json& v) {
    switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    default: return "a number";
    }
}

struct Reader {
    const std::string& source;
    Error fail(const std::string& field, const std::string& message) const { return Error(message, source, 0, field); }

    // Required or optional string member; returns an error message via `err`.
    bool string(const json& obj, const std::string& prefix, const char* key, bool required, std::string& out,
                std::optional<Error>& err) const {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) err = fail(prefix + key, "missing");
            return !required;
        }
        if (!it->is_string()) {
            err = fail(prefix + key, std::string("must be a string, is ") + typeName(*it));
            return false;
        }
        out = it->get<std::string>();
        return true;
    }

    // Integer member within [min, max].
    bool integer(const json& obj, const std::string& prefix, const char* key, bool required, std::int64_t min,
                 std::int64_t& out, std::optional<Error>& err) const {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) err = fail(prefix + key, "missing");
            return !required;
        }
        if (!it->is_number_integer()) {
            err = fail(prefix + key, "must be a whole number, is " + (it->is_number() ? it->dump() : typeName(*it)));
            return false;
        }
        if (it->is_number_unsigned() && it->get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max())) {
            err = fail(prefix + key, "is too large: " + it->dump());
            return false;
        }
        const auto v = it->get<std::int64_t>();
        if (v < min) {
            err = fail(prefix + key, (min == 0 ? "must not be negative, is " : "must be at least " + std::to_string(min) + ", is ") +
                                         std::to_string(v));
            return false;
        }
        out = v;
        return true;
    }
};

bool isHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

} // namespace

const ManifestPack* Manifest::find(std::string_view channel) const {
    for (const auto& p : packs)
        if (p.channel == channel) return &p;
    return nullptr;
}

bool isValidChannelName(std::string_view c) {
    if (c.empty() || c.size() > 64 || c.front() == '-') return false;
    for (char ch : c)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) return false;
    return true;
}

std::string checkPlainFileName(std::string_view name) {
    if (name.empty()) return "must not be empty";
    if (name.find('/') != std::string_view::npos || name.find('\\') != std::string_view::npos ||
        name.find("..") != std::string_view::npos || name == ".")
        return "must be a plain file name relative to the manifest (no '/' or '..'), is '" + std::string(name) + "'";
    if (name.size() > 200) return "is longer than 200 characters";
    for (char ch : name)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
              ch == '_' || ch == '-'))
            return "may only hold A-Z a-z 0-9 . _ -, is '" + std::string(name) + "'";
    return {};
}

std::string checkManifestUrl(std::string_view url) {
    std::string_view rest;
    if (url.starts_with("http://"))
        rest = url.substr(7);
    else if (url.starts_with("https://"))
        rest = url.substr(8);
    else
        return "manifest URL '" + std::string(url) + "' must start with http:// or https://";
    const auto hostEnd = rest.find_first_of("/?#");
    if (rest.substr(0, hostEnd).empty()) return "manifest URL '" + std::string(url) + "' has no host";
    for (char ch : url)
        if (static_cast<unsigned char>(ch) <= 0x20 || ch == 0x7f)
            return "manifest URL '" + std::string(url) + "' contains spaces or control characters";
    return {};
}

content::Result<std::string> resolveFileUrl(std::string_view manifestUrl, std::string_view fileName) {
    if (auto why = checkManifestUrl(manifestUrl); !why.empty()) return Error(why);
    if (auto why = checkPlainFileName(fileName); !why.empty()) return Error("file name " + why);
    std::string_view base = manifestUrl.substr(0, manifestUrl.find_first_of("?#"));
    const auto schemeEnd = base.find("://") + 3;
    const auto pathStart = base.find('/', schemeEnd);
    if (pathStart == std::string_view::npos) return std::string(base) + "/" + std::string(fileName);
    return std::string(base.substr(0, base.rfind('/') + 1)) + std::string(fileName);
}

content::Result<Manifest> parseManifest(std::string_view text, const std::string& sourceName) {
    const Reader r{sourceName};
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {
        // parse_error, and out_of_range for a number beyond double (1E666: found by fuzzing, it was
        // thrown through the refresh worker). nlohmann's what() is "[json.exception.parse_error.101]
        // parse error at line 1, column 2: …": keep the useful part.
        std::string what = e.what();
        if (const auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
        return Error("not valid JSON: " + what, sourceName);
    }
    if (!doc.is_object()) return Error(std::string("must be a JSON object, is ") + typeName(doc), sourceName);

    Manifest m;
    std::optional<Error> err;
    std::int64_t format = 0;
    if (!r.integer(doc, "", "format", true, 0, format, err)) return *err;
    if (format != 1) return r.fail("format", "unsupported format " + std::to_string(format) + " (this kiosk reads format 1)");
    m.format = 1;
    if (!r.string(doc, "", "generated_at", false, m.generatedAt, err)) return *err;
    const auto packs = doc.find("packs");
    if (packs == doc.end()) return r.fail("packs", "missing");
    if (!packs->is_array()) return r.fail("packs", std::string("must be an array, is ") + typeName(*packs));

    std::set<std::string> seen;
    for (std::size_t i = 0; i < packs->size(); ++i) {
        const json& e = (*packs)[i];
        const std::string prefix = "packs[" + std::to_string(i) + "].";
        if (!e.is_object())
            return r.fail("packs[" + std::to_string(i) + "]", std::string("must be an object, is ") + typeName(e));
        ManifestPack p;
        std::int64_t version = 0, size = 0, entries = 0;
        if (!r.string(e, prefix, "channel", true, p.channel, err)) return *err;
        if (!isValidChannelName(p.channel))
            return r.fail(prefix + "channel", "'" + p.channel + "' is not a valid channel name ([a-z0-9-]+, at most 64)");
        if (!seen.insert(p.channel).second)
            return r.fail(prefix + "channel", "channel '" + p.channel + "' is listed twice");
        if (!r.integer(e, prefix, "version", true, 1, version, err)) return *err;
        p.version = version;
        if (!r.string(e, prefix, "title", false, p.title, err)) return *err;
        if (!r.string(e, prefix, "created_at", false, p.createdAt, err)) return *err;
        if (!r.string(e, prefix, "file", true, p.file, err)) return *err;
        if (auto why = checkPlainFileName(p.file); !why.empty()) return r.fail(prefix + "file", why);
        if (!r.string(e, prefix, "signature", true, p.signature, err)) return *err;
        if (auto why = checkPlainFileName(p.signature); !why.empty()) return r.fail(prefix + "signature", why);
        if (!r.integer(e, prefix, "size", true, 0, size, err)) return *err;
        p.size = static_cast<std::uint64_t>(size);
        if (!r.string(e, prefix, "sha256", true, p.sha256, err)) return *err;
        bool hex = p.sha256.size() == 64;
        for (char& ch : p.sha256) {
            hex = hex && isHex(ch);
            if (ch >= 'A' && ch <= 'F') ch = static_cast<char>(ch - 'A' + 'a');
        }
        if (!hex) return r.fail(prefix + "sha256", "must be 64 hex digits, is " + shown(e["sha256"]));
        if (!r.integer(e, prefix, "entries", false, 0, entries, err)) return *err;
        p.entries = entries > std::numeric_limits<int>::max() ? std::numeric_limits<int>::max() : static_cast<int>(entries);
        m.packs.push_back(std::move(p));
    }
    return m;
}

} // namespace kiosk::install
