#include "source_values.h"
#include "kiosk/content/utf8.h"

#include "kiosk/content/csv.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>

namespace kiosk::content::detail {

namespace {

Error failure(std::string message) {
    Error e;
    e.message = std::move(message);
    return e;
}

constexpr std::string_view kNoBreakSpace = "\xC2\xA0";


// Decodes one code point at s[i]; invalid UTF-8 yields U+FFFD for one byte.
char32_t decodeAt(std::string_view s, std::size_t& i, bool& invalid) {
    const std::size_t start = i;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        ++i;
        return c;
    }
    std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (n > 0 && start + n <= s.size() && isValidUtf8(s.substr(start, n))) {
        char32_t cp = n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
        for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[start + k]) & 0x3F);
        i += n;
        return cp;
    }
    invalid = true;
    ++i;
    return 0xFFFD;
}

// Characters that have no business in a kiosk text: C0/C1 controls, and the
// invisible Unicode formatting characters that can make text display as
// something else than it is (U+202E turns "gpj.exe" around).
bool isUnwanted(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF;
}

bool isIdChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
}

} // namespace

std::string_view trim(std::string_view s) {
    for (;;) {
        if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
            s.remove_prefix(1);
        else if (s.starts_with(kNoBreakSpace))
            s.remove_prefix(kNoBreakSpace.size());
        else
            break;
    }
    for (;;) {
        if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
            s.remove_suffix(1);
        else if (s.ends_with(kNoBreakSpace))
            s.remove_suffix(kNoBreakSpace.size());
        else
            break;
    }
    return s;
}

std::string foldCase(std::string_view s) {
    std::string out(s);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto c = static_cast<unsigned char>(out[i]);
        if (c >= 'A' && c <= 'Z') {
            out[i] = static_cast<char>(c + 32);
        } else if (c == 0xC3 && i + 1 < out.size()) {
            const auto d = static_cast<unsigned char>(out[i + 1]);
            if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 32); // not '×'
            ++i;
        }
    }
    return out;
}

std::string headerKey(std::string_view s) {
    std::string folded = foldCase(trim(s));
    std::string out;
    for (std::size_t i = 0; i < folded.size(); ++i) {
        const char c = folded[i];
        if (c == ' ' || c == '_' || c == '-' || c == '.') continue;
        if (std::string_view(folded).substr(i).starts_with(kNoBreakSpace)) {
            ++i;
            continue;
        }
        out += c;
    }
    return out;
}

bool isLanguageCode(std::string_view s) {
    return (s.size() == 2 || s.size() == 3) &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string quote(std::string_view s) {
    constexpr std::size_t kMax = 80;
    std::size_t end = s.size();
    if (end > kMax) {
        end = kMax;
        while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end; // keep UTF-8 whole
    }
    std::string out = "'";
    for (char ch : s.substr(0, end)) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c < 0x20 || c == 0x7F) out += '?';
        else out += ch;
    }
    if (end < s.size()) out += "...";
    return out + "'";
}

std::string joinNames(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::string codePointName(char32_t cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
    return buf;
}

// Alt+Enter in a title cell is not worth a warning, so line breaks in
// single-line fields silently become spaces.
CleanText sanitize(std::string_view in, bool multiline) {
    CleanText out;
    out.text.reserve(in.size());
    for (std::size_t i = 0; i < in.size();) {
        if (in[i] == '\r' || in[i] == '\n') {
            if (in[i] == '\r' && i + 1 < in.size() && in[i + 1] == '\n') ++i;
            ++i;
            out.text += multiline ? '\n' : ' ';
            continue;
        }
        if (in[i] == '\t') {
            ++i;
            out.text += multiline ? '\t' : ' ';
            continue;
        }
        const char32_t cp = decodeAt(in, i, out.invalidUtf8);
        if (isUnwanted(cp)) {
            if (std::find(out.removed.begin(), out.removed.end(), cp) == out.removed.end()) out.removed.push_back(cp);
            continue;
        }
        appendUtf8(out.text, cp);
    }
    out.text = std::string(trim(out.text));
    return out;
}

std::vector<std::string> splitList(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == ',' || s[i] == ';') {
            const std::string_view item = trim(s.substr(start, i - start));
            if (!item.empty()) out.emplace_back(item);
            start = i + 1;
        }
    }
    return out;
}

bool validEntryId(std::string_view id) {
    return !id.empty() && id.size() <= 200 && std::all_of(id.begin(), id.end(), isIdChar);
}

bool validThemeId(std::string_view id) {
    return !id.empty() && id.size() <= 100 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
}

bool validChannel(std::string_view s) {
    return !s.empty() && s.size() <= 100 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

bool validPhone(std::string_view s) {
    int digits = 0;
    for (char c : s) {
        if (c >= '0' && c <= '9') ++digits;
        else if (c != ' ' && c != '+' && c != '/' && c != '-' && c != '(' && c != ')') return false;
    }
    return digits >= 3;
}

// A host name: dot-separated labels of letters, digits and '-' (non-ASCII
// letters allowed for names like "bürgerhaus.de"), the last one at least two letters.
bool validHost(std::string_view host) {
    if (host.empty() || host.size() > 253) return false;
    std::size_t labels = 0;
    std::string_view last;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= host.size(); ++i) {
        if (i < host.size() && host[i] != '.') continue;
        const std::string_view label = host.substr(start, i - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label) {
            const auto u = static_cast<unsigned char>(c);
            const bool ok =
                (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || u >= 0x80;
            if (!ok) return false;
        }
        ++labels;
        last = label;
        start = i + 1;
    }
    if (labels < 2 || last.size() < 2) return false;
    return !std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool validEmail(std::string_view s) {
    const auto at = s.find('@');
    if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) return false;
    const std::string_view local = s.substr(0, at);
    if (local.size() > 64 || local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
        return false;
    static constexpr std::string_view kLocalSpecial = ".!#$%&'*+/=?^_`{|}~-";
    for (char c : local) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        kLocalSpecial.find(c) != std::string_view::npos || static_cast<unsigned char>(c) >= 0x80;
        if (!ok) return false;
    }
    return validHost(s.substr(at + 1));
}

Result<std::string> checkWebsite(std::string_view s) {
    std::string url(s);
    if (foldCase(url.substr(0, 4)) == "www.") url = "https://" + url;
    const std::string lower = foldCase(url);
    std::size_t hostStart = 0;
    // The scheme in lower case ("HTTPS://" is typed too); the rest as written.
    if (lower.starts_with("https://")) {
        url = "https://" + url.substr(8);
        hostStart = 8;
    } else if (lower.starts_with("http://")) {
        url = "http://" + url.substr(7);
        hostStart = 7;
    }
    const auto bad = [&] {
        return failure("not a valid web address: " + quote(s) + " (write https://... or www....)");
    };
    if (hostStart == 0) return bad();
    std::size_t hostEnd = url.find_first_of(":/?#", hostStart);
    if (hostEnd == std::string::npos) hostEnd = url.size();
    if (!validHost(std::string_view(url).substr(hostStart, hostEnd - hostStart))) return bad();
    std::size_t rest = hostEnd;
    if (rest < url.size() && url[rest] == ':') {
        std::size_t portEnd = rest + 1;
        while (portEnd < url.size() && url[portEnd] >= '0' && url[portEnd] <= '9') ++portEnd;
        if (portEnd == rest + 1 || portEnd - rest > 6) return bad();
        rest = portEnd;
    }
    if (rest < url.size() && url[rest] != '/' && url[rest] != '?' && url[rest] != '#') return bad();
    for (std::size_t i = rest; i < url.size(); ++i)
        if (url[i] == ' ' || static_cast<unsigned char>(url[i]) < 0x20) return bad();
    return url;
}

std::optional<double> parseDecimal(std::string_view s) {
    std::string t(trim(s));
    const auto comma = t.find(',');
    if (comma != std::string::npos) {
        if (t.find(',', comma + 1) != std::string::npos || t.find('.') != std::string::npos) return std::nullopt;
        t[comma] = '.';
    }
    if (!t.empty() && t.front() == '+') t.erase(0, 1);
    double v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || ec != std::errc() || p != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<std::int64_t> parseWhole(std::string_view s) {
    s = trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

bool isImageName(std::string_view name) {
    return name.find('/') == std::string_view::npos && name.find('\\') == std::string_view::npos &&
           name.find("..") == std::string_view::npos;
}

} // namespace kiosk::content::detail
